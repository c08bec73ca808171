import { isAscii, isUtf8 } from "node:buffer";
import * as cheerio from "cheerio";
import type { AnyNode, Element, ParentNode } from "domhandler";
import iconv from "iconv-lite";
import { adapter as domAdapter } from "parse5-htmlparser2-tree-adapter";
import { InputError } from "../errors.js";
import { SOURCE } from "../messages/findings.js";
import { REFUSAL } from "../messages/refusals.js";
import type { Grid, GridRow } from "../schema/grid.js";
import { byteOrderMark, looksLikeHtml } from "./format-sniff.js";
import type { Reader } from "./reader.js";
import { gridRowsOf, type PlacedCell } from "./table-rows.js";
import { collapse } from "./whitespace.js";

type GridWarning = Grid["warnings"][number];

/** Where a `<meta>` charset is looked for: the HTML Standard's prescan reads the first 1024 bytes. */
const PRESCAN_BYTES = 1024;

/** `charset=…` inside `<meta http-equiv="Content-Type" content="text/html; charset=…">`. */
const CONTENT_TYPE_CHARSET = /charset\s*=\s*["']?([^"'\s;]+)/i;

/**
 * Labels the WHATWG Encoding Standard reads as another encoding than their name says. Browsers decode
 * "ISO-8859-1" and "ASCII" as windows-1252, so the curly quotes Word writes in 0x80–0x9F survive; a UTF-16
 * label in a `<meta>` can only be wrong, since the tag itself was readable as ASCII.
 */
const ENCODING_OF_LABEL: ReadonlyMap<string, string> = new Map([
  ...[
    "ansi_x3.4-1968",
    "ascii",
    "cp1252",
    "cp819",
    "csisolatin1",
    "ibm819",
    "iso-8859-1",
    "iso-ir-100",
    "iso8859-1",
    "iso88591",
    "iso_8859-1",
    "iso_8859-1:1987",
    "l1",
    "latin1",
    "us-ascii",
    "windows-1252",
    "x-cp1252",
  ].map((label) => [label, "windows-1252"] as const),
  ...[
    "unicode-1-1-utf-8",
    "unicode11utf8",
    "unicode20utf8",
    "utf-8",
    "utf8",
    "x-unicode20utf8",
    "utf-16",
    "utf-16le",
    "utf-16be",
  ].map((label) => [label, "utf-8"] as const),
]);

/** What undeclared bytes that are not UTF-8 are: the WHATWG default for Western locales, Word's Italian code page. */
const FALLBACK_ENCODING = "windows-1252";

/**
 * Elements whose children browsers do not show as text (their content is raw text or a data island, as
 * Word's `<xml>`); `<script>` and `<style>` are not elements of type "tag" and are skipped anyway.
 */
const NON_CONTENT_ELEMENTS: ReadonlySet<string> = new Set([
  "head",
  "title",
  "noscript",
  "noframes",
  "noembed",
  "iframe",
  "template",
  "object",
  "xml",
]);

/** Inline styles that hide text on screen and in print (Word writes `mso-hide:all` with `display:none`). */
const HIDDEN_STYLE = /display\s*:\s*none|mso-hide\s*:\s*all/i;

/** Elements that start a new line of text: a paragraph boundary inside a cell, a row of its own outside tables. */
const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "caption",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
]);

/** The HTML Standard's cap on colspan; also keeps a hostile value from allocating a billion column slots. */
const MAX_COLSPAN = 1000;

/**
 * How deep elements may nest: Chromium's parser stops nesting at 512 (`kMaximumHTMLParserDOMTreeDepth`),
 * so no page a browser shows needs more. The HTML Standard's tree builder looks down the stack of open
 * elements for each new block element (is a `<p>` open?), so parsing costs the input's length times
 * its depth: 10,000 nested `<div>`s took 4.4 s to parse and 40,000 over a minute (measured).
 */
const MAX_NESTING = 512;

/**
 * The DOM cheerio builds, with each node's depth counted as it is attached, and the parse stopped
 * once an element nests past MAX_NESTING, before its cost grows with the square of the input.
 */
function depthLimitedAdapter(): typeof domAdapter {
  const depthOf = new WeakMap<object, number>();
  const attach = (parent: ParentNode, child: AnyNode): void => {
    const depth = (depthOf.get(parent) ?? 0) + 1;
    if (depth > MAX_NESTING) {
      throw new InputError(REFUSAL.html.tooDeep({ depth: MAX_NESTING }));
    }
    depthOf.set(child, depth);
  };
  return {
    ...domAdapter,
    appendChild(parent, child) {
      attach(parent, child);
      domAdapter.appendChild(parent, child);
    },
    insertBefore(parent, child, reference) {
      attach(parent, child);
      domAdapter.insertBefore(parent, child, reference);
    },
  };
}

export const readHtml: Reader = async (bytes) => {
  if (!looksLikeHtml(bytes)) {
    throw new InputError(REFUSAL.html.notHtml);
  }
  const { html, warnings } = decodeHtml(bytes);
  const $ = cheerio.load(html, { sourceCodeLocationInfo: true, treeAdapter: depthLimitedAdapter() });
  const body = $("body").get(0);
  const readings = flowOf(tokensOf(body?.children ?? [], "stop")).map((item) =>
    item.kind === "text" ? { rows: [textRow(item.line)], warnings: [] } : readTable(item.table),
  );
  return {
    format: "html",
    pages: null,
    placement: "exact",
    rows: readings.flatMap((reading) => reading.rows),
    warnings: [...warnings, ...readings.flatMap((reading) => reading.warnings)],
  };
};

// ---------------------------------------------------------------------------------------------------
// Character set

interface DecodedHtml {
  readonly html: string;
  readonly warnings: readonly GridWarning[];
}

/**
 * Decodes as the HTML Standard does (BOM, then `<meta>`, then a default), except that a declaration the
 * bytes contradict is overridden: Word and hand-edited exports often keep a stale `<meta>` after re-saving.
 */
function decodeHtml(bytes: Uint8Array): DecodedHtml {
  const bom = byteOrderMark(bytes);
  const label = declaredCharset(bytes);
  const declared = label === null ? null : { label, encoding: ENCODING_OF_LABEL.get(label) ?? label };
  if (bom) {
    const warnings =
      declared !== null && declared.encoding !== bom.encoding
        ? [wrongDeclaration(declared, bom.encoding, "the file starts with a byte order mark")]
        : [];
    return { html: iconv.decode(bytes.subarray(bom.bytes.length), bom.encoding), warnings };
  }
  const utf8 = isUtf8(bytes);
  const ascii = isAscii(bytes);
  const guessed = utf8 ? "utf-8" : FALLBACK_ENCODING;
  const guessReason = utf8 ? SOURCE.validUtf8 : SOURCE.invalidUtf8;
  const decodeWith = (encoding: string, warnings: readonly GridWarning[]): DecodedHtml => ({
    html: iconv.decode(bytes, encoding),
    warnings,
  });
  if (declared === null) {
    // Pure ASCII reads the same in every candidate, so only a guess that matters is worth reporting.
    const warnings = ascii
      ? []
      : [
          {
            message: SOURCE.noCharset({ used: guessed, reason: guessReason }),
            evidence: { used: guessed },
          },
        ];
    return decodeWith(guessed, warnings);
  }
  if (!iconv.encodingExists(declared.encoding)) {
    return decodeWith(guessed, [
      {
        message: SOURCE.unknownCharset({ declared: declared.label, used: guessed, reason: guessReason }),
        evidence: { declared: declared.label, used: guessed },
      },
    ]);
  }
  if (declared.encoding === "utf-8" && !utf8) {
    return decodeWith(FALLBACK_ENCODING, [wrongDeclaration(declared, FALLBACK_ENCODING, guessReason)]);
  }
  // Text in a single-byte code page that is also valid multi-byte UTF-8 would need letter pairs like "Ã©":
  // valid UTF-8 with non-ASCII bytes is UTF-8.
  if (declared.encoding !== "utf-8" && utf8 && !ascii) {
    return decodeWith("utf-8", [wrongDeclaration(declared, "utf-8", SOURCE.validMultibyteUtf8)]);
  }
  return decodeWith(declared.encoding, []);
}

/** A charset label found in the markup, and the encoding it names. */
interface Declaration {
  readonly label: string;
  readonly encoding: string;
}

function wrongDeclaration(declared: Declaration, used: string, reason: string): GridWarning {
  return {
    message: SOURCE.wrongCharset({ declared: declared.label, reason, used }),
    evidence: { declared: declared.label, used },
  };
}

/** The charset a `<meta charset>` or `<meta http-equiv="Content-Type">` near the start declares, lower-cased. */
function declaredCharset(bytes: Uint8Array): string | null {
  const $ = cheerio.load(iconv.decode(bytes.subarray(0, PRESCAN_BYTES), "latin1"));
  const labels = $("meta")
    .toArray()
    .map((meta) => {
      const contentType =
        meta.attribs["http-equiv"]?.trim().toLowerCase() === "content-type"
          ? meta.attribs.content
          : undefined;
      return meta.attribs.charset ?? contentType?.match(CONTENT_TYPE_CHARSET)?.[1];
    });
  const label = labels
    .find((found) => found?.trim())
    ?.trim()
    .toLowerCase();
  return label ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Document flow: lines of text and tables, in document order

/** A piece of text the markup sets apart (a paragraph, a `<br>` line, a list item), whitespace collapsed. */
interface TextLine {
  readonly text: string;
  /** 1-based line of the decoded HTML where the text starts, when the parser knows it. */
  readonly line: number | null;
}

type FlowItem =
  | { readonly kind: "text"; readonly line: TextLine }
  | { readonly kind: "table"; readonly table: Element };

/** What the walk meets: text, a line break (block boundary or `<br>`), or a table it does not enter. */
type Token =
  | { readonly kind: "text"; readonly data: string; readonly line: number | null }
  | { readonly kind: "break" }
  | { readonly kind: "table"; readonly table: Element };

const BREAK: Token = { kind: "break" };

/** Whether a walk stops at tables (the document, whose tables become grid rows) or reads them as lines (a cell). */
type TableHandling = "stop" | "enter";

/**
 * The tokens under the nodes, in document order. The walk keeps its own stack: broken or hostile markup can
 * nest elements deeper than the call stack allows, and the parser accepts any depth.
 */
function tokensOf(nodes: readonly AnyNode[], tables: TableHandling): Token[] {
  const tokens: Token[] = [];
  // Nodes still to visit, and the breaks closing block elements whose children are queued; next one last.
  const pending: (AnyNode | Token)[] = [...nodes].reverse();
  const queueChildren = (element: Element): void => {
    for (const child of [...element.children].reverse()) pending.push(child);
  };
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ("kind" in next) tokens.push(next);
    else if (next.type === "text") tokens.push({ kind: "text", data: next.data, line: lineOfText(next) });
    // Comments (Word's conditional comments among them), doctype, <script> and <style> carry no text.
    else if (next.type !== "tag" || NON_CONTENT_ELEMENTS.has(next.name) || isHidden(next)) continue;
    else if (next.name === "table" && tables === "stop") tokens.push({ kind: "table", table: next });
    else if (next.name === "br") tokens.push(BREAK);
    else if (BLOCK_ELEMENTS.has(next.name)) {
      tokens.push(BREAK);
      pending.push(BREAK);
      queueChildren(next);
    } else queueChildren(next);
  }
  return tokens;
}

/** Joins runs of text between breaks into lines; tables stay items of their own. */
function flowOf(tokens: readonly Token[]): FlowItem[] {
  const items: FlowItem[] = [];
  let run: Extract<Token, { kind: "text" }>[] = [];
  const endRun = (): void => {
    const text = collapse(run.map((token) => token.data).join(""));
    const start = run.find((token) => token.data.trim() !== "");
    if (text) items.push({ kind: "text", line: { text, line: start?.line ?? null } });
    run = [];
  };
  for (const token of tokens) {
    if (token.kind === "text") {
      run.push(token);
      continue;
    }
    endRun();
    if (token.kind === "table") items.push({ kind: "table", table: token.table });
  }
  endRun();
  return items;
}

/** Lines of text under the nodes; a table nested inside (a layout table in a cell) is read as its lines. */
function linesOf(nodes: readonly AnyNode[]): TextLine[] {
  return flowOf(tokensOf(nodes, "enter"))
    .filter((item) => item.kind === "text")
    .map((item) => item.line);
}

function isHidden(element: Element): boolean {
  return HIDDEN_STYLE.test(element.attribs.style ?? "");
}

/** The line where a text node's first non-space character sits, not where its leading newlines start. */
function lineOfText(node: Extract<AnyNode, { type: "text" }>): number | null {
  const start = node.sourceCodeLocation?.startLine;
  if (start === undefined) return null;
  const leadingNewlines = node.data.match(/^\s*/)?.[0].match(/\n/g)?.length ?? 0;
  return start + leadingNewlines;
}

function textRow(line: TextLine): GridRow {
  return {
    page: null,
    cells: [
      {
        col: 0,
        rowSpan: 1,
        colSpan: 1,
        paragraphs: [line.text],
        source: { page: null, line: line.line, bbox: null },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Tables

interface TableReading {
  readonly rows: readonly GridRow[];
  readonly warnings: readonly GridWarning[];
}

/**
 * One `<table>` as grid rows: its caption as rows of their own, then every row holding text, with spans
 * clipped to the rows kept.
 */
function readTable(table: Element): TableReading {
  const captionRows = childElements(table, ["caption"]).flatMap((caption) => linesOf([caption]).map(textRow));
  const { cells, rowCount, overlaps } = placeCells(table);
  const warnings = overlaps.map((line) => ({
    message: SOURCE.overlappingCells,
    evidence: { line },
  }));
  return { rows: [...captionRows, ...gridRowsOf(cells, rowCount)], warnings };
}

/**
 * The HTML table model: row groups in order, each cell at the first column its row leaves free of cells
 * spanning down from above; rowspan=0 and rowspans past the end of a row group stop at its last row.
 */
function placeCells(table: Element): {
  cells: PlacedCell[];
  rowCount: number;
  overlaps: (number | null)[];
} {
  const cells: PlacedCell[] = [];
  const overlaps: (number | null)[] = [];
  // For each column, the first row no longer covered by a cell spanning down into it.
  const freeFromRow: number[] = [];
  let rowCount = 0;
  for (const group of childElements(table, ["thead", "tbody", "tfoot"])) {
    const groupRows = childElements(group, ["tr"]);
    const groupEnd = rowCount + groupRows.length;
    for (const tr of groupRows) {
      const row = rowCount++;
      let col = 0;
      for (const td of childElements(tr, ["td", "th"])) {
        while ((freeFromRow[col] ?? 0) > row) col++;
        const colSpan = Math.min(spanAttribute(td, "colspan") || 1, MAX_COLSPAN);
        const rowSpan = Math.min(spanAttribute(td, "rowspan") || groupEnd - row, groupEnd - row);
        const covered = Array.from({ length: colSpan }, (_, i) => col + i);
        if (covered.some((c) => (freeFromRow[c] ?? 0) > row))
          overlaps.push(td.sourceCodeLocation?.startLine ?? null);
        for (const c of covered) freeFromRow[c] = row + rowSpan;
        cells.push({
          row,
          col,
          rowSpan,
          colSpan,
          paragraphs: linesOf([td]).map((line) => line.text),
          source: { page: null, line: td.sourceCodeLocation?.startLine ?? null, bbox: null },
        });
        col += colSpan;
      }
    }
  }
  return { cells, rowCount, overlaps };
}

/**
 * A rowspan/colspan value as the HTML Standard parses it (" 3px" → 3); 1 when absent or invalid, 0 kept
 * (rowspan=0 runs to the end of the row group, colspan=0 means 1).
 */
function spanAttribute(cell: Element, name: "rowspan" | "colspan"): number {
  const value = Number.parseInt(cell.attribs[name] ?? "", 10);
  return Number.isNaN(value) || value < 0 ? 1 : value;
}

function childElements(parent: Element, names: readonly string[]): Element[] {
  return parent.children.filter(
    (child): child is Element => child.type === "tag" && names.includes(child.name),
  );
}
