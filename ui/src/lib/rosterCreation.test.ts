import { describe, expect, it } from "vitest";
import { createMissing, type RosterWriter } from "./rosterCreation";
import type { Named, RosterKind } from "./setupApi";

/** A fake API: fails to create `failOn`, and to delete `keep`. */
function fakeWriter(failOn: string | null, keep: string[] = []) {
  const log: string[] = [];
  let next = 100;
  const entries = new Map<number, Named>();
  const writer: RosterWriter = {
    create: async (kind: RosterKind, name: string) => {
      log.push(`create ${kind} ${name}`);
      if (name === failOn) throw new Error("duplicate");
      const entry = { id: next++, council_id: 1, name };
      entries.set(entry.id, entry);
      return entry;
    },
    remove: async (kind: RosterKind, id: number) => {
      const name = entries.get(id)?.name ?? "?";
      log.push(`delete ${kind} ${name}`);
      if (keep.includes(name)) throw new Error("network");
    },
  };
  return { writer, log };
}

const missing = {
  groups: ["Tổ 3", "Tổ 4"],
  committees: ["Ban Đô thị"],
};

describe("createMissing", () => {
  it("creates the groups, then the committees", async () => {
    const { writer, log } = fakeWriter(null);
    const result = await createMissing(missing, writer);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.groups.map((g) => g.name)).toEqual(["Tổ 3", "Tổ 4"]);
    expect(result.committees.map((c) => c.name)).toEqual(["Ban Đô thị"]);
    expect(log).toEqual([
      "create groups Tổ 3",
      "create groups Tổ 4",
      "create committees Ban Đô thị",
    ]);
  });

  it("deletes what it made when one creation fails: all or nothing", async () => {
    const { writer, log } = fakeWriter("Ban Đô thị");
    const result = await createMissing(missing, writer);
    expect(result).toMatchObject({
      ok: false,
      kind: "committees",
      name: "Ban Đô thị",
      left: [],
    });
    expect(log.slice(3)).toEqual(["delete groups Tổ 4", "delete groups Tổ 3"]);
  });

  it("says what it could not delete again", async () => {
    const { writer } = fakeWriter("Tổ 4", ["Tổ 3"]);
    const result = await createMissing(missing, writer);
    expect(!result.ok && result.left.map((e) => e.name)).toEqual(["Tổ 3"]);
  });

  it("does nothing when nothing is missing", async () => {
    const { writer, log } = fakeWriter(null);
    expect(await createMissing({ groups: [], committees: [] }, writer)).toEqual(
      { ok: true, groups: [], committees: [] },
    );
    expect(log).toEqual([]);
  });
});
