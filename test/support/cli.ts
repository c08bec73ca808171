import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { DiscrepancyReport } from "../../pipeline/schema/discrepancy.js";
import { Hierarchy } from "../../pipeline/schema/hierarchy.js";

/** Running the CLI as a user does, and checking what it wrote. */

/** The project's root, where the CLI runs from. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Generous: the CI box is shared with other suites; a real run takes a few seconds. */
export const CLI_TIMEOUT_MS = 90_000;

/** What `ingest` writes in each document's folder, in name order. */
export const OUTPUT_FILES = [
  "actions.csv",
  "actions.xlsx",
  "discrepancies.json",
  "hierarchy.json",
  "report.html",
  "report.md",
];

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Longer than CLI_TIMEOUT_MS for a batch that must wait out the pipeline's own limits. */
  readonly timeoutMs?: number;
  /** Called with the process id once the CLI has started (to watch it in /proc). */
  readonly onStart?: (pid: number) => void;
}

/** The CLI as a user runs it through tsx, stdout and stderr captured (so neither is a terminal). */
export function cli(args: readonly string[], options: CliOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "pipeline/cli.ts", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? CLI_TIMEOUT_MS,
    });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export function stderrLines(run: Run): string[] {
  return run.stderr.split("\n").filter((line) => line !== "");
}

/** Names in a folder, hidden ones included (a leftover `.stem.partial-…` or `.stem.old-…` shows here). */
export function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

export function countActions(h: Hierarchy): number {
  return h.functions
    .flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)))
    .reduce((n, s) => n + s.actions.length, 0);
}

/** Checks a complete output folder and returns its hierarchy. */
export function expectCompleteFolder(folder: string): Hierarchy {
  expect(entries(folder)).toEqual(OUTPUT_FILES);
  const hierarchy = Hierarchy.parse(JSON.parse(readFileSync(join(folder, "hierarchy.json"), "utf8")));
  expect(hierarchy.functions.length).toBeGreaterThan(0);
  expect(countActions(hierarchy)).toBeGreaterThan(0);
  DiscrepancyReport.parse(JSON.parse(readFileSync(join(folder, "discrepancies.json"), "utf8")));
  const csvLines = readFileSync(join(folder, "actions.csv"), "utf8").split(/\r?\n/).filter(Boolean);
  // A header and one line per action at least (a quoted text may span lines).
  expect(csvLines.length).toBeGreaterThanOrEqual(countActions(hierarchy) + 1);
  expect(readFileSync(join(folder, "report.md"), "utf8").trim()).not.toBe("");
  expect(readFileSync(join(folder, "report.html"), "utf8")).toMatch(/<html[\s>][\s\S]*<\/html>\s*$/i);
  return hierarchy;
}
