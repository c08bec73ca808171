/** Narrows the discrepancy list to the chosen kind and severity, and keeps the live count in step. */
export const SCRIPT = `
(() => {
  const kind = document.getElementById("filter-kind");
  const severity = document.getElementById("filter-severity");
  const count = document.getElementById("shown-count");
  if (!kind || !severity || !count) return;
  const items = Array.from(document.querySelectorAll("#discrepancy-list > li"));
  const noun = items.length === 1 ? "segnalazione" : "segnalazioni";
  const apply = () => {
    let shown = 0;
    for (const item of items) {
      const visible =
        (kind.value === "" || item.dataset.kind === kind.value) &&
        (severity.value === "" || item.dataset.severity === severity.value);
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    count.textContent = shown + " di " + items.length + " " + noun;
  };
  kind.addEventListener("change", apply);
  severity.addEventListener("change", apply);
  apply();
})();
`;
