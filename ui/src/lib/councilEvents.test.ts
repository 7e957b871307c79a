import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, setToken } from "./api";
import { CouncilEvents } from "./councilEvents";
import {
  fakeServer,
  frame,
  refusal,
  stream,
  stubLocalStorage,
} from "../test/eventStream";
import { event } from "../test/fixtures";
import type { SessionEvent } from "./types";

/* CouncilEvents against a scripted fake server. */

const alarmEvent = (seq: number): SessionEvent => ({
  ...event(seq, "sign_in.alarm", {
    attempt: "password",
    address: "192.0.2.7",
    failures: 10,
    blocked_seconds: 60,
  }),
  stream: "council:4",
  actor: null,
});

beforeEach(stubLocalStorage);

afterEach(() => {
  setToken(null);
  vi.unstubAllGlobals();
});

describe("CouncilEvents", () => {
  it("starts from now, then resumes from the last event read, once each", async () => {
    setToken("secret-token");
    const { requests, fetchImpl } = fakeServer([
      // first connection: an event split across chunks, a keep-alive, then the stream drops
      stream([
        ":\n\n",
        frame(alarmEvent(11)).slice(0, 15),
        frame(alarmEvent(11)).slice(15),
        frame(event(12, "person.created", { id: 3 })),
      ]),
      // a network failure
      () => {
        throw new TypeError("failed to fetch");
      },
      // second stream: an event read again, then a new one; stays open
      stream([frame(alarmEvent(12)), frame(alarmEvent(13))], true),
    ]);
    const seen: [number, string][] = [];
    await new Promise<void>((resolve) => {
      const events = new CouncilEvents(
        4,
        {
          onEvent: (e) => {
            seen.push([e.seq, e.kind]);
            if (e.seq === 13) {
              events.stop();
              resolve();
            }
          },
          onUnauthenticated: () => undefined,
        },
        { fetchImpl, delay: () => 1 },
      );
      events.start();
    });
    expect(seen).toEqual([
      [11, "sign_in.alarm"],
      [12, "person.created"],
      [13, "sign_in.alarm"],
    ]);
    expect(requests.map((r) => [r.url, r.lastEventId])).toEqual([
      ["/api/councils/4/events", null],
      ["/api/councils/4/events", "12"],
      ["/api/councils/4/events", "12"],
    ]);
    for (const r of requests) {
      expect(r.accept).toBe("text/event-stream");
      expect(r.authorization).toBe("Bearer secret-token");
    }
    // Stopped while the stream was open: it stays closed.
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toHaveLength(3);
  });

  it("takes a silent stream as dead and opens it again", async () => {
    const { requests, fetchImpl } = fakeServer([
      stream([frame(alarmEvent(5))], true),
      stream([frame(alarmEvent(6))], true),
    ]);
    await new Promise<void>((resolve) => {
      const events = new CouncilEvents(
        4,
        {
          onEvent: (e) => {
            if (e.seq === 6) {
              events.stop();
              resolve();
            }
          },
          onUnauthenticated: () => undefined,
        },
        { fetchImpl, delay: () => 1, idleTimeoutMs: 20 },
      );
      events.start();
    });
    expect(requests.map((r) => r.lastEventId)).toEqual([null, "5"]);
  });

  it("stops and reports when the token is refused", async () => {
    const { requests, fetchImpl } = fakeServer([
      stream([frame(alarmEvent(5))]),
      refusal(401, "unauthenticated"),
    ]);
    await new Promise<void>((resolve) => {
      new CouncilEvents(
        4,
        { onEvent: () => undefined, onUnauthenticated: resolve },
        { fetchImpl, delay: () => 1 },
      ).start();
    });
    // Give a (wrong) retry the time to happen.
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toHaveLength(2);
  });

  it("stops without retrying when the role may not read the stream", async () => {
    const { requests, fetchImpl } = fakeServer([refusal(403, "forbidden")]);
    const refused = await new Promise<ApiError>((resolve) => {
      new CouncilEvents(
        4,
        {
          onEvent: () => undefined,
          onUnauthenticated: () => undefined,
          onRefused: resolve,
        },
        { fetchImpl, delay: () => 1 },
      ).start();
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(refused.status).toBe(403);
    expect(requests).toHaveLength(1);
  });

  it("retries a server error with a backoff, and stops when told", async () => {
    const attempts: number[] = [];
    const { requests, fetchImpl } = fakeServer([
      refusal(503, "unavailable"),
      refusal(500, "internal"),
    ]);
    const events = new CouncilEvents(
      4,
      { onEvent: () => undefined, onUnauthenticated: () => undefined },
      {
        fetchImpl,
        delay: (attempt) => {
          attempts.push(attempt);
          return 1;
        },
      },
    );
    events.start();
    await new Promise((r) => setTimeout(r, 30));
    events.stop();
    expect(attempts).toEqual([0, 1]);
    expect(requests).toHaveLength(3);
    // Stopped: no more requests.
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toHaveLength(3);
  });
});
