/**
 * Folding text for matching what people type against what is stored:
 * "Nguyễn Văn Đức", "nguyen van duc" and "NGUYỄN  VĂN ĐỨC" all fold to
 * "nguyen van duc". Vietnamese keyboards differ (composed or decomposed
 * tone marks, Telex habits), and spreadsheets add stray spaces.
 */
export function fold(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Trims, composes (NFC) and collapses inner runs of spaces, as the server stores names. */
export function tidy(value: string): string {
  return value.normalize("NFC").replace(/\s+/g, " ").trim();
}
