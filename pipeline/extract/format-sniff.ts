/**
 * What format an input is, told from its first bytes. Kept apart from the readers, and without
 * libraries, so that telling a format loads none of them: the PDF reader brings pdf.js (about 250 ms
 * to load), the HTML reader cheerio and iconv-lite (3 MB of code), and an ingestion should pay only
 * for the reader its format needs.
 */

import { InputError } from "../errors.js";
import type { InputFormat } from "../schema/source.js";
import { sniffBinary } from "./container-sniff.js";

/** Where the `%PDF-` header may sit: the PDF specification lets readers accept it within the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/**
 * How much of the file the HTML sniff reads: more than any preamble of BOM, XML declaration, doctype and
 * generator comments seen in exports, and bounded so a large non-HTML file is not scanned whole.
 */
const HTML_SNIFF_BYTES = 8192;

/**
 * What an HTML file starts with once whitespace, comments (Word's conditional comments among them) and an
 * XML declaration are skipped: a doctype or a document-level tag, or a bare table. Paragraph and inline
 * tags (`<p>`, `<b>`, `<br>`), which the MIME Sniffing Standard also accepts, are left out: a text copy of the
 * annex may start with markup left in a cell, and belongs to the text reader.
 */
const HTML_START =
  /^(?:\s|<!--[\s\S]*?-->|<\?[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|style|table)[\s/>]/i;

/** Byte order marks, which override any declaration (HTML Standard, "BOM sniffing"). */
const BYTE_ORDER_MARKS: readonly { readonly bytes: readonly number[]; readonly encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

export function byteOrderMark(bytes: Uint8Array): (typeof BYTE_ORDER_MARKS)[number] | undefined {
  return BYTE_ORDER_MARKS.find((bom) => bom.bytes.every((byte, i) => bytes[i] === byte));
}

/** Whether the bytes are a PDF, by its header rather than by the file name. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const last = Math.min(bytes.length, PDF_HEADER_WINDOW) - PDF_HEADER.length;
  for (let start = 0; start <= last; start++) {
    if (PDF_HEADER.every((byte, offset) => bytes[start + offset] === byte)) return true;
  }
  return false;
}

/** True when the bytes start like an HTML document or fragment (after a BOM, whitespace, comments, doctype). */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const bom = byteOrderMark(bytes);
  const head = bytes.subarray(bom?.bytes.length ?? 0, HTML_SNIFF_BYTES);
  // Latin-1 maps every byte to one character, so ASCII markup reads the same whatever the real encoding.
  const text = bom?.encoding.startsWith("utf-16")
    ? new TextDecoder(bom.encoding).decode(head)
    : Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
  return HTML_START.test(text);
}

/**
 * The input's format, by content: Office packages, OLE files and images by their structure first
 * (a zip that stores a PDF uncompressed holds `%PDF-` within its first bytes), then PDF, HTML, and
 * text for the rest. Throws an InputError naming a format that is recognised and not read.
 */
export function sniffFormat(bytes: Uint8Array): InputFormat {
  const binary = sniffBinary(bytes);
  if (binary?.kind === "refused") throw new InputError(binary.reason);
  if (binary) return binary.format;
  if (looksLikePdf(bytes)) return "pdf";
  if (looksLikeHtml(bytes)) return "html";
  return "text";
}
