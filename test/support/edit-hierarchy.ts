import { mapTree, renameLabel } from "../../pipeline/diff.js";
import type { Action, Hierarchy, Process, SubProcess } from "../../pipeline/schema/hierarchy.js";

/**
 * Edits that turn a hand-built hierarchy into its "next version", addressed by code and text the
 * way a maintainer describes a change. Each returns a new hierarchy; the input is untouched.
 */
export type Edit = (h: Hierarchy) => Hierarchy;

export function applyEdits(h: Hierarchy, ...edits: Edit[]): Hierarchy {
  return edits.reduce((current, edit) => edit(current), h);
}

function editSubProcess(code: string, edit: (s: SubProcess) => SubProcess): Edit {
  return (h) => mapTree(h, { subProcess: (s) => (s.code === code ? edit(s) : s) });
}

/** An action as a new version would print it; its id only has to be unique. */
function newAction(subProcess: string, text: string): Action {
  return {
    id: `${subProcess}#new-${text}`,
    code: null,
    text,
    confidence: 1,
    source: { page: null, line: null, bbox: null },
  };
}

export function addAction(subProcess: string, text: string): Edit {
  return editSubProcess(subProcess, (s) => ({ ...s, actions: [...s.actions, newAction(subProcess, text)] }));
}

export function removeAction(subProcess: string, text: string): Edit {
  return editSubProcess(subProcess, (s) => ({ ...s, actions: s.actions.filter((a) => a.text !== text) }));
}

export function rewordAction(subProcess: string, text: string, newText: string): Edit {
  return editSubProcess(subProcess, (s) => ({
    ...s,
    actions: s.actions.map((a) => (a.text === text ? { ...a, text: newText } : a)),
  }));
}

export function moveAction(text: string, from: string, to: string, newText: string = text): Edit {
  return (h) => applyEdits(h, removeAction(from, text), addAction(to, newText));
}

export function rename(code: string, name: string): Edit {
  return (h) => renameLabel(h, code, name);
}

/** A new process appended to a macro-process (its code must follow the existing ones). */
export function addProcess(macroProcess: string, process: Process): Edit {
  return (h) =>
    mapTree(h, {
      macroProcess: (m) => (m.code === macroProcess ? { ...m, processes: [...m.processes, process] } : m),
    });
}

/** The same sub-process under another code: its label and actions unchanged. */
export function recodeSubProcess(code: string, newCode: string): Edit {
  return editSubProcess(code, (s) => ({ ...s, code: newCode }));
}

/** A sub-process as written in a test: its actions get ids `code#n`. */
export function subProcess(code: string, name: string, texts: string[]): SubProcess {
  return {
    code,
    name,
    actions: texts.map((text, index) => ({ ...newAction(code, text), id: `${code}#${index + 1}` })),
  };
}

/** The sub-process under another code, its printed action codes following it. */
function recodedSubProcess(s: SubProcess, code: string): SubProcess {
  return {
    ...s,
    code,
    actions: s.actions.map((a) => ({
      ...a,
      code: a.code === null ? null : `${code}.${a.code.split(".").pop()}`,
    })),
  };
}

/** A process numbered by its position: its code and every code under it. */
function numberedProcess(p: Process, code: string): Process {
  return { ...p, code, subProcesses: p.subProcesses.map((s, k) => recodedSubProcess(s, `${code}.${k + 1}`)) };
}

/**
 * A process inserted at `index` (0-based) of a macro-process; the processes after it are renumbered,
 * as a next edition of an annex numbers them (A2.3 becomes A2.4 with the same name and actions).
 */
export function insertProcess(
  macroProcess: string,
  index: number,
  name: string,
  subProcesses: readonly { name: string; actions: string[] }[],
): Edit {
  return (h) =>
    mapTree(h, {
      macroProcess: (m) => {
        if (m.code !== macroProcess) return m;
        const inserted: Process = {
          code: "",
          name,
          subProcesses: subProcesses.map((s, k) => subProcess(`#${k}`, s.name, s.actions)),
        };
        const processes = [...m.processes.slice(0, index), inserted, ...m.processes.slice(index)];
        return { ...m, processes: processes.map((p, i) => numberedProcess(p, `${m.code}.${i + 1}`)) };
      },
    });
}

/** A sub-process removed with its actions; the ones after it keep their codes. */
export function removeSubProcess(code: string): Edit {
  return (h) =>
    mapTree(h, { process: (p) => ({ ...p, subProcesses: p.subProcesses.filter((s) => s.code !== code) }) });
}

/** The hierarchy with its first actions, in document order, reworded to `texts`. */
export function withActionTexts(h: Hierarchy, texts: readonly string[]): Hierarchy {
  let next = 0;
  return mapTree(h, {
    subProcess: (s) => ({ ...s, actions: s.actions.map((a) => ({ ...a, text: texts[next++] ?? a.text })) }),
  });
}
