import fc from "fast-check";
import type { ChangeLevel, DiffChange } from "../../pipeline/diff.js";
import type { Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { isStopword, textKey } from "../../pipeline/text-similarity.js";
import {
  ADJECTIVES,
  buildHierarchy,
  type Category,
  type FunctionSpec,
  nounPhrase,
  sampleHierarchy,
  sentenceCasePhrase,
  upperCasePhrase,
} from "./random-hierarchy.js";
import { seededRandom } from "./seeded-random.js";

/**
 * Version pairs with planted edits: a hierarchy, a next version made from it by edits drawn at random
 * (actions added, removed, replaced by new ones, reworded, rewritten after their first words, moved;
 * labels renamed; whole processes and sub-processes added or removed, which renumbers the ones after
 * them), and the changes a diff must report, derived from which node became which: the generator's
 * own knowledge, never the diff's output.
 *
 * Edits that no reader could tell apart are not planted: a rewrite keeps first words that no sibling
 * opens with; a replacement shares no content word with the action it replaces but the opening one;
 * a label gets a name of no shared word only when it holds actions to be known by; no parent both
 * loses and gains a child (an empty sub-process replaced under its code reads as renamed).
 */

interface TrackedAction {
  readonly id: number;
  text: string;
}

interface TrackedLabel {
  readonly id: number;
  name: string;
  readonly category: Category | null;
  children: TrackedLabel[];
  actions: TrackedAction[];
}

/** Levels by depth: function, macro-process, process, sub-process. */
const LEVELS: readonly ChangeLevel[] = ["function", "macroProcess", "process", "subProcess"];
const SUB_PROCESS_DEPTH = 3;

export interface VersionPair {
  readonly old: Hierarchy;
  readonly next: Hierarchy;
  /** The changes the edits made, in the shape of `diff --json` without `similarity`. */
  readonly planted: DiffChange[];
  /** The edits, one line each, to read a failing pair by. */
  readonly edits: string[];
}

class Planter {
  private readonly draw: () => number;
  private nextId = 0;
  /** Nodes an edit already changed (or brought): each edit takes untouched ones. */
  private readonly touched = new Set<number>();
  /** Parents that gained or lost a child. */
  private readonly gained = new Set<number>();
  private readonly lost = new Set<number>();
  /** Every action text key of either version, so that a new text is new. */
  private readonly texts = new Set<string>();
  readonly edits: string[] = [];
  readonly oldTree: TrackedLabel[];
  readonly newTree: TrackedLabel[];

  constructor(base: Hierarchy, seed: number) {
    this.draw = seededRandom(seed);
    this.oldTree = base.functions.map((f) =>
      this.label(
        f.name,
        f.category,
        f.macroProcesses.map((m) =>
          this.label(
            m.name,
            null,
            m.processes.map((p) =>
              this.label(
                p.name,
                null,
                p.subProcesses.map((s) =>
                  this.label(
                    s.name,
                    null,
                    [],
                    s.actions.map((a) => this.action(a.text)),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    this.newTree = structuredClone(this.oldTree);
  }

  private label(
    name: string,
    category: Category | null,
    children: TrackedLabel[],
    actions: TrackedAction[] = [],
  ): TrackedLabel {
    return { id: this.nextId++, name, category, children, actions };
  }

  private action(text: string): TrackedAction {
    this.texts.add(textKey(text));
    return { id: this.nextId++, text };
  }

  private integer(min: number, max: number): number {
    return min + Math.floor(this.draw() * (max - min + 1));
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.integer(0, items.length - 1)];
  }

  private fresh(arbitrary: fc.Arbitrary<string>): string {
    for (;;) {
      const [text] = fc.sample(arbitrary, { seed: this.integer(0, 2 ** 30), numRuns: 1 });
      if (text !== undefined && !this.texts.has(textKey(text))) {
        this.texts.add(textKey(text));
        return text;
      }
    }
  }

  private freshAction(): TrackedAction {
    const action = this.action(this.fresh(sentenceCasePhrase));
    this.touched.add(action.id);
    return action;
  }

  /** Labels of the new tree at `depth` that the old one has too, with their parent (null for a function). */
  private labelsAt(depth: number): { node: TrackedLabel; parent: TrackedLabel | null }[] {
    let level = this.newTree.map((node) => ({ node, parent: null as TrackedLabel | null }));
    for (let d = 0; d < depth; d++) {
      level = level.flatMap(({ node }) => node.children.map((child) => ({ node: child, parent: node })));
    }
    return level.filter(({ node }) => !this.isFresh(node.id));
  }

  private isFresh(id: number): boolean {
    return this.touched.has(id) && !this.oldIds.has(id);
  }

  private readonly oldIds = new Set<number>();
  private readonly oldNodes = new Map<number, TrackedLabel>();

  private rememberOldIds(): void {
    const visit = (node: TrackedLabel) => {
      this.oldIds.add(node.id);
      this.oldNodes.set(node.id, node);
      for (const a of node.actions) this.oldIds.add(a.id);
      node.children.forEach(visit);
    };
    this.oldTree.forEach(visit);
  }

  /** Untouched actions of the new tree that the old one has, with their sub-process. */
  private oldActions(): { action: TrackedAction; holder: TrackedLabel }[] {
    return this.labelsAt(SUB_PROCESS_DEPTH).flatMap(({ node }) =>
      node.actions.filter((a) => !this.touched.has(a.id)).map((action) => ({ action, holder: node })),
    );
  }

  private insertAt<T>(items: T[], item: T): void {
    items.splice(this.integer(0, items.length), 0, item);
  }

  /** A light rewording: a qualifier or an aside added, or one preposition swapped. */
  private reword(text: string): string {
    const upper = text === text.toUpperCase();
    const cased = (s: string) => (upper ? s.toUpperCase() : s);
    const swapped = text.replace(/\b(del|della|dei|delle|di)\b/i, (word) =>
      cased(word.toLowerCase() === "di" ? "del" : "di"),
    );
    const variants = [
      `${text} ${cased(this.pick(ADJECTIVES) as string)}`,
      `${text} (${cased(this.fresh(nounPhrase))})`,
      ...(swapped !== text ? [swapped] : []),
    ];
    return this.pick(variants) as string;
  }

  /**
   * The text's words up to its second content word (not an Italian function word), then a new
   * parenthesis: "Trasmissione MUD (…)" rewritten as "Trasmissione MUD (…other words…)". Null when
   * the text has too little after them to be rewritten, or a sibling opens with the same words.
   */
  private rewrite(text: string, siblings: readonly TrackedAction[]): string | null {
    const words = text.split(/\s+/);
    let content = 0;
    let kept = 0;
    while (kept < words.length && content < 2) {
      const word = (words[kept] as string).toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
      if (word !== "" && !isStopword(word)) content++;
      kept++;
    }
    if (content < 2 || words.length - kept < 2) return null;
    const opening = words.slice(0, kept).join(" ");
    const openingKey = textKey(opening);
    if (siblings.some((s) => s.text !== text && textKey(s.text).startsWith(openingKey))) return null;
    return `${opening} (${this.fresh(sentenceCasePhrase).toLowerCase()})`;
  }

  private static readonly ATTEMPTS = 30;

  /** Plants `count` edits of kinds drawn at random; a kind that finds no target is skipped. */
  plant(count: number): void {
    this.rememberOldIds();
    const kinds = Object.keys(this.editors) as (keyof Planter["editors"])[];
    for (let n = 0; n < count; n++) {
      const kind = this.pick(kinds) as keyof Planter["editors"];
      for (let attempt = 0; attempt < Planter.ATTEMPTS; attempt++) {
        const done = this.editors[kind]();
        if (done !== null) {
          this.edits.push(`${kind}: ${done}`);
          break;
        }
      }
    }
  }

  /** Each edit returns what it did, or null when the target drawn does not suit it. */
  private readonly editors = {
    addAction: (): string | null => {
      const target = this.pick(this.labelsAt(SUB_PROCESS_DEPTH))?.node;
      if (target === undefined) return null;
      const action = this.freshAction();
      this.insertAt(target.actions, action);
      return action.text;
    },
    removeAction: (): string | null => {
      const found = this.pick(this.oldActions());
      if (found === undefined) return null;
      found.holder.actions = found.holder.actions.filter((a) => a !== found.action);
      this.touched.add(found.action.id);
      return found.action.text;
    },
    /** An action removed and a new one put in its place: a removal and an addition, not a rewording. */
    replaceAction: (): string | null => {
      const found = this.pick(this.oldActions());
      if (found === undefined) return null;
      const actions = found.holder.actions;
      const replacement = this.freshAction();
      // A new action, not a rewording: no content word in common but, at most, the opening one.
      const contentWords = (text: string) =>
        text
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .filter((word) => word !== "" && !isStopword(word))
          .slice(1);
      const old = new Set(contentWords(found.action.text));
      if (contentWords(replacement.text).some((word) => old.has(word))) return null;
      actions.splice(actions.indexOf(found.action), 1, replacement);
      this.touched.add(found.action.id);
      return `${found.action.text} → ${replacement.text}`;
    },
    rewordAction: (): string | null => {
      const found = this.pick(this.oldActions());
      if (found === undefined) return null;
      const text = this.reword(found.action.text);
      if (found.holder.actions.some((a) => textKey(a.text) === textKey(text))) return null;
      this.touched.add(found.action.id);
      const before = found.action.text;
      found.action.text = text;
      this.texts.add(textKey(text));
      return `${before} → ${text}`;
    },
    rewriteAction: (): string | null => {
      const found = this.pick(this.oldActions());
      if (found === undefined) return null;
      const text = this.rewrite(found.action.text, found.holder.actions);
      if (text === null) return null;
      this.touched.add(found.action.id);
      const before = found.action.text;
      found.action.text = text;
      this.texts.add(textKey(text));
      return `${before} → ${text}`;
    },
    moveAction: (): string | null => {
      const found = this.pick(this.oldActions());
      const target = this.pick(this.labelsAt(SUB_PROCESS_DEPTH))?.node;
      if (found === undefined || target === undefined || target === found.holder) return null;
      const text = this.draw() < 0.5 ? found.action.text : this.reword(found.action.text);
      if (target.actions.some((a) => textKey(a.text) === textKey(text))) return null;
      this.touched.add(found.action.id);
      found.holder.actions = found.holder.actions.filter((a) => a !== found.action);
      const before = found.action.text;
      found.action.text = text;
      this.texts.add(textKey(text));
      this.insertAt(target.actions, found.action);
      return `${before} → ${text}`;
    },
    renameLabel: (): string | null => {
      const node = this.pick(this.labelsAt(this.integer(1, SUB_PROCESS_DEPTH)))?.node;
      if (node === undefined || this.touched.has(node.id)) return null;
      const upper = node.name === node.name.toUpperCase();
      const anew = this.draw() < 0.5 && actionCount(node) >= 2;
      const name = anew ? this.fresh(upper ? upperCasePhrase : sentenceCasePhrase) : this.reword(node.name);
      if (textKey(name) === textKey(node.name)) return null;
      this.touched.add(node.id);
      const before = node.name;
      node.name = name;
      return `${before} → ${name}`;
    },
    addSubtree: (): string | null => {
      const depth = this.integer(1, 2);
      const parent = this.pick(this.labelsAt(depth))?.node;
      if (parent === undefined || this.lost.has(parent.id)) return null;
      const freshSubProcess = () =>
        this.freshLabel(
          sentenceCasePhrase,
          [],
          Array.from({ length: this.integer(1, 4) }, () => this.freshAction()),
        );
      const child =
        depth === 1
          ? this.freshLabel(upperCasePhrase, Array.from({ length: this.integer(1, 3) }, freshSubProcess))
          : freshSubProcess();
      this.insertAt(parent.children, child);
      this.gained.add(parent.id);
      return `${child.name} under ${parent.name}`;
    },
    removeSubtree: (): string | null => {
      const found = this.pick(this.labelsAt(this.integer(2, SUB_PROCESS_DEPTH)));
      if (found?.parent == null || this.gained.has(found.parent.id)) return null;
      // Untouched in either version: nothing moved out of it, removed from it or added to it.
      const ids = [...idsUnder(found.node), ...idsUnder(this.oldNodes.get(found.node.id) as TrackedLabel)];
      if (ids.some((id) => this.touched.has(id))) return null;
      for (const id of idsUnder(found.node)) this.touched.add(id);
      found.parent.children = found.parent.children.filter((child) => child !== found.node);
      this.lost.add(found.parent.id);
      return found.node.name;
    },
  };

  private freshLabel(
    arbitrary: fc.Arbitrary<string>,
    children: TrackedLabel[],
    actions: TrackedAction[] = [],
  ): TrackedLabel {
    const node = this.label(this.fresh(arbitrary), null, children, actions);
    this.touched.add(node.id);
    return node;
  }
}

const actionCount = (node: TrackedLabel): number =>
  node.actions.length + node.children.reduce((sum, child) => sum + actionCount(child), 0);

const idsUnder = (node: TrackedLabel): number[] => [
  node.id,
  ...node.actions.map((a) => a.id),
  ...node.children.flatMap(idsUnder),
];

function toHierarchy(tree: readonly TrackedLabel[]): Hierarchy {
  const specs: FunctionSpec[] = tree.map((f) => ({
    name: f.name,
    category: f.category,
    macroProcesses: f.children.map((m) => ({
      name: m.name,
      processes: m.children.map((p) => ({
        name: p.name,
        subProcesses: p.children.map((s) => ({ name: s.name, actions: s.actions.map((a) => a.text) })),
      })),
    })),
  }));
  return buildHierarchy(specs);
}

interface Placed {
  node: TrackedLabel;
  depth: number;
  code: string;
  parent: TrackedLabel | null;
}

/** Every label by id with its code, numbered by position as buildHierarchy numbers them. */
function placed(tree: readonly TrackedLabel[]): Map<number, Placed> {
  const result = new Map<number, Placed>();
  const visit = (node: TrackedLabel, depth: number, code: string, parent: TrackedLabel | null) => {
    result.set(node.id, { node, depth, code, parent });
    node.children.forEach((child, i) => {
      visit(child, depth + 1, depth === 0 ? `${code}${i + 1}` : `${code}.${i + 1}`, node);
    });
  };
  tree.forEach((f, i) => {
    visit(f, 0, String.fromCharCode(65 + i), null);
  });
  return result;
}

function subtree(type: "added" | "removed", at: Placed, all: Map<number, Placed>): DiffChange {
  const children = [
    ...at.node.children.map((child) => subtree(type, all.get(child.id) as Placed, all)),
    ...at.node.actions.map((a): DiffChange => ({ type, level: "action", code: at.code, text: a.text })),
  ];
  return {
    type,
    level: LEVELS[at.depth] as ChangeLevel,
    code: at.code,
    text: at.node.name,
    ...(children.length > 0 ? { children } : {}),
  };
}

const ownNumber = (code: string): string => /(?:[A-Z]|\d+)$/.exec(code)?.[0] ?? code;

/** The changes from the old tree to the new, by which node is which. */
function plantedChanges(oldTree: readonly TrackedLabel[], newTree: readonly TrackedLabel[]): DiffChange[] {
  const before = placed(oldTree);
  const after = placed(newTree);
  const changes: DiffChange[] = [];
  for (const [id, was] of before) {
    if (!after.has(id) && (was.parent === null || after.has(was.parent.id))) {
      changes.push(subtree("removed", was, before));
    }
  }
  const holders = (labels: Map<number, Placed>) =>
    new Map(
      [...labels.values()].flatMap((p) => p.node.actions.map((a) => [a.id, { action: a, at: p }] as const)),
    );
  const oldActions = holders(before);
  const newActions = holders(after);
  for (const [id, is] of after) {
    const was = before.get(id);
    const level = LEVELS[is.depth] as ChangeLevel;
    if (was === undefined) {
      if (is.parent === null || before.has(is.parent.id)) changes.push(subtree("added", is, after));
      continue;
    }
    const renamed = was.node.name !== is.node.name;
    const names = renamed ? { oldText: was.node.name, newText: is.node.name } : { text: is.node.name };
    if (ownNumber(was.code) !== ownNumber(is.code)) {
      changes.push({ type: "renumbered", level, code: is.code, from: was.code, to: is.code, ...names });
    } else if (renamed) {
      changes.push({ type: "renamed", level, code: is.code, ...names });
    }
  }
  for (const [id, { action, at }] of oldActions) {
    const now = newActions.get(id);
    if (now === undefined) {
      if (after.has(at.node.id))
        changes.push({ type: "removed", level: "action", code: at.code, text: action.text });
      continue;
    }
    const texts = action.text !== now.action.text ? { oldText: action.text, newText: now.action.text } : null;
    if (now.at.node.id !== at.node.id) {
      const { code } = now.at;
      changes.push({
        type: "moved",
        level: "action",
        code,
        from: at.code,
        to: code,
        text: now.action.text,
        ...texts,
      });
    } else if (texts !== null) {
      changes.push({ type: "renamed", level: "action", code: now.at.code, ...texts });
    }
  }
  for (const [id, { action, at }] of newActions) {
    if (!oldActions.has(id) && before.has(at.node.id)) {
      changes.push({ type: "added", level: "action", code: at.code, text: action.text });
    }
  }
  return changes;
}

/** The edits per pair: a year's worth of a maintainer's changes. */
export const EDITS_PER_PAIR: readonly [number, number] = [4, 10];

/** `base` and a next version with edits drawn from `seed`. */
export function plantedVersionPair(base: Hierarchy, seed: number): VersionPair {
  const planter = new Planter(base, seed);
  const [min, max] = EDITS_PER_PAIR;
  planter.plant(min + (Math.abs(seed) % (max - min + 1)));
  return {
    old: toHierarchy(planter.oldTree),
    next: toHierarchy(planter.newTree),
    planted: plantedChanges(planter.oldTree, planter.newTree),
    edits: planter.edits,
  };
}

/** Annex-sized hierarchies with room for edits: at least two functions, some processes each. */
const PAIR_LIMITS = { functions: [2, 4], processes: [1, 4], actions: [0, 8] } as const;

/** A random hierarchy and its next version, both drawn from `seed`. */
export function randomVersionPair(seed: number): VersionPair {
  return plantedVersionPair(sampleHierarchy(seed, PAIR_LIMITS), seed);
}

/** What a pair needs of an expected reading (the seed's): names and action texts, codes being positional. */
export interface ExpectedReading {
  functions: {
    name: string;
    category: Category | null;
    macroProcesses: {
      name: string;
      processes: { name: string; subProcesses: { name: string; actions: { text: string }[] }[] }[];
    }[];
  }[];
}

/** An expected reading as a hierarchy, numbered by position as the reading itself is. */
export function hierarchyOfReading(reading: ExpectedReading): Hierarchy {
  return buildHierarchy(
    reading.functions.map((f) => ({
      name: f.name,
      category: f.category,
      macroProcesses: f.macroProcesses.map((m) => ({
        name: m.name,
        processes: m.processes.map((p) => ({
          name: p.name,
          subProcesses: p.subProcesses.map((s) => ({ name: s.name, actions: s.actions.map((a) => a.text) })),
        })),
      })),
    })),
  );
}
