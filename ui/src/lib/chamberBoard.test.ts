import { describe, expect, it } from "vitest";
import { chamberClock, nextSpeakers, speakerDetail } from "./chamberBoard";
import type { Person, SessionSnapshot, Speech } from "./types";

function speech(id: number, over: Partial<Speech> = {}): Speech {
  return {
    id,
    session_id: 1,
    agenda_item_id: 7,
    person_id: id,
    kind: "debate",
    addressed_to: null,
    state: "queued",
    position: id,
    limit_seconds: 420,
    used_ms: 0,
    running_since: null,
    warned: false,
    timed_out: false,
    requested_at: "2026-12-08T01:00:00Z",
    ended_at: null,
    speaker_name: `Người ${id}`,
    ...over,
  };
}

function person(id: number, over: Partial<Person> = {}): Person {
  return {
    id,
    council_id: 1,
    kind: "delegate",
    full_name: `Người ${id}`,
    organization: "",
    position_title: "",
    delegate_group_id: null,
    committee_ids: [],
    ...over,
  };
}

describe("nextSpeakers", () => {
  it("lists the waiting speeches of the item in queue order, not the running one", () => {
    const state = {
      speeches: [
        speech(3, { position: 3 }),
        speech(1, { state: "speaking", position: 1 }),
        speech(2, { position: 2 }),
        speech(4, { position: 4, agenda_item_id: 8 }),
        speech(5, { position: 5, state: "done" }),
        speech(6, { position: 6 }),
      ],
    } as unknown as SessionSnapshot;
    expect(nextSpeakers(state, 7, 2).map((s) => s.id)).toEqual([2, 3]);
  });
});

describe("speakerDetail", () => {
  const roster = {
    people: [
      person(1, { delegate_group_id: 9 }),
      person(2),
      person(3, {
        kind: "official",
        full_name: "Trịnh Văn Lộc",
        position_title: "Chủ tịch UBND",
      }),
    ],
    groups: new Map([[9, "Tổ đại biểu số 1"]]),
  };
  const words = { question: (name: string) => `chất vấn ${name}` };

  it("names a delegate's group, an official's position, whom a question asks", () => {
    expect(speakerDetail(speech(1), roster, words)).toBe("Tổ đại biểu số 1");
    expect(speakerDetail(speech(2), roster, words)).toBe("");
    expect(speakerDetail(speech(3, { kind: "reply" }), roster, words)).toBe(
      "Chủ tịch UBND",
    );
    expect(
      speakerDetail(
        speech(1, { kind: "question", addressed_to: 3 }),
        roster,
        words,
      ),
    ).toBe("chất vấn Trịnh Văn Lộc");
    expect(speakerDetail(speech(99), roster, words)).toBe("");
  });
});

describe("chamberClock", () => {
  it("tells Vietnam's time and date, whatever the machine's zone", () => {
    // 01:05 UTC is 08:05 in Hà Nội, on a Tuesday.
    const at = Date.parse("2026-12-08T01:05:00Z");
    const vi = chamberClock(at, "vi-VN");
    expect(vi.time).toBe("08:05");
    expect(vi.date).toMatch(/Thứ Ba/);
    expect(vi.date).toMatch(/08\/12\/2026/);
    expect(chamberClock(at, "en-GB").date).toMatch(/Tuesday/);
  });
});
