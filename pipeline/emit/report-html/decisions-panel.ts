import type { Hierarchy } from "../../schema/hierarchy.js";
import { el, type Markup } from "./markup.js";

/**
 * Where the decisions taken in the page are counted and downloaded as the decisions file that
 * `annex ingest --overrides` reads. Hidden until the page's script runs: without it nothing can be
 * decided. It sticks to the bottom of the window while the list scrolls past.
 */
export function decisionsPanel(h: Hierarchy): Markup {
  const stem = h.document.file.split(".")[0] || "documento";
  return el(
    "section",
    {
      id: "decisions",
      "aria-labelledby": "decisions-title",
      "data-file": h.document.file,
      "data-sha256": h.document.sha256,
      hidden: true,
    },
    el("h3", { id: "decisions-title" }, "Decisioni"),
    el("p", { id: "decision-count", role: "status", "aria-live": "polite" }, ""),
    el(
      "p",
      { class: "download" },
      el(
        "a",
        { id: "decision-download", download: `${stem}.decisioni.yaml` },
        "Scarica il file delle decisioni",
      ),
      " ",
      el(
        "span",
        { class: "hint" },
        "da dare alla prossima acquisizione: ",
        el("code", {}, `annex ingest ${h.document.file} --overrides ${stem}.decisioni.yaml`),
      ),
    ),
  );
}

/** The tree's sub-processes, grouped by process, for the script to clone into a "move to" select. */
export function subProcessOptions(h: Hierarchy): Markup {
  return el(
    "template",
    { id: "sub-process-options" },
    h.functions.flatMap((f) =>
      f.macroProcesses.flatMap((m) =>
        m.processes.map((p) =>
          el(
            "optgroup",
            { label: `${p.code} ${p.name}` },
            p.subProcesses.map((s) => el("option", { value: s.code }, `${s.code} ${s.name}`)),
          ),
        ),
      ),
    ),
  );
}
