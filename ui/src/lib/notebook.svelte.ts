/**
 * A delegate's notes on one document: the saved ones from the server and
 * the drafts on this device (noteDrafts.ts). Every keystroke goes to the
 * draft in local storage first; the server's answer removes it.
 */
import { api } from "./api";
import { auth } from "./auth.svelte";
import { errorMessage } from "./errors";
import { flush, parseDrafts, upsert, without, type Draft } from "./noteDrafts";
import { load, save } from "./storage";
import type { Note, NoteKind, TextQuote } from "./types";

function storageKey(): string {
  return `kyhop.noteDrafts.${auth.account?.id ?? "anonymous"}`;
}

const sender = { create: api.createNote, update: api.updateNote };

export class Notebook {
  readonly documentId: number;
  notes = $state.raw<Note[] | null>(null);
  drafts = $state.raw<Draft[]>([]);
  /** Loading the notes failed. */
  problem = $state<string | null>(null);
  /** Deleting failed (the note stays). */
  removeProblem = $state<string | null>(null);
  saving = $state(false);

  constructor(documentId: number) {
    this.documentId = documentId;
    this.drafts = this.#all().filter((d) => d.documentId === documentId);
  }

  #all(): Draft[] {
    return parseDrafts(load(storageKey()));
  }

  /** Changes the stored drafts (of every document) and this one's view of them. */
  #write(change: (all: Draft[]) => Draft[]): void {
    const all = change(this.#all());
    save(storageKey(), all.length ? JSON.stringify(all) : null);
    this.drafts = all.filter((d) => d.documentId === this.documentId);
  }

  async load(): Promise<void> {
    try {
      this.notes = await api.notes(this.documentId);
      this.problem = null;
    } catch (error) {
      this.problem = errorMessage(error);
    }
  }

  /** Starts a note (or highlight) on a passage; returns the draft's key. */
  begin(
    kind: NoteKind,
    at: { version: number; page: number; quote: TextQuote },
  ): string {
    const key = `new:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.#write((all) =>
      upsert(all, {
        key,
        documentId: this.documentId,
        create: { kind, ...at },
        body: "",
        submitted: kind === "highlight",
      }),
    );
    if (kind === "highlight") void this.send();
    return key;
  }

  /** Starts editing a saved note's text. */
  edit(note: Note): string {
    const key = `edit:${note.id}`;
    if (!this.drafts.some((d) => d.key === key))
      this.#write((all) =>
        upsert(all, {
          key,
          documentId: this.documentId,
          noteId: note.id,
          body: note.body,
          submitted: false,
        }),
      );
    return key;
  }

  type(key: string, body: string): void {
    const draft = this.drafts.find((d) => d.key === key);
    if (draft) this.#write((all) => upsert(all, { ...draft, body }));
  }

  discard(key: string): void {
    this.#write((all) => without(all, key));
  }

  /** Asks for a draft to be saved, and sends every draft waiting. */
  async submit(key: string): Promise<void> {
    const draft = this.drafts.find((d) => d.key === key);
    if (!draft) return;
    this.#write((all) =>
      upsert(all, { ...draft, submitted: true, failed: undefined }),
    );
    await this.send();
  }

  /** Sends this document's submitted drafts (again). */
  async send(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    try {
      const result = await flush(
        this.#all(),
        sender,
        (d) => d.documentId === this.documentId,
      );
      // Storage may have changed meanwhile (typing goes on): apply the outcome.
      this.#write((all) => {
        let next = all;
        for (const { draft } of result.saved) next = without(next, draft.key);
        for (const failed of result.drafts)
          if (failed.failed) {
            const now = next.find((d) => d.key === failed.key);
            if (now) next = upsert(next, { ...now, failed: failed.failed });
          }
        return next;
      });
      if (result.saved.length) {
        const saved = result.saved.map((s) => s.note);
        const ids = new Set(saved.map((n) => n.id));
        this.notes = [
          ...(this.notes ?? []).filter((n) => !ids.has(n.id)),
          ...saved,
        ].sort((a, b) => a.id - b.id);
      }
    } finally {
      this.saving = false;
    }
  }

  async remove(noteId: number): Promise<boolean> {
    try {
      await api.deleteNote(noteId);
      this.removeProblem = null;
      this.notes = (this.notes ?? []).filter((n) => n.id !== noteId);
      this.discard(`edit:${noteId}`);
      return true;
    } catch (error) {
      this.removeProblem = errorMessage(error);
      return false;
    }
  }
}
