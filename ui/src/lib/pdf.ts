/**
 * pdf.js, set up for the viewer. Only the viewer imports this module, and
 * the viewer is itself loaded on demand, so none of pdf.js is in the first
 * bundle of the delegate view.
 *
 * Nothing comes from a CDN: the worker, the standard fonts (for PDFs that do
 * not embed theirs) and the image decoders (JPEG 2000, JBIG2 in scanned
 * pages) are files of the build, fetched only if a document needs them.
 */
import * as pdfjs from "pdfjs-dist";
import type { PDFDocumentProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

function byName(urls: Record<string, string>): Map<string, string> {
  return new Map(
    Object.entries(urls).map(([path, url]) => [path.split("/").pop()!, url]),
  );
}

const fonts = byName(
  import.meta.glob("/node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}", {
    query: "?url",
    import: "default",
    eager: true,
  }),
);
const wasm = byName(
  import.meta.glob(
    "/node_modules/pdfjs-dist/wasm/{openjpeg,jbig2,qcms_bg}.wasm",
    {
      query: "?url",
      import: "default",
      eager: true,
    },
  ),
);

/** Serves pdf.js's data files from the build's own assets. */
class BundledDataFactory {
  async fetch({
    kind,
    filename,
  }: {
    kind: string;
    filename: string;
  }): Promise<Uint8Array> {
    const url =
      kind === "standardFontDataUrl"
        ? fonts.get(filename)
        : kind === "wasmUrl"
          ? wasm.get(filename)
          : undefined;
    if (!url) throw new Error(`pdf.js data not bundled: ${kind} ${filename}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

export function openPdf(data: ArrayBuffer): Promise<PDFDocumentProxy> {
  return pdfjs.getDocument({
    data: new Uint8Array(data),
    useWorkerFetch: false,
    BinaryDataFactory: BundledDataFactory,
  }).promise;
}

export { pdfjs };
export type { PDFDocumentProxy };
export type { PDFPageProxy } from "pdfjs-dist";
