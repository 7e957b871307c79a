import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

const frame = (id: number, data: object) =>
  `id: ${id}\ndata: ${JSON.stringify(data)}\n\n`;

describe("SseParser", () => {
  it("parses complete frames", () => {
    const parser = new SseParser();
    const frames = parser.push(frame(1, { seq: 1 }) + frame(2, { seq: 2 }));
    expect(frames.map((f) => f.id)).toEqual(["1", "2"]);
    expect(JSON.parse(frames[1]!.data)).toEqual({ seq: 2 });
    expect(frames[0]!.event).toBe("message");
  });

  it("reassembles frames split across chunks at any point", () => {
    const text = frame(7, {
      seq: 7,
      kind: "poll.opened",
      payload: { title: "Tán thành" },
    });
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const frames = [
        ...parser.push(text.slice(0, cut)),
        ...parser.push(text.slice(cut)),
      ];
      expect(frames, `cut at ${cut}`).toHaveLength(1);
      expect(frames[0]!.id).toBe("7");
    }
  });

  it("handles one character per chunk", () => {
    const parser = new SseParser();
    const frames = [...(frame(1, { a: 1 }) + frame(2, { a: 2 }))].flatMap((c) =>
      parser.push(c),
    );
    expect(frames.map((f) => f.id)).toEqual(["1", "2"]);
  });

  it("accepts CRLF and CR line endings, also split between chunks", () => {
    const parser = new SseParser();
    const frames = [
      ...parser.push('id: 3\r\ndata: {"seq":3}\r'),
      ...parser.push('\n\r\nid: 4\rdata: {"seq":4}\r\r'),
    ];
    expect(frames.map((f) => [f.id, f.data])).toEqual([
      ["3", '{"seq":3}'],
      ["4", '{"seq":4}'],
    ]);
  });

  it("ignores comments and keep-alives", () => {
    const parser = new SseParser();
    expect(parser.push(":\n\n: keep-alive\n\n")).toEqual([]);
    const frames = parser.push(":\nid: 5\n: in between\ndata: x\n\n");
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data).toBe("x");
  });

  it("joins multi-line data and strips one leading space only", () => {
    const parser = new SseParser();
    const [f] = parser.push("data:a\ndata:  b\n\n");
    expect(f!.data).toBe("a\n b");
  });

  it("does not dispatch a frame without data, nor an unfinished one", () => {
    const parser = new SseParser();
    expect(parser.push("id: 9\n\n")).toEqual([]);
    expect(parser.push("id: 10\ndata: x\n")).toEqual([]);
    expect(parser.push("\n")).toHaveLength(1);
  });

  it("reads retry and event fields", () => {
    const parser = new SseParser();
    const [f] = parser.push("event: ping\nretry: 3000\ndata: y\n\n");
    expect(f).toEqual({ id: null, event: "ping", data: "y", retry: 3000 });
  });
});
