import { once } from "node:events";
import { createDeflate, deflateSync } from "node:zlib";
import { pdfText } from "./handwritten-pdf.js";

/**
 * Inputs built to exhaust memory or time rather than to be misread: compression bombs, a cycle of
 * forms and patterns, markup nested deep. Generated here so that no large file is committed; each is
 * deterministic.
 */

/** One text line per page, so that the pages before a bomb are ordinary ones. */
const PAGE_TEXT = "BT /F1 12 Tf 72 720 Td (Pagina ordinaria) Tj ET";

/** A page's worth of drawing operators, repeated to make the bomb's decoded content. */
const OPERATORS = "0 0 m 10 10 l S\n";

/**
 * zlib-compressed `unit` repeated until `decodedBytes`, deflated piece by piece so that the decoded
 * content is never held whole (1 GiB compresses to about 2 MB in some 3 s).
 */
export async function flateBomb(decodedBytes: number, unit = OPERATORS): Promise<Buffer> {
  const piece = Buffer.from(unit.repeat(Math.ceil((1 << 20) / unit.length)));
  const deflate = createDeflate({ level: 9, memLevel: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflate, "end");
  for (let written = 0; written < decodedBytes; written += piece.length) {
    if (!deflate.write(piece)) await once(deflate, "drain");
  }
  deflate.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A stream object with its filters, around binary data (kept byte for byte through Latin-1). */
function filteredStream(data: Buffer, filters: readonly string[]): string {
  const filter = filters.length === 1 ? `/${filters[0]}` : `[${filters.map((f) => `/${f}`).join(" ")}]`;
  return `<< /Length ${data.length} /Filter ${filter} >>\nstream\n${data.toString("latin1")}\nendstream`;
}

/**
 * A PDF of `pages` pages whose page `bombPage` has `content` (a stream object's body) as its content
 * and every other page one line of text.
 */
function pdfWithPageContent(pages: number, bombPage: number, content: string): Uint8Array {
  const pageObjects: string[] = [];
  const contents: string[] = [];
  // Objects: 1 catalog, 2 pages, 3 font, then a page and its content for each page.
  for (let page = 1; page <= pages; page++) {
    const pageObject = 4 + (page - 1) * 2;
    pageObjects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents ${pageObject + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
    );
    contents.push(
      page === bombPage ? content : `<< /Length ${PAGE_TEXT.length} >>\nstream\n${PAGE_TEXT}\nendstream`,
    );
  }
  const kids = pageObjects.map((_, i) => `${4 + i * 2} 0 R`).join(" ");
  const text = pdfText("1.4", [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ...pageObjects.flatMap((page, i) => [page, contents[i] ?? ""]),
  ]);
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** Three pages, the third's content one Flate stream expanding to `decodedBytes` of operators. */
export async function flateBombPdf(decodedBytes: number): Promise<Uint8Array> {
  return pdfWithPageContent(3, 3, filteredStream(await flateBomb(decodedBytes), ["FlateDecode"]));
}

/**
 * Three pages, the third's content compressed twice (`/Filter [/FlateDecode /FlateDecode]`): the
 * second pass shrinks the first's output again, to a few KB for a GiB of operators.
 */
export async function doubleFlateBombPdf(decodedBytes: number): Promise<Uint8Array> {
  const twice = deflateSync(await flateBomb(decodedBytes), { level: 9 });
  return pdfWithPageContent(3, 3, filteredStream(twice, ["FlateDecode", "FlateDecode"]));
}

/** Three pages, the third's content `decodedBytes` of blanks: no operator, only decoded bytes. */
export async function blankBombPdf(decodedBytes: number): Promise<Uint8Array> {
  return pdfWithPageContent(
    3,
    3,
    filteredStream(await flateBomb(decodedBytes, " ".repeat(64)), ["FlateDecode"]),
  );
}

/**
 * The shape of pdf.js's own `operator_list_cycle.pdf` (test/pdfs, from a Chromium fuzzing report),
 * written afresh: the page draws a form, which draws a second form, which fills with a tiling
 * pattern whose cell draws the first form again.
 */
export function operatorListCyclePdf(): Uint8Array {
  const stream = (dict: string, data: string) =>
    `<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;
  const text = pdfText("1.7", [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /XObject << /Im6 5 0 R >> >> >>",
    stream("", "1 0 0 1 315.779 733.039 cm\n1.04704 0 0 1.04704 0 0 cm\n/Im6 Do"),
    stream("/Subtype /Form /BBox [0 0 225 161] /Resources << /XObject << /x15 6 0 R >> >>", "/x15 Do"),
    stream(
      "/Subtype /Form /BBox [0 0 225 161] /Resources << /Pattern << /p31 7 0 R >> >>",
      "q /Pattern cs /p31 scn\n0 0 224.72 160.4 re f\nQ",
    ),
    stream(
      "/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 225 161] /XStep 225 /YStep 161 /Resources << /XObject << /x47 5 0 R >> >>",
      "/x47 Do",
    ),
  ]);
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** An HTML page whose body nests `depth` elements, one in another, around one line of text. */
export function deeplyNestedHtml(depth: number): Uint8Array {
  return new TextEncoder().encode(
    `<!DOCTYPE html><html><body>${"<div>".repeat(depth)}A1 Testo${"</div>".repeat(depth)}</body></html>\n`,
  );
}

/**
 * One page of text that also draws a greyscale image of `decodedBytes` pixels, Flate-compressed: a
 * large image is legitimate (a scan), and the reader never decodes images.
 */
export async function largeImagePdf(decodedBytes: number): Promise<Uint8Array> {
  const width = 4096;
  const height = Math.ceil(decodedBytes / width);
  const pixels = await flateBomb(width * height, "\u0080".repeat(64));
  const image = `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n${pixels.toString("latin1")}\nendstream`;
  const content = `q 400 0 0 300 100 100 cm /Im1 Do Q\n${PAGE_TEXT}`;
  const text = pdfText("1.4", [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    image,
  ]);
  return new Uint8Array(Buffer.from(text, "latin1"));
}
