import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { buildEnvelope, createSigner, tamperAt } from "./cades-builders.js";
import { pdfText, streamObject } from "./handwritten-pdf.js";

/**
 * Hostile inputs for the robustness tests: files a user might hand the pipeline by mistake or that
 * arrive damaged. Each is built in-process and deterministically, so a failure reproduces.
 */

/** Deterministic bytes that look random (SHA-256 in counter mode over a seed). */
export function pseudoRandomBytes(length: number, seed = "hostile"): Uint8Array {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < length; counter++) {
    blocks.push(createHash("sha256").update(`${seed} ${counter}`).digest());
  }
  return new Uint8Array(Buffer.concat(blocks).subarray(0, length));
}

/** The first `share` (0–1) of the bytes: a download or copy cut short. */
export function truncated(bytes: Uint8Array, share: number): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length * share));
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 8×8 greyscale PNG (gradient): binary bytes with NULs, as a scan or screenshot would be. */
export function tinyPng(): Uint8Array {
  const size = 8;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit depth, greyscale, deflate, adaptive filter, no interlace
  const rows = Array.from({ length: size }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: size }, (_, x) => (x + y) * 16)]),
  );
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk("IHDR", header),
      pngChunk("IDAT", deflateSync(Buffer.concat(rows))),
      pngChunk("IEND", new Uint8Array()),
    ]),
  );
}

/** A scanned-looking page: an image and a drawn rectangle, no text operators at all. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const image = await pdf.embedPng(tinyPng());
  page.drawImage(image, { x: 50, y: 300, width: 495, height: 495 });
  page.drawRectangle({ x: 40, y: 40, width: 515, height: 200, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  return pdf.save({ useObjectStreams: false });
}

/** Prose without any code such as A1 or A1.1.1: a text layer, but no process table. */
export const PROSE_LINES = [
  "Relazione sulla gestione dell'esercizio",
  "La Camera di commercio ha proseguito nel corso dell'anno",
  "le attivita' di semplificazione amministrativa e di supporto",
  "alle imprese del territorio, in linea con il programma pluriennale.",
] as const;

export async function proseOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  PROSE_LINES.forEach((line, i) => {
    page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font });
  });
  return pdf.save({ useObjectStreams: false });
}

/** An ordinary web page: headings, paragraphs, a list, no table of codes. */
export function htmlWithoutTable(): Uint8Array {
  return new TextEncoder().encode(
    [
      "<!DOCTYPE html>",
      '<html lang="it"><head><meta charset="utf-8"><title>Amministrazione trasparente</title></head>',
      "<body><h1>Amministrazione trasparente</h1>",
      "<p>In questa sezione sono pubblicati i documenti previsti dalla normativa.</p>",
      "<ul><li>Bilanci</li><li>Bandi di gara</li><li>Organi di indirizzo</li></ul>",
      "</body></html>",
      "",
    ].join("\n"),
  );
}

/** A CAdES envelope (correctly signed) whose content is plain text: no PDF, HTML or Office file. */
export async function signedPlainText(): Promise<Uint8Array> {
  const signer = await createSigner("EC", [["2.5.4.3", "Hostile Test Signer"]]);
  const content = new TextEncoder().encode("Documento firmato senza allegato: solo testo semplice.\n");
  return buildEnvelope(content, signer);
}

/**
 * The envelope with one byte flipped inside the content it carries (in the middle of the embedded
 * PDF), so the content no longer matches the signed digest. Throws if the content is not found whole.
 */
export function tamperedEnvelope(envelope: Uint8Array, content: Uint8Array): Uint8Array {
  return tamperAt(envelope, content, Math.floor(content.length / 2));
}

/**
 * A one-page PDF written by hand around the given content stream (Helvetica as /F1), so a test can
 * state exactly which operators a damaged or hostile page holds.
 */
export function pdfWithContent(stream: string): Uint8Array {
  const text = pdfText("1.4", [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    streamObject(stream),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
  return new Uint8Array(Buffer.from(text, "latin1"));
}
