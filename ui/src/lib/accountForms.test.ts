import { describe, expect, it } from "vitest";
import {
  checkAccountChange,
  checkNewAccount,
  checkPasswordReset,
  generatePassword,
  needsPassword,
  type AccountInput,
} from "./accountForms";
import type { Account } from "./types";

const account = (over: Partial<Account>): Account => ({
  id: 1,
  username: "thuky",
  display_name: "Nguyễn Thị Lan",
  role: "secretary",
  council_id: 1,
  person_id: null,
  must_change_password: false,
  disabled: false,
  created_at: "2026-01-01T00:00:00Z",
  ...over,
});

const input: AccountInput = {
  username: " ThuKy.Lan ",
  display_name: "  Nguyễn  Thị Lan ",
  role: "secretary",
  person_id: null,
  password: "mot-cau-de-nho",
};

const fields = (r: { ok: boolean; problems?: object }) =>
  r.ok ? [] : Object.keys(r.problems ?? {}).sort();

describe("checkNewAccount", () => {
  it("lower-cases the username and tidies the name, as the server stores them", () => {
    const r = checkNewAccount(input, 7, []);
    expect(r).toEqual({
      ok: true,
      value: {
        username: "thuky.lan",
        display_name: "Nguyễn Thị Lan",
        role: "secretary",
        council_id: 7,
        person_id: null,
        password: "mot-cau-de-nho",
      },
    });
  });

  it("refuses usernames with spaces or tone marks, and taken ones", () => {
    expect(
      fields(checkNewAccount({ ...input, username: "thư ký" }, 7, [])),
    ).toEqual(["username"]);
    const taken = checkNewAccount(input, 7, [
      account({ username: "thuky.lan", council_id: 2 }),
    ]);
    expect(!taken.ok && taken.problems["username"]?.key).toBe(
      "admin.check.usernameTaken",
    );
    expect(
      fields(checkNewAccount({ ...input, username: "a".repeat(65) }, 7, [])),
    ).toEqual(["username"]);
  });

  it("requires a password of 10 to 256 characters for staff only", () => {
    const none = checkNewAccount({ ...input, password: "" }, 7, []);
    expect(!none.ok && none.problems["password"]?.key).toBe(
      "admin.check.passwordRequired",
    );
    expect(
      fields(checkNewAccount({ ...input, password: "short" }, 7, [])),
    ).toEqual(["password"]);
    const card = checkNewAccount(
      { ...input, role: "delegate", person_id: 3, password: "" },
      7,
      [],
    );
    expect(card.ok && card.value.password).toBeNull();
    expect(needsPassword("chair")).toBe(true);
    expect(needsPassword("guest")).toBe(false);
  });

  it("needs the person of a delegate's account", () => {
    const r = checkNewAccount({ ...input, role: "delegate" }, 7, []);
    expect(!r.ok && r.problems["person_id"]?.key).toBe(
      "admin.check.personRequired",
    );
  });

  it("refuses a person who already has an account", () => {
    const r = checkNewAccount({ ...input, person_id: 5 }, 7, [
      account({ person_id: 5 }),
    ]);
    expect(fields(r)).toEqual(["person_id"]);
  });
});

describe("checkAccountChange", () => {
  it("makes a delegate chair only with a password, which it sends", () => {
    const delegate = account({ role: "delegate", person_id: 4 });
    const change = {
      username: delegate.username,
      display_name: delegate.display_name,
      role: "chair" as const,
      person_id: 4,
    };
    expect(
      fields(checkAccountChange(delegate, { ...change, password: "" })),
    ).toEqual(["password"]);
    expect(
      fields(checkAccountChange(delegate, { ...change, password: "ngắn" })),
    ).toEqual(["password"]);
    expect(
      checkAccountChange(delegate, { ...change, password: "k7dq-m2xa-9vtp" }),
    ).toEqual({
      ok: true,
      value: { role: "chair", password: "k7dq-m2xa-9vtp" },
    });
    // A delegate made guest keeps signing in by card: no password.
    expect(
      checkAccountChange(delegate, {
        ...change,
        role: "guest",
        password: "k7dq-m2xa-9vtp",
      }),
    ).toEqual({ ok: true, value: { role: "guest" } });
  });

  it("sends only what changed", () => {
    const a = account({});
    expect(
      checkAccountChange(a, {
        username: a.username,
        person_id: a.person_id ?? null,
        display_name: "Nguyễn Thị Lan",
        role: "chair",
        password: "",
      }),
    ).toEqual({ ok: true, value: { role: "chair" } });
    expect(
      checkAccountChange(a, {
        username: a.username,
        person_id: a.person_id ?? null,
        display_name: " Lê Lan ",
        role: "secretary",
        password: "",
      }),
    ).toEqual({ ok: true, value: { display_name: "Lê Lan" } });
    expect(
      fields(
        checkAccountChange(a, {
          username: a.username,
          person_id: null,
          display_name: " ",
          role: "chair",
          password: "",
        }),
      ),
    ).toEqual(["display_name"]);
  });

  it("renames and relinks, against the other accounts", () => {
    const a = account({ role: "delegate", person_id: 4, username: "mai" });
    const other = account({ id: 2, username: "lan", person_id: 5 });
    const edit = {
      username: " Mai.Lo ",
      person_id: 6,
      display_name: a.display_name,
      role: "delegate" as const,
      password: "",
    };
    expect(checkAccountChange(a, edit, [a, other])).toEqual({
      ok: true,
      value: { username: "mai.lo", person_id: 6 },
    });
    // Another account's username or person is refused by field; the
    // account's own are not "taken".
    expect(
      fields(
        checkAccountChange(a, { ...edit, username: "lan", person_id: 5 }, [
          a,
          other,
        ]),
      ),
    ).toEqual(["person_id", "username"]);
    expect(
      checkAccountChange(a, { ...edit, username: "mai", person_id: 4 }, [
        a,
        other,
      ]),
    ).toEqual({ ok: true, value: {} });
    // A delegate's account always names its delegate.
    expect(
      fields(checkAccountChange(a, { ...edit, person_id: null }, [a])),
    ).toEqual(["person_id"]);
  });
});

describe("checkPasswordReset", () => {
  it("needs 10 characters or more", () => {
    expect(checkPasswordReset("abc").ok).toBe(false);
    expect(checkPasswordReset("abcdefghij")).toEqual({
      ok: true,
      value: { password: "abcdefghij" },
    });
  });
});

describe("generatePassword", () => {
  it("gives three groups of four unambiguous characters", () => {
    const p = generatePassword();
    expect(p).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(p).not.toMatch(/[ilo01]/);
    expect(p.length).toBeGreaterThanOrEqual(10);
  });

  it("skips bytes that would favour some letters", () => {
    let call = 0;
    // First call: only bytes above the limit (248 = 8 × 31); then zeros.
    const random = (b: Uint8Array<ArrayBuffer>) =>
      b.fill(call++ === 0 ? 250 : 0);
    expect(generatePassword(random)).toBe("aaaa-aaaa-aaaa");
  });
});
