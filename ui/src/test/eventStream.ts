/**
 * A scripted fake server for the event-stream tests (`eventStream`, `live`,
 * `councilEvents`): SSE bodies built from chunks as the network might split
 * them, and a fetch that records what was asked and answers from a script.
 */
import { vi } from "vitest";
import type { SessionEvent } from "../lib/types";

/** A response body sending `chunks`, then closing, or staying open and silent. */
export function sseBody(
  chunks: string[],
  keepOpen = false,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) controller.close();
    },
  });
}

/** An event as the server frames it. */
export const frame = (e: SessionEvent) =>
  `id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`;

/** An answer: an event stream of `chunks`. */
export const stream =
  (chunks: string[], keepOpen = false) =>
  () =>
    new Response(sseBody(chunks, keepOpen), {
      status: 200,
      headers: { "Content-Type": "text/event-stream" },
    });

/** An answer: the server's JSON error. */
export const refusal = (status: number, code: string) => () =>
  new Response(JSON.stringify({ code, message: code }), { status });

export interface SeenRequest {
  url: string;
  accept: string | null;
  authorization: string | null;
  lastEventId: string | null;
}

/** A fake fetch that answers each request with the next scripted response. */
export function fakeServer(answers: (() => Response)[]) {
  const requests: SeenRequest[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(input),
      accept: headers.get("Accept"),
      authorization: headers.get("Authorization"),
      lastEventId: headers.get("Last-Event-ID"),
    });
    const next = answers.shift();
    if (next) return next();
    // Nothing more scripted: a stream that stays open and silent.
    return new Response(sseBody([], true), { status: 200 });
  }) as typeof fetch;
  return { requests, fetchImpl };
}

/** The token lives in localStorage, which Node lacks: a Map stands in (undo with `vi.unstubAllGlobals`). */
export function stubLocalStorage(): void {
  const items = new Map<string, string>();
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  });
}
