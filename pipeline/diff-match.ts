import { appendAll, maxOf } from "./arrays.js";
import type { ChangeLevel, DiffChange } from "./diff.js";
import type { Hierarchy } from "./schema/hierarchy.js";
import { contentScore, textKey, type WordRarity, wordRarity } from "./text-similarity.js";

/**
 * How two versions' nodes are paired, level by level from the functions down: labels within the
 * pair of their parents, actions within the pair of their sub-processes, then the actions left over
 * across the whole document (moves). At every step exact matches come first, aligned by order the way
 * a line diff aligns lines; what is left is paired by content when two nodes are each other's best
 * candidate by a margin (pairByMargin), never over a fixed threshold.
 */

/**
 * The margins a pairing must win by, chosen on the diff corpus (`npm run corpus:diff -- --sweep`: 200
 * random hierarchies and 20 next versions of the seed annex, 4–10 planted edits each, about 2,000
 * planted changes; precision / recall over all of them):
 *
 * | rename \ move | 0.35          | 0.5           | 0.65          |
 * |---------------|---------------|---------------|---------------|
 * | 0.2           | 0.988 / 0.981 | 0.989 / 0.984 | 0.985 / 0.984 |
 * | 0.3           | 0.991 / 0.986 | 0.992 / 0.989 | 0.988 / 0.988 |
 * | 0.35          | 0.993 / 0.990 | 0.994 / 0.993 | 0.990 / 0.993 |
 * | 0.4           | 0.992 / 0.990 | 0.993 / 0.994 | 0.990 / 0.993 |
 * | 0.45          | 0.983 / 0.986 | 0.980 / 0.987 | 0.976 / 0.987 |
 * | 0.5           | 0.973 / 0.980 | 0.953 / 0.974 | 0.950 / 0.974 |
 *
 * Below 0.35 an action replaced by a new one that opens with the same word reads as a rewording;
 * from 0.45 rewrites that keep only their first words fall apart: 0.35 keeps away from that edge.
 * A move's candidates come from the whole document, so it must win by more; above 0.5 light
 * rewordings on the way are lost.
 */
export interface MatchMargins {
  /** Within a pair of parents: a reworded action, a renamed label. */
  readonly rename: number;
  /** Across sub-processes: an action moved, and reworded on the way. */
  readonly move: number;
}

export const MATCH_MARGINS: MatchMargins = { rename: 0.35, move: 0.5 };

export interface Pair<O, N> {
  readonly old: O;
  readonly new: N;
  /** contentScore of the two, 1 for an exact match. */
  readonly score: number;
}

/** Index pairs of a longest common subsequence of `a` and `b` under `same`, in order. */
export function alignByOrder<O, N>(
  a: readonly O[],
  b: readonly N[],
  same: (x: O, y: N) => boolean,
): [number, number][] {
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lengths[i] as Uint32Array;
    const below = lengths[i + 1] as Uint32Array;
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = same(a[i] as O, b[j] as N)
        ? (below[j + 1] as number) + 1
        : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) {
    if (same(a[i] as O, b[j] as N)) pairs.push([i++, j++]);
    else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return pairs;
}

/**
 * The pairs of `olds` and `news` that are each other's best candidate, with a score that beats by
 * `margin` every other score either of them has. A sole candidate must score `margin` itself. Two
 * candidates tied for best pair with neither. The pairs are one to one.
 */
export function pairByMargin<O, N>(
  olds: readonly O[],
  news: readonly N[],
  score: (o: O, n: N) => number,
  margin: number,
): Pair<O, N>[] {
  const scores = olds.map((o) => news.map((n) => score(o, n)));
  const bestOf = (values: number[]) => {
    let [best, first, second] = [-1, 0, 0];
    values.forEach((value, index) => {
      if (best < 0 || value > first) [best, first, second] = [index, value, best < 0 ? 0 : first];
      else if (value > second) second = value;
    });
    return { best, first, second };
  };
  const rows = scores.map(bestOf);
  const columns = news.map((_, j) => bestOf(scores.map((row) => row[j] as number)));
  const pairs: Pair<O, N>[] = [];
  rows.forEach((row, i) => {
    const column = columns[row.best];
    if (column === undefined || column.best !== i) return;
    if (row.first - Math.max(row.second, column.second) < margin) return;
    pairs.push({ old: olds[i] as O, new: news[row.best] as N, score: row.first });
  });
  return pairs;
}

interface ExactPairs<T> {
  /** A longest run in the same order on both sides: the anchors a line diff would keep. */
  aligned: Pair<T, T>[];
  /** The same keys, met in another order. */
  reordered: Pair<T, T>[];
}

/** Exact pairs by key: first aligned by order, then what was reordered, each key one to one. */
function pairExactly<T>(olds: readonly T[], news: readonly T[], key: (item: T) => string): ExactPairs<T> {
  const anchors = alignByOrder(olds, news, (o, n) => key(o) === key(n));
  const aligned = anchors.map(([i, j]) => ({ old: olds[i] as T, new: news[j] as T, score: 1 }));
  const pairedOld = new Set(aligned.map((p) => p.old));
  const pairedNew = new Set(aligned.map((p) => p.new));
  const waiting = new Map<string, T[]>();
  for (const n of unpaired(news, pairedNew)) waiting.set(key(n), [...(waiting.get(key(n)) ?? []), n]);
  const reordered: Pair<T, T>[] = [];
  for (const o of unpaired(olds, pairedOld)) {
    const n = waiting.get(key(o))?.shift();
    if (n !== undefined) reordered.push({ old: o, new: n, score: 1 });
  }
  return { aligned, reordered };
}

const allOf = <T>(exact: ExactPairs<T>): Pair<T, T>[] => [...exact.aligned, ...exact.reordered];

function unpaired<T>(items: readonly T[], paired: ReadonlySet<T>): T[] {
  return items.filter((item) => !paired.has(item));
}

/** How a pairing by content scores and accepts a pair. */
interface ByContent<T> {
  score: (o: T, n: T) => number;
  margin: number;
  /** A further condition on a pair the margin accepted. */
  allowed?: (pair: Pair<T, T>) => boolean;
}

/**
 * Pairs by margin among what is neither in `exact` nor in `taken`: first in each gap between two
 * aligned exact pairs (where a line diff shows a change, so that rewordings pair in their order),
 * then among everything left.
 */
function pairLeftovers<T>(
  olds: readonly T[],
  news: readonly T[],
  exact: ExactPairs<T>,
  taken: ReadonlySet<T>,
  { score, margin, allowed = () => true }: ByContent<T>,
): Pair<T, T>[] {
  const paired = new Set([...taken, ...allOf(exact).flatMap((p) => [p.old, p.new])]);
  const pairs: Pair<T, T>[] = [];
  const take = (leftOld: T[], leftNew: T[]) => {
    if (leftOld.length === 0 || leftNew.length === 0) return;
    for (const pair of pairByMargin(leftOld, leftNew, score, margin).filter(allowed)) {
      pairs.push(pair);
      paired.add(pair.old);
      paired.add(pair.new);
    }
  };
  const bounds = [
    [-1, -1],
    ...exact.aligned.map((p) => [olds.indexOf(p.old), news.indexOf(p.new)]),
    [olds.length, news.length],
  ];
  for (let g = 1; g < bounds.length; g++) {
    const [i0, j0] = bounds[g - 1] as [number, number];
    const [i1, j1] = bounds[g] as [number, number];
    take(unpaired(olds.slice(i0 + 1, i1), paired), unpaired(news.slice(j0 + 1, j1), paired));
  }
  take(unpaired(olds, paired), unpaired(news, paired));
  return pairs;
}

// ---------------------------------------------------------------------------------------------------
// The tree

type LabelLevel = Exclude<ChangeLevel, "action">;
const LABEL_LEVELS: readonly LabelLevel[] = ["function", "macroProcess", "process", "subProcess"];

interface PlacedAction {
  readonly text: string;
  readonly key: string;
  /** The sub-process holding it. */
  readonly holder: LabelNode;
}

interface LabelNode {
  readonly level: LabelLevel;
  readonly code: string;
  readonly name: string;
  readonly children: readonly LabelNode[];
  /** A sub-process's actions; none above. */
  readonly actions: readonly PlacedAction[];
  /** The keys of every action under it: what it holds, whatever it is called. */
  readonly content: ReadonlySet<string>;
}

interface ChildrenOf {
  code: string;
  name: string;
  macroProcesses?: ChildrenOf[];
  processes?: ChildrenOf[];
  subProcesses?: ChildrenOf[];
  actions?: { text: string }[];
}

function labelNode(source: ChildrenOf, depth: number): LabelNode {
  const sources = source.macroProcesses ?? source.processes ?? source.subProcesses ?? [];
  const children = sources.map((child) => labelNode(child, depth + 1));
  const actions: PlacedAction[] = [];
  const content = new Set<string>();
  const node: LabelNode = {
    level: LABEL_LEVELS[depth] as LabelLevel,
    code: source.code,
    name: source.name,
    children,
    actions,
    content,
  };
  for (const a of source.actions ?? []) {
    const key = textKey(a.text);
    actions.push({ text: a.text, key, holder: node });
    content.add(key);
  }
  for (const child of children) for (const key of child.content) content.add(key);
  return node;
}

/** The number a label has among its siblings: `A2.3` → `3`, `A2` → `2`, `A` → `A`. */
const ownNumber = (code: string): string => /(?:[A-Z]|\d+)$/.exec(code)?.[0] ?? code;

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const key of a) if (b.has(key)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** What a label holds weighs as much as its name; a label that holds nothing has only its name. */
function labelScore(o: LabelNode, n: LabelNode, rarity: WordRarity): number {
  const name = contentScore(o.name, n.name, rarity);
  return o.content.size + n.content.size === 0 ? name : (name + dice(o.content, n.content)) / 2;
}

/**
 * Labels paired within a pair of parents: by name (aligned by order), then by name and content
 * (pairLeftovers); then, as the contract reads a label that kept its code under a new name, by number,
 * unless both hold actions and share none (a label replaced by another).
 */
function pairLabels(
  olds: readonly LabelNode[],
  news: readonly LabelNode[],
  rarity: WordRarity,
  margin: number,
): Pair<LabelNode, LabelNode>[] {
  const exact = pairExactly(olds, news, (label) => textKey(label.name));
  const pairs = [
    ...allOf(exact),
    ...pairLeftovers(olds, news, exact, new Set(), { score: (o, n) => labelScore(o, n, rarity), margin }),
  ];
  const pairedOld = new Set(pairs.map((p) => p.old));
  const pairedNew = new Set(pairs.map((p) => p.new));
  const leftNew = unpaired(news, pairedNew);
  for (const o of unpaired(olds, pairedOld)) {
    const n = leftNew.find((label) => !pairedNew.has(label) && ownNumber(label.code) === ownNumber(o.code));
    if (n === undefined) continue;
    const replaced = o.content.size > 0 && n.content.size > 0 && dice(o.content, n.content) === 0;
    if (replaced) continue;
    pairs.push({ old: o, new: n, score: labelScore(o, n, rarity) });
    pairedNew.add(n);
  }
  return pairs;
}

/** What pairing the two trees found, before it is written as changes. */
interface Matching {
  labels: Pair<LabelNode, LabelNode>[];
  /** Actions kept in their sub-process (exactly or reworded). */
  inPlace: Pair<PlacedAction, PlacedAction>[];
  moved: Pair<PlacedAction, PlacedAction>[];
  /** Labels with no counterpart, the topmost of each subtree. */
  removedLabels: LabelNode[];
  addedLabels: LabelNode[];
  /** Actions with no counterpart, wherever they are. */
  removedActions: Set<PlacedAction>;
  addedActions: Set<PlacedAction>;
}

const actionsUnder = (node: LabelNode): PlacedAction[] => [
  ...node.actions,
  ...node.children.flatMap(actionsUnder),
];

/** Labels paired top-down; each label left unpaired stands for its subtree. */
function matchLabels(oldRoot: LabelNode, newRoot: LabelNode, rarity: WordRarity, margin: number) {
  const labels: Pair<LabelNode, LabelNode>[] = [];
  const removed: LabelNode[] = [];
  const added: LabelNode[] = [];
  const walk = (o: LabelNode, n: LabelNode) => {
    const pairs = pairLabels(o.children, n.children, rarity, margin);
    appendAll(removed, unpaired(o.children, new Set(pairs.map((p) => p.old))));
    appendAll(added, unpaired(n.children, new Set(pairs.map((p) => p.new))));
    for (const pair of pairs) {
      labels.push(pair);
      walk(pair.old, pair.new);
    }
  };
  walk(oldRoot, newRoot);
  return { labels, removed, added };
}

/**
 * Actions paired, most certain first: the same text in the same sub-process; the same text in
 * another (a move); a rewording in the same sub-process, unless one of the two has a better candidate
 * among the actions left elsewhere (then it moved); a rewording across sub-processes, by a wider margin.
 * A reworded move is sought only between sub-processes both versions have: in a subtree added whole,
 * a text merely like a removed one is new content.
 */
function matchTrees(oldRoot: LabelNode, newRoot: LabelNode, rarity: WordRarity, margins: MatchMargins) {
  const { labels, removed, added } = matchLabels(oldRoot, newRoot, rarity, margins.rename);
  const score = (a: PlacedAction, b: PlacedAction) => contentScore(a.text, b.text, rarity);
  const key = (a: PlacedAction) => a.key;
  const kept = labels.map((pair) => ({ pair, exact: pairExactly(pair.old.actions, pair.new.actions, key) }));
  const inPlace = kept.flatMap(({ exact }) => allOf(exact));
  const pairedInPlace = new Set(inPlace.flatMap((p) => [p.old, p.new]));
  const left = (nodes: LabelNode[]) =>
    unpaired(
      nodes.flatMap((node) => node.actions),
      pairedInPlace,
    );
  const keptOld = left(labels.map((p) => p.old));
  const keptNew = left(labels.map((p) => p.new));
  const allOld = [...keptOld, ...removed.flatMap(actionsUnder)];
  const allNew = [...keptNew, ...added.flatMap(actionsUnder)];
  const moved = allOf(pairExactly(allOld, allNew, key));
  const taken = new Set(moved.flatMap((p) => [p.old, p.new]));
  const elsewhereOld = unpaired(keptOld, taken);
  const elsewhereNew = unpaired(keptNew, taken);
  const counterpart = new Map(labels.map((p) => [p.old, p.new]));
  const sameSubProcess = (o: PlacedAction, n: PlacedAction) => counterpart.get(o.holder) === n.holder;
  const best = (values: number[]) => Math.max(0, maxOf(values));
  const stays = ({ old: o, new: n, score: pairScore }: Pair<PlacedAction, PlacedAction>) =>
    best(elsewhereOld.filter((other) => !sameSubProcess(other, n)).map((other) => score(other, n))) <=
      pairScore &&
    best(elsewhereNew.filter((other) => !sameSubProcess(o, other)).map((other) => score(o, other))) <=
      pairScore;
  for (const { pair, exact } of kept) {
    const byContent = { score, margin: margins.rename, allowed: stays };
    appendAll(inPlace, pairLeftovers(pair.old.actions, pair.new.actions, exact, taken, byContent));
  }
  for (const p of inPlace) {
    taken.add(p.old);
    taken.add(p.new);
  }
  // A pair the wider search finds inside one sub-process is a rewording that its rivals elsewhere hid.
  for (const p of pairByMargin(unpaired(keptOld, taken), unpaired(keptNew, taken), score, margins.move)) {
    (sameSubProcess(p.old, p.new) ? inPlace : moved).push(p);
    taken.add(p.old);
    taken.add(p.new);
  }
  const m: Matching = {
    labels,
    inPlace,
    moved,
    removedLabels: removed,
    addedLabels: added,
    removedActions: new Set(unpaired(allOld, taken)),
    addedActions: new Set(unpaired(allNew, taken)),
  };
  return m;
}

// ---------------------------------------------------------------------------------------------------
// Changes

/** A label added or removed with what it holds (`children`), less the actions that moved in or out. */
function subtreeChange(
  type: "added" | "removed",
  node: LabelNode,
  unmatched: ReadonlySet<PlacedAction>,
): DiffChange {
  const children = [
    ...node.children.map((child) => subtreeChange(type, child, unmatched)),
    ...node.actions
      .filter((a) => unmatched.has(a))
      .map((a): DiffChange => ({ type, level: "action", code: node.code, text: a.text })),
  ];
  return {
    type,
    level: node.level,
    code: node.code,
    text: node.name,
    ...(children.length > 0 ? { children } : {}),
  };
}

function labelChange({ old: o, new: n }: Pair<LabelNode, LabelNode>, rarity: WordRarity): DiffChange[] {
  const renamed = textKey(o.name) !== textKey(n.name);
  const names = renamed
    ? { oldText: o.name, newText: n.name, similarity: contentScore(o.name, n.name, rarity) }
    : { text: n.name };
  if (ownNumber(o.code) !== ownNumber(n.code)) {
    return [{ type: "renumbered", level: n.level, code: n.code, from: o.code, to: n.code, ...names }];
  }
  return renamed ? [{ type: "renamed", level: n.level, code: n.code, ...names }] : [];
}

function actionChange(type: "renamed" | "moved", pair: Pair<PlacedAction, PlacedAction>): DiffChange[] {
  const reworded = pair.old.key !== pair.new.key;
  const texts = { oldText: pair.old.text, newText: pair.new.text };
  if (type === "renamed") {
    if (!reworded) return [];
    return [{ type, level: "action", code: pair.new.holder.code, ...texts, similarity: pair.score }];
  }
  return [
    {
      type,
      level: "action",
      code: pair.new.holder.code,
      from: pair.old.holder.code,
      to: pair.new.holder.code,
      text: pair.new.text,
      ...(reworded ? texts : {}),
      similarity: pair.score,
    },
  ];
}

const treeOf = (h: Hierarchy): LabelNode =>
  labelNode({ code: "", name: "", macroProcesses: h.functions }, -1);

/** The names and action texts under the root (which has no name of its own). */
function textsOf(node: LabelNode): string[] {
  return node.children.flatMap((child) => [
    child.name,
    ...child.actions.map((a) => a.text),
    ...textsOf(child),
  ]);
}

/**
 * The changes from `oldH` to `newH`, unordered: each label or action once, a subtree added or removed
 * as one change carrying its contents.
 */
export function matchChanges(
  oldH: Hierarchy,
  newH: Hierarchy,
  margins: MatchMargins = MATCH_MARGINS,
): DiffChange[] {
  const oldRoot = treeOf(oldH);
  const newRoot = treeOf(newH);
  const rarity = wordRarity([...textsOf(oldRoot), ...textsOf(newRoot)]);
  const m = matchTrees(oldRoot, newRoot, rarity, margins);
  const holdersOf = (labels: LabelNode[]) => new Set(labels.flatMap(actionsUnder));
  const inRemoved = holdersOf(m.removedLabels);
  const inAdded = holdersOf(m.addedLabels);
  return [
    ...m.labels.flatMap((pair) => labelChange(pair, rarity)),
    ...m.removedLabels.map((label) => subtreeChange("removed", label, m.removedActions)),
    ...m.addedLabels.map((label) => subtreeChange("added", label, m.addedActions)),
    ...m.inPlace.flatMap((pair) => actionChange("renamed", pair)),
    ...m.moved.flatMap((pair) => actionChange("moved", pair)),
    ...[...m.removedActions]
      .filter((a) => !inRemoved.has(a))
      .map((a): DiffChange => ({ type: "removed", level: "action", code: a.holder.code, text: a.text })),
    ...[...m.addedActions]
      .filter((a) => !inAdded.has(a))
      .map((a): DiffChange => ({ type: "added", level: "action", code: a.holder.code, text: a.text })),
  ];
}
