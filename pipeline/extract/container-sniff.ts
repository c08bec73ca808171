/**
 * Binary formats told from their structure, without libraries (format-sniff.ts says why): zip
 * packages (Office Open XML, OpenDocument, other archives), OLE compound files (Office 97-2003) and
 * images. Only the file names a zip lists and the stream names an OLE file lists are read, never
 * their compressed content.
 */

import { InputError } from "../errors.js";
import { REFUSAL } from "../messages/refusals.js";

/** What a binary input is: an Office file the pipeline reads, or a refusal naming the format and what to do. */
export type BinaryFormat =
  | { readonly kind: "read"; readonly format: "xlsx" | "docx" }
  | { readonly kind: "refused"; readonly reason: string };

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP_CENTRAL_ENTRY = 0x02014b50;
/** The end record's fixed part, and the longest comment that may follow it (a 16-bit length). */
const ZIP_END_RECORD_BYTES = 22;
const ZIP_MAX_COMMENT = 0xffff;
const ZIP64_LOCATOR_BYTES = 20;
/** A 32-bit field at its maximum says the real value is in the ZIP64 record. */
const ZIP64_MARK = 0xffffffff;
/** A zip entry's fixed header sizes (APPNOTE 4.3.7 and 4.3.12). */
const ZIP_LOCAL_HEADER_BYTES = 30;
const ZIP_CENTRAL_HEADER_BYTES = 46;

/** The parts that name an Office Open XML package's main part (ECMA-376 part 1, 11.3.10 and 12.3.23). */
const OOXML_CONTENT_TYPES = "[Content_Types].xml";
const DOCX_MAIN_PART = "word/document.xml";
const XLSX_MAIN_PART = "xl/workbook.xml";
/** OpenDocument's first entry, stored uncompressed, holds the package's media type (ODF 1.2 part 3, 3.3). */
const ODF_MIMETYPE_ENTRY = "mimetype";

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** An OLE directory entry: 128 bytes, its UTF-16 name in the first 64, the name's length in bytes at 64. */
const OLE_HEADER_BYTES = 512;
const OLE_DIRECTORY_ENTRY_BYTES = 128;
const OLE_NAME_BYTES = 64;
const OLE_STREAM = 2;

/**
 * Refusals of OpenDocument files, by the start of their media type (which also covers the `-template`,
 * `-web` and `-master` variants); other ODF types get the generic one.
 */
const ODF_REFUSALS: ReadonlyMap<string, string> = new Map([
  ["application/vnd.oasis.opendocument.text", REFUSAL.containers.odt],
  ["application/vnd.oasis.opendocument.spreadsheet", REFUSAL.containers.ods],
]);

/** Refusals of OLE compound files by the stream that says what they hold (MS-DOC, MS-XLS, MS-OFFCRYPTO). */
const OLE_REFUSALS: readonly (readonly [readonly string[], string])[] = [
  [["WordDocument"], REFUSAL.containers.doc],
  [["Workbook", "Book"], REFUSAL.containers.xls],
  [["EncryptedPackage"], REFUSAL.containers.encryptedOffice],
];

const IMAGE_SIGNATURES: readonly (readonly [string, readonly number[]])[] = [
  ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["TIFF", [0x49, 0x49, 0x2a, 0x00]],
  ["TIFF", [0x4d, 0x4d, 0x00, 0x2a]],
];

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  signature.every((byte, i) => bytes[i] === byte);

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** What a binary container is, or null when the bytes are none of the formats known here. */
export function sniffBinary(bytes: Uint8Array): BinaryFormat | null {
  if (bytes.length >= 4 && view(bytes).getUint32(0, true) === ZIP_LOCAL_HEADER) return zipFormat(bytes);
  if (startsWith(bytes, OLE_SIGNATURE)) return oleFormat(bytes);
  const image = IMAGE_SIGNATURES.find(([, signature]) => startsWith(bytes, signature));
  if (image) return refused(REFUSAL.containers.image({ kind: image[0] }));
  return null;
}

const refused = (reason: string): BinaryFormat => ({ kind: "refused", reason });

function zipFormat(bytes: Uint8Array): BinaryFormat {
  const names = zipEntries(bytes)?.names ?? null;
  if (names === null) return refused(REFUSAL.containers.damagedZip);
  if (names.has(OOXML_CONTENT_TYPES)) {
    if (names.has(DOCX_MAIN_PART)) return { kind: "read", format: "docx" };
    if (names.has(XLSX_MAIN_PART)) return { kind: "read", format: "xlsx" };
    return refused(REFUSAL.containers.otherOoxml);
  }
  const mediaType = odfMediaType(bytes);
  if (mediaType !== null) {
    const known = [...ODF_REFUSALS].find(([type]) => mediaType.startsWith(type));
    return refused(known?.[1] ?? REFUSAL.containers.otherOdf);
  }
  return refused(REFUSAL.containers.zip);
}

/**
 * The names in a zip's central directory, and the sizes its entries declare once inflated (a ZIP64
 * size, or any past 4 GiB, counts as infinite); null when the directory cannot be found or runs past
 * the file.
 */
function zipEntries(bytes: Uint8Array): { names: Set<string>; declaredBytes: number } | null {
  const data = view(bytes);
  const earliest = Math.max(0, bytes.length - ZIP_END_RECORD_BYTES - ZIP_MAX_COMMENT);
  let end = bytes.length - ZIP_END_RECORD_BYTES;
  while (end >= earliest && data.getUint32(end, true) !== ZIP_END_OF_CENTRAL_DIRECTORY) end--;
  if (end < earliest) return null;
  let count = data.getUint16(end + 10, true);
  let offset = data.getUint32(end + 16, true);
  const locator = end - ZIP64_LOCATOR_BYTES;
  if (offset === ZIP64_MARK && locator >= 0 && data.getUint32(locator, true) === ZIP64_END_LOCATOR) {
    const record = Number(data.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || data.getUint32(record, true) !== ZIP64_END_OF_CENTRAL_DIRECTORY)
      return null;
    count = Number(data.getBigUint64(record + 32, true));
    offset = Number(data.getBigUint64(record + 48, true));
  }
  const names = new Set<string>();
  let declaredBytes = 0;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (
      offset + ZIP_CENTRAL_HEADER_BYTES > bytes.length ||
      data.getUint32(offset, true) !== ZIP_CENTRAL_ENTRY
    )
      return null;
    const nameLength = data.getUint16(offset + 28, true);
    const extraLength = data.getUint16(offset + 30, true);
    const commentLength = data.getUint16(offset + 32, true);
    const nameStart = offset + ZIP_CENTRAL_HEADER_BYTES;
    names.add(decoder.decode(bytes.subarray(nameStart, nameStart + nameLength)));
    const size = data.getUint32(offset + 24, true);
    declaredBytes += size === ZIP64_MARK ? Number.POSITIVE_INFINITY : size;
    offset = nameStart + nameLength + extraLength + commentLength;
  }
  return { names, declaredBytes };
}

/**
 * Refuses an Office package whose entries declare more inflated bytes than `maxBytes`, before any
 * is inflated: the zip libraries inflate into buffers that live outside the worker's heap limit, so
 * a compression bomb would otherwise be bounded by nothing. (A package that understates its sizes is
 * left to the heap limit and the time budget.)
 */
export function refuseOversizedPackage(bytes: Uint8Array, maxBytes: number | undefined): void {
  const declared = zipEntries(bytes)?.declaredBytes ?? 0;
  if (maxBytes !== undefined && declared > maxBytes) {
    throw new InputError(REFUSAL.officeExpands({ mb: Math.round(maxBytes / (1024 * 1024)) }));
  }
}

/** The media type an OpenDocument package stores first and uncompressed, or null when it does not. */
function odfMediaType(bytes: Uint8Array): string | null {
  const data = view(bytes);
  if (bytes.length < ZIP_LOCAL_HEADER_BYTES) return null;
  const method = data.getUint16(8, true);
  const size = data.getUint32(18, true);
  const nameLength = data.getUint16(26, true);
  const extraLength = data.getUint16(28, true);
  const nameStart = ZIP_LOCAL_HEADER_BYTES;
  const name = new TextDecoder().decode(bytes.subarray(nameStart, nameStart + nameLength));
  if (method !== 0 || name !== ODF_MIMETYPE_ENTRY) return null;
  const contentStart = nameStart + nameLength + extraLength;
  return new TextDecoder().decode(bytes.subarray(contentStart, contentStart + size)).trim();
}

function oleFormat(bytes: Uint8Array): BinaryFormat {
  const streams = oleStreamNames(bytes);
  const known = OLE_REFUSALS.find(([names]) => names.some((name) => streams.has(name)));
  return refused(known?.[1] ?? REFUSAL.containers.otherOle);
}

/**
 * The stream names of an OLE compound file. Directory entries start on 128-byte boundaries after the
 * 512-byte header whatever the sector size (512 or 4096), so every boundary is tried as an entry: one
 * whose length field matches its zero-terminated name and whose type is a stream. Reading the sector
 * chains would find the same names; a chance match in the content would need all three fields to agree.
 */
function oleStreamNames(bytes: Uint8Array): Set<string> {
  const data = view(bytes);
  const names = new Set<string>();
  const decoder = new TextDecoder("utf-16le");
  for (
    let entry = OLE_HEADER_BYTES;
    entry + OLE_DIRECTORY_ENTRY_BYTES <= bytes.length;
    entry += OLE_DIRECTORY_ENTRY_BYTES
  ) {
    const nameBytes = data.getUint16(entry + OLE_NAME_BYTES, true);
    if (nameBytes < 4 || nameBytes > OLE_NAME_BYTES || nameBytes % 2 !== 0) continue;
    if (data.getUint16(entry + nameBytes - 2, true) !== 0) continue;
    if (bytes[entry + OLE_NAME_BYTES + 2] !== OLE_STREAM) continue;
    names.add(decoder.decode(bytes.subarray(entry, entry + nameBytes - 2)));
  }
  return names;
}
