// Small valid PDFs for the end-to-end tests, made here: A4 pages of
// Helvetica text with a correct cross-reference table (the server reads
// every upload's text and refuses anything damaged, so these must be real
// PDFs). Shared by tests/e2e and tests/desktop.

/** A PDF with one page per entry of `pages`, each a list of text lines. */
export function textPdf(pages) {
  const escape = (text) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const count = pages.length;
  // Objects: 1 catalog, 2 pages, 3 font, then a page and its content each.
  const pageRef = (i) => 4 + 2 * i;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${pageRef(i)} 0 R`).join(" ")}] /Count ${count} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica " +
      "/Encoding /WinAnsiEncoding >>",
  ];
  pages.forEach((lines, i) => {
    const content = [
      "BT /F1 12 Tf 72 770 Td 16 TL",
      ...lines.map((line) => `(${escape(line)}) Tj T*`),
      "ET",
    ].join("\n");
    objects.push(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageRef(i) + 1} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    );
  });
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = Buffer.byteLength(pdf, "latin1");
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) pdf += `${String(at).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\n`;
  pdf += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/** A one-page PDF of `lines`. */
export function smallPdf(lines) {
  return textPdf([lines]);
}
