import { writeFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../test/support/browser.js";

/**
 * Chromium's print of an HTML annex (Debian's browser through playwright-core, as the report tests run
 * it): the page size and margins come from the document's own `@page` rule.
 */

export interface PrintJob {
  html: string;
  pdf: string;
}

/** Prints each job's HTML to its PDF file with one browser, one page at a time. */
export async function printAll(jobs: readonly PrintJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const browser: Browser = await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    for (const job of jobs) {
      await page.setContent(job.html, { waitUntil: "load" });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await writeFile(job.pdf, pdf);
    }
    await context.close();
  } finally {
    await browser.close();
  }
}
