import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PDFDocument } from "pdf-lib";
import { type Browser, chromium, type Page } from "playwright-core";
import { DiffReport, mapTree } from "../../pipeline/diff.js";
import type { ReportInput } from "../../pipeline/emit/report-input.js";
import { Discrepancy } from "../../pipeline/schema/discrepancy.js";
import { type Action, Hierarchy } from "../../pipeline/schema/hierarchy.js";

/**
 * What the report tests share: the inputs the page is rendered from (the seed annex's expected tree,
 * or the pipeline's own reading of the annex), and Debian's Chromium driven by playwright-core.
 */

// ---------------------------------------------------------------------------------------------------
// Report inputs

interface ExpectedAction {
  text: string;
  alsoAcceptedUnder?: string[];
}

interface ExpectedFile {
  declaredTotals: unknown;
  functions: {
    macroProcesses: {
      processes: { subProcesses: { code: string; actions: ExpectedAction[] }[] }[];
    }[];
  }[];
}

const EXPECTED_FILE = "fixtures/articolazione-processi.expected.json";
const SIGNED_FILE = "fixtures/articolazione-processi.pdf.p7m";
const PDF_FILE = "fixtures/articolazione-processi.pdf";
const SEED_ANNEX = "fixtures/articolazione-processi.txt";

/** An action the annex leaves open (it has accepted alternatives) stands for a low-confidence placement. */
const OPEN_PLACEMENT_CONFIDENCE = 0.5;
const SURE_PLACEMENT_CONFIDENCE = 0.95;

/** The expected tree as a valid hierarchy.json: scoring-only fields dropped, the fields the pipeline adds filled in. */
async function seedHierarchy(): Promise<Hierarchy> {
  const expected = JSON.parse(await readFile(EXPECTED_FILE, "utf8")) as ExpectedFile;
  const signed = await readFile(SIGNED_FILE);
  const pdf = await PDFDocument.load(await readFile(PDF_FILE));
  return Hierarchy.parse({
    schemaVersion: 1,
    declaredTotals: expected.declaredTotals,
    document: {
      file: "articolazione-processi.pdf.p7m",
      sha256: createHash("sha256").update(signed).digest("hex"),
      format: "pdf",
      pages: pdf.getPageCount(),
      title: "L'articolazione dei processi delle Camere di commercio",
      signature: {
        format: "CAdES",
        valid: true,
        intact: true,
        coversWholeDocument: true,
        trusted: null,
        findings: [],
        signers: [
          {
            subject: "CN=Firmatario di prova, O=Camera di commercio",
            signingTime: "2024-03-15T10:20:00Z",
            signingTimeLocal: "15/03/2024 11:20:00 CET",
            commonName: "Firmatario di prova",
            organization: "Camera di commercio",
            serialNumber: null,
            issuer: "CN=Firmatario di prova, O=Camera di commercio",
            notBefore: "2024-01-01T00:00:00Z",
            notAfter: "2034-01-01T00:00:00Z",
            trusted: null,
            role: "signer",
          },
        ],
      },
    },
    functions: expected.functions.map((f) => ({
      ...f,
      macroProcesses: f.macroProcesses.map((m) => ({
        ...m,
        processes: m.processes.map((p) => ({
          ...p,
          subProcesses: p.subProcesses.map((s) => ({
            ...s,
            actions: s.actions.map(
              (a, i): Action => ({
                id: `${s.code}#${i + 1}`,
                code: null,
                text: a.text,
                confidence: a.alsoAcceptedUnder ? OPEN_PLACEMENT_CONFIDENCE : SURE_PLACEMENT_CONFIDENCE,
                source: { page: null, line: null, bbox: null },
              }),
            ),
          })),
        })),
      })),
    })),
  });
}

function firstActionText(h: Hierarchy, subProcess: string): string {
  const s = h.functions
    .flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)))
    .find((candidate) => candidate.code === subProcess);
  const text = s?.actions[0]?.text;
  if (text === undefined) throw new Error(`the seed tree has no action under ${subProcess}`);
  return text;
}

/** Findings of every shape the pipeline writes, on the seed tree's real codes. */
function seedDiscrepancies(h: Hierarchy): Discrepancy[] {
  const repeated = firstActionText(h, "B1.1.4");
  return [
    {
      kind: "count_mismatch",
      severity: "error",
      code: "A",
      message: "function A declares 43 actions; parsed 42",
      evidence: {
        declared: { scope: "A", macroProcesses: 3, processes: 6, subProcesses: 11, actions: 43 },
        parsed: { macroProcesses: 3, processes: 6, subProcesses: 11, actions: 42 },
      },
    },
    {
      kind: "duplicate_action",
      severity: "warning",
      code: "B1.1.4",
      message: "an action appears twice in B1.1.4; kept once",
      evidence: {
        text: repeated,
        kept: { page: 3, line: null, bbox: [410.5, 220, 780, 232.25] },
        dropped: { page: 3, line: null, bbox: [410.5, 236, 780, 248.25] },
      },
    },
    {
      kind: "duplicate_code",
      severity: "warning",
      code: "C1.1.8",
      message: "C1.1.8 is labelled 2 times; merged into one node",
      evidence: {
        names: ["Attività di sensibilizzazione", "Attività di sensibilizzazione e informazione"],
        sources: [
          { page: null, line: 120, bbox: null },
          { page: null, line: 131, bbox: null },
        ],
      },
    },
    {
      kind: "empty_subprocess",
      severity: "warning",
      code: "C2.8.1",
      message: "C2.8.1 has no action",
      evidence: {},
    },
    {
      kind: "code_out_of_order",
      severity: "info",
      code: "C1.1",
      message: "C1.1 is printed after C1.2; sorted back into code order",
      evidence: { after: "C1.2", source: { page: null, line: 98, bbox: null } },
    },
    {
      kind: "reassigned_action",
      severity: "info",
      code: "A1.1.2",
      message: "an action placed under A1.1.2, not A1.2.1 where its row falls",
      evidence: {
        from: "A1.2.1",
        to: "A1.1.2",
        why: "the label of A1.2.1 is printed rows below its first action",
        confidence: 0.5,
        source: { page: null, line: 19, bbox: null },
      },
    },
    {
      kind: "signature_unverified_chain",
      severity: "info",
      code: null,
      message: "the signer's certificate does not chain to a trusted root",
      evidence: {
        signers: [{ subject: "CN=Firmatario di prova, O=Camera di commercio", signingTime: null }],
      },
    },
  ].map((d) => Discrepancy.parse(d));
}

const SEED_DIFF: DiffReport = DiffReport.parse({
  changes: [
    { type: "added", level: "action", code: "D1.1.1", text: "Azione aggiunta nella nuova versione" },
    {
      type: "removed",
      level: "subProcess",
      code: "D9.9.9",
      text: "Sotto-processo soppresso",
      children: [
        { type: "removed", level: "action", code: "D9.9.9", text: "Azione del sotto-processo soppresso" },
      ],
    },
    {
      type: "renumbered",
      level: "process",
      code: "A1.2",
      from: "A1.1",
      to: "A1.2",
      text: "Processo spostato da un processo inserito prima",
    },
    {
      type: "renamed",
      level: "process",
      code: "A1.2",
      oldText: "SISTEMI DI GESTIONE INTERNI",
      newText: "SISTEMI DI GESTIONE",
      similarity: 0.82,
    },
    {
      type: "moved",
      level: "action",
      code: "A1.1.2",
      from: "A1.2.1",
      to: "A1.1.2",
      text: "Azione spostata tra sotto-processi",
      similarity: 1,
    },
  ],
});

/** The seed annex's expected tree, hand-made findings of every shape, and a hand-made diff. */
export async function seedReportInput(): Promise<ReportInput> {
  const hierarchy = await seedHierarchy();
  return { hierarchy, discrepancies: seedDiscrepancies(hierarchy), diff: SEED_DIFF };
}

/** The seed annex read by the pipeline itself, diffed against its expected tree. */
async function ingestedSeedAnnex(): Promise<ReportInput> {
  const { ingestBytes } = await import("../../pipeline/ingest.js");
  const ingested = await ingestBytes(await readFile(SEED_ANNEX), SEED_ANNEX, {
    previous: await seedHierarchy(),
  });
  return { hierarchy: ingested.hierarchy, discrepancies: ingested.discrepancies, diff: ingested.diff };
}

export type ReportSource = "expected tree" | "ingested annex";

export function reportInputFrom(source: ReportSource): Promise<ReportInput> {
  return source === "ingested annex" ? ingestedSeedAnnex() : seedReportInput();
}

/** Text that must stay text: markup that would run, or load something, if it reached the page unescaped. */
export const HOSTILE_ACTION = `<script>alert(1)</script>`;
export const HOSTILE_MESSAGE = `"><img src=x onerror=alert(2)>`;

/** The input with hostile text in an action (under the first sub-process), a finding's message and its evidence. */
export function withHostileText(input: ReportInput): ReportInput {
  let planted = false;
  const plantOnce = (actions: readonly Action[]): Action[] => {
    if (planted) return [...actions];
    planted = true;
    const hostile: Action = {
      id: "hostile#1",
      code: null,
      text: HOSTILE_ACTION,
      confidence: 0.3,
      source: { page: null, line: null, bbox: null },
    };
    return [...actions, hostile];
  };
  const hierarchy = mapTree(input.hierarchy, {
    subProcess: (s) => ({ ...s, actions: plantOnce(s.actions) }),
  });
  const hostileFinding: Discrepancy = {
    kind: "unplaced_text",
    severity: "warning",
    code: HOSTILE_MESSAGE,
    message: `text that could not be placed: ${HOSTILE_MESSAGE}`,
    evidence: { text: HOSTILE_ACTION, rule: HOSTILE_MESSAGE },
  };
  return { ...input, hierarchy, discrepancies: [...input.discrepancies, hostileFinding] };
}

// ---------------------------------------------------------------------------------------------------
// Browser

const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium; never a downloaded browser. Missing, it is a failure with the fix in the message. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (these tests never download a browser)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A page opened from a file, with everything it tried to do besides showing itself. */
export interface OpenedPage {
  readonly page: Page;
  readonly url: string;
  readonly requests: string[];
  readonly consoleErrors: string[];
  readonly dialogs: string[];
  /** Closes the page and removes its file. */
  close(): Promise<void>;
}

/** A desktop window, as the page is mostly read on. */
const DEFAULT_VIEWPORT = { width: 1280, height: 900 };

/** Listeners go on before navigation, so nothing the page does while loading is missed. */
export async function openHtmlFile(
  browser: Browser,
  html: string,
  viewport: { width: number; height: number } = DEFAULT_VIEWPORT,
): Promise<OpenedPage> {
  const dir = await mkdtemp(join(tmpdir(), "report-html-"));
  const file = join(dir, "report.html");
  await writeFile(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport });
  const opened: OpenedPage = {
    page,
    url,
    requests: [],
    consoleErrors: [],
    dialogs: [],
    close: async () => {
      await page.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  page.on("request", (request) => opened.requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") opened.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => opened.consoleErrors.push(error.message));
  page.on("dialog", (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  return opened;
}

/** axe-core's own build, run in the page through the debugging protocol (the page's CSP would refuse it as a script). */
let axeSource: Promise<string> | undefined;
const loadAxe = () => {
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
};

export interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly targets: string[];
}

/** axe-core's violations on the page as it is now, or in the part `selector` picks. */
export async function axeViolations(page: Page, selector?: string): Promise<AxeViolation[]> {
  await page.evaluate(await loadAxe());
  const context = selector === undefined ? "document" : JSON.stringify(selector);
  return page.evaluate<AxeViolation[]>(`axe.run(${context}, { resultTypes: ["violations"] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })))`);
}

/** Whether the page scrolls sideways: its content wider than the window. */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
