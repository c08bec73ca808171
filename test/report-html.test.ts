import { createHash } from "node:crypto";
import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { SECTIONS as DIFF_SECTIONS, mapTree } from "../pipeline/diff.js";
import { renderReportHtml } from "../pipeline/emit/report-html.js";
import type { ReportInput } from "../pipeline/emit/report-input.js";
import type { Action, Hierarchy, SubProcess } from "../pipeline/schema/hierarchy.js";
import { HOSTILE_ACTION, HOSTILE_MESSAGE, seedReportInput, withHostileText } from "./support/browser.js";

const input = await seedReportInput();
const html = renderReportHtml(input);
const $ = cheerio.load(html);

// Counted here independently of the pipeline's own counting code.
const macroProcessesOf = (h: Hierarchy) => h.functions.flatMap((f) => f.macroProcesses);
const processesOf = (h: Hierarchy) => macroProcessesOf(h).flatMap((m) => m.processes);
const subProcessesOf = (h: Hierarchy): SubProcess[] => processesOf(h).flatMap((p) => p.subProcesses);
const actionsOf = (h: Hierarchy) => subProcessesOf(h).flatMap((s) => s.actions);

/** The `<tr>`s a label cell spans: its own row and the next `rowspan - 1`. */
function rowsUnder(page: cheerio.CheerioAPI, code: string) {
  const cell = page(`[id="code-${code}"]`);
  expect(cell.length, `label cell of ${code}`).toBe(1);
  const first = cell.closest("tr");
  const span = Number(cell.attr("rowspan"));
  return first.add(first.nextAll("tr").slice(0, span - 1));
}

const rowsOfSubProcess = (s: SubProcess) => Math.max(1, s.actions.length);

describe("report.html from the seed annex's expected tree", () => {
  it("shows the hierarchy's counts, by level", () => {
    const h = input.hierarchy;
    const expected = {
      "data-count-functions": h.functions.length,
      "data-count-macro-processes": macroProcessesOf(h).length,
      "data-count-processes": processesOf(h).length,
      "data-count-sub-processes": subProcessesOf(h).length,
      "data-count-actions": actionsOf(h).length,
    };
    expect(expected["data-count-actions"]).toBe(177);
    for (const [attribute, count] of Object.entries(expected)) {
      const shown = $(`[${attribute}]`);
      expect(shown.length, attribute).toBe(1);
      expect(shown.attr(attribute), attribute).toBe(String(count));
      expect(shown.text(), attribute).toBe(String(count));
    }
    expect($("[data-count-discrepancies]").text()).toBe(String(input.discrepancies.length));
  });

  it("shows the document: file, format, pages, digest, title and signature with its unverified signer", () => {
    const doc = $("dl.document").text();
    const d = input.hierarchy.document;
    for (const value of [d.file, "PDF", String(d.pages), d.sha256, d.title ?? "", "firma CAdES valida"]) {
      expect(doc).toContain(value);
    }
    expect($("ul.signers").text()).toBe(
      // signingTime 2024-03-15T10:20:00Z, in Rome time (CET, UTC+1) and Italian form.
      "Firmatario di prova, Camera di commercio, firmato il 15 marzo 2024 alle ore 11:20:00 CET",
    );
    expect($("ul.verdicts .note").text()).toContain("firmatario non verificato");
    const signature = d.signature;
    if (signature === null) throw new Error("the seed hierarchy is signed");
    const trusted = cheerio.load(
      renderReportHtml({
        ...input,
        hierarchy: { ...input.hierarchy, document: { ...d, signature: { ...signature, trusted: true } } },
      }),
    );
    expect(trusted("ul.verdicts .note").length).toBe(0);
    expect(trusted("ul.verdicts .ok").text()).toContain("firmatario attendibile");
  });

  it("compares declared totals with what was found, marking the difference", () => {
    const actionsA = actionsOf({
      ...input.hierarchy,
      functions: input.hierarchy.functions.filter((f) => f.code === "A"),
    });
    const rowA = $('table.totals tr[data-scope="A"]');
    expect(rowA.find('td[data-level="actions"][data-declared]').text()).toBe("43");
    const foundActions = rowA.find('td[data-level="actions"][data-found]');
    expect(foundActions.attr("data-found")).toBe(String(actionsA.length));
    expect(actionsA.length).not.toBe(43);
    expect(foundActions.hasClass("differs")).toBe(true);
    expect(foundActions.text()).toContain("diverso");
    const foundMacros = rowA.find('td[data-level="macroProcesses"][data-found]');
    expect(foundMacros.hasClass("differs")).toBe(false);
    // Function B prints no totals row.
    expect($('table.totals tr[data-scope="B"] td[data-declared]').first().text()).toBe("—");
    expect($("table.totals .differs").length).toBe(1);
  });

  it("lays the table out as the annex: a row per action, one for an empty sub-process, labels spanning them", () => {
    const h = input.hierarchy;
    const rows = $("table.annex > tbody > tr");
    expect(rows.length).toBe(subProcessesOf(h).reduce((n, s) => n + rowsOfSubProcess(s), 0));
    for (const f of h.functions) {
      const functionRows = subProcessesOf({ ...h, functions: [f] }).reduce(
        (n, s) => n + rowsOfSubProcess(s),
        0,
      );
      expect($(`[id="code-${f.code}"]`).attr("rowspan"), f.code).toBe(String(functionRows));
      expect($(`tbody[data-function="${f.code}"] > tr`).length, f.code).toBe(functionRows);
    }
    for (const s of subProcessesOf(h)) {
      expect($(`[id="code-${s.code}"]`).attr("rowspan"), s.code).toBe(String(rowsOfSubProcess(s)));
    }
    const empty = rowsUnder($, "C2.8.1");
    expect(empty.length).toBe(1);
    expect(empty.find("td.none").text()).toBe("(nessuna azione)");
    expect(
      $("thead th")
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(expect.arrayContaining(["Funzione", "LIV 1 Macro-processi", "LIV 4 Azioni"]));
  });

  it("shows every action's text once, in a row anchored by its id", () => {
    const actions = actionsOf(input.hierarchy);
    const shown = $("table.annex .action-text")
      .map((_, cell) => $(cell).text())
      .get();
    expect([...shown].sort()).toEqual(actions.map((a) => a.text).sort());
    for (const a of actions) {
      const row = $(`tr[id="action-${a.id.replace("#", "_23_")}"]`);
      expect(row.find(".action-text").text(), a.id).toBe(a.text);
    }
    const ids = $("[id]")
      .map((_, node) => $(node).attr("id"))
      .get();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("marks low-confidence placements with words, not colour only", () => {
    const low = actionsOf(input.hierarchy).filter((a) => a.confidence < 0.6);
    expect(low.length).toBeGreaterThan(0);
    const marked = $("td.action")
      .filter((_, td) => $(td).text().includes("bassa affidabilità"))
      .map((_, td) => $(td).find(".action-text").text())
      .get();
    expect(marked.sort()).toEqual(low.map((a) => a.text).sort());
  });

  it("highlights the rows a discrepancy points at, and only the band for a function", () => {
    expect(rowsUnder($, "B1.1.4").filter(".flagged").length).toBe(rowsUnder($, "B1.1.4").length);
    expect(rowsUnder($, "C2.8.1").hasClass("flagged")).toBe(true);
    expect(rowsUnder($, "A1.1.1").filter(".flagged").length).toBe(0);
    expect($('[id="code-A"]').hasClass("flagged")).toBe(true);
    expect($('[id="code-B"]').hasClass("flagged")).toBe(false);
    // The flagged label cell says so in words and links to the discrepancy.
    const numberOfB114 = input.discrepancies.findIndex((d) => d.code === "B1.1.4") + 1;
    expect($('[id="code-B1.1.4"] a.flag').attr("href")).toBe(`#d-${numberOfB114}`);
    expect($('[id="code-B1.1.4"]').text()).toContain(`segnalazione ${numberOfB114}`);
  });

  it("lists every discrepancy with severity, kind, code and message, linked to its rows", () => {
    const items = $("#discrepancy-list > li");
    expect(items.length).toBe(input.discrepancies.length);
    input.discrepancies.forEach((d, i) => {
      const item = items.eq(i);
      expect(item.attr("data-kind")).toBe(d.kind);
      expect(item.attr("data-severity")).toBe(d.severity);
      expect(item.attr("data-code")).toBe(d.code ?? "");
      expect(item.find(".message").text()).toBe(d.message);
      expect(item.find("code.kind").text()).toBe(d.kind);
      if (d.code !== null) expect(item.find(".discrepancy-head a").attr("href")).toBe(`#code-${d.code}`);
    });
  });

  it("locates every finding: a code the table anchors, or its place in the source", () => {
    const items = $("#discrepancy-list > li");
    expect(items.length).toBe(input.discrepancies.length);
    input.discrepancies.forEach((d, i) => {
      const where = items.eq(i).find(".where");
      expect(where.length, d.kind).toBe(1);
      if (d.code !== null) expect(where.find(`a[href="#code-${d.code}"]`).length, d.kind).toBe(1);
      else expect(where.text(), d.kind).toMatch(/pagina \d|riga \d|l'intero documento/);
    });
  });

  it("lists the actions a finding concerns, linked to their rows, and the rows link back", () => {
    const duplicate = $('#discrepancy-list > li[data-kind="duplicate_action"]');
    const repeated = input.discrepancies.find((d) => d.kind === "duplicate_action")?.evidence.text;
    const concerned = duplicate.find(".concerned > li");
    expect(concerned.length).toBe(1);
    expect(concerned.find("a").text()).toBe(repeated);
    const row = $(`[id="${concerned.find("a").attr("href")?.slice(1)}"]`);
    expect(row.find(".action-text").text()).toBe(repeated);
    expect(row.find(`td.action a[href="#${duplicate.attr("id")}"]`).length).toBe(1);
    expect(concerned.attr("data-sub-process")).toBe("B1.1.4");
  });

  it("leaves deciding to the script: the panel starts hidden, the sub-process choices follow the tree", () => {
    expect($("#decisions").attr("hidden")).toBeDefined();
    expect($("#decisions").attr("data-sha256")).toBe(input.hierarchy.document.sha256);
    const options = cheerio.load($("template#sub-process-options").html() ?? "")("option");
    expect(options.map((_, o) => $(o).attr("value")).get()).toEqual(
      subProcessesOf(input.hierarchy).map((s) => s.code),
    );
    expect($("button").length).toBe(1); // the filters' reset: decision buttons are the script's
  });

  it("renders evidence readably: places in words, codes linked, no raw JSON", () => {
    const reassigned = $('#discrepancy-list > li[data-kind="reassigned_action"]');
    const evidence = reassigned
      .find("dl.evidence > dt")
      .map((_, dt) => `${$(dt).text()}=${$(dt).next("dd").text()}`)
      .get();
    expect(evidence).toEqual([
      "Da=A1.2.1",
      "A=A1.1.2",
      "Motivo=the label of A1.2.1 is printed rows below its first action",
      "Affidabilità=0,5",
    ]);
    // The place is said once, with the finding's location.
    expect(reassigned.find(".where").text()).toBe("Dove: A1.1.2; riga 19");
    expect(reassigned.find('dd a[href="#code-A1.2.1"]').length).toBe(1);
    const duplicate = $('#discrepancy-list > li[data-kind="duplicate_action"]').text();
    // A place a person can find: the page, not the box's coordinates.
    expect(duplicate).toContain("pagina 3");
    expect(duplicate).not.toContain("riquadro");
    expect($("#discrepancy-list").text()).not.toMatch(/[{}[\]]/);
  });

  it("has every in-page link lead somewhere, and nothing outside the page", () => {
    const hrefs = $("[href]")
      .map((_, node) => $(node).attr("href"))
      .get();
    expect(hrefs.length).toBeGreaterThan(input.discrepancies.length);
    for (const href of hrefs) {
      expect(href.startsWith("#"), href).toBe(true);
      expect($(`[id="${href.slice(1)}"]`).length, href).toBe(1);
    }
    expect($("[src], link, iframe, object, embed, img").length).toBe(0);
    expect(html).not.toMatch(/https?:\/\//i);
    expect($("style").html()).not.toMatch(/url\(|@import/i);
  });

  it("lets only its own style and script run (Content-Security-Policy with their hashes)", () => {
    const policy = $('meta[http-equiv="Content-Security-Policy"]').attr("content") ?? "";
    expect(policy).toContain("default-src 'none'");
    const hash = (source: string) => `'sha256-${createHash("sha256").update(source).digest("base64")}'`;
    expect($("script").length).toBe(1);
    expect(policy).toContain(`script-src ${hash($("script").html() ?? "")}`);
    expect(policy).toContain(`style-src ${hash($("style").html() ?? "")}`);
  });

  it("is structured for assistive technology: Italian, headings, captioned tables, scoped headers, labelled controls", () => {
    expect($("html").attr("lang")).toBe("it");
    expect($("h1").length).toBe(1);
    expect($("h2").length).toBeGreaterThanOrEqual(4);
    $("table").each((_, table) => {
      expect($(table).children().first().is("caption")).toBe(true);
    });
    $("th").each((_, th) => {
      expect(["col", "colgroup", "row", "rowgroup"]).toContain($(th).attr("scope"));
    });
    const selects = $("select");
    expect(selects.length).toBe(3);
    selects.each((_, select) => {
      expect($(`label[for="${$(select).attr("id")}"]`).length).toBe(1);
    });
    expect($("#shown-count").text()).toBe(
      `${input.discrepancies.length} di ${input.discrepancies.length} segnalazioni`,
    );
    expect($("#shown-count").attr("aria-live")).toBe("polite");
  });

  it("hides the filters and shows every item when printed", () => {
    const print = $("style").html()?.split("@media print")[1] ?? "";
    expect(print).toMatch(/fieldset\.filters[^{]*\{\s*display: none/);
    expect(print).toContain("li[hidden] { display: list-item !important; }");
    expect(print).toMatch(/#decisions[^{]*\{\s*display: none/);
  });
});

describe("the diff section", () => {
  it("has one captioned table per change type when a diff is given", () => {
    const tables = $("#diff table");
    expect(
      tables
        .map((_, t) => $(t).attr("data-change-type"))
        .get()
        .sort(),
    ).toEqual(["added", "moved", "removed", "renamed", "renumbered"]);
    expect($('#diff table[data-change-type="moved"] tbody tr').text()).toContain(
      "Azione spostata tra sotto-processi",
    );
    expect($('#diff table[data-change-type="renamed"] caption').text()).toBe("Rinominate (1)");
    const contents = $('#diff table[data-change-type="removed"] tbody td').last();
    expect(contents.find("details summary").text()).toBe("1 azione");
    expect(contents.find("details li").text()).toBe("Azione del sotto-processo soppresso");
    expect($('#diff table[data-change-type="renumbered"] tbody td').first().text()).toBe("processo");
    expect($('nav a[href="#diff"]').length).toBe(1);
  });

  it("follows the Markdown diff's sections: their order, headings and columns", () => {
    const tables = $("#diff table").toArray();
    expect(tables.map((t) => $(t).attr("data-change-type"))).toEqual(DIFF_SECTIONS.map((s) => s.type));
    DIFF_SECTIONS.forEach((section, i) => {
      const table = $(tables[i]);
      expect(table.find("caption").text()).toBe(`${section.heading} (1)`);
      expect(
        table
          .find("thead th")
          .map((_, th) => $(th).text())
          .get(),
      ).toEqual(section.columns);
      expect(table.find("tbody tr").first().children("td").length).toBe(section.columns.length);
    });
  });

  it("says so when nothing changed", () => {
    const page = cheerio.load(renderReportHtml({ ...input, diff: { changes: [] } }));
    expect(page("#diff p").text()).toBe("Nessuna modifica rispetto alla versione precedente.");
  });

  it("is absent when there is no previous version", () => {
    const withoutDiff = renderReportHtml({ ...input, diff: null });
    const page = cheerio.load(withoutDiff);
    expect(page("#diff").length).toBe(0);
    expect(page('a[href="#diff"]').length).toBe(0);
    expect(withoutDiff).not.toContain("versione precedente");
  });
});

describe("anchors", () => {
  it("gives each key an id of its own: characters outside [A-Za-z0-9.-] by their code point", () => {
    const keys = ["x_y", "x y", "x_20_y", "😀", "\uD800", "\uDE00\uD83D", "é.-Z9"];
    const subProcess = subProcessesOf(input.hierarchy)[0] as SubProcess;
    const planted: Action[] = keys.map((key, i) => ({
      id: `${subProcess.code}#${key}`,
      code: null,
      text: `Azione ${i}`,
      confidence: 1,
      source: { page: null, line: null, bbox: null },
    }));
    const hierarchy = mapTree(input.hierarchy, {
      subProcess: (s) => (s.code === subProcess.code ? { ...s, actions: [...s.actions, ...planted] } : s),
    });
    const page = cheerio.load(renderReportHtml({ ...input, hierarchy }));
    const idOf = (text: string) =>
      page("tr .action-text")
        .filter((_, cell) => page(cell).text() === text)
        .closest("tr")
        .attr("id");
    const prefix = `action-${subProcess.code}_23_`;
    expect(planted.map((a) => idOf(a.text))).toEqual([
      `${prefix}x_5f_y`,
      `${prefix}x_20_y`,
      `${prefix}x_5f_20_5f_y`,
      `${prefix}_1f600_`,
      `${prefix}_d800_`,
      `${prefix}_de00__d83d_`,
      `${prefix}_e9_.-Z9`,
    ]);
  });
});

describe("hostile text", () => {
  const hostileInput: ReportInput = withHostileText(input);
  const hostileHtml = renderReportHtml(hostileInput);
  const page = cheerio.load(hostileHtml);

  it("stays text in actions, messages, evidence and attributes", () => {
    expect(hostileHtml).not.toContain(HOSTILE_ACTION);
    expect(hostileHtml).not.toContain("<img");
    expect(page("script").length).toBe(1);
    expect(page("img, [onerror]").length).toBe(0);
    const hostileCells = page(".action-text").filter((_, node) => page(node).text() === HOSTILE_ACTION);
    expect(hostileCells.length).toBe(1);
    const finding = page('#discrepancy-list > li[data-kind="unplaced_text"]');
    expect(finding.attr("data-code")).toBe(HOSTILE_MESSAGE);
    expect(finding.find(".message").text()).toBe(`text that could not be placed: ${HOSTILE_MESSAGE}`);
    expect(finding.find("dl.evidence").text()).toContain(HOSTILE_ACTION);
    expect(finding.find("dl.evidence").text()).toContain(HOSTILE_MESSAGE);
  });
});

describe("a document without findings", () => {
  it("says there is nothing to review and offers no filters", () => {
    const page = cheerio.load(renderReportHtml({ ...input, discrepancies: [] }));
    expect(page("#discrepancies").text()).toContain("Nessuna segnalazione.");
    expect(page("select").length).toBe(0);
    expect(page("[data-count-discrepancies]").text()).toBe("0");
    expect(page(".flagged").length).toBe(0);
  });
});
