import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, setToken } from "./api";
import {
  EventStream,
  parseEvent,
  type EventStreamHooks,
  type EventStreamOptions,
} from "./eventStream";
import {
  fakeServer,
  frame,
  refusal,
  stream,
  stubLocalStorage,
} from "../test/eventStream";
import { event } from "../test/fixtures";

const note = (seq: number) => event(seq, "note.created", { id: seq });

beforeEach(stubLocalStorage);

afterEach(() => {
  setToken(null);
  vi.unstubAllGlobals();
});

describe("parseEvent", () => {
  it("parses only event-shaped data", () => {
    expect(parseEvent(JSON.stringify(note(1)))?.seq).toBe(1);
    expect(parseEvent("not json")).toBeNull();
    expect(parseEvent('{"hello":1}')).toBeNull();
  });
});

/** Runs an EventStream whose every attempt reads `url` from `lastEventId`. */
function follow(
  fetchImpl: typeof fetch,
  hooks: Partial<EventStreamHooks> & {
    onEvents?: (events: number[]) => boolean;
  },
  options: EventStreamOptions = {},
  lastEventId: number | null = 7,
): EventStream {
  const events: EventStream = new EventStream(
    {
      attempt: async () => {
        await events.read("/api/x/events", lastEventId, (chunk) =>
          (hooks.onEvents ?? (() => false))(chunk.map((e) => e.seq)),
        );
        return true;
      },
      onUnauthenticated: () => undefined,
      ...hooks,
    },
    { fetchImpl, delay: () => 1, ...options },
  );
  events.start();
  return events;
}

describe("EventStream", () => {
  it("sends the headers, and hands over each chunk's events", async () => {
    setToken("secret-token");
    const { requests, fetchImpl } = fakeServer([
      stream([
        ":\n\n",
        frame(note(8)).slice(0, 12),
        frame(note(8)).slice(12) + "data: not an event\n\n" + frame(note(9)),
      ]),
    ]);
    const chunks: number[][] = [];
    const opened: string[] = [];
    await new Promise<void>((resolve) => {
      const events = follow(fetchImpl, {
        onOpen: () => opened.push("open"),
        onEvents: (seqs) => {
          chunks.push(seqs);
          if (seqs.includes(9)) {
            events.stop();
            resolve();
          }
          return false;
        },
      });
    });
    // A keep-alive and half a frame complete no event: an empty hand-over.
    expect(chunks).toEqual([[], [], [8, 9]]);
    expect(opened).toEqual(["open"]);
    expect(requests).toEqual([
      {
        url: "/api/x/events",
        accept: "text/event-stream",
        authorization: "Bearer secret-token",
        lastEventId: "7",
      },
    ]);
  });

  it("sends no Last-Event-ID when there is none to resume from", async () => {
    const { requests, fetchImpl } = fakeServer([]);
    await new Promise<void>((resolve) => {
      const events = follow(
        fetchImpl,
        { onOpen: () => (events.stop(), resolve()) },
        {},
        null,
      );
    });
    expect(requests.map((r) => r.lastEventId)).toEqual([null]);
  });

  it("ends the read when onEvents says so, and pauses before the next attempt", async () => {
    const { requests, fetchImpl } = fakeServer([
      stream([frame(note(8))], true),
      stream([frame(note(9))], true),
    ]);
    const delays: number[] = [];
    let ended = 0;
    await new Promise<void>((resolve) => {
      const events = follow(
        fetchImpl,
        {
          onEnded: () => ended++,
          onEvents: (seqs) => {
            if (seqs.includes(9)) {
              events.stop();
              resolve();
            }
            return true;
          },
        },
        { delay: (attempt) => (delays.push(attempt), 1) },
      );
    });
    expect(requests).toHaveLength(2);
    expect(ended).toBe(1);
    expect(delays).toEqual([0]);
  });

  it("takes a silent stream as dead without counting a failure", async () => {
    const { requests, fetchImpl } = fakeServer([
      stream([":\n\n"], true),
      stream([frame(note(9))], true),
    ]);
    const attempts: number[] = [];
    const failures: number[] = [];
    await new Promise<void>((resolve) => {
      const events = follow(
        fetchImpl,
        {
          onAttempt: (n) => attempts.push(n),
          onFailure: (n) => failures.push(n),
          onEvents: (seqs) => {
            if (seqs.includes(9)) {
              events.stop();
              resolve();
            }
            return false;
          },
        },
        { idleTimeoutMs: 20 },
      );
    });
    expect(requests).toHaveLength(2);
    expect(attempts).toEqual([0, 0]);
    expect(failures).toEqual([]);
  });

  it("counts failures with a growing backoff until the stream opens again", async () => {
    const { fetchImpl } = fakeServer([
      refusal(503, "unavailable"),
      () => {
        throw new TypeError("failed to fetch");
      },
      stream([]),
      refusal(500, "internal"),
    ]);
    const attempts: number[] = [];
    const delays: number[] = [];
    let opened = 0;
    await new Promise<void>((resolve) => {
      const events = follow(
        fetchImpl,
        {
          onAttempt: (n) => attempts.push(n),
          onOpen: () => {
            if (++opened === 2) (events.stop(), resolve());
          },
        },
        { delay: (attempt) => (delays.push(attempt), 1) },
      );
    });
    // 503, network error, an open stream that ends (resets the count), 500, then open.
    expect(attempts).toEqual([0, 1, 2, 0, 1]);
    expect(delays).toEqual([0, 1, 0, 0]);
  });

  it("stops for good on a refused token or a final status", async () => {
    const unauthenticated = fakeServer([refusal(401, "unauthenticated")]);
    await new Promise<void>((resolve) => {
      follow(unauthenticated.fetchImpl, { onUnauthenticated: resolve });
    });
    const gone = fakeServer([refusal(404, "not_found")]);
    const refused = await new Promise<ApiError>((resolve) => {
      follow(
        gone.fetchImpl,
        { onRefused: resolve },
        { finalStatuses: new Set([404]) },
      );
    });
    // Give a (wrong) retry the time to happen.
    await new Promise((r) => setTimeout(r, 20));
    expect(refused.status).toBe(404);
    expect(unauthenticated.requests).toHaveLength(1);
    expect(gone.requests).toHaveLength(1);
  });

  it("ends the read in flight on abort(), without counting a failure", async () => {
    const { requests, fetchImpl } = fakeServer([stream([], true)]);
    const failures: number[] = [];
    let opened = 0;
    await new Promise<void>((resolve) => {
      const events = follow(fetchImpl, {
        onFailure: (n) => failures.push(n),
        onOpen: () => {
          // Once the first read is under way: abort it; the second ends the test.
          if (++opened === 1) setTimeout(() => events.abort(), 5);
          else (events.stop(), resolve());
        },
      });
    });
    expect(requests).toHaveLength(2);
    expect(failures).toEqual([]);
  });

  it("cuts a pause short when the browser is back online", async () => {
    const browser = new EventTarget();
    vi.stubGlobal("window", browser);
    const { requests, fetchImpl } = fakeServer([refusal(503, "unavailable")]);
    // Without the `online` event, the test would time out long before the pause ends.
    await new Promise<void>((resolve) => {
      const events = follow(
        fetchImpl,
        {
          onFailure: () =>
            setTimeout(() => browser.dispatchEvent(new Event("online")), 1),
          onOpen: () => (events.stop(), resolve()),
        },
        { delay: () => 60_000 },
      );
    });
    expect(requests).toHaveLength(2);
  });

  it("aborts the owner's own request when stopped", () => {
    const events = new EventStream({
      attempt: async () => true,
      onUnauthenticated: () => undefined,
    });
    const signal = events.signal();
    events.stop();
    expect(signal.aborted).toBe(true);
  });
});
