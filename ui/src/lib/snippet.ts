/**
 * Search snippets arrive HTML-escaped with the matches in `<mark>…</mark>`.
 * Rather than hand them to `{@html}`, they are split into plain-text parts,
 * each marked or not, and rendered as text nodes: only `<mark>` ever becomes
 * an element, whatever else the string holds.
 */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

/** Undoes the server's escaping; anything else stays as it was typed. */
function unescape(s: string): string {
  return s.replace(/&(?:lt|gt|amp|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e);
}

export function snippetParts(html: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  for (const piece of html.split(/(<\/?mark>)/)) {
    if (piece === "<mark>") mark = true;
    else if (piece === "</mark>") mark = false;
    else if (piece) {
      const text = unescape(piece);
      const last = parts.at(-1);
      if (last && last.mark === mark) last.text += text;
      else parts.push({ text, mark });
    }
  }
  return parts;
}
