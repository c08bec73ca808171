import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument, StandardFonts } from "pdf-lib";

/**
 * Regenerates the encrypted PDFs under fixtures/hostile/ (committed, so tests need no qpdf):
 *   npx tsx test/support/hostile-encrypted.ts
 * - user-password.pdf: a one-page PDF made here (no annex content) that needs the user password "user".
 * - owner-password-only.pdf: fixtures/articolazione-processi.pdf with an empty user password and an
 *   owner password restricting extraction and changes; it opens without a password, so it must ingest.
 */

export const HOSTILE_FIXTURES = fileURLToPath(new URL("../../fixtures/hostile/", import.meta.url));
export const USER_PASSWORD_PDF = join(HOSTILE_FIXTURES, "user-password.pdf");
export const OWNER_PASSWORD_ONLY_PDF = join(HOSTILE_FIXTURES, "owner-password-only.pdf");
const ANNEX_PDF = fileURLToPath(new URL("../../fixtures/articolazione-processi.pdf", import.meta.url));

async function onePagePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([200, 100]).drawText("Locked test page", { x: 10, y: 50, size: 12, font });
  return pdf.save({ useObjectStreams: false });
}

function qpdf(args: readonly string[]): void {
  execFileSync("qpdf", [...args], { stdio: "pipe" });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "hostile-encrypted-"));
  try {
    const plain = join(work, "plain.pdf");
    writeFileSync(plain, await onePagePdf());
    qpdf(["--encrypt", "user", "owner", "256", "--", plain, USER_PASSWORD_PDF]);
    // Object streams and maximal compression keep the committed copy small; the content is unchanged.
    qpdf([
      "--encrypt",
      "",
      "owner",
      "256",
      "--extract=n",
      "--modify=none",
      "--",
      "--object-streams=generate",
      "--recompress-flate",
      "--compression-level=9",
      ANNEX_PDF,
      OWNER_PASSWORD_ONLY_PDF,
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const file of [USER_PASSWORD_PDF, OWNER_PASSWORD_ONLY_PDF]) {
    process.stdout.write(`${file}: ${readFileSync(file).length} bytes\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
