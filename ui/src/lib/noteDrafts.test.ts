import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import {
  flush,
  parseDrafts,
  upsert,
  without,
  type Draft,
  type DraftSender,
} from "./noteDrafts";
import type { NewNote } from "./types";
import { note } from "../test/fixtures";

const quote = { exact: "ngân sách", prefix: "", suffix: "" };
const newDraft = (key: string, body: string, submitted = true): Draft => ({
  key,
  documentId: 7,
  create: { kind: "note", version: 1, page: 2, quote },
  body,
  submitted,
});

/** A sender that answers from a script of outcomes, recording what it got. */
function sender(outcomes: (Error | null)[]): DraftSender & { sent: unknown[] } {
  const sent: unknown[] = [];
  let n = 0;
  const next = (what: unknown, body: string) => {
    sent.push(what);
    const outcome = outcomes[n++];
    return outcome
      ? Promise.reject(outcome)
      : Promise.resolve(note(n, body, quote));
  };
  return {
    sent,
    create: (documentId: number, note: NewNote) =>
      next({ documentId, note }, note.body ?? ""),
    update: (noteId: number, body: string) => next({ noteId, body }, body),
  };
}

describe("flush", () => {
  it("drops the drafts the server took and keeps the one it refused, with why", async () => {
    const drafts = [
      newDraft("new:a", "một"),
      { key: "edit:5", documentId: 7, noteId: 5, body: "hai", submitted: true },
      newDraft("new:c", "ba"),
    ];
    const send = sender([null, new ApiError("invalid_body", 422, "bad"), null]);
    const result = await flush(drafts, send);
    expect(result.saved.map((s) => s.draft.key)).toEqual(["new:a", "new:c"]);
    expect(result.drafts).toEqual([{ ...drafts[1], failed: "invalid_body" }]);
    expect(send.sent[0]).toEqual({
      documentId: 7,
      note: { kind: "note", version: 1, page: 2, quote, body: "một" },
    });
    expect(send.sent[1]).toEqual({ noteId: 5, body: "hai" });
  });

  it("offline: keeps every draft, stops trying after the first network failure", async () => {
    const drafts = [newDraft("new:a", "một"), newDraft("new:b", "hai")];
    const send = sender([new ApiError("network", 0, "offline")]);
    const result = await flush(drafts, send);
    expect(result.saved).toEqual([]);
    expect(result.drafts.map((d) => [d.key, d.failed])).toEqual([
      ["new:a", "network"],
      ["new:b", undefined],
    ]);
    expect(send.sent.length).toBe(1);
  });

  it("leaves drafts still being typed, and those the filter excludes", async () => {
    const drafts = [
      newDraft("new:a", "đang gõ", false),
      newDraft("new:b", "x"),
    ];
    const send = sender([]);
    const result = await flush(drafts, send, (d) => d.key !== "new:b");
    expect(result.drafts).toEqual(drafts);
    expect(send.sent).toEqual([]);
  });
});

describe("draft storage", () => {
  it("round-trips, replaces by key and ignores damage", () => {
    let drafts = upsert([], newDraft("new:a", "một"));
    drafts = upsert(drafts, newDraft("new:a", "một hai"));
    drafts = upsert(drafts, newDraft("new:b", "ba"));
    expect(drafts.map((d) => d.body)).toEqual(["một hai", "ba"]);
    expect(parseDrafts(JSON.stringify(drafts))).toEqual(drafts);
    expect(without(drafts, "new:a").map((d) => d.key)).toEqual(["new:b"]);
    expect(parseDrafts("nope")).toEqual([]);
    expect(parseDrafts('[{"key":"x"}, 3]')).toEqual([]);
  });
});
