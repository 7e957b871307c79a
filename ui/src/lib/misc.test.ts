import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, errorFromResponse, getToken, setToken } from "./api";
import { uploadForm } from "./files";
import { parseHash, homeFor } from "./router.svelte";
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

describe("uploadForm", () => {
  afterEach(() => void vi.unstubAllGlobals());

  /** An XMLHttpRequest that answers `status` with `body` once sent. */
  function fakeXhr(status: number, body: string) {
    const sent: { method?: string; path?: string; headers: string[][] } = {
      headers: [],
    };
    class Fake {
      status = status;
      statusText = "Status";
      responseText = body;
      upload: { onprogress?: (event: { loaded: number }) => void } = {};
      onload?: () => void;
      open(method: string, path: string) {
        Object.assign(sent, { method, path });
      }
      setRequestHeader(name: string, value: string) {
        sent.headers.push([name, value]);
      }
      send() {
        this.upload.onprogress?.({ loaded: 3 });
        this.onload?.();
      }
    }
    vi.stubGlobal("XMLHttpRequest", Fake);
    return sent;
  }

  it("posts the form and resolves with the JSON answer, reporting progress", async () => {
    const sent = fakeXhr(201, JSON.stringify({ id: 4 }));
    const progress: number[] = [];
    const answer = await uploadForm<{ id: number }>(
      "/api/x",
      new FormData(),
      (loaded) => progress.push(loaded),
    );
    expect(answer).toEqual({ id: 4 });
    expect(progress).toEqual([3]);
    expect([sent.method, sent.path]).toEqual(["POST", "/api/x"]);
    expect(sent.headers).toContainEqual(["Accept", "application/json"]);
  });

  it("rejects with the server's error, field included", async () => {
    fakeXhr(
      413,
      JSON.stringify({
        code: "payload_too_large",
        message: "big",
        field: "file",
      }),
    );
    const error = await uploadForm("/api/x", new FormData(), () => {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    const { code, status, message, field } = error as ApiError;
    expect([code, status, message, field]).toEqual([
      "payload_too_large",
      413,
      "big",
      "file",
    ]);
  });
});
