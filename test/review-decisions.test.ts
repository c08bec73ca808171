import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapTree, subProcessesOf } from "../pipeline/diff.js";
import { parseOverrides } from "../pipeline/overrides.js";
import { type Discrepancy, DiscrepancyReport } from "../pipeline/schema/discrepancy.js";
import { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { launchChromium, type OpenedPage, openHtmlFile } from "./support/browser.js";
import { CLI_TIMEOUT_MS, cli } from "./support/cli.js";

/**
 * The maintainer's review loop, as a maintainer runs it: the seed annex ingested by the CLI, its
 * report.html opened in Chromium, one action moved and one finding marked reviewed with the keyboard
 * alone, the decisions file downloaded from the page, and the annex ingested again with it.
 */

const SEED = "fixtures/articolazione-processi.txt";
const STEM = "articolazione-processi";
const AUTHOR = "Maria Esposito";
const MOVE_NOTE = "La riga dell'azione è quella del sotto-processo d'origine";
const REVIEW_NOTE = "Vuoto anche nell'allegato firmato";

let dir: string;
let browser: Browser;
let report: OpenedPage;
let before: Hierarchy;
let findings: Discrepancy[];

async function ingest(
  out: string,
  ...extra: string[]
): Promise<{ h: Hierarchy; d: Discrepancy[]; html: string }> {
  const run = await cli(["ingest", SEED, "--out", out, ...extra]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const folder = join(out, STEM);
  return {
    h: Hierarchy.parse(JSON.parse(await readFile(join(folder, "hierarchy.json"), "utf8"))),
    d: DiscrepancyReport.parse(JSON.parse(await readFile(join(folder, "discrepancies.json"), "utf8")))
      .discrepancies,
    html: await readFile(join(folder, "report.html"), "utf8"),
  };
}

/**
 * Where `selector` is from the focus in tab order: > 0 ahead, < 0 behind (the page sets no positive
 * tabindex, so tab order is document order). A string, run as is: tsx would wrap a function's
 * inner helpers in a `__name` the page does not have.
 */
const tabDistance = (selector: string) => `(() => {
  const tabbable = [...document.querySelectorAll("a[href], button, select, input, [tabindex='0']")]
    .filter((e) => !e.disabled && e.checkVisibility());
  const target = tabbable.findIndex((e) => e.matches(${JSON.stringify(selector)}));
  if (target < 0) return null;
  const active = document.activeElement;
  // Focus on an element out of the tab order (tabindex -1) sits between the tabbable ones around it.
  const at = tabbable.includes(active)
    ? tabbable.indexOf(active)
    : tabbable.filter((e) => active.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING).length - 0.5;
  return target > at ? Math.ceil(target - at) : -Math.ceil(at - target);
})()`;

/** Presses Tab, or Shift+Tab when it is behind, (and nothing else) until `selector` has the focus. */
async function tabTo(page: Page, selector: string): Promise<void> {
  const distance = await page.evaluate<number | null>(tabDistance(selector));
  if (distance === null) throw new Error(`${selector} is not in the tab order`);
  const key = distance < 0 ? "Shift+Tab" : "Tab";
  for (let i = 0; i < Math.abs(distance); i++) await page.keyboard.press(key);
  expect(await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector), selector).toBe(
    true,
  );
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active === null ? "" : `${active.tagName.toLowerCase()}.${active.className}`;
  });

const actionsUnder = (h: Hierarchy, code: string) =>
  subProcessesOf(h).find((s) => s.code === code)?.actions ?? [];

/** The first reassignment: the action it placed, found by its line under the sub-process it went to. */
function reassignment(h: Hierarchy, discrepancies: readonly Discrepancy[]) {
  const index = discrepancies.findIndex((d) => d.kind === "reassigned_action");
  const finding = discrepancies[index];
  if (finding === undefined || finding.code === null)
    throw new Error("the seed annex has no reassigned action");
  const { from, source } = finding.evidence as { from: string; source: { line: number } };
  const to = finding.code;
  const action = actionsUnder(h, to).find((a) => a.source.line === source.line);
  expect(action, `action on line ${source.line} under ${to}`).toBeDefined();
  return { number: index + 1, from, to, id: action?.id ?? "", text: action?.text ?? "" };
}

/** The reason of the decision that settled a finding (`settledBy`; `reviewed` where authors are not kept). */
const settledReason = (d: Discrepancy): string | undefined =>
  ((d.evidence.settledBy ?? d.evidence.reviewed) as { reason?: string } | undefined)?.reason;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "review-decisions-"));
  const first = await ingest(join(dir, "first"));
  before = first.h;
  findings = first.d;
  browser = await launchChromium();
  report = await openHtmlFile(browser, first.html);
}, 2 * CLI_TIMEOUT_MS);

afterAll(async () => {
  await report?.close();
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the review loop: decisions taken in report.html, applied by the next ingestion", () => {
  let decisionsFile = "";

  it("moves an action and marks a finding reviewed with the keyboard only, and offers the decisions file", async () => {
    const { page } = report;
    const moved = reassignment(before, findings);
    const empty = findings.findIndex((d) => d.kind === "empty_subprocess") + 1;
    expect(empty).toBeGreaterThan(0);
    const pending = page.locator("#decision-count");
    expect(await pending.textContent()).toBe(`0 decisioni registrate · ${findings.length} da decidere`);

    // Move: the form opens on the sub-process select, holding where the action is now.
    await tabTo(page, `#d-${moved.number} [data-decide="move"]`);
    await page.keyboard.press("Enter");
    const target = page.locator(`#d-${moved.number} .decision-form select`);
    expect(await focused(page)).toBe("select.");
    expect(await target.inputValue()).toBe(moved.to);
    await page.keyboard.type(moved.from);
    expect(await target.inputValue()).toBe(moved.from);
    await page.keyboard.press("Tab");
    await page.keyboard.type(MOVE_NOTE);
    await page.keyboard.press("Tab");
    await page.keyboard.type(AUTHOR);
    await page.keyboard.press("Enter");
    const movedState = page.locator(`#d-${moved.number} .decision-state`);
    expect(await focused(page)).toBe("p.decision-state");
    expect(await movedState.textContent()).toContain(`da ${moved.to} a ${moved.from} — ${AUTHOR}`);
    expect(await pending.textContent()).toBe(
      `1 decisione registrata · ${findings.length - 1} da decidere · non ancora scaricate`,
    );

    // Review: the author is remembered from the first decision.
    await tabTo(page, `#d-${empty} [data-decide="review"]`);
    await page.keyboard.press("Enter");
    await page.keyboard.type(REVIEW_NOTE);
    await page.keyboard.press("Tab");
    expect(await page.locator(`#d-${empty} .decision-form input`).last().inputValue()).toBe(AUTHOR);
    await page.keyboard.press("Enter");
    expect(await page.locator(`#d-${empty} .decision-state`).textContent()).toContain(
      `Rivista: ${REVIEW_NOTE}`,
    );
    expect(await pending.textContent()).toBe(
      `2 decisioni registrate · ${findings.length - 2} da decidere · non ancora scaricate`,
    );

    // Decided findings can be filtered, and the count follows.
    await tabTo(page, "#filter-state");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#filter-state").inputValue()).toBe("decided");
    expect(await page.locator("#shown-count").textContent()).toBe(`2 di ${findings.length} segnalazioni`);
    // Each option counts what it would show: the other states, and kinds, follow the decisions.
    expect(await page.locator('#filter-state option[value="open"]').textContent()).toBe(
      `da decidere (${findings.length - 2})`,
    );
    expect(await page.locator('#filter-kind option[value="empty_subprocess"]').textContent()).toMatch(
      /\(1\)$/,
    );
    await tabTo(page, "#filter-reset");
    await page.keyboard.press("Enter");
    expect(await page.locator("#discrepancy-list > li:visible").count()).toBe(findings.length);

    await tabTo(page, "#decision-download");
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(download.suggestedFilename()).toBe(`${STEM}.decisioni.yaml`);
    decisionsFile = join(dir, download.suggestedFilename());
    await download.saveAs(decisionsFile);
    await expect
      .poll(() => pending.textContent())
      .toBe(`2 decisioni registrate · ${findings.length - 2} da decidere`);
  });

  it("writes the file --overrides reads, with the document's sha256 and each decision's author and date", async () => {
    const text = await readFile(decisionsFile, "utf8");
    const moved = reassignment(before, findings);
    const parsed = parseOverrides(text, decisionsFile);
    const emptyCode = findings.find((d) => d.kind === "empty_subprocess")?.code;
    expect(parsed.document).toEqual({ file: before.document.file, sha256: before.document.sha256 });
    const now = new Date();
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map((n) => String(n).padStart(2, "0"))
      .join("-");
    const by = { author: AUTHOR, date: today };
    // In the findings' order: each decision is its entries, then the review that settles its finding.
    expect(parsed.overrides).toEqual([
      // The only finding of its kind on its code: its message, which may be reworded, is left out.
      { review: { kind: "empty_subprocess", code: emptyCode }, reason: REVIEW_NOTE, ...by },
      {
        pin: { action: moved.id, text: moved.text, from: moved.to, to: moved.from },
        reason: MOVE_NOTE,
        ...by,
      },
      {
        review: expect.objectContaining({ kind: "reassigned_action", code: moved.to }),
        reason: MOVE_NOTE,
        ...by,
      },
    ]);
  });

  it(
    "re-ingested with it, moves the action, shows the finding reviewed, and changes nothing else",
    async () => {
      const moved = reassignment(before, findings);
      const after = await ingest(join(dir, "second"), "--overrides", decisionsFile);

      const landed = actionsUnder(after.h, moved.from).find((a) => a.id === moved.id);
      expect(landed?.confidence).toBe(1);
      expect(actionsUnder(after.h, moved.to).some((a) => a.id === moved.id)).toBe(false);
      const withoutMoved = (h: Hierarchy) =>
        mapTree(h, { subProcess: (s) => ({ ...s, actions: s.actions.filter((a) => a.id !== moved.id) }) });
      expect(withoutMoved(after.h)).toEqual(withoutMoved(before));

      const reviewed = after.d.filter((d) => settledReason(d) !== undefined);
      expect(reviewed.map((d) => [d.kind, settledReason(d)])).toEqual([
        ["empty_subprocess", REVIEW_NOTE],
        ["reassigned_action", MOVE_NOTE],
      ]);
      expect(after.d.filter((d) => d.kind === "stale_override")).toEqual([]);

      const next = await openHtmlFile(browser, after.html);
      try {
        const empty = after.d.findIndex((d) => d.kind === "empty_subprocess") + 1;
        const item = next.page.locator(`#d-${empty}`);
        expect(await item.locator(".reviewed-badge").textContent()).toBe("rivista");
        expect(await item.locator(".decision-state").textContent()).toBe("Già rivista");
        expect(await item.locator(".reviewed").textContent()).toContain(REVIEW_NOTE);
        await next.page.locator("#filter-state").selectOption("reviewed");
        expect(await next.page.locator("#discrepancy-list > li:visible").count()).toBe(2);
        expect(next.consoleErrors).toEqual([]);
      } finally {
        await next.close();
      }
    },
    CLI_TIMEOUT_MS,
  );

  it("made no network request and logged no error", () => {
    expect(report.requests.filter((url) => !url.startsWith("blob:"))).toEqual([report.url]);
    expect(report.consoleErrors).toEqual([]);
    expect(report.dialogs).toEqual([]);
  });
});
