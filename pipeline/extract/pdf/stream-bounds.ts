import { constants, inflateSync } from "node:zlib";

/**
 * How far a PDF's compressed streams expand, measured before pdf.js decodes them. pdf.js keeps a
 * stream's decoded bytes in a buffer outside the JavaScript heap, so the heap limit of the worker
 * thread does not see them, and it offers no bound of its own: a megabyte of Flate expands to a
 * gigabyte (ratios past 1000:1), twice that through two Flate filters in a row.
 *
 * Every stream (`<< … >> stream … endstream`) is found in the raw bytes; one whose filters start with
 * FlateDecode is inflated, filter after filter, with the output capped just past the limit. Streams
 * of an encrypted PDF do not inflate before they are decrypted and are passed over (the heap limit
 * still bounds the operators they would make), as are the other filters, whose ratios are small
 * (ASCIIHex, ASCII85) or which only images use (DCT, JBIG2, JPX, CCITT).
 */

/** A stream past the limit: its object number when the object header was found. */
export interface OversizedStream {
  readonly object: number | null;
}

/** How far back from `stream` its dictionary is looked for: dictionaries of streams are small. */
const DICTIONARY_LOOKBACK = 4096;

const FLATE_FILTERS: ReadonlySet<string> = new Set(["FlateDecode", "Fl"]);

/**
 * The most one Flate pass can expand its input: DEFLATE codes at best a 258-byte match in a bit or
 * two, about 1032:1. A stream that cannot reach the limit through its Flate filters even at that
 * ratio is not inflated here: on the fixture, every stream (the scan took 3–14 ms of CPU, inflating
 * each, beside the 240 pdf.js takes to read it).
 */
const MAX_FLATE_RATIO = 1032;

/**
 * Streams the reader never has pdf.js decode, whatever their size: images (pdf.js is told to drop
 * them, see layout.ts) and attached files. A scan at 600 dpi is a legitimate 100 MB image.
 */
const NEVER_DECODED = /\/Subtype\s*\/Image\b|\/Type\s*\/EmbeddedFile\b/;

/** The first stream that expands past `limit` bytes, or null when none does. */
export function findOversizedStream(bytes: Uint8Array, limit: number): OversizedStream | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buffer.indexOf("stream"); at >= 0; at = buffer.indexOf("stream", at + 6)) {
    if (at >= 3 && buffer.toString("latin1", at - 3, at) === "end") continue;
    const dictionary = buffer.toString("latin1", Math.max(0, at - DICTIONARY_LOOKBACK), at);
    const header = dictionary.lastIndexOf(" obj");
    const own = header >= 0 ? dictionary.slice(header) : dictionary;
    const filters = filtersOf(own);
    if (!FLATE_FILTERS.has(filters[0] ?? "") || NEVER_DECODED.test(own)) continue;
    const start = dataStart(buffer, at + 6);
    const end = buffer.indexOf("endstream", start);
    let data: Uint8Array = buffer.subarray(start, end < 0 ? buffer.length : end);
    const flatePasses = filters.findIndex((filter) => !FLATE_FILTERS.has(filter));
    const passes = flatePasses < 0 ? filters.length : flatePasses;
    if (data.length * MAX_FLATE_RATIO ** passes <= limit) continue;
    for (const filter of filters) {
      if (!FLATE_FILTERS.has(filter)) break;
      const inflated = inflateBounded(data, limit);
      if (inflated === "too large" || (inflated !== null && inflated.length > limit)) {
        return { object: objectNumber(dictionary, header) };
      }
      if (inflated === null) break;
      data = inflated;
    }
  }
  return null;
}

/** The stream's filter names, in the order they apply (`/Filter /FlateDecode` or an array). */
function filtersOf(dictionary: string): string[] {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dictionary)?.[1] ?? "";
  return [...filter.matchAll(/\/([^\s/<>[\]()]+)/g)].map((match) => match[1] ?? "");
}

/** After the `stream` keyword: an end of line (CR LF, LF, or a lone CR that writers emit), then the data. */
function dataStart(buffer: Buffer, afterKeyword: number): number {
  if (buffer[afterKeyword] === 0x0d)
    return buffer[afterKeyword + 1] === 0x0a ? afterKeyword + 2 : afterKeyword + 1;
  return buffer[afterKeyword] === 0x0a ? afterKeyword + 1 : afterKeyword;
}

/** `12 0 obj` right before the dictionary: the object's number. */
function objectNumber(dictionary: string, header: number): number | null {
  if (header < 0) return null;
  const number = /(\d+)\s+\d+$/.exec(dictionary.slice(Math.max(0, header - 24), header))?.[1];
  return number === undefined ? null : Number(number);
}

/**
 * The inflated data, "too large" past `limit`, or null when zlib cannot read it (encrypted, not zlib
 * at all): pdf.js makes of those what it can, and what it can is not larger than what zlib reads.
 * A stream cut short or missing its checksum yields what it holds, as pdf.js reads it.
 */
function inflateBounded(data: Uint8Array, limit: number): Buffer | "too large" | null {
  try {
    return inflateSync(data, { maxOutputLength: limit + 1, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      return "too large";
    }
    return null;
  }
}

/** How far an object's dictionary is read for its `/Contents`: page dictionaries are small. */
const PAGE_DICTIONARY_BYTES = 4096;

/**
 * The content streams of the page object `num gen` as its dictionary in the raw file names them
 * (`/Contents 5 0 R` or an array of references); none when the object sits inside an object stream.
 */
export function contentObjects(bytes: Uint8Array, num: number, gen: number): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = new RegExp(`(?:^|[^0-9])${num}\\s+${gen}\\s+obj$`);
  for (let at = buffer.indexOf(` obj`); at >= 0; at = buffer.indexOf(" obj", at + 4)) {
    const around = buffer.toString("latin1", Math.max(0, at - 24), at + 4);
    if (!header.test(around)) continue;
    const body = buffer.toString("latin1", at, at + PAGE_DICTIONARY_BYTES);
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(body)?.[1] ?? "";
    return [...contents.matchAll(/(\d+)\s+\d+\s+R/g)].map((match) => Number(match[1]));
  }
  return [];
}
