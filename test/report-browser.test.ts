import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportHtml } from "../pipeline/emit/report-html.js";
import type { ReportInput } from "../pipeline/emit/report-input.js";
import { ingestBytes } from "../pipeline/ingest.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import {
  axeViolations,
  HOSTILE_ACTION,
  launchChromium,
  type OpenedPage,
  openHtmlFile,
  type ReportSource,
  reportInputFrom,
  scrollsSideways,
  withHostileText,
} from "./support/browser.js";

/**
 * What the page is rendered from: the pipeline's own reading of the seed annex (pipeline/ingest.ts).
 * "expected tree" renders the seed's expected hierarchy with hand-made findings instead.
 */
const SOURCE: ReportSource = "ingested annex";

/** Where the screenshots go, to be looked at: `<dir>/report-<width>.png`. */
const SCREENSHOTS = tmpdir();

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** A desktop window and a phone's (an iPhone 14's 390 CSS pixels). */
const WIDTHS = [1440, 390] as const;

const subProcessesOf = (h: Hierarchy) =>
  h.functions.flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)));

let browser: Browser;
let input: ReportInput;
let report: OpenedPage;

beforeAll(async () => {
  input = await reportInputFrom(SOURCE);
  browser = await launchChromium();
  report = await openHtmlFile(browser, renderReportHtml(input));
}, 60_000);

afterAll(async () => {
  await report?.close();
  await browser?.close();
});

describe(`report.html in Chromium (${SOURCE})`, () => {
  it("shows the counts of the hierarchy and of the discrepancies it was rendered from", async () => {
    const h = input.hierarchy;
    const subProcesses = subProcessesOf(h);
    const expected: Record<string, number> = {
      "data-count-functions": h.functions.length,
      "data-count-macro-processes": h.functions.flatMap((f) => f.macroProcesses).length,
      "data-count-processes": h.functions.flatMap((f) => f.macroProcesses.flatMap((m) => m.processes)).length,
      "data-count-sub-processes": subProcesses.length,
      "data-count-actions": subProcesses.reduce((n, s) => n + s.actions.length, 0),
      "data-count-discrepancies": input.discrepancies.length,
    };
    for (const [attribute, count] of Object.entries(expected)) {
      const shown = report.page.locator(`[${attribute}]`);
      expect(await shown.isVisible(), attribute).toBe(true);
      expect(await shown.textContent(), attribute).toBe(String(count));
    }
    expect(await report.page.locator("table.annex .action-text").count()).toBe(
      expected["data-count-actions"],
    );
    expect(await report.page.locator("#discrepancy-list > li:visible").count()).toBe(
      input.discrepancies.length,
    );
  });

  it("narrows the list by severity, then by kind, chosen with the keyboard, and counts what it shows", async () => {
    const { page } = report;
    const total = input.discrepancies.length;
    const visibleItems = page.locator("#discrepancy-list > li:visible");
    const shownCount = page.locator("#shown-count");

    await page.focus("#filter-severity");
    await page.keyboard.press("ArrowDown");
    const severity = await page.locator("#filter-severity").inputValue();
    expect(severity).toBe("error");
    const bySeverity = input.discrepancies.filter((d) => d.severity === severity);
    expect(bySeverity.length).toBeLessThan(total);
    await expect.poll(() => visibleItems.count()).toBe(bySeverity.length);
    expect(await shownCount.textContent()).toBe(`${bySeverity.length} di ${total} segnalazioni`);
    for (const item of await visibleItems.all())
      expect(await item.getAttribute("data-severity")).toBe("error");

    // Back to every severity, then the second kind in the list.
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => visibleItems.count()).toBe(total);
    await page.focus("#filter-kind");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const kind = await page.locator("#filter-kind").inputValue();
    const byKind = input.discrepancies.filter((d) => d.kind === kind);
    expect(byKind.length).toBeGreaterThan(0);
    expect(byKind.length).toBeLessThan(total);
    await expect.poll(() => visibleItems.count()).toBe(byKind.length);
    expect(await shownCount.textContent()).toBe(`${byKind.length} di ${total} segnalazioni`);
    for (const item of await visibleItems.all()) expect(await item.getAttribute("data-kind")).toBe(kind);

    // Printed, the filters go and every item shows, whatever was chosen on screen.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("fieldset.filters").isVisible()).toBe(false);
    expect(await visibleItems.count()).toBe(total);
    await page.emulateMedia({ media: "screen" });

    // Hidden for print, the select lost focus: focus it again and go back to every kind.
    await page.focus("#filter-kind");
    await page.keyboard.press("Home");
    await expect.poll(() => visibleItems.count()).toBe(total);
  });

  it("links a discrepancy to the rows it concerns", async () => {
    const { page } = report;
    const onSubProcess = input.discrepancies.find(
      (d) => d.code !== null && /^[A-Z]\d+\.\d+\.\d+$/.test(d.code),
    );
    expect(onSubProcess).toBeDefined();
    const code = onSubProcess?.code ?? "";
    await page.locator(`#discrepancy-list > li[data-code="${code}"] .discrepancy-head a`).first().click();
    expect(new URL(page.url()).hash).toBe(`#code-${code}`);
    const target = page.locator(`[id="code-${code}"]`);
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(await target.evaluate((cell) => cell.closest("tr")?.classList.contains("flagged"))).toBe(true);
  });

  it("makes no network request, logs no error and opens no dialog", () => {
    expect(report.requests).toEqual([report.url]);
    expect(report.consoleErrors).toEqual([]);
    expect(report.dialogs).toEqual([]);
  });

  it("takes a link's reader to its target below the sticky column headers", async () => {
    const { page } = report;
    const code = input.discrepancies.find(
      (d) => d.code !== null && /^[A-Z]\d+\.\d+\.\d+$/.test(d.code),
    )?.code;
    await page.locator(`#discrepancy-list a[href="#code-${code}"]`).first().click();
    const [headerBottom, targetTop] = await page.evaluate(
      (id) => [
        document.querySelector("table.annex thead")?.getBoundingClientRect().bottom ?? 0,
        document.getElementById(id)?.getBoundingClientRect().top ?? 0,
      ],
      `code-${code}`,
    );
    expect(targetTop).toBeGreaterThanOrEqual(headerBottom);
  });

  it("prints every row with its function, the band that spans pages left out", async () => {
    const { page } = report;
    await page.emulateMedia({ media: "print" });
    try {
      const firstCells = await page.$$eval("table.annex > tbody > tr", (rows) =>
        (rows as HTMLTableRowElement[]).map((row) => {
          const cell = Array.from(row.cells).find((c) => getComputedStyle(c).display !== "none");
          return [cell?.className, cell?.textContent, row.closest("tbody")?.dataset.function];
        }),
      );
      expect(firstCells.length).toBeGreaterThan(0);
      for (const [className, text, fn] of firstCells)
        expect([className, text]).toEqual(["print-function", fn]);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });
});

for (const width of WIDTHS) {
  describe(`report.html at ${width} px`, () => {
    let sized: OpenedPage;
    beforeAll(async () => {
      sized = await openHtmlFile(browser, renderReportHtml(input), { width, height: 900 });
    });
    afterAll(() => sized?.close());

    it("does not scroll sideways", async () => {
      expect(await scrollsSideways(sized.page)).toBe(false);
    });

    it("has no accessibility violations (axe-core), a decision form open too", async () => {
      expect(await axeViolations(sized.page)).toEqual([]);
      await sized.page.locator('#discrepancy-list [data-decide="move"]').first().click();
      expect(await sized.page.locator(".decision-form").count()).toBe(1);
      expect(await scrollsSideways(sized.page)).toBe(false);
      expect(await axeViolations(sized.page, ".decision-form")).toEqual([]);
      await sized.page.keyboard.press("Escape");
      expect(await sized.page.locator(".decision-form").count()).toBe(0);
    });

    it("makes no network request and logs no error; saves screenshots for review", async () => {
      await sized.page.evaluate(() => window.scrollTo(0, 0));
      const top = await sized.page.screenshot({ path: join(SCREENSHOTS, `report-${width}.png`) });
      await sized.page.locator("#discrepancy-list > li").nth(5).scrollIntoViewIfNeeded();
      await sized.page.screenshot({ path: join(SCREENSHOTS, `report-${width}-findings.png`) });
      await sized.page.locator("table.annex").scrollIntoViewIfNeeded();
      await sized.page.screenshot({ path: join(SCREENSHOTS, `report-${width}-table.png`) });
      expect(top.length).toBeGreaterThan(10_000);
      expect(sized.requests).toEqual([sized.url]);
      expect(sized.consoleErrors).toEqual([]);
    });
  });
}

/** The fixture PDF's report as ingestion writes it: its findings carry pictures of their page regions. */
describe("report.html of the fixture PDF, with its source pictures", () => {
  let pdfReport: string;
  beforeAll(async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, "articolazione-processi.pdf")));
    pdfReport = (await ingestBytes(bytes, "articolazione-processi.pdf")).files["report.html"] ?? "";
  }, 120_000);

  for (const width of WIDTHS) {
    it(`at ${width} px: pictures shown, no sideways scroll, axe-core clean, nothing fetched, no error`, async () => {
      const sized = await openHtmlFile(browser, pdfReport, { width, height: 900 });
      try {
        const pictures = sized.page.locator("#discrepancy-list img.source-picture");
        expect(await pictures.count()).toBeGreaterThan(0);
        await pictures.first().scrollIntoViewIfNeeded();
        expect(await pictures.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(
          0,
        );
        await sized.page.screenshot({ path: join(SCREENSHOTS, `report-pdf-${width}-picture.png`) });
        expect(await scrollsSideways(sized.page)).toBe(false);
        expect(await axeViolations(sized.page)).toEqual([]);
        expect(sized.requests).toEqual([sized.url]);
        expect(sized.consoleErrors).toEqual([]);
      } finally {
        await sized.close();
      }
    }, 120_000);
  }
});

describe("report.html with hostile text, in Chromium", () => {
  it("shows the text as text: nothing runs, nothing loads", async () => {
    const hostile = await openHtmlFile(browser, renderReportHtml(withHostileText(input)));
    try {
      const cell = hostile.page.locator(".action-text", { hasText: HOSTILE_ACTION });
      expect(await cell.count()).toBe(1);
      expect(await hostile.page.locator("img").count()).toBe(0);
      expect(hostile.dialogs).toEqual([]);
      expect(hostile.requests).toEqual([hostile.url]);
      expect(hostile.consoleErrors).toEqual([]);
    } finally {
      await hostile.close();
    }
  });
});
