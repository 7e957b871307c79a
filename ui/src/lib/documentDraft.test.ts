import { describe, expect, it } from "vitest";
import {
  checkDraft,
  checkFiling,
  defaultFiling,
  draftOf,
  toggledReader,
  type DocumentDraft,
} from "./documentDraft";

const base: DocumentDraft = {
  title: "Báo cáo tình hình kinh tế - xã hội năm 2026",
  number: "142/BC-UBND",
  kind: "report",
  agenda_item_id: null,
  confidentiality: "delegates",
  audience: [],
};

describe("checkDraft", () => {
  it("sends a tidy description", () => {
    const checked = checkDraft({
      ...base,
      title: "  Báo  cáo ",
      number: " 1/BC ",
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        title: "Báo cáo",
        number: "1/BC",
        kind: "report",
        agenda_item_id: null,
        confidentiality: "delegates",
        audience: [],
      },
    });
  });

  it("refuses an empty title, an over-long number, a listed document without readers", () => {
    const checked = checkDraft({
      ...base,
      title: " ",
      number: "x".repeat(101),
      confidentiality: "listed",
    });
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(Object.keys(checked.problems).sort()).toEqual([
        "audience",
        "number",
        "title",
      ]);
  });

  it("sends readers only for a listed document", () => {
    const reader = { kind: "group" as const, id: 3 };
    const checked = checkDraft({ ...base, audience: [reader] });
    expect(checked.ok && checked.value.audience).toEqual([]);
    const listed = checkDraft({
      ...base,
      confidentiality: "listed",
      audience: [reader],
    });
    expect(listed.ok && listed.value.audience).toEqual([reader]);
  });
});

describe("checkFiling", () => {
  it("files a batch under an item for all delegates by default", () => {
    expect(checkFiling({ ...defaultFiling(), agenda_item_id: 4 })).toEqual({
      ok: true,
      value: { agenda_item_id: 4, confidentiality: "delegates", audience: [] },
    });
  });

  it("needs readers for a confidential batch", () => {
    const checked = checkFiling({
      ...defaultFiling(),
      confidentiality: "listed",
    });
    expect(checked.ok).toBe(false);
    const reader = { kind: "committee" as const, id: 2 };
    expect(
      checkFiling({
        ...defaultFiling(),
        confidentiality: "listed",
        audience: [reader],
      }),
    ).toEqual({
      ok: true,
      value: {
        agenda_item_id: null,
        confidentiality: "listed",
        audience: [reader],
      },
    });
  });
});

describe("drafts", () => {
  it("starts an edit from the document as filed, its readers copied", () => {
    const audience = [{ kind: "person" as const, id: 9 }];
    const draft = draftOf({
      id: 1,
      session_id: 1,
      agenda_item_id: 5,
      title: "Tờ trình",
      number: "15/TTr-UBND",
      withdrawn_at: null,
      withdrawal_reason: null,
      kind: "submission",
      confidentiality: "listed",
      audience,
      created_at: "2026-12-01T00:00:00Z",
      published_at: null,
      days_before_session: null,
      late: false,
      versions: [],
    });
    expect(draft).toEqual({
      title: "Tờ trình",
      number: "15/TTr-UBND",
      kind: "submission",
      agenda_item_id: 5,
      confidentiality: "listed",
      audience,
    });
    expect(draft.audience).not.toBe(audience);
  });

  it("toggles one reader", () => {
    const g = { kind: "group" as const, id: 1 };
    const p = { kind: "person" as const, id: 1 };
    expect(toggledReader([g], p)).toEqual([g, p]);
    expect(toggledReader([g, p], g)).toEqual([p]);
  });
});
