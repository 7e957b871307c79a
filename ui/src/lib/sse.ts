/**
 * A streaming parser for Server-Sent Events (text/event-stream), per the
 * WHATWG HTML spec's "event stream interpretation", reduced to what KyHop
 * sends: `id:`, `data:` (possibly several lines), `event:`, `retry:` and
 * comments (`:` keep-alives). Pure: feed it text chunks as they arrive,
 * however the network split them; it returns the frames completed so far.
 */

export interface SseFrame {
  /** The `id:` of this frame, if it had one. */
  id: string | null;
  /** The `event:` type, "message" by default. */
  event: string;
  /** The data lines joined with "\n". */
  data: string;
  /** A `retry:` reconnection time in milliseconds, if given. */
  retry: number | null;
}

export class SseParser {
  private buffer = "";
  private dataLines: string[] = [];
  private id: string | null = null;
  private event = "";
  private retry: number | null = null;
  private sawField = false;
  /** A chunk ended in "\r": a "\n" starting the next chunk belongs to it. */
  private pendingCr = false;

  /** Feeds one decoded chunk; returns the frames it completed. */
  push(chunk: string): SseFrame[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const frames: SseFrame[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      const line = this.buffer.slice(start, i);
      if (ch === "\r") {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === "\n") i++;
      }
      start = i + 1;
      const frame = this.line(line);
      if (frame) frames.push(frame);
    }
    this.buffer = this.buffer.slice(start);
    return frames;
  }

  private line(line: string): SseFrame | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null; // comment / keep-alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.dataLines.push(value);
        this.sawField = true;
        break;
      case "id":
        if (!value.includes("\0")) this.id = value;
        this.sawField = true;
        break;
      case "event":
        this.event = value;
        this.sawField = true;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }

  private dispatch(): SseFrame | null {
    const frame: SseFrame | null =
      this.sawField && this.dataLines.length > 0
        ? {
            id: this.id,
            event: this.event || "message",
            data: this.dataLines.join("\n"),
            retry: this.retry,
          }
        : null;
    this.dataLines = [];
    this.event = "";
    this.id = null;
    this.sawField = false;
    return frame;
  }
}
