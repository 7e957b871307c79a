import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { FormAction } from "./formAction.svelte";

const refuse = (error: ApiError) => () => Promise.reject(error);
const ok = { ok: true as const, value: 1 };

describe("FormAction", () => {
  it("shows the form's own problems and sends nothing", async () => {
    const form = new FormAction();
    let sent = false;
    await form.submit(
      { ok: false, problems: { name: { key: "setup.check.required" } } },
      async () => (sent = true),
    );
    expect(sent).toBe(false);
    expect(form.problem("name")).toBe("Vui lòng nhập thông tin này.");
  });

  it("puts a refusal that names a field next to that field", async () => {
    const form = new FormAction();
    await form.submit(
      ok,
      refuse(new ApiError("validation_failed", 422, "too long", "name")),
    );
    expect(form.problem("name")).toBe(
      "Giá trị không hợp lệ, máy chủ không chấp nhận.",
    );
    expect(form.error).toBeNull();
  });

  it("places a field-less refusal by its code, in the form's words", async () => {
    const form = new FormAction();
    await form.submit(ok, refuse(new ApiError("duplicate", 409, "exists")), {
      duplicate: { field: "name", key: "admin.groups.duplicate" },
    });
    expect(form.problem("name")).toBe("Đã có tổ đại biểu mang tên này.");
    expect(form.error).toBeNull();
  });

  it("shows any other refusal above the buttons", async () => {
    const form = new FormAction();
    await form.submit(ok, refuse(new ApiError("network", 0, "offline")), {
      duplicate: { field: "name", key: "admin.groups.duplicate" },
    });
    expect(form.fields).toEqual({});
    expect(form.error).not.toBeNull();
  });
});
