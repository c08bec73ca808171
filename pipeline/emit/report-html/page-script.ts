/**
 * The page's script: filters the findings (live counts, a reset) and records the maintainer's
 * decisions on them, offering them as the decisions file `annex ingest --overrides` reads
 * (pipeline/overrides.ts), built in the page: a Blob behind a download link, nothing sent anywhere.
 * Plain browser JavaScript, written out as is, in three parts sharing one scope: this header, the
 * filters (script-filters.ts) and the decisions (script-decisions.ts); its words come from TEXTS.
 */
import { DECISIONS_SCRIPT } from "./script-decisions.js";
import { FILTERS_SCRIPT } from "./script-filters.js";
import { TEXTS } from "./script-texts.js";

export const SCRIPT = `(() => {
  const T = ${JSON.stringify(TEXTS)};
  const list = document.getElementById("discrepancy-list");
  if (!list) return;
  const items = Array.from(list.children);
  const byId = (id) => document.getElementById(id);

${FILTERS_SCRIPT}
${DECISIONS_SCRIPT}})();
`;
