import { describe, expect, it } from "vitest";
import {
  badgesOf,
  EMPTY_SEEN,
  parseSeen,
  withListed,
  withOpened,
} from "./seen";

const doc = (id: number, versions: number) => ({
  id,
  versions: Array.from({ length: versions }, (_, i) => ({ version: i + 1 })),
});

describe("badgesOf", () => {
  it("a document not shown before this visit is new and unread", () => {
    const before = withListed(EMPTY_SEEN, [1]);
    const now = withListed(before, [1, 2]);
    expect(badgesOf(doc(2, 1), before, now)).toEqual({
      new: true,
      updated: false,
      unread: true,
    });
    expect(badgesOf(doc(1, 1), before, now)).toEqual({
      new: false,
      updated: false,
      unread: true,
    });
  });

  it("opening a document clears new and unread; a later version makes it updated", () => {
    const now = withOpened(EMPTY_SEEN, 2, 1);
    expect(badgesOf(doc(2, 1), EMPTY_SEEN, now)).toEqual({
      new: false,
      updated: false,
      unread: false,
    });
    expect(badgesOf(doc(2, 2), EMPTY_SEEN, now)).toEqual({
      new: false,
      updated: true,
      unread: false,
    });
    // Opening the new version settles it; opening an old one again does not undo that.
    const later = withOpened(withOpened(now, 2, 2), 2, 1);
    expect(later.opened[2]).toBe(2);
    expect(badgesOf(doc(2, 2), EMPTY_SEEN, later).updated).toBe(false);
  });
});

describe("parseSeen", () => {
  it("round-trips and tolerates damage", () => {
    const seen = withOpened(withListed(EMPTY_SEEN, [3, 4]), 4, 2);
    expect(parseSeen(JSON.stringify(seen))).toEqual(seen);
    expect(parseSeen("{not json")).toEqual(EMPTY_SEEN);
    expect(parseSeen(null)).toEqual(EMPTY_SEEN);
    expect(parseSeen('{"listed":[1,"x"],"opened":{"1":"y","2":3}}')).toEqual({
      listed: [1],
      opened: { "2": 3 },
    });
  });

  it("withListed keeps the same object when nothing is new", () => {
    const seen = withListed(EMPTY_SEEN, [1]);
    expect(withListed(seen, [1])).toBe(seen);
  });
});
