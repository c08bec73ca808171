import { createHash } from "node:crypto";
import * as pkijs from "pkijs";
import { maxOf } from "../arrays.js";
import { InputError } from "../errors.js";
import { count } from "../messages/format.js";
import { REFUSAL } from "../messages/refusals.js";
import { SIGNATURE_FINDINGS } from "../messages/signature.js";
import type { Signature, SignatureFinding } from "../schema/hierarchy.js";
import {
  encapsulatedContent,
  parseSignedData,
  parseTrustAnchors,
  summarise,
  type TrustAnchors,
  type Verification,
  verifySignedData,
} from "./cades.js";
import { type ByteRange, latin1, sameBytes, signatureByteRanges, WHITESPACE } from "./signature-sniff.js";
import { DIGEST_BY_OID, finding } from "./signer-certificate.js";

/**
 * PAdES: the CMS signatures inside a PDF. Each signature dictionary's /ByteRange names the bytes it
 * signs — the whole file but the hole where the CMS itself sits (/Contents). Beside the CMS checks
 * (cades.ts), a signature must cover the file: bytes after its range are an incremental update made
 * after signing (a page removed, text changed), unless a later signature covers them.
 */

const PDF_HEX_STRING = /^<([0-9A-Fa-f\s]*)>$/;
/** id-ct-TSTInfo: the CMS is an RFC 3161 timestamp token, a PAdES document timestamp (/DocTimeStamp). */
const TST_INFO_OID = "1.2.840.113549.1.9.16.1.4";
/** The PDF whitespace characters (ISO 32000-1 §7.2.2), which a writer may leave after %%EOF. */
const PDF_WHITESPACE_ONLY = /^[\0\t\n\f\r ]*$/;
/** An indirect object's header, `12 0 obj`: counts the objects an appended update defines. */
const OBJECT_HEADER = /\b\d+\s+\d+\s+obj\b/g;
/** A cross-reference section (`xref` table or the `startxref` pointer of an xref stream). */
const XREF_KEYWORD = /\b(?:start)?xref\b/;
/**
 * How far from the /Contents hole the rest of the signature dictionary is searched for its /M: the
 * dictionary's other entries (/Filter, /Reason, /Location, /Prop_Build) take a few hundred bytes.
 */
const SIGNATURE_DICTIONARY_WINDOW = 4096;
/** /M (D:YYYYMMDDHHmmSSOHH'mm'), ISO 32000-1 §7.9.4; every part after the year may be left out. */
const PDF_DATE_ENTRY =
  /\/M\s*\(D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?\)/;

/**
 * Finds the signatures of a PDF by their ByteRanges and checks each against the bytes it covers and
 * against the file's length. Null when the PDF carries no signature.
 */
export async function detectPades(
  pdf: Uint8Array,
  trustAnchors: TrustAnchors = null,
): Promise<Signature | null> {
  const ranges = signatureByteRanges(pdf);
  if (ranges.length === 0) return null;
  const anchors = parseTrustAnchors(trustAnchors);
  const rangeEnd = ([, , start, length]: ByteRange) => start + length;
  // The furthest any signature reaches: what an earlier signature leaves out up to there, a later one signed.
  const signedEnd = maxOf(ranges.map(rangeEnd));
  const verified = await Promise.all(ranges.map((range) => verifyPdfSignature(pdf, range, anchors)));
  const lastSigners = verified[ranges.findIndex((range) => rangeEnd(range) === signedEnd)]?.signers ?? [];
  const later = lastSigners.map((signer) => signer.commonName ?? signer.subject).join(", ") || "?";
  const verifications = verified.map((verification, i) => {
    const range = ranges[i] as ByteRange;
    const signer = verification.signers[0]?.subject || null;
    return {
      ...verification,
      findings: [...verification.findings, ...coverage(pdf, range, { signedEnd, later }, signer)],
    };
  });
  return summarise(
    "PAdES",
    verifications.flatMap((verification) => verification.signers),
    verifications.flatMap((verification) => verification.findings),
    anchors !== null,
  );
}

/**
 * Checks one PDF signature. Its CMS is the hex string in the gap the ByteRange leaves (the /Contents
 * value), and it signs the two covered ranges.
 */
async function verifyPdfSignature(
  pdf: Uint8Array,
  range: ByteRange,
  anchors: Parameters<typeof verifySignedData>[2],
): Promise<Verification> {
  const unreadable = (message: string, messageIt: string): Verification => ({
    signers: [],
    findings: [finding("unreadable-signature", "error", null, message, messageIt)],
  });
  const [firstStart, firstLength, secondStart, secondLength] = range;
  const gapStart = firstStart + firstLength;
  if (gapStart > secondStart || secondStart + secondLength > pdf.length) {
    return unreadable(
      `the /ByteRange [${range.join(" ")}] lies outside the file`,
      SIGNATURE_FINDINGS.byteRangeOutside({ range: range.join(" ") }),
    );
  }
  const hex = PDF_HEX_STRING.exec(latin1(pdf.subarray(gapStart, secondStart)))?.[1];
  if (hex === undefined) {
    return unreadable(
      "the bytes the /ByteRange leaves out are not the signature's /Contents",
      SIGNATURE_FINDINGS.notContents,
    );
  }
  const covered = [pdf.subarray(firstStart, gapStart), pdf.subarray(secondStart, secondStart + secondLength)];
  try {
    // The hex is zero-padded to the reserved size; the DER parse stops at the end of the CMS.
    const signedData = parseSignedData(Buffer.from(hex.replace(WHITESPACE, ""), "hex"));
    if (signedData.encapContentInfo.eContentType === TST_INFO_OID) {
      return await verifyDocumentTimestamp(signedData, covered, anchors);
    }
    return await verifySignedData(signedData, covered, anchors, dictionaryTime(pdf, gapStart, secondStart));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return unreadable(
      `the signature's CMS cannot be read (${error.message})`,
      SIGNATURE_FINDINGS.unreadableCms,
    );
  }
}

/**
 * A document timestamp (PAdES-LTA) signs a TSTInfo, not the PDF: the TSA's signature covers the
 * TSTInfo, whose message imprint is the digest of the bytes the ByteRange covers. Its TSA is listed
 * among the signers with the role `timestamp`, at the time it states.
 */
async function verifyDocumentTimestamp(
  signedData: pkijs.SignedData,
  covered: readonly Uint8Array[],
  anchors: Parameters<typeof verifySignedData>[2],
): Promise<Verification> {
  const token = encapsulatedContent(signedData);
  let tstInfo: pkijs.TSTInfo;
  try {
    tstInfo = pkijs.TSTInfo.fromBER(new Uint8Array(token));
  } catch {
    throw new InputError(REFUSAL.malformedTimestamp);
  }
  const verification = await verifySignedData(signedData, [token], anchors, tstInfo.genTime);
  const signers = verification.signers.map((signer) => ({ ...signer, role: "timestamp" as const }));
  const hash = DIGEST_BY_OID.get(tstInfo.messageImprint.hashAlgorithm.algorithmId);
  const digest = hash === undefined ? null : createHash(hash);
  for (const piece of covered) digest?.update(piece);
  const imprint = tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView;
  if (digest !== null && sameBytes(digest.digest(), imprint)) return { ...verification, signers };
  const tsa = signers[0]?.subject || null;
  const problem =
    digest === null
      ? finding(
          "unsupported-algorithm",
          "error",
          tsa,
          "the document timestamp's imprint uses an unsupported hash",
          SIGNATURE_FINDINGS.timestampDigestUnsupported,
        )
      : finding(
          "content-digest",
          "error",
          tsa,
          "the document timestamp's message imprint does not match the bytes it covers",
          SIGNATURE_FINDINGS.timestampDigest,
        );
  return { signers, findings: [...verification.findings, problem] };
}

/**
 * What a signature's range leaves out of the file: its start, and whatever follows its end. Bytes
 * after it are an update made after signing — an error, unless a later signature covers them (a
 * second signer's revision), when they are a warning naming who alone signed the changes (`later`).
 */
function coverage(
  pdf: Uint8Array,
  range: ByteRange,
  { signedEnd, later }: { signedEnd: number; later: string },
  signer: string | null,
): SignatureFinding[] {
  const [firstStart, , secondStart, secondLength] = range;
  const findings: SignatureFinding[] = [];
  if (firstStart !== 0) {
    findings.push(
      finding(
        "byte-range",
        "error",
        signer,
        `the signature leaves the first ${firstStart} bytes of the file unsigned`,
        SIGNATURE_FINDINGS.unsignedStart({ bytes: count(firstStart, "byte", "byte") }),
      ),
    );
  }
  const end = secondStart + secondLength;
  if (end >= pdf.length) return findings;
  const tail = latin1(pdf.subarray(end));
  // Whitespace after %%EOF changes nothing a reader shows.
  if (PDF_WHITESPACE_ONLY.test(tail)) return findings;
  const appended = pdf.length - end;
  const coveredLater = end < signedEnd && PDF_WHITESPACE_ONLY.test(latin1(pdf.subarray(signedEnd)));
  if (coveredLater) {
    findings.push(
      finding(
        "earlier-revision",
        "warning",
        signer,
        `the document was changed after this signature (${appended} bytes added); the changes are signed by ${later} only`,
        SIGNATURE_FINDINGS.earlierRevision({ bytes: count(appended, "byte", "byte"), later }),
      ),
    );
    return findings;
  }
  const objects = tail.match(OBJECT_HEADER)?.length ?? 0;
  const update = XREF_KEYWORD.test(tail);
  const what = update
    ? `an incremental update (${objects} objects, a new cross-reference section and trailer)`
    : `${objects} objects`;
  const objectsIt = count(objects, "oggetto", "oggetti");
  const whatIt = update ? SIGNATURE_FINDINGS.incrementalUpdate({ objects: objectsIt }) : objectsIt;
  findings.push(
    finding(
      "modified-after-signing",
      "error",
      signer,
      `modified after signing: ${appended} bytes appended after the signed range, ${what}`,
      SIGNATURE_FINDINGS.modifiedAfterSigning({ bytes: count(appended, "byte", "byte"), what: whatIt }),
    ),
  );
  return findings;
}

/**
 * The /M of the signature dictionary around a /Contents hole: the signing time a PAdES signer claims.
 * The dictionary runs from its object's `obj` before the hole to `endobj` after it.
 */
function dictionaryTime(pdf: Uint8Array, holeStart: number, holeEnd: number): Date | null {
  const before = latin1(pdf.subarray(Math.max(0, holeStart - SIGNATURE_DICTIONARY_WINDOW), holeStart));
  const after = latin1(pdf.subarray(holeEnd, holeEnd + SIGNATURE_DICTIONARY_WINDOW));
  const objectStart = before.lastIndexOf(" obj");
  const dictionary = `${before.slice(Math.max(0, objectStart))} ${after.split("endobj")[0]}`;
  const match = PDF_DATE_ENTRY.exec(dictionary);
  if (!match) return null;
  const [
    ,
    year,
    month = "01",
    day = "01",
    hour = "00",
    minute = "00",
    second = "00",
    ,
    sign,
    offsetHours,
    offsetMinutes,
  ] = match;
  // Without an offset the time is the signer's local one, unknown: taken as UTC.
  const offset = sign ? `${sign}${offsetHours ?? "00"}:${offsetMinutes ?? "00"}` : "Z";
  const time = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(time.getTime()) ? null : time;
}
