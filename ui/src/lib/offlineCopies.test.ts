import { describe, expect, it } from "vitest";
import { copyKey, heldVersions, syncState } from "./offlineCopies";

const doc = (id: number, versions: number) => ({
  id,
  versions: Array.from({ length: versions }, (_, i) => ({ version: i + 1 })),
});

describe("offline copies", () => {
  it("reads the versions an account holds from the cache's keys", () => {
    const urls = [
      `http://host${copyKey(7, 1, 2)}`,
      `http://host${copyKey(7, 1, 1)}`,
      `http://host${copyKey(7, 3, 1)}`,
      `http://host${copyKey(8, 4, 1)}`, // another account's
      "http://host/something/else",
    ];
    const held = heldVersions(urls, 7);
    expect([...held.entries()]).toEqual([
      [1, [1, 2]],
      [3, [1]],
    ]);
  });

  it("says whether the current version is on this device", () => {
    const held = new Map([
      [1, [1]],
      [2, [2]],
    ]);
    expect(syncState(doc(1, 1), held)).toBe("saved");
    expect(syncState(doc(1, 2), held)).toBe("stale");
    expect(syncState(doc(2, 2), held)).toBe("saved");
    expect(syncState(doc(3, 1), held)).toBe("none");
  });
});
