import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import {
  documentForm,
  postFile,
  uploadDocument,
  uploadForm,
  uploadVersion,
  versionForm,
} from "./uploads";

/** The desktop app's hand-over: a token for getToken without localStorage. */
const desktopWindow = globalThis as {
  __kyhopDesktop?: { token?: string | null };
};

/** What a call that should fail rejected with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as ApiError,
  );

afterEach(() => {
  vi.unstubAllGlobals();
  delete desktopWindow.__kyhopDesktop;
});

const pdf = (name: string) =>
  new File(["%PDF-1.7"], name, { type: "application/pdf" });

interface Sent {
  method?: string;
  path?: string;
  headers: string[][];
  body?: unknown;
}

/**
 * An XMLHttpRequest that answers `status` with `body` once sent, or fails
 * with no answer when `status` is null.
 */
function fakeXhr(status: number | null, body = "") {
  const sent: Sent = { headers: [] };
  class Fake {
    status = status ?? 0;
    statusText = "Status";
    responseText = body;
    upload: { onprogress?: (event: { loaded: number }) => void } = {};
    onload?: () => void;
    onerror?: () => void;
    open(method: string, path: string) {
      Object.assign(sent, { method, path });
    }
    setRequestHeader(name: string, value: string) {
      sent.headers.push([name, value]);
    }
    send(form: unknown) {
      sent.body = form;
      if (status === null) return this.onerror?.();
      this.upload.onprogress?.({ loaded: 3 });
      this.onload?.();
    }
  }
  vi.stubGlobal("XMLHttpRequest", Fake);
  return sent;
}

describe("uploadForm", () => {
  it("posts the form and resolves with the JSON answer, reporting progress", async () => {
    const sent = fakeXhr(201, JSON.stringify({ id: 4 }));
    const progress: number[] = [];
    const form = new FormData();
    const answer = await uploadForm<{ id: number }>("/api/x", form, (loaded) =>
      progress.push(loaded),
    );
    expect(answer).toEqual({ id: 4 });
    expect(progress).toEqual([3]);
    expect([sent.method, sent.path, sent.body]).toEqual([
      "POST",
      "/api/x",
      form,
    ]);
    expect(sent.headers).toContainEqual(["Accept", "application/json"]);
    expect(sent.headers.some(([name]) => name === "Authorization")).toBe(false);
  });

  it("sends the caller's token", async () => {
    desktopWindow.__kyhopDesktop = { token: "t0k" };
    const sent = fakeXhr(200, "{}");
    await uploadForm("/api/x", new FormData(), () => {});
    expect(sent.headers).toContainEqual(["Authorization", "Bearer t0k"]);
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

  it("rejects a non-JSON error with the HTTP status, no answer as network", async () => {
    fakeXhr(502, "<html>");
    const bad = await rejection(uploadForm("/api/x", new FormData(), () => {}));
    expect([bad.code, bad.status]).toEqual(["http_502", 502]);
    fakeXhr(null);
    const lost = await rejection(
      uploadForm("/api/x", new FormData(), () => {}),
    );
    expect([lost.code, lost.status]).toEqual(["network", 0]);
  });
});

describe("the upload forms", () => {
  it("sends a new document's meta as JSON beside its file", async () => {
    const form = documentForm(pdf("bao-cao.pdf"), {
      title: "Báo cáo",
      kind: "report",
    });
    expect([...form.keys()]).toEqual(["document", "file"]);
    expect(JSON.parse(form.get("document") as string)).toEqual({
      title: "Báo cáo",
      kind: "report",
    });
    const file = form.get("file") as File;
    expect([file.name, await file.text()]).toEqual(["bao-cao.pdf", "%PDF-1.7"]);
  });

  it("sends a new version's file alone", () => {
    const form = versionForm(pdf("v2.pdf"));
    expect([...form.keys()]).toEqual(["file"]);
    expect((form.get("file") as File).name).toBe("v2.pdf");
  });

  it("posts a new document to its session and a new version to its document", async () => {
    let sent = fakeXhr(201, JSON.stringify({ id: 11 }));
    const document = await uploadDocument(
      7,
      pdf("a.pdf"),
      { title: "A", kind: "other" },
      () => {},
    );
    expect(document).toEqual({ id: 11 });
    expect(sent.path).toBe("/api/sessions/7/documents");
    expect([...(sent.body as FormData).keys()]).toEqual(["document", "file"]);

    sent = fakeXhr(201, JSON.stringify({ id: 9 }));
    await uploadVersion(9, pdf("b.pdf"), () => {});
    expect(sent.path).toBe("/api/documents/9/versions");
    expect([...(sent.body as FormData).keys()]).toEqual(["file"]);
  });
});

describe("postFile", () => {
  it("sends the file as the body with its type and the token; JSON back", async () => {
    desktopWindow.__kyhopDesktop = { token: "t0k" };
    const fetch = vi.fn(
      async (_path: string, _init: RequestInit) =>
        new Response(JSON.stringify({ valid: true }), { status: 200 }),
    );
    vi.stubGlobal("fetch", fetch);
    const file = pdf("signed.pdf");
    const answer = await postFile("/api/verify", file, "application/pdf");
    expect(answer).toEqual({ valid: true });
    const [path, init] = fetch.mock.calls[0]!;
    expect([path, init.method, init.body]).toEqual([
      "/api/verify",
      "POST",
      file,
    ]);
    expect(init.headers).toEqual({
      Authorization: "Bearer t0k",
      Accept: "application/json",
      "Content-Type": "application/pdf",
    });
  });

  it("rejects with the server's error", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(JSON.stringify({ code: "not_pdf", message: "no" }), {
          status: 422,
        }),
    );
    const error = await rejection(postFile("/api/verify", new Blob([]), "x"));
    expect([error.code, error.status]).toEqual(["not_pdf", 422]);
  });
});
