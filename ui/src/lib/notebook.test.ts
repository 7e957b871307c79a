import { beforeEach, describe, expect, it, vi } from "vitest";
import { note as fixture } from "../test/fixtures";

// This device's storage, in memory.
const stored = new Map<string, string>();
globalThis.localStorage = {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
} as Storage;

// The server, as the notebook reaches it.
vi.mock("./api", async (original) => {
  const actual = await original<typeof import("./api")>();
  return {
    ...actual,
    api: {
      ...actual.api,
      notes: vi.fn(),
      createNote: vi.fn(),
      updateNote: vi.fn(),
      deleteNote: vi.fn(),
    },
  };
});

const { api, ApiError } = await import("./api");
const { Notebook } = await import("./notebook.svelte");

const quote = { exact: "ngân sách", prefix: "dự toán ", suffix: " xã" };
const at = { version: 1, page: 2, quote };

const note = (id: number, body: string) => fixture(id, body, quote);

beforeEach(() => {
  stored.clear();
  vi.mocked(api.createNote).mockReset();
  vi.mocked(api.notes).mockReset();
});

describe("Notebook", () => {
  it("keeps what is typed on the device, for another page load to find", () => {
    const book = new Notebook(7);
    const key = book.begin("note", at);
    book.type(key, "Đề nghị làm rõ");
    // The page is reloaded: a new notebook on the same document.
    const again = new Notebook(7);
    expect(again.drafts.map((d) => [d.key, d.body, d.submitted])).toEqual([
      [key, "Đề nghị làm rõ", false],
    ]);
    // Another document's notebook does not show it.
    expect(new Notebook(8).drafts).toEqual([]);
  });

  it("offline: the draft stays, marked; once the server takes it, it is gone", async () => {
    vi.mocked(api.createNote).mockRejectedValueOnce(
      new ApiError("network", 0, "offline"),
    );
    const book = new Notebook(7);
    book.notes = [];
    const key = book.begin("note", at);
    book.type(key, "Ghi khi mất mạng");
    await book.submit(key);
    expect(book.drafts).toHaveLength(1);
    expect(book.drafts[0]?.failed).toBe("network");
    expect(new Notebook(7).drafts[0]?.body).toBe("Ghi khi mất mạng");

    vi.mocked(api.createNote).mockResolvedValueOnce(
      note(5, "Ghi khi mất mạng"),
    );
    await book.send();
    expect(book.drafts).toEqual([]);
    expect(book.notes?.map((n) => n.id)).toEqual([5]);
    expect(new Notebook(7).drafts).toEqual([]);
    expect(vi.mocked(api.createNote).mock.calls[1]).toEqual([
      7,
      { kind: "note", ...at, body: "Ghi khi mất mạng" },
    ]);
  });

  it("a highlight is sent at once; an edit replaces the note it changes", async () => {
    vi.mocked(api.createNote).mockResolvedValueOnce({
      ...note(6, ""),
      kind: "highlight",
    });
    const book = new Notebook(7);
    book.notes = [note(5, "cũ")];
    book.begin("highlight", at);
    await vi.waitFor(() => expect(book.notes).toHaveLength(2));
    expect(book.drafts).toEqual([]);

    vi.mocked(api.updateNote).mockResolvedValueOnce(note(5, "mới"));
    const key = book.edit(book.notes![0]!);
    book.type(key, "mới");
    await book.submit(key);
    expect(api.updateNote).toHaveBeenCalledWith(5, "mới");
    expect(book.notes?.map((n) => [n.id, n.body])).toEqual([
      [5, "mới"],
      [6, ""],
    ]);
  });
});
