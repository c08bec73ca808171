import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { actionF1, type Gold, structureOf } from "./support/gold.js";

/**
 * The fixture annex (its Word-style HTML) as another producer's Office files: LibreOffice converts it
 * to .xlsx and .docx, which must read as the HTML does, at action F1 1.000 against the fixture's
 * correct reading (written by hand), with the same structure; and to Word 97-2003 and OpenDocument
 * text, which must be refused with a reason naming them (a real producer's files: test/office.test.ts
 * refuses the other formats from bytes built to their specifications). LibreOffice is Debian's
 * (`apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui`; `.ci/run` installs it).
 */

const SOFFICE = "/usr/bin/soffice";
const FIXTURE = "fixtures/articolazione-processi.html";
const GOLD = "fixtures/articolazione-processi.expected.json";
/**
 * The conversions run at once, each LibreOffice taking about 10 s on an idle two-core machine; four
 * of them, with a loaded machine (load average 18), took two minutes.
 */
const CONVERSION_TIMEOUT_MS = 240_000;

/** Each target: the extension, LibreOffice's export filter, and whether the HTML is imported by Calc. */
const TARGETS = [
  { extension: "xlsx", filter: "Calc Office Open XML", calc: true },
  { extension: "docx", filter: "MS Word 2007 XML", calc: false },
  { extension: "doc", filter: "MS Word 97", calc: false },
  { extension: "odt", filter: "writer8", calc: false },
] as const;
type Extension = (typeof TARGETS)[number]["extension"];

const work = mkdtempSync(join(tmpdir(), "annex-libreoffice-"));
const converted = new Map<Extension, Uint8Array>();

/** Converts the fixture with its own LibreOffice profile, so that conversions can run side by side. */
async function convert(target: (typeof TARGETS)[number]): Promise<void> {
  const profile = `file://${join(work, `profile-${target.extension}`)}`;
  await promisify(execFile)(
    SOFFICE,
    [
      `-env:UserInstallation=${profile}`,
      "--headless",
      ...(target.calc ? ["--infilter=HTML (StarCalc)"] : []),
      "--convert-to",
      `${target.extension}:${target.filter}`,
      "--outdir",
      work,
      FIXTURE,
    ],
    { timeout: CONVERSION_TIMEOUT_MS },
  );
  converted.set(
    target.extension,
    new Uint8Array(readFileSync(join(work, `articolazione-processi.${target.extension}`))),
  );
}

beforeAll(async () => {
  await Promise.all(TARGETS.map(convert));
}, CONVERSION_TIMEOUT_MS);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const bytesOf = (extension: Extension): Uint8Array => {
  const bytes = converted.get(extension);
  if (!bytes) throw new Error(`LibreOffice wrote no .${extension}`);
  return bytes;
};

describe("the fixture annex converted by LibreOffice", () => {
  const gold = JSON.parse(readFileSync(GOLD, "utf8")) as Gold;

  for (const extension of ["xlsx", "docx"] as const) {
    it(`reads from .${extension} at action F1 1.000, with the structure exact`, async () => {
      const { hierarchy } = await ingestBytes(bytesOf(extension), `articolazione-processi.${extension}`);
      expect(hierarchy.document.format).toBe(extension);
      expect(actionF1(gold, hierarchy.functions)).toBe(1);
      expect(structureOf(hierarchy.functions as Gold["functions"])).toEqual(structureOf(gold.functions));
      expect(hierarchy.functions.map((f) => [f.code, f.category])).toEqual(
        gold.functions.map((f) => [f.code, f.category]),
      );
      expect(hierarchy.declaredTotals).toEqual(gold.declaredTotals);
    });
  }

  const refusals: Readonly<Record<Exclude<Extension, "xlsx" | "docx">, string>> = {
    doc: "documento Word 97-2003 (.doc): salvalo come .docx o PDF",
    odt: "documento OpenDocument di testo (.odt), non ancora letto: salvalo come .docx o PDF",
  };
  for (const [extension, reason] of Object.entries(refusals)) {
    it(`refuses .${extension}, naming the format`, async () => {
      await expect(ingestBytes(bytesOf(extension as Extension), `allegato.${extension}`)).rejects.toThrow(
        reason,
      );
    });
  }
});
