import { describe, expect, it } from "vitest";
import { ApiError, errorFromResponse, getToken, setToken } from "./api";
import { errorKey, errorMessage } from "./errors";
import { i18n } from "../i18n/i18n.svelte";
import { parseHash, homeFor, viewFor } from "./router.svelte";
import { pickSession } from "./sessions";
import { timerLevel } from "./timer";
import { snapshot } from "../test/fixtures";

describe("errorFromResponse", () => {
  it("keeps the server's code, message, field and status", async () => {
    const response = new Response(
      JSON.stringify({ code: "invalid_body", message: "bad", field: "title" }),
      { status: 422 },
    );
    const error = await errorFromResponse(response);
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.status, error.message, error.field]).toEqual([
      "invalid_body",
      422,
      "bad",
      "title",
    ]);
  });

  it("takes the desktop gateway's unreachable host for no answer", async () => {
    const error = await errorFromResponse(
      new Response(
        JSON.stringify({ code: "host_unreachable", message: "no answer" }),
        { status: 503 },
      ),
    );
    expect([error.code, error.status]).toEqual(["network", 503]);
  });

  it("falls back to the HTTP status for a non-JSON body", async () => {
    const error = await errorFromResponse(
      new Response("<html>", { status: 502 }),
    );
    expect([error.code, error.status, error.field]).toEqual([
      "http_502",
      502,
      null,
    ]);
  });
});

describe("pairing refusals", () => {
  it("are told in the user's language, not in the server's English", () => {
    const awaits = new ApiError("pairing_awaits_chair", 409, "awaits chair");
    const staff = new ApiError("not_pairable", 409, "signs in with password");
    expect(i18n.locale).toBe("vi");
    expect(errorMessage(awaits)).toContain("chủ tọa cần xác nhận thẻ");
    expect(errorMessage(staff)).toContain("đăng nhập bằng mật khẩu");
    i18n.locale = "en";
    try {
      expect(errorMessage(awaits)).toContain("the chair must confirm it");
      expect(errorMessage(staff)).toContain("signs in with a password");
    } finally {
      i18n.locale = "vi";
    }
  });
});

describe("poll refusals", () => {
  it("say why a poll does not open or a ballot is refused, in the user's language", () => {
    const seats = new ApiError(
      "seats_exceeded",
      409,
      "51 delegates are checked in, but the council has 50 seats",
    );
    const late = new ApiError(
      "arrived_after_opening",
      409,
      "you checked in after this poll opened",
    );
    expect(i18n.locale).toBe("vi");
    expect(errorKey("seats_exceeded")).toBe("error.seats_exceeded");
    expect(errorKey("arrived_after_opening")).toBe(
      "error.arrived_after_opening",
    );
    expect(errorMessage(seats)).toContain("kiểm tra lại điểm danh");
    expect(errorMessage(late)).toContain("có mặt khi mở biểu quyết");
    i18n.locale = "en";
    try {
      expect(errorMessage(seats)).toContain("than the council has seats");
      expect(errorMessage(late)).toContain("checked in after this vote opened");
    } finally {
      i18n.locale = "vi";
    }
  });
});

describe("sign-in token", () => {
  it("falls back to the one the desktop app hands its window, until sign-out", () => {
    const desktopWindow = globalThis as {
      __kyhopDesktop?: { token?: string | null };
    };
    desktopWindow.__kyhopDesktop = { token: "local-token" };
    try {
      expect(getToken()).toBe("local-token");
      setToken(null);
      expect(getToken()).toBeNull();
    } finally {
      delete desktopWindow.__kyhopDesktop;
    }
  });
});

describe("router", () => {
  it("parses hashes and falls back to sign-in", () => {
    expect(parseHash("#/chair")).toBe("chair");
    expect(parseHash("#/chamber/")).toBe("chamber");
    expect(parseHash("#/nowhere")).toBe("signin");
    expect(parseHash("")).toBe("signin");
  });
  it("sends each role to its view", () => {
    expect(homeFor("display")).toBe("chamber");
    expect(homeFor("delegate")).toBe("delegate");
    expect(homeFor("admin")).toBe("admin");
    expect(parseHash("#/admin")).toBe("admin");
  });
  it("lets the administrator open the secretary's screen, and no one else's", () => {
    expect(viewFor("admin", "secretary")).toBe("secretary");
    expect(viewFor("admin", "chair")).toBe("admin");
    expect(viewFor("admin", "signin")).toBe("admin");
    expect(viewFor("secretary", "admin")).toBe("secretary");
    expect(viewFor("chair", "secretary")).toBe("chair");
  });
});

describe("pickSession", () => {
  const base = snapshot(1).session;
  it("prefers the session under way, then the first convened", () => {
    const sessions = [
      { ...base, id: 1, state: "closed" as const, planned_start: "2026-06-01" },
      {
        ...base,
        id: 2,
        state: "convened" as const,
        planned_start: "2026-12-08",
      },
      {
        ...base,
        id: 3,
        state: "in_progress" as const,
        planned_start: "2026-11-01",
      },
    ];
    expect(pickSession(sessions)?.id).toBe(3);
    expect(pickSession(sessions.slice(0, 2))?.id).toBe(2);
    expect(pickSession([])).toBeNull();
  });
});

describe("timerLevel", () => {
  it("is amber under a minute and red at zero", () => {
    expect(timerLevel(61_000)).toBe("normal");
    expect(timerLevel(59_999)).toBe("warning");
    expect(timerLevel(0)).toBe("over");
    expect(timerLevel(-5)).toBe("over");
  });
});
