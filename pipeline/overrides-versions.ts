import type { DiffChange } from "./diff.js";
import { diffHierarchies, subProcessesOf } from "./diff.js";
import { levelOf, parentCode } from "./resolve/codes.js";
import type { Hierarchy } from "./schema/hierarchy.js";
import { textKey } from "./text-similarity.js";

/**
 * How last year's decisions find their actions and sub-processes in this year's document. A decision
 * names an action by id or text and a sub-process by code; between versions ids change with the
 * sub-process, texts are reworded and codes renumbered. Given the version the decisions were taken on
 * (`--previous`), the version diff (`diff.ts`, which pairs nodes by content, never by row number) says
 * what each became: an old id gives the action's old text, a rename its new text, a renumbering a
 * label's new code.
 */
export interface VersionTrail {
  /** The text an action id had in the previous version, if it was one of its ids. */
  readonly previousText: (id: string) => string | undefined;
  /** The action's text in this version, when the diff says it was reworded from `text`. */
  readonly renamedTo: (text: string) => string | undefined;
  /** A label's code in this version, when the diff says it was renumbered. */
  readonly renumberedTo: (code: string) => string | undefined;
}

export const NO_TRAIL: VersionTrail = {
  previousText: () => undefined,
  renamedTo: () => undefined,
  renumberedTo: () => undefined,
};

function flatten(changes: readonly DiffChange[]): DiffChange[] {
  return changes.flatMap((c) => [c, ...flatten(c.children ?? [])]);
}

export function versionTrail(previous: Hierarchy, current: Hierarchy): VersionTrail {
  const texts = new Map(
    subProcessesOf(previous).flatMap((s) => s.actions.map((a) => [a.id, a.text] as const)),
  );
  const changes = flatten(diffHierarchies(previous, current).changes);
  const renamed = new Map<string, string>();
  const renumbered = new Map<string, string>();
  for (const c of changes) {
    if (c.level === "action" && c.oldText !== undefined && c.newText !== undefined)
      renamed.set(textKey(c.oldText), c.newText);
    if (c.level !== "action" && c.type === "renumbered" && c.from !== undefined && c.to !== undefined)
      renumbered.set(c.from, c.to);
  }
  return {
    previousText: (id) => texts.get(id),
    renamedTo: (text) => renamed.get(textKey(text)),
    renumberedTo: (code) => {
      // The diff lists a renumbered label once; what it holds moved with it (A1.2 → A1.3: A1.2.2 → A1.3.2).
      for (let ancestor = code; levelOf(ancestor) > 0; ancestor = parentCode(ancestor)) {
        const to = renumbered.get(ancestor);
        if (to !== undefined) return to + code.slice(ancestor.length);
      }
      return undefined;
    },
  };
}
