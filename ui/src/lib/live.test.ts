import { describe, expect, it } from "vitest";
import {
  initialSync,
  LiveConnection,
  resumeFrom,
  syncEvent,
  syncSnapshot,
  type ConnectionState,
} from "./live";
import { backoffDelay } from "./backoff";
import { fakeServer, frame, refusal, stream } from "../test/eventStream";
import { event, poll, snapshot } from "../test/fixtures";
import type { SessionSnapshot } from "./types";

const created = (seq: number, id: number) =>
  event(seq, "poll.created", poll(id, "draft"));

describe("resync and apply", () => {
  it("buffers events that come before the first snapshot, then replays the newer ones", () => {
    let sync = syncEvent(initialSync, created(20, 1));
    sync = syncEvent(sync, created(21, 2));
    sync = syncEvent(sync, created(21, 2)); // duplicate while buffering
    expect(sync.pending).toHaveLength(2);
    sync = syncSnapshot(sync, snapshot(20));
    expect(sync.needsSnapshot).toBe(false);
    expect(sync.session?.seq).toBe(21);
    expect(sync.session?.polls.map((p) => p.id)).toEqual([2]);
    expect(sync.pending).toEqual([]);
  });

  it("ignores duplicates once live", () => {
    let sync = syncSnapshot(initialSync, snapshot(20));
    sync = syncEvent(sync, created(21, 1));
    const before = sync;
    sync = syncEvent(sync, created(21, 1));
    sync = syncEvent(sync, created(15, 9));
    expect(sync).toBe(before);
  });

  it("asks for a snapshot on a gap and keeps the event", () => {
    let sync = syncSnapshot(initialSync, snapshot(20));
    sync = syncEvent(sync, created(23, 3));
    expect(sync.needsSnapshot).toBe(true);
    expect(sync.session?.seq).toBe(20);
    sync = syncEvent(sync, created(24, 4));
    // The new snapshot reflects up to 22: 23 and 24 are applied on top.
    sync = syncSnapshot(sync, snapshot(22));
    expect(sync.needsSnapshot).toBe(false);
    expect(sync.session?.seq).toBe(24);
    expect(sync.session?.polls.map((p) => p.id)).toEqual([3, 4]);
  });

  it("drops buffered events the new snapshot already covers", () => {
    let sync = syncSnapshot(initialSync, snapshot(20));
    sync = syncEvent(sync, created(23, 3));
    sync = syncSnapshot(sync, snapshot(30, { polls: [poll(3, "open")] }));
    expect(sync.session?.seq).toBe(30);
    expect(sync.session?.polls).toEqual([poll(3, "open")]);
  });

  it("resumes from the last applied seq", () => {
    expect(resumeFrom(initialSync)).toBeNull();
    expect(resumeFrom(syncSnapshot(initialSync, snapshot(42)))).toBe(42);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially with jitter and a cap", () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, () => 1)).toBe(15_000);
    expect(backoffDelay(1, () => 0)).toBe(800);
  });
});

/* LiveConnection against a scripted fake server. */

describe("LiveConnection", () => {
  it("loads a snapshot, streams, reconnects with Last-Event-ID and resyncs after a gap", async () => {
    const json = (value: unknown) => () =>
      new Response(JSON.stringify(value), { status: 200 });
    const { requests, fetchImpl: fakeFetch } = fakeServer([
      json(snapshot(20)),
      // first connection: 21, a keep-alive, then the stream drops
      stream([
        ":\n\n",
        frame(created(21, 1)).slice(0, 10),
        frame(created(21, 1)).slice(10),
      ]),
      // second: a duplicate, then 26 after a gap (22..25 missed)
      stream([frame(created(21, 1)), frame(created(26, 6))]),
      json(snapshot(25, { polls: [poll(1, "draft"), poll(2, "draft")] })),
      // third, after the new snapshot: stays open
      stream([frame(created(27, 7))], true),
    ]);

    const states: ConnectionState[] = [];
    const seen: number[] = [];
    let snapshotsLoaded = 0;
    let latest: SessionSnapshot | null = null;
    const done = new Promise<void>((resolve) => {
      const live = new LiveConnection(
        1,
        {
          onSession: (s) => {
            latest = s;
            if (s.seq === 27) {
              live.stop();
              resolve();
            }
          },
          onConnection: (s) => states.push(s),
          onUnauthenticated: () => undefined,
          onEvent: (e) => seen.push(e.seq),
          onSnapshot: () => snapshotsLoaded++,
        },
        { fetchImpl: fakeFetch },
      );
      live.start();
    });
    await done;
    // Every event read is reported, duplicates and the one after the gap included.
    expect(seen).toEqual([21, 21, 26, 27]);
    expect(snapshotsLoaded).toBe(2);

    expect(
      requests.map((r) => [
        r.url.replace("/api/sessions/1/", ""),
        r.lastEventId,
      ]),
    ).toEqual([
      ["snapshot", null],
      ["events", "20"],
      ["events", "21"],
      ["snapshot", null],
      ["events", "26"], // 26 was buffered and applied on top of the snapshot
    ]);
    expect(latest!.seq).toBe(27);
    expect(latest!.polls.map((p) => p.id)).toEqual([1, 2, 6, 7]);
    expect(states[0]).toBe("connecting");
    expect(states).toContain("live");
    expect(states).toContain("reconnecting");
  });

  it("stops and reports when the token is refused", async () => {
    const { fetchImpl: fakeFetch } = fakeServer([
      refusal(401, "unauthenticated"),
    ]);
    const states: ConnectionState[] = [];
    await new Promise<void>((resolve) => {
      new LiveConnection(
        1,
        {
          onSession: () => undefined,
          onConnection: (s) => states.push(s),
          onUnauthenticated: resolve,
        },
        { fetchImpl: fakeFetch },
      ).start();
    });
    expect(states.at(-1)).toBe("offline");
  });
});
