/**
 * The page script's decisions: one per finding, made in forms by mouse or keyboard, kept while the
 * page is open and offered as the decisions file `annex ingest --overrides` reads
 * (pipeline/overrides.ts), built in the page: a Blob behind a download link, nothing sent anywhere.
 * Plain browser JavaScript, a part of the script page-script.ts assembles; it shares that script's
 * scope (`items`, `byId`, `decisions`, `applyFilters`, `T`).
 */
export const DECISIONS_SCRIPT = String.raw`  // ---- Decisions: one per finding, kept while the page is open, downloaded as a decisions file.
  const panel = byId("decisions");
  const countLine = byId("decision-count");
  const download = byId("decision-download");
  const template = byId("sub-process-options");
  let author = "";
  let fileUrl = null;
  let unsaved = false;

  const twoDigits = (n) => String(n).padStart(2, "0");
  /** The reader's own calendar day, as ISO: a decision taken at 00:30 in Rome is dated that day. */
  const today = () => {
    const now = new Date();
    return now.getFullYear() + "-" + twoDigits(now.getMonth() + 1) + "-" + twoDigits(now.getDate());
  };
  const italianDate = (iso) => iso.split("-").reverse().join("/");
  const quoted = (text) => JSON.stringify(String(text));
  const oneLine = (text) => String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  const actionsOf = (item) =>
    Array.from(item.querySelectorAll(".concerned > li")).map((li) => ({
      id: li.dataset.actionId,
      text: li.querySelector("a").textContent,
      subProcess: li.dataset.subProcess,
    }));
  /**
   * The review that settles the finding: its kind and code, and its message only when another finding
   * shares both, since a message's wording may change between versions of the pipeline.
   */
  const reviewOf = (item, reason) => {
    const { kind, code } = item.dataset;
    const review = { kind, code: code || null };
    if (items.some((other) => other !== item && other.dataset.kind === kind && other.dataset.code === code))
      review.message = item.querySelector(".message").textContent;
    return { review, reason };
  };

  /** The decisions file: the YAML annex ingest --overrides reads, with the document's sha256, each decision's author and date. */
  const decisionsFile = () => {
    const lines = [
      "# " + T.fileHeading + " " + oneLine(panel.dataset.file) + ", " + new Date().toISOString(),
      "document:",
      "  file: " + quoted(panel.dataset.file),
      "  sha256: " + quoted(panel.dataset.sha256),
      "overrides:",
    ];
    const numbers = Array.from(decisions.keys()).sort((a, b) => a - b);
    for (const number of numbers) {
      const decision = decisions.get(number);
      lines.push("  # " + T.finding + " " + number);
      for (const entry of decision.entries) {
        if (entry.pin) {
          const { action, text, from, to } = entry.pin;
          lines.push(
            "  - pin: { action: " + quoted(action) + ", text: " + quoted(text) + ", from: " + quoted(from) +
              ", to: " + quoted(to) + " }",
          );
        }
        if (entry.label) lines.push("  - label: { code: " + quoted(entry.label.code) + ", name: " + quoted(entry.label.name) + " }");
        if (entry.review)
          lines.push(
            "  - review: { kind: " + quoted(entry.review.kind) + ", code: " +
              (entry.review.code === null ? "null" : quoted(entry.review.code)) +
              (entry.review.message === undefined ? "" : ", message: " + quoted(entry.review.message)) + " }",
          );
        lines.push("    reason: " + quoted(entry.reason));
        lines.push("    author: " + quoted(decision.author));
        lines.push("    date: " + quoted(decision.date));
      }
    }
    if (numbers.length === 0) lines[lines.length - 1] = "overrides: []";
    return lines.join("\n") + "\n";
  };

  const showCount = () => {
    const open = items.filter((item) => stateOf(item) === "open").length;
    countLine.textContent =
      decisions.size + " " + (decisions.size === 1 ? T.decision : T.decisions) + " · " + open + " " + T.pending +
      (unsaved ? " · " + T.unsaved : "");
  };
  /** After every decision: the file behind the link written anew, the counts and filters updated. */
  const refresh = () => {
    if (fileUrl !== null) URL.revokeObjectURL(fileUrl);
    fileUrl = null;
    if (decisions.size === 0) download.removeAttribute("href");
    else {
      fileUrl = URL.createObjectURL(new Blob([decisionsFile()], { type: "application/yaml" }));
      download.href = fileUrl;
    }
    showCount();
    applyFilters();
  };
  // The file is left in place: revoking it now could cut the download short.
  download.addEventListener("click", () => {
    unsaved = false;
    showCount();
  });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) event.preventDefault();
  });

  let fieldCount = 0;
  const field = (form, labelText, control) => {
    fieldCount += 1;
    control.id = "decision-field-" + fieldCount;
    const wrapper = document.createElement("div");
    wrapper.className = "field";
    const label = document.createElement("label");
    label.htmlFor = control.id;
    label.textContent = labelText;
    wrapper.append(label, control);
    form.append(wrapper);
    return control;
  };
  const textInput = (value) => {
    const input = document.createElement("input");
    input.type = "text";
    input.value = value;
    return input;
  };
  const select = (options) => {
    const element = document.createElement("select");
    for (const [value, text] of options) element.append(new Option(text, value));
    return element;
  };
  const button = (text, type) => {
    const element = document.createElement("button");
    element.type = type;
    element.textContent = text;
    return element;
  };

  const closeForm = (item) => item.querySelector(".decision-form")?.remove();

  /** Shows what was decided on the finding, or that it awaits a decision. */
  const showState = (item) => {
    const state = item.querySelector(".decision-state");
    const decision = decisions.get(item.dataset.number);
    item.classList.toggle("decided", decision !== undefined);
    if (decision === undefined) {
      state.textContent = item.dataset.reviewed !== undefined ? T.alreadyReviewed : T.open;
      return;
    }
    state.textContent = decision.summary + " — " + decision.author + ", " + italianDate(decision.date) + " ";
    const withdraw = button(T.withdraw, "button");
    withdraw.addEventListener("click", () => {
      decisions.delete(item.dataset.number);
      unsaved = true;
      showState(item);
      refresh();
      item.querySelector("[data-decide]").focus();
    });
    state.append(withdraw);
  };

  /** The form of one kind of decision, opened under the finding's buttons; Escape closes it. */
  const openForm = (item, kind, opener) => {
    for (const other of items) closeForm(other);
    const number = item.dataset.number;
    const form = document.createElement("form");
    form.className = "decision-form";
    form.setAttribute("aria-label", T.forms[kind] + " (" + T.finding + " " + number + ")");
    const actions = actionsOf(item);
    let actionSelect = null;
    let targetSelect = null;
    let nameInput = null;
    if (kind === "move") {
      if (actions.length > 1)
        actionSelect = field(form, T.action, select(actions.map((a, i) => [String(i), a.text])));
      targetSelect = field(form, T.moveTo, document.createElement("select"));
      targetSelect.append(template.content.cloneNode(true));
      targetSelect.value = actions[0].subProcess;
      actionSelect?.addEventListener("change", () => {
        targetSelect.value = actions[Number(actionSelect.value)].subProcess;
      });
    }
    if (kind === "label") nameInput = field(form, T.newName + " " + item.dataset.labelCode, textInput(item.dataset.labelName));
    const note = field(form, kind === "review" ? T.reviewNote : T.note, textInput(""));
    const authorInput = field(form, T.author, textInput(author));
    authorInput.autocomplete = "name";
    const error = document.createElement("p");
    error.className = "form-error";
    error.setAttribute("role", "alert");
    const submit = button(T.record, "submit");
    const cancel = button(T.cancel, "button");
    const buttons = document.createElement("div");
    buttons.className = "form-buttons";
    buttons.append(submit, cancel);
    form.append(error, buttons);

    const fail = (control, message) => {
      error.textContent = message;
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", error.id || (error.id = control.id + "-error"));
      control.focus();
    };
    const close = () => {
      closeForm(item);
      opener.focus();
    };
    cancel.addEventListener("click", close);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
      const reason = note.value.trim() || T.defaultReasons[kind];
      const review = reviewOf(item, reason);
      let entries;
      let summary;
      if (kind === "move") {
        const action = actions[actionSelect === null ? 0 : Number(actionSelect.value)];
        const to = targetSelect.value;
        if (to === action.subProcess) return fail(targetSelect, T.sameSubProcess + " " + to);
        entries = [{ pin: { action: action.id, text: action.text, from: action.subProcess, to }, reason }, review];
        summary = T.moved + " «" + action.text + "» " + T.from + " " + action.subProcess + " " + T.to + " " + to;
      } else if (kind === "label") {
        const name = nameInput.value.trim();
        if (name === "" || name === item.dataset.labelName) return fail(nameInput, T.sameName);
        entries = [{ label: { code: item.dataset.labelCode, name }, reason }, review];
        summary = T.renamed + " " + item.dataset.labelCode + " «" + name + "»";
      } else if (kind === "accept") {
        entries = [
          ...actions.map((a) => ({ pin: { action: a.id, text: a.text, from: a.subProcess, to: a.subProcess }, reason })),
          review,
        ];
        summary = T.accepted;
      } else {
        entries = [review];
        summary = T.reviewed + (note.value.trim() === "" ? "" : ": " + note.value.trim());
      }
      author = authorInput.value.trim();
      if (author === "") return fail(authorInput, T.authorMissing);
      decisions.set(number, { entries, summary, author, date: today() });
      unsaved = true;
      closeForm(item);
      showState(item);
      refresh();
      item.querySelector(".decision-state").focus();
    });
    item.querySelector(".decide").after(form);
    form.querySelector("select, input").focus();
  };

  /** Each finding's decision buttons: accept always, move when it names actions, rename when a label. */
  for (const item of items) {
    const controls = document.createElement("div");
    controls.className = "decide";
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", T.decisionOn + " " + item.dataset.number);
    const state = document.createElement("p");
    state.className = "decision-state";
    state.tabIndex = -1;
    state.textContent = item.dataset.reviewed !== undefined ? T.alreadyReviewed : T.open;
    controls.append(state);
    const kinds = ["accept"];
    if (item.querySelector(".concerned")) kinds.push("move");
    if (item.dataset.labelCode !== undefined) kinds.push("label");
    kinds.push("review");
    for (const kind of kinds) {
      const opener = button(T.openers[kind], "button");
      opener.dataset.decide = kind;
      opener.setAttribute("aria-describedby", item.id + "-head");
      opener.addEventListener("click", () => openForm(item, kind, opener));
      controls.append(opener);
    }
    item.append(controls);
  }
  panel.hidden = false;
  refresh();
`;
