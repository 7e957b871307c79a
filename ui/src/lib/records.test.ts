import { describe, expect, it } from "vitest";
import {
  checkForm,
  emptyForm,
  fieldOfServerError,
  formFromResolution,
  issueRefusal,
  paragraphs,
  type ResolutionForm,
} from "./resolutionDraft";
import {
  clearedSecrets,
  emptyKey,
  fromRemembered,
  keySpec,
  missingParts,
  placeIssueError,
} from "./issueKeys";
import { parseSubject, summarize } from "./verifySummary";
import {
  discard,
  draftKey,
  edit,
  failSave,
  finishSave,
  isDirty,
  loadEntries,
  startSave,
  unsavedCount,
  type DraftStore,
} from "./narrativeDrafts";
import { lateCount, leadTime, readShare } from "./leadTime";
import type { Resolution, SignatureReport } from "./recordsApi";
import type { PollResult } from "./types";

function filled(): ResolutionForm {
  return {
    ...emptyForm(2),
    pollId: 7,
    subject: "  Về dự toán ngân sách địa phương năm 2027 ",
    legalBases:
      "Căn cứ Luật Tổ chức chính quyền địa phương;\n\n  Căn cứ Luật Ngân sách nhà nước.  \n",
    articles: [
      {
        heading: "Phê chuẩn dự toán",
        body: "Phê chuẩn dự toán thu ngân sách.\n\n\nGiao Ủy ban nhân dân thực hiện.",
      },
    ],
    recipients: "- Thường trực Thành ủy\n- Lưu: VT",
    signerName: "Nguyễn Văn An",
  };
}

function resolution(over: Partial<Resolution> = {}): Resolution {
  return {
    id: 1,
    council_id: 1,
    session_id: 1,
    agenda_item_id: 2,
    poll_id: 7,
    subject: "Về dự toán",
    normative: true,
    legal_bases: ["Căn cứ A", "Căn cứ B"],
    articles: [{ heading: "H", paragraphs: ["P1", "P2"] }],
    recipients: ["Lưu: VT"],
    authority: "TM. HỘI ĐỒNG NHÂN DÂN",
    signer_title: "CHỦ TỊCH",
    signer_name: "Nguyễn Văn An",
    state: "draft",
    number: null,
    issued_on: null,
    issued_at: null,
    pdf_sha256: null,
    created_at: "2026-12-08T01:00:00Z",
    ...over,
  };
}

function result(passed: boolean | null): PollResult {
  return {
    total_seats: 50,
    present: 5,
    ballots_cast: 5,
    participation_percent: "10,00",
    passed,
    invariants_hold: true,
    rule: {
      base: "total_seats",
      fraction: { numerator: 1, denominator: 2 },
      strict: true,
    },
    rule_base: 50,
    votes_needed: 26,
    options: [],
    summary: "",
  };
}

describe("resolution draft", () => {
  it("builds the request the server expects, cleaned like the server", () => {
    const checked = checkForm(filled(), [7, 8]);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.body).toEqual({
      agenda_item_id: 2,
      poll_id: 7,
      subject: "Về dự toán ngân sách địa phương năm 2027",
      normative: false,
      legal_bases: [
        "Căn cứ Luật Tổ chức chính quyền địa phương",
        "Căn cứ Luật Ngân sách nhà nước",
      ],
      articles: [
        {
          heading: "Phê chuẩn dự toán",
          paragraphs: [
            "Phê chuẩn dự toán thu ngân sách.",
            "Giao Ủy ban nhân dân thực hiện.",
          ],
        },
      ],
      recipients: ["Thường trực Thành ủy", "Lưu: VT"],
      authority: "TM. HỘI ĐỒNG NHÂN DÂN",
      signer_title: "CHỦ TỊCH",
      signer_name: "Nguyễn Văn An",
    });
  });

  it("normalises decomposed Vietnamese to NFC", () => {
    const form = { ...filled(), subject: "Nghi\u0323 quyê\u0301t" };
    const checked = checkForm(form, [7]);
    expect(checked.ok && checked.body.subject).toBe("Nghị quyết");
  });

  it("refuses what the server refuses, per field", () => {
    const form: ResolutionForm = {
      ...emptyForm(null),
      pollId: 3,
      subject: "   ",
      signerTitle: "",
      signerName: "x".repeat(301),
      legalBases: "Căn cứ A\n;",
      articles: [{ heading: "", body: "  \n\n " }],
      recipients: "Lưu\u0007",
    };
    const checked = checkForm(form, []);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual({
      agenda_item_id: { code: "required" },
      subject: { code: "required" },
      signer_title: { code: "required" },
      signer_name: { code: "too_long", max: 300 },
      legal_bases: { code: "empty_line", line: 2 },
      "articles.0.body": { code: "empty_article" },
      recipients: { code: "control", line: 1 },
    });
  });

  it("counts length in characters, not UTF-16 units", () => {
    const ok = { ...filled(), subject: "🏛".repeat(500) };
    expect(checkForm(ok, [7]).ok).toBe(true);
    const long = { ...filled(), subject: "ệ".repeat(501) };
    expect(checkForm(long, [7]).ok).toBe(false);
  });

  it("wants a poll on the chosen item, and at least one article", () => {
    const checked = checkForm({ ...filled(), articles: [] }, [8]);
    expect(!checked.ok && checked.problems).toEqual({
      poll_id: { code: "poll_not_on_item" },
      articles: { code: "no_articles" },
    });
    expect(checkForm({ ...filled(), pollId: null }, []).ok).toBe(true);
  });

  it("allows tabs and newlines inside a paragraph, not other controls", () => {
    const art = (body: string) => ({
      ...filled(),
      articles: [{ heading: "", body }],
    });
    expect(checkForm(art("a\tb\nc"), [7]).ok).toBe(true);
    const bad = checkForm(art("a\u000bb"), [7]);
    expect(!bad.ok && bad.problems["articles.0.body"]).toEqual({
      code: "control",
    });
  });

  it("round-trips a stored resolution through the form", () => {
    const r = resolution();
    const form = formFromResolution(r);
    expect(form.legalBases).toBe("Căn cứ A\nCăn cứ B");
    expect(paragraphs(form.articles[0]?.body ?? "")).toEqual(["P1", "P2"]);
    const checked = checkForm(form, [7]);
    expect(checked.ok && checked.body.normative).toBe(true);
    expect(checked.ok && checked.body.articles).toEqual(r.articles);
  });

  it("points the server's fields at the form's", () => {
    expect(fieldOfServerError("articles")).toBe("articles.0.body");
    expect(fieldOfServerError("signer_name")).toBe("signer_name");
    expect(fieldOfServerError("file_base64")).toBeNull();
    expect(fieldOfServerError(null)).toBeNull();
  });

  it("knows when issuing would be refused, by the server's rule", () => {
    expect(issueRefusal(resolution({ poll_result: null }))).toBe(
      "poll_missing",
    );
    expect(issueRefusal(resolution({ poll_result: result(false) }))).toBe(
      "poll_not_passed",
    );
    expect(issueRefusal(resolution({ poll_result: result(null) }))).toBe(
      "poll_not_passed",
    );
    expect(issueRefusal(resolution({ poll_result: result(true) }))).toBeNull();
    expect(
      issueRefusal(resolution({ state: "issued", poll_result: result(true) })),
    ).toBe("already_issued");
  });
});

describe("issue keys", () => {
  it("asks for what each kind of key needs", () => {
    expect(missingParts(emptyKey("demo"))).toEqual([]);
    expect(missingParts(emptyKey("pkcs12"))).toEqual(["file"]);
    expect(missingParts(emptyKey("pkcs11"))).toEqual(["token", "key", "pin"]);
    expect(
      missingParts({
        ...emptyKey("pkcs11"),
        token: "hdnd",
        key: " ",
        pin: "1",
      }),
    ).toEqual(["key"]);
  });

  it("builds the request's key", () => {
    expect(keySpec(emptyKey("demo"), null)).toBe("demo");
    expect(keySpec({ ...emptyKey("pkcs12"), password: "p" }, "QUJD")).toEqual({
      pkcs12: { file_base64: "QUJD", password: "p" },
    });
    expect(
      keySpec(
        { ...emptyKey("pkcs11"), token: " hdnd ", key: "seal", pin: "1234" },
        null,
      ),
    ).toEqual({ pkcs11: { token: "hdnd", key: "seal", pin: "1234" } });
  });

  it("clears every secret after an attempt, keeps the labels", () => {
    const file = new File(["x"], "chair.p12");
    const form = {
      kind: "pkcs12" as const,
      file,
      password: "secret",
      token: "t",
      key: "k",
      pin: "1234",
    };
    expect(clearedSecrets(form)).toEqual({
      kind: "pkcs12",
      file: null,
      password: "",
      token: "t",
      key: "k",
      pin: "",
    });
  });

  it("remembers only the kind and the labels", () => {
    expect(
      fromRemembered(
        { kind: "demo", token: "a", key: "b", pin: "9" },
        "pkcs11",
      ),
    ).toEqual({ ...emptyKey("demo"), token: "a", key: "b" });
    expect(fromRemembered({ kind: "rsa" }, "pkcs11").kind).toBe("pkcs11");
    expect(fromRemembered(null, "pkcs12").kind).toBe("pkcs12");
  });

  it("places an error next to the key it is about", () => {
    expect(placeIssueError("wrong_pin", null, "pkcs12", "pkcs11")).toEqual({
      signer: "seal",
      part: "pin",
    });
    expect(placeIssueError("wrong_password", null, "pkcs12", "demo")).toEqual({
      signer: "chair",
      part: "password",
    });
    // Both keys could be meant: the server does not say which.
    expect(placeIssueError("wrong_password", null, "pkcs12", "pkcs12")).toEqual(
      {
        signer: null,
        part: "password",
      },
    );
    // When the server names the key, that wins.
    expect(
      placeIssueError("wrong_password", "seal", "pkcs12", "pkcs12"),
    ).toEqual({ signer: "seal", part: "password" });
    expect(
      placeIssueError("same_key_for_chair_and_seal", null, "pkcs11", "pkcs11"),
    ).toEqual({ signer: "seal", part: "kind" });
    expect(
      placeIssueError("invalid_body", "file_base64", "demo", "pkcs12"),
    ).toEqual({ signer: "seal", part: "file" });
    expect(placeIssueError("poll_not_passed", null, "demo", "demo")).toEqual({
      signer: null,
      part: null,
    });
  });
});

describe("verification summary", () => {
  const report = (over: Partial<SignatureReport>): SignatureReport => ({
    field_name: "ChuKyChuToa",
    signer_subject: "CN=Nguyễn Văn An (DEMO),O=KyHop DEMO",
    signing_time: "2026-12-08T02:00:00Z",
    intact: true,
    covers_whole_document: false,
    modified_after: true,
    trusted: true,
    timestamp: null,
    timestamp_trusted: false,
    level: "b_b",
    problems: [],
    ...over,
  });
  const seal = (over: Partial<SignatureReport> = {}) =>
    report({
      field_name: "DauHoiDong",
      signer_subject: "CN=HĐND thành phố (DEMO),O=HĐND thành phố",
      covers_whole_document: true,
      modified_after: false,
      ...over,
    });

  it("shows a trusted time-stamp, and says when it is not trusted", () => {
    const stamped = summarize({
      valid: true,
      signatures: [
        report({
          timestamp: "2026-12-08T02:00:05Z",
          timestamp_trusted: true,
          level: "b_t",
        }),
        seal({ timestamp: "2026-12-08T02:00:06Z", level: "b_t" }),
      ],
    });
    expect(stamped.signatures.map((s) => s.timestamp)).toEqual([
      { time: "2026-12-08T02:00:05Z", trusted: true },
      { time: "2026-12-08T02:00:06Z", trusted: false },
    ]);
    expect(
      summarize({ valid: true, signatures: [seal()] }).signatures[0]?.timestamp,
    ).toBeNull();
    expect(stamped.signatures.map((s) => [s.level, s.longTerm])).toEqual([
      ["B-T", null],
      ["B-T", null],
    ]);
  });

  it("names the long-term levels", () => {
    const s = summarize({
      valid: true,
      signatures: [report({ level: "b_lta" }), seal({ level: "b_lt" })],
    });
    expect(s.signatures.map((x) => [x.level, x.longTerm])).toEqual([
      ["B-LTA", "b_lta"],
      ["B-LT", "b_lt"],
    ]);
  });

  it("reads a chair-then-seal resolution as valid", () => {
    const s = summarize({ valid: true, signatures: [report({}), seal()] });
    expect(s.verdict).toBe("valid");
    expect(s.signatures.map((x) => [x.role, x.signer, x.coverage])).toEqual([
      ["chair", "Nguyễn Văn An (DEMO)", "later_signed"],
      ["seal", "HĐND thành phố (DEMO)", "whole"],
    ]);
    expect(s.signatures[0]?.organization).toBe("KyHop DEMO");
  });

  it("reads validation data added after the seal as no change", () => {
    // PAdES B-LT: the DSS follows the last signature, which then no longer
    // ends the file but nothing it signed changed.
    const s = summarize({
      valid: true,
      signatures: [report({}), seal({ covers_whole_document: false })],
    });
    expect(s.verdict).toBe("valid");
    expect(s.signatures.map((x) => x.coverage)).toEqual([
      "later_signed",
      "whole",
    ]);
  });

  it("says which way a file falls short", () => {
    expect(summarize({ valid: false, signatures: [] }).verdict).toBe(
      "unsigned",
    );
    expect(
      summarize({
        valid: false,
        signatures: [report({}), seal({ intact: false })],
      }).verdict,
    ).toBe("broken");
    const added = summarize({
      valid: false,
      signatures: [
        report({}),
        seal({ covers_whole_document: false, modified_after: true }),
      ],
    });
    expect(added.verdict).toBe("modified");
    expect(added.signatures[1]?.coverage).toBe("unsigned_after");
    expect(
      summarize({
        valid: false,
        signatures: [report({}), seal({ trusted: false })],
      }).verdict,
    ).toBe("untrusted");
  });

  it("never calls valid what the server does not", () => {
    expect(
      summarize({ valid: false, signatures: [report({}), seal()] }).verdict,
    ).toBe("untrusted");
  });

  it("parses RFC 4514 subjects with escapes", () => {
    const s = parseSubject("CN=Tr\\C3\\A2n\\, B,O=HĐND+OU=VP, C=VN");
    expect(s.get("CN")).toBe("Trân, B");
    expect(s.get("O")).toBe("HĐND");
    expect(s.get("OU")).toBe("VP");
    expect(s.get("C")).toBe("VN");
    expect(
      summarize({ valid: false, signatures: [report({ signer_subject: "" })] })
        .signatures[0]?.signer,
    ).toBe("");
  });
});

class MemoryStore implements DraftStore {
  data = new Map<string, string>();
  load(key: string) {
    return this.data.get(key) ?? null;
  }
  save(key: string, value: string | null) {
    if (value === null) this.data.delete(key);
    else this.data.set(key, value);
  }
}

describe("narrative drafts", () => {
  const items = [
    { agenda_item_id: 1, narrative: "Đã thảo luận." },
    { agenda_item_id: 2, narrative: "" },
  ];

  it("keeps typed text in storage until the server has it", () => {
    const store = new MemoryStore();
    let e = loadEntries(items, 9, store);
    e = edit(e, 2, "Đại biểu thống nhất", 9, store);
    expect(store.load(draftKey(9, 2))).toBe("Đại biểu thống nhất");
    expect(unsavedCount(e)).toBe(1);
    e = startSave(e, 2);
    // More typed while saving: stays a draft after the save returns.
    e = edit(e, 2, "Đại biểu thống nhất cao", 9, store);
    e = finishSave(e, 2, "Đại biểu thống nhất", 9, store);
    expect(e[2]?.saving).toBe(false);
    expect(isDirty(e[2]!)).toBe(true);
    expect(store.load(draftKey(9, 2))).toBe("Đại biểu thống nhất cao");
    e = finishSave(e, 2, "Đại biểu thống nhất cao", 9, store);
    expect(unsavedCount(e)).toBe(0);
    expect(store.load(draftKey(9, 2))).toBeNull();
  });

  it("restores a draft the server does not have, after a reload", () => {
    const store = new MemoryStore();
    store.save(draftKey(9, 1), "Đã thảo luận kỹ.");
    store.save(draftKey(9, 2), "  ");
    const e = loadEntries(items, 9, store);
    expect(e[1]).toMatchObject({ text: "Đã thảo luận kỹ.", restored: true });
    // A draft equal to the server's text (after trimming) is dropped.
    expect(e[2]).toMatchObject({ text: "", restored: false });
    expect(store.load(draftKey(9, 2))).toBeNull();
  });

  it("keeps text being edited when the minutes reload", () => {
    const store = new MemoryStore();
    let e = loadEntries(items, 9, store);
    e = edit(e, 1, "Mới", 9, store);
    store.data.clear();
    e = loadEntries(
      [{ agenda_item_id: 1, narrative: "Khác" }, items[1]!],
      9,
      store,
      e,
    );
    expect(e[1]).toMatchObject({ text: "Mới", saved: "Khác" });
  });

  it("treats trailing spaces and NFC as the same text", () => {
    const store = new MemoryStore();
    let e = loadEntries(
      [{ agenda_item_id: 1, narrative: "Nghị quyết" }],
      9,
      store,
    );
    e = edit(e, 1, "Nghi\u0323 quyê\u0301t  ", 9, store);
    expect(unsavedCount(e)).toBe(0);
    expect(store.load(draftKey(9, 1))).toBeNull();
  });

  it("keeps the draft on failure, drops it on discard", () => {
    const store = new MemoryStore();
    let e = loadEntries(items, 9, store);
    e = edit(e, 1, "Sửa", 9, store);
    e = failSave(startSave(e, 1), 1, "Mất kết nối");
    expect(e[1]).toMatchObject({
      text: "Sửa",
      error: "Mất kết nối",
      saving: false,
    });
    expect(store.load(draftKey(9, 1))).toBe("Sửa");
    e = discard(e, 1, 9, store);
    expect(e[1]?.text).toBe("Đã thảo luận.");
    expect(store.load(draftKey(9, 1))).toBeNull();
  });
});

describe("lead time", () => {
  it("words publication against the lead time", () => {
    expect(
      leadTime({ published_at: "x", days_before_session: 10, late: false }),
    ).toEqual({ kind: "on_time", days: 10 });
    expect(
      leadTime({ published_at: "x", days_before_session: 3, late: true }),
    ).toEqual({ kind: "late", days: 3 });
    expect(
      leadTime({ published_at: "x", days_before_session: -2, late: true }),
    ).toEqual({ kind: "during", daysAfter: 2 });
    expect(
      leadTime({ published_at: null, days_before_session: null, late: true }),
    ).toEqual({ kind: "pending_late" });
    expect(
      leadTime({ published_at: null, days_before_session: null, late: false }),
    ).toEqual({ kind: "pending" });
  });

  it("counts late documents and read shares", () => {
    expect(lateCount([{ late: true }, { late: false }, { late: true }])).toBe(
      2,
    );
    expect(readShare({ opened: [1, 2], not_opened: [3, 4, 5] })).toEqual({
      opened: 2,
      audience: 5,
    });
  });
});
