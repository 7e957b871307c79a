// PNG images for the end-to-end tests, made here (RGBA, 8 bits, one zlib
// stream): the seal and signature images a secretariat uploads.

import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG: `ink` ([r, g, b]) where `inked(x, y)` (fractions), else clear. */
export function inkPng(width, height, ink, inked) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    for (let x = 0; x < width; x++) {
      const at = row + 1 + x * 4;
      rows.set(ink, at);
      rows[at + 3] = inked(x / width, y / height) ? 255 : 0;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A round seal of `size` pixels in `ink`: a thick ring and a bar. */
export function sealPng(size, ink) {
  return inkPng(size, size, ink, (x, y) => {
    const r = Math.hypot(x - 0.5, y - 0.5);
    return (r > 0.36 && r < 0.48) || (y > 0.45 && y < 0.55 && r < 0.36);
  });
}
