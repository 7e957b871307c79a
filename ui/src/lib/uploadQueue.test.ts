import { describe, expect, it } from "vitest";
import {
  addFiles,
  failed,
  isPdf,
  percent,
  progressed,
  retried,
  started,
  succeeded,
  titleFromFileName,
  withoutDone,
} from "./uploadQueue";

/** The entry at `i`, which the test expects to be there. */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no entry ${i}`);
  return item;
}

const pdf = (name: string, size = 1000) => ({
  name,
  size,
  type: "application/pdf",
});

describe("upload queue", () => {
  it("recognises PDFs by type or extension", () => {
    expect(isPdf(pdf("a.pdf"))).toBe(true);
    expect(isPdf({ name: "B.PDF", size: 1, type: "" })).toBe(true);
    expect(isPdf({ name: "notes.txt", size: 1, type: "text/plain" })).toBe(
      false,
    );
  });

  it("makes titles from file names", () => {
    expect(titleFromFileName("bao-cao_ngan-sach.pdf")).toBe(
      "bao cao ngan sach",
    );
    expect(titleFromFileName("Tờ trình số 5.PDF")).toBe("Tờ trình số 5");
    expect(titleFromFileName(".pdf")).toBe(".pdf");
  });

  it("gives each file its own key, also across additions", () => {
    const first = addFiles([], [pdf("a.pdf"), pdf("b.pdf")]);
    expect(first.added.map((e) => e.key)).toEqual([1, 2]);
    const second = addFiles(first.queue, [pdf("c.pdf")]);
    expect(at(second.added, 0).key).toBe(3);
    expect(second.queue.map((e) => e.state)).toEqual([
      "queued",
      "queued",
      "queued",
    ]);
  });

  it("tracks progress, never backwards nor past the size", () => {
    let { queue } = addFiles([], [pdf("a.pdf", 200), pdf("b.pdf", 100)]);
    queue = progressed(queue, 1, 50); // not started: ignored
    expect(at(queue, 0).loaded).toBe(0);
    queue = started(queue, 1);
    queue = progressed(queue, 1, 50);
    expect(percent(at(queue, 0))).toBe(25);
    queue = progressed(queue, 1, 10);
    expect(at(queue, 0).loaded).toBe(50);
    queue = progressed(queue, 1, 9999);
    expect(percent(at(queue, 0))).toBe(100);
    expect(at(queue, 1).state).toBe("queued");
  });

  it("fails per file and retries only failed files", () => {
    let { queue } = addFiles([], [pdf("a.pdf"), pdf("b.pdf")]);
    queue = started(queue, 1);
    queue = progressed(queue, 1, 500);
    queue = failed(queue, 1, "Tệp PDF bị hỏng.");
    queue = started(queue, 2);
    queue = succeeded(queue, 2, 42);
    expect(at(queue, 0)).toMatchObject({
      state: "failed",
      error: "Tệp PDF bị hỏng.",
    });
    expect(at(queue, 1)).toMatchObject({ state: "done", documentId: 42 });
    expect(percent(at(queue, 1))).toBe(100);
    expect(at(retried(queue, 2), 1).state).toBe("done");
    queue = retried(queue, 1);
    expect(at(queue, 0)).toMatchObject({
      state: "queued",
      loaded: 0,
      error: null,
    });
    expect(withoutDone(queue).map((e) => e.key)).toEqual([1]);
  });

  it("shows 0% for an empty file until done", () => {
    const { queue } = addFiles([], [pdf("empty.pdf", 0)]);
    expect(percent(at(queue, 0))).toBe(0);
  });
});
