import { describe, expect, it } from "vitest";
import { snippetParts } from "./snippet";

describe("snippetParts", () => {
  it("turns <mark> into marked parts and unescapes the rest", () => {
    expect(
      snippetParts(
        "…tăng <mark>đầu</mark> <mark>tư</mark> cho &lt;vùng&gt; &amp; &quot;cao&quot;…",
      ),
    ).toEqual([
      { text: "…tăng ", mark: false },
      { text: "đầu", mark: true },
      { text: " ", mark: false },
      { text: "tư", mark: true },
      { text: ' cho <vùng> & "cao"…', mark: false },
    ]);
  });

  it("never lets other markup through: it stays text", () => {
    const parts = snippetParts(
      "<img src=x onerror=alert(1)><mark>a</mark><script>b</script>",
    );
    expect(parts).toEqual([
      { text: "<img src=x onerror=alert(1)>", mark: false },
      { text: "a", mark: true },
      { text: "<script>b</script>", mark: false },
    ]);
    // An escaped <mark> is text the document contained, not a match.
    expect(snippetParts("&lt;mark&gt;x")).toEqual([
      { text: "<mark>x", mark: false },
    ]);
    // Unknown entities are not decoded (no double unescaping either).
    expect(snippetParts("&amp;lt; &nbsp;")).toEqual([
      { text: "&lt; &nbsp;", mark: false },
    ]);
  });

  it("copes with an unclosed mark and an empty snippet", () => {
    expect(snippetParts("<mark>a")).toEqual([{ text: "a", mark: true }]);
    expect(snippetParts("")).toEqual([]);
  });
});
