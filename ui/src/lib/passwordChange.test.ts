import { describe, expect, it } from "vitest";
import { checkPasswordForm, fieldOfServerError } from "./passwordChange";

const form = (current: string, next: string, repeat = next) => ({
  current,
  next,
  repeat,
});

describe("checkPasswordForm", () => {
  it("accepts a good change", () => {
    expect(checkPasswordForm(form("cũ-1234567", "mật khẩu mới 2026"))).toEqual(
      [],
    );
  });

  it("needs the current password", () => {
    expect(checkPasswordForm(form("", "mật khẩu mới 2026"))).toEqual([
      { field: "current", key: "account.currentRequired" },
    ]);
  });

  it("counts characters as the server does: 10 is enough, 9 is not", () => {
    expect(checkPasswordForm(form("x", "đạibiểu123"))).toEqual([]); // 10 letters, more bytes
    expect(checkPasswordForm(form("x", "đạibiểu12"))).toEqual([
      { field: "new", key: "account.tooShort" },
    ]);
    expect(checkPasswordForm(form("x", "a".repeat(257)))).toEqual([
      { field: "new", key: "account.tooLong" },
    ]);
  });

  it("refuses the same password again and a mismatched repeat", () => {
    expect(checkPasswordForm(form("same-password", "same-password"))).toEqual([
      { field: "new", key: "account.sameAsCurrent" },
    ]);
    expect(
      checkPasswordForm(form("old", "mật khẩu mới 2026", "mật khẩu mới 2025")),
    ).toEqual([{ field: "repeat", key: "account.mismatch" }]);
  });

  it("reports every field at once", () => {
    expect(
      checkPasswordForm(form("", "short", "other")).map((p) => p.field),
    ).toEqual(["current", "new", "repeat"]);
  });
});

describe("fieldOfServerError", () => {
  it("places the server's refusal next to its field", () => {
    expect(fieldOfServerError("wrong_password", "current_password")).toBe(
      "current",
    );
    expect(fieldOfServerError("validation_failed", "new_password")).toBe("new");
    expect(fieldOfServerError("network", null)).toBeNull();
  });
});
