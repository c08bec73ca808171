import {
  type ChangeType,
  contentsLine,
  contentsSummary,
  LEVEL_NAMES as DIFF_LEVEL_NAMES,
  SECTIONS as DIFF_SECTIONS,
  DIFF_TITLE,
  type DiffChange,
  type DiffReport,
  NO_CHANGES,
} from "../../diff.js";
import { formatNumber } from "../source-text.js";
import { type Context, codeLink } from "./links.js";
import { type Child, el, type Markup, scrollRegion } from "./markup.js";

// ---------------------------------------------------------------------------------------------------
// Diff against the previous version

const similarityText = (change: DiffChange): string =>
  change.similarity === undefined ? "" : formatNumber(change.similarity);

/** What an added or removed label held: its counts, opening on the nested list of its contents. */
function contentsCell(change: DiffChange): Child {
  const children = change.children ?? [];
  if (children.length === 0) return "";
  const tree = (items: readonly DiffChange[]): Markup =>
    el(
      "ul",
      {},
      items.map((item) =>
        el("li", {}, contentsLine(item), (item.children ?? []).length > 0 ? tree(item.children ?? []) : null),
      ),
    );
  return el("details", {}, el("summary", {}, contentsSummary(change)), tree(children));
}

/**
 * A change's cells, column for column with its section in diff.ts (which owns the sections' order,
 * headings and columns): here codes are linked and the similarity written the Italian way.
 */
const DIFF_CELLS: Readonly<Record<ChangeType, (change: DiffChange, ctx: Context) => readonly Child[]>> = {
  added: (c, ctx) => [DIFF_LEVEL_NAMES[c.level], codeLink(c.code, ctx), c.text ?? "", contentsCell(c)],
  removed: (c) => [DIFF_LEVEL_NAMES[c.level], c.code, c.text ?? "", contentsCell(c)],
  renamed: (c, ctx) => [
    DIFF_LEVEL_NAMES[c.level],
    codeLink(c.code, ctx),
    c.oldText ?? "",
    c.newText ?? "",
    similarityText(c),
  ],
  renumbered: (c, ctx) => [
    DIFF_LEVEL_NAMES[c.level],
    c.from ?? "",
    c.to === undefined ? "" : codeLink(c.to, ctx),
    c.text ?? c.newText ?? "",
    c.oldText ?? "",
  ],
  moved: (c, ctx) => [
    c.from === undefined ? "" : codeLink(c.from, ctx),
    c.to === undefined ? "" : codeLink(c.to, ctx),
    c.text ?? "",
    similarityText(c),
  ],
};

export function diffSection(diff: DiffReport, ctx: Context): Markup {
  const tables = DIFF_SECTIONS.map((section) => ({
    section,
    changes: diff.changes.filter((c) => c.type === section.type),
  }))
    .filter(({ changes }) => changes.length > 0)
    .map(({ section, changes }) =>
      scrollRegion(
        section.heading,
        el(
          "table",
          { class: "diff", "data-change-type": section.type },
          el("caption", {}, `${section.heading} (${changes.length})`),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              section.columns.map((label) => el("th", { scope: "col" }, label)),
            ),
          ),
          el(
            "tbody",
            {},
            changes.map((c) =>
              el(
                "tr",
                {},
                DIFF_CELLS[section.type](c, ctx).map((cell) => el("td", {}, cell)),
              ),
            ),
          ),
        ),
      ),
    );
  return el(
    "section",
    { id: "diff", "aria-labelledby": "diff-title" },
    el("h2", { id: "diff-title" }, DIFF_TITLE),
    tables.length > 0 ? tables : el("p", {}, NO_CHANGES),
  );
}
