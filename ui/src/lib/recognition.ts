/**
 * What the secretary's list says about the OCR of a document's scanned
 * pages: one line (a message key and its figures), whether a progress bar
 * shows, and whether it can still be stopped.
 */
import type { MessageKey } from "../i18n/catalogs";
import type { Recognition } from "./types";

export interface RecognitionLine {
  key: MessageKey;
  params: Record<string, string | number>;
  /** Pages tried of pages to read, while it runs. */
  progress: { done: number; total: number } | null;
  cancellable: boolean;
  /** Scans stay unsearchable: said as a warning. */
  warn: boolean;
}

/**
 * `scanned`: the version's pages still without text (a page read but blank
 * — the back of a sheet, a photograph — stays one).
 */
export function recognitionLine(
  recognition: Recognition | null | undefined,
  scanned: number,
): RecognitionLine | null {
  if (!recognition) return null;
  const { state, pages_done: done, pages_total: total } = recognition;
  const failed = recognition.pages_failed;
  const line = (
    key: MessageKey,
    warn = false,
  ): Omit<RecognitionLine, "progress" | "cancellable"> => ({
    key,
    params: { done, total, failed, blank: scanned - failed },
    warn,
  });
  switch (state) {
    case "queued":
      return {
        ...line("filing.ocr.queued"),
        progress: null,
        cancellable: true,
      };
    case "running":
      return {
        ...line("filing.ocr.running"),
        progress: { done, total },
        cancellable: true,
      };
    case "done":
      return {
        ...(failed > 0
          ? line("filing.ocr.doneFailed", true)
          : scanned > 0
            ? line("filing.ocr.doneBlank", true)
            : line("filing.ocr.done")),
        progress: null,
        cancellable: false,
      };
    case "cancelled":
      return {
        ...line("filing.ocr.cancelled", true),
        progress: null,
        cancellable: false,
      };
    case "unavailable":
      return {
        ...line("filing.ocr.unavailable", true),
        progress: null,
        cancellable: false,
      };
  }
}
