/**
 * The page script's filters: kind, severity and state, each option counting what it would show with
 * the others kept, and a reset. Plain browser JavaScript, a part of the script page-script.ts
 * assembles; it shares that script's scope (`items`, `byId`, `decisions`, `T`).
 */
export const FILTERS_SCRIPT = `  // ---- Filters: kind, severity, state; every option counts what it would show with the others kept.
  const filters = { kind: byId("filter-kind"), severity: byId("filter-severity"), state: byId("filter-state") };
  const shownCount = byId("shown-count");
  const decisions = new Map();
  const stateOf = (item) =>
    decisions.has(item.dataset.number) ? "decided" : item.dataset.reviewed !== undefined ? "reviewed" : "open";
  const valueOf = (item, name) => (name === "state" ? stateOf(item) : item.dataset[name]);
  const passes = (item, name, value) => value === "" || valueOf(item, name) === value;
  const passesAll = (item, except, value) =>
    Object.keys(filters).every((name) =>
      name === except ? passes(item, name, value) : passes(item, name, filters[name].value),
    );
  const applyFilters = () => {
    let shown = 0;
    for (const item of items) {
      const visible = passesAll(item, null, "");
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    shownCount.textContent = shown + T.of + items.length + " " + (items.length === 1 ? T.finding : T.findings);
    for (const name of Object.keys(filters)) {
      for (const option of filters[name].options) {
        const count = items.filter((item) => passesAll(item, name, option.value)).length;
        option.textContent = option.dataset.label + " (" + count + ")";
      }
    }
  };
  for (const select of Object.values(filters)) select.addEventListener("change", applyFilters);
  byId("filter-reset").addEventListener("click", () => {
    for (const select of Object.values(filters)) select.value = "";
    applyFilters();
  });
`;
