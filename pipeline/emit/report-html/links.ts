import type { Discrepancy } from "../../schema/discrepancy.js";
import type { Hierarchy } from "../../schema/hierarchy.js";
import type { FindingView } from "./finding-view.js";
import { anchorId, el, type Markup } from "./markup.js";

// ---------------------------------------------------------------------------------------------------
// Links between the table and the discrepancies

/** Discrepancy numbers (1-based, list order) by the code they point at. */
type FlagsByCode = ReadonlyMap<string, readonly number[]>;

export function flagsByCode(discrepancies: readonly Discrepancy[]): FlagsByCode {
  const flags = new Map<string, number[]>();
  discrepancies.forEach((d, i) => {
    if (d.code === null) return;
    const numbers = flags.get(d.code);
    if (numbers) numbers.push(i + 1);
    else flags.set(d.code, [i + 1]);
  });
  return flags;
}

/** Every code the table has an anchor for: labels at every level, and printed action codes. */
export function anchoredCodes(h: Hierarchy): ReadonlySet<string> {
  const codes = new Set<string>();
  for (const f of h.functions) {
    codes.add(f.code);
    for (const m of f.macroProcesses) {
      codes.add(m.code);
      for (const p of m.processes) {
        codes.add(p.code);
        for (const s of p.subProcesses) {
          codes.add(s.code);
          for (const a of s.actions) if (a.code !== null) codes.add(a.code);
        }
      }
    }
  }
  return codes;
}

/** Finding numbers by the id of an action they concern (see FindingView.actions). */
export function flagsByAction(views: readonly FindingView[]): FlagsByCode {
  const flags = new Map<string, number[]>();
  for (const view of views) {
    for (const action of view.actions) {
      const numbers = flags.get(action.id);
      if (numbers) numbers.push(view.number);
      else flags.set(action.id, [view.number]);
    }
  }
  return flags;
}

export interface Context {
  readonly flags: FlagsByCode;
  readonly flagsByAction: FlagsByCode;
  readonly anchored: ReadonlySet<string>;
}

/** A code, linked to its rows when the table has them. */
export function codeLink(code: string, ctx: Context): Markup {
  return ctx.anchored.has(code)
    ? el("a", { href: `#${anchorId("code", code)}`, class: "code" }, code)
    : el("code", {}, code);
}

/** Links from a table cell to the discrepancies on its code (and, for an action, on its id). */
export function flagLinks(code: string | null, ctx: Context, actionId?: string): Markup | null {
  const onCode = code === null ? [] : (ctx.flags.get(code) ?? []);
  const onAction = actionId === undefined ? [] : (ctx.flagsByAction.get(actionId) ?? []);
  const numbers = [...new Set([...onCode, ...onAction])].sort((a, b) => a - b);
  if (numbers.length === 0) return null;
  return el(
    "span",
    { class: "flags" },
    numbers.map((n) =>
      el("a", { href: `#${anchorId("d", String(n))}`, class: "flag" }, `⚠ segnalazione ${n}`),
    ),
  );
}
