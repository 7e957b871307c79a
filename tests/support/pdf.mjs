// Small valid PDFs for the end-to-end tests, made here: A4 pages of
// Helvetica text with a correct cross-reference table (the server reads
// every upload's text and refuses anything damaged, so these must be real
// PDFs). Shared by tests/e2e and tests/desktop.

import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

/** Width, height and colour components of a JPEG (its SOF marker). */
function jpegSize(jpeg) {
  let at = 2;
  while (at < jpeg.length) {
    const marker = jpeg[at + 1];
    const length = jpeg.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xc2)
      return {
        height: jpeg.readUInt16BE(at + 5),
        width: jpeg.readUInt16BE(at + 7),
        components: jpeg[at + 9],
      };
    at += 2 + length;
  }
  throw new Error("no JPEG frame header");
}

/**
 * A scan of `text` as a People's Committee's scanner makes one: laid out
 * by LibreOffice (`soffice`), drawn at 300 dpi in grey by `pdftoppm`, each
 * page's JPEG the only thing on an A4 page: no text layer at all. `dir` is
 * a scratch directory.
 */
export function scanPdf(text, dir) {
  writeFileSync(join(dir, "scan.txt"), text);
  execFileSync("soffice", [
    `-env:UserInstallation=file://${dir}/lo-profile`,
    "--headless",
    "--convert-to",
    "pdf",
    "--outdir",
    dir,
    join(dir, "scan.txt"),
  ]);
  execFileSync("pdftoppm", [
    "-r",
    "300",
    "-gray",
    "-jpeg",
    join(dir, "scan.pdf"),
    join(dir, "page"),
  ]);
  const pages = readdirSync(dir)
    .filter((f) => f.startsWith("page") && f.endsWith(".jpg"))
    .sort();
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""];
  const kids = [];
  const parts = [];
  for (const name of pages) {
    const jpeg = readFileSync(join(dir, name));
    const { width, height, components } = jpegSize(jpeg);
    // pdftoppm writes its grey pages as three-component JPEGs.
    const colours = components === 1 ? "DeviceGray" : "DeviceRGB";
    const image = objects.length + 1;
    objects.push({
      head: `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /${colours} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>`,
      data: jpeg,
    });
    const content = "q 595 0 0 842 0 0 cm /Scan Do Q";
    objects.push(
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
    kids.push(objects.length + 1);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Scan ${image} 0 R >> >> /Contents ${image + 1} 0 R >>`,
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let size = 0;
  const push = (chunk) => {
    const buffer =
      typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    parts.push(buffer);
    size += buffer.length;
  };
  push("%PDF-1.4\n");
  const offsets = objects.map((body, i) => {
    const at = size;
    if (typeof body === "string") push(`${i + 1} 0 obj\n${body}\nendobj\n`);
    else {
      push(`${i + 1} 0 obj\n${body.head}\nstream\n`);
      push(body.data);
      push("\nendstream\nendobj\n");
    }
    return at;
  });
  const xref = size;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const at of offsets) push(`${String(at).padStart(10, "0")} 00000 n \n`);
  push(
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
  );
  return Buffer.concat(parts);
}
