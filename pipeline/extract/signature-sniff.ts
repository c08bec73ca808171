/**
 * Whether an input carries a signature, told from a few bytes and without the ASN.1 and CMS
 * libraries, which cost a noticeable share of start-up: an unsigned PDF, HTML or text file (most
 * inputs) never loads them. Opening and checking a signature is pipeline/extract/cades.ts.
 */

/** A PDF signature's /ByteRange: [start length start length] of the two signed spans around /Contents. */
export type ByteRange = readonly [number, number, number, number];

/** The tag, length and value of the SignedData OID, which must follow the ContentInfo SEQUENCE header. */
const SIGNED_DATA_OID_DER = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02);
export const DER_SEQUENCE_TAG = 0x30;
/** Length octets at or below this are short form (or 0x80, indefinite); above it, the low bits count them. */
const DER_SHORT_OR_INDEFINITE_LENGTH = 0x80;
/**
 * Characters read from the start of a text file to sniff base64: a PEM BEGIN line (under 40),
 * a line break and the 24 base64 characters encoding the ContentInfo header and OID fit easily.
 */
const SNIFF_TEXT_CHARS = 256;
/**
 * Characters after "/ByteRange" that can hold its array: four offsets of up to ten digits plus the
 * space padding writers leave so they can fill the array in place after laying out the file.
 */
const BYTE_RANGE_WINDOW = 256;

const PEM_ARMOUR = /-----(?:BEGIN|END) [^-\r\n]*-----/g;
export const WHITESPACE = /\s+/g;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;
const BYTE_RANGE_MARKER = Buffer.from("/ByteRange", "latin1");
const BYTE_RANGE_ARRAY = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/;

/** Whether the bytes are a CMS SignedData, as DER or as base64 text (PEM armour and line breaks allowed). */
export function looksLikeCades(bytes: Uint8Array): boolean {
  if (bytes[0] === DER_SEQUENCE_TAG) return startsWithSignedDataHeader(bytes);
  const head = base64Body(latin1(bytes.subarray(0, SNIFF_TEXT_CHARS)));
  if (head === null) return false;
  // Only whole four-character groups decode to the bytes they will have in the full decoding.
  const wholeGroups = head.slice(0, head.length - (head.length % 4));
  return startsWithSignedDataHeader(Buffer.from(wholeGroups, "base64"));
}

function startsWithSignedDataHeader(der: Uint8Array): boolean {
  const lengthOctet = der[1];
  if (der[0] !== DER_SEQUENCE_TAG || lengthOctet === undefined) return false;
  const oidOffset =
    lengthOctet <= DER_SHORT_OR_INDEFINITE_LENGTH ? 2 : 2 + (lengthOctet - DER_SHORT_OR_INDEFINITE_LENGTH);
  return sameBytes(der.subarray(oidOffset, oidOffset + SIGNED_DATA_OID_DER.length), SIGNED_DATA_OID_DER);
}

/** The base64 characters of a text once PEM armour and whitespace are gone, or null if it is not base64. */
export function base64Body(text: string): string | null {
  const body = text.replace(PEM_ARMOUR, "").replace(WHITESPACE, "");
  return BASE64_TEXT.test(body) ? body : null;
}

/**
 * The distinct ByteRange arrays of a PDF's signature dictionaries, by a byte scan (no PDF parse, so
 * an unsigned file costs one memory search). None: the PDF carries no signature.
 */
export function signatureByteRanges(pdf: Uint8Array): ByteRange[] {
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const found = new Map<string, ByteRange>();
  let at = buffer.indexOf(BYTE_RANGE_MARKER);
  while (at !== -1) {
    const match = BYTE_RANGE_ARRAY.exec(latin1(pdf.subarray(at, at + BYTE_RANGE_WINDOW)));
    if (match) {
      const range = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])] as const;
      found.set(range.join(" "), range);
    }
    at = buffer.indexOf(BYTE_RANGE_MARKER, at + 1);
  }
  return [...found.values()];
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.compare(left, right) === 0;
}
