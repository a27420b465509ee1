// The scheduling grid: spreadsheet keyboard moves, save-on-change of the projection cells (PATCH with the row's
// version; 409 = someone else saved first), immediate dollar recompute, column visibility saved on the server.
(function () {
  "use strict";
  const config = document.getElementById("grid-config");
  if (!config) return;
  const msg = (name) => config.dataset["msg" + name] || "";
  const apiUrl = (lineId) => config.dataset.api.replace(/0\/$/, lineId + "/");
  const csrf = () => {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  };
  const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const VALUE_COLUMN = { low_risk: "low_risk_value", high_risk: "high_risk_value" };
  const QTY_COLUMN = { low_risk: "low_risk_qty", high_risk: "high_risk_qty" };

  function status(text, kind) {
    const box = document.getElementById("grid-status");
    if (!box) return;
    box.className = "alert py-2 alert-" + kind;
    box.textContent = text;
  }

  function valueCell(row, field) { return row.querySelector('td[data-col="' + VALUE_COLUMN[field] + '"]'); }

  // Immediate recompute while typing: quantity × unit price (the server's figure replaces it after the save).
  // A quantity the server would refuse (not whole, negative, low + high above the open quantity) never shows a
  // dollar value: the cell keeps the value of the saved quantity.
  function acceptable(input, qty) {
    const row = input.closest("tr");
    if (!Number.isInteger(qty) || qty < 0) return false;
    const other = row.querySelector('input.grid-input:not([data-field="' + input.dataset.field + '"])');
    const otherQty = Number(other ? other.dataset.saved : 0) || 0;
    return qty + otherQty <= Number(row.dataset.open);
  }

  function showValue(input, qty) {
    const row = input.closest("tr");
    const cell = valueCell(row, input.dataset.field);
    if (cell) cell.textContent = "$" + money.format(qty * Number(row.dataset.price));
  }

  function recompute(input) {
    const text = input.value.replace(/,/g, "").trim();
    const qty = /^\d+$/.test(text || "0") ? Number(text || "0") : NaN;
    showValue(input, acceptable(input, qty) ? qty : Number(input.dataset.saved || 0));
  }

  function setRowState(row, state) {
    row.dataset.version = state.version;
    for (const field of ["low_risk", "high_risk"]) {
      const input = row.querySelector('input[data-field="' + field + '"]');
      const qty = state[field + "_qty"];
      if (input && document.activeElement !== input) input.value = qty;
      if (input) input.dataset.saved = qty;
      const cell = valueCell(row, field);
      if (cell) cell.textContent = state[field + "_value_display"];
    }
    const by = row.querySelector('td[data-col="projection_updated_by"]');
    if (by) by.textContent = state.updated_by || "";
  }

  async function save(input) {
    const row = input.closest("tr");
    if (input.value.trim() === (input.dataset.saved || "").trim()) { input.classList.remove("is-invalid"); return; }
    // Enter saves at once and the blur that follows fires "change" again: one request per value.
    if (input.dataset.pending === input.value) return;
    input.dataset.pending = input.value;
    try { await send(input, row); } finally { delete input.dataset.pending; }
  }

  async function send(input, row) {
    input.classList.remove("is-saved", "is-invalid", "is-conflict");
    input.classList.add("is-saving");
    input.title = msg("Saving");
    let response;
    try {
      response = await fetch(apiUrl(row.dataset.line), {
        method: "PATCH",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ field: input.dataset.field, value: input.value, version: Number(row.dataset.version) }),
      });
    } catch (e) {
      input.classList.remove("is-saving"); input.classList.add("is-invalid");
      input.title = msg("Network"); status(msg("Network"), "danger");
      showValue(input, Number(input.dataset.saved || 0));  // nothing was saved: no value from the typed quantity
      return;
    }
    input.classList.remove("is-saving");
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      setRowState(row, body);
      input.value = body[input.dataset.field + "_qty"];
      input.classList.add("is-saved");
      input.title = msg("Saved");
      document.body.dispatchEvent(new CustomEvent("scheduling:saved"));
      setTimeout(() => input.classList.remove("is-saved"), 1500);
    } else if (response.status === 409) {
      setRowState(row, body.current);
      input.value = body.current_value;
      input.classList.add("is-conflict");
      input.title = body.detail;
      status(body.detail, "warning");
      recompute(input);
    } else {
      showValue(input, Number(input.dataset.saved || 0));  // refused: the value stays the saved quantity's
      input.classList.add("is-invalid");
      input.title = body.detail || msg("Error");
      status((body.detail || msg("Error")), response.status === 403 ? "danger" : "warning");
      if (response.status === 403) input.title = msg("Forbidden");
    }
  }

  // --- keyboard: arrows, Enter (down), Tab (native), Esc (undo) ------------------------------------------------
  function visibleCells(row) { return [...row.cells].filter((td) => td.offsetParent !== null); }

  function focusCell(td) {
    if (!td) return;
    const input = td.querySelector("input");
    // Cells become focusable on demand: a tabindex on each of 11,000 cells only slows the page down.
    if (input) { input.focus(); input.select(); } else { td.tabIndex = -1; td.focus(); }
  }

  function move(td, dRow, dCol) {
    const row = td.parentElement;
    const cells = visibleCells(row);
    const col = cells.indexOf(td);
    if (dCol) { focusCell(cells[col + dCol]); return; }
    let target = row;
    target = dRow > 0 ? target.nextElementSibling : target.previousElementSibling;
    if (target && target.dataset.line) focusCell(visibleCells(target)[col]);
  }

  document.addEventListener("keydown", (event) => {
    const td = event.target.closest && event.target.closest("#schedule-grid tbody td");
    if (!td) return;
    const input = event.target.tagName === "INPUT" ? event.target : null;
    const keys = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (input && event.key === "Escape") { input.value = input.dataset.saved; recompute(input); input.select(); return; }
    if (event.key === "Enter") {
      event.preventDefault();
      if (input) save(input);  // commit even on the last row, where there is no cell below to move to
      move(td, event.shiftKey ? -1 : 1, 0);
      return;
    }
    if (!(event.key in keys)) return;
    // Inside a cell being typed in, left/right move the caret until it reaches the edge (as in a spreadsheet).
    const whole = input && input.selectionStart === 0 && input.selectionEnd === input.value.length;
    if (input && !whole && event.key === "ArrowLeft" && input.selectionStart > 0) return;
    if (input && !whole && event.key === "ArrowRight" && input.selectionEnd < input.value.length) return;
    event.preventDefault();
    move(td, ...keys[event.key]);
  });

  document.addEventListener("input", (event) => {
    if (event.target.classList.contains("grid-input")) recompute(event.target);
  });
  document.addEventListener("change", (event) => {
    if (event.target.classList.contains("grid-input")) save(event.target);
    if (event.target.classList.contains("grid-column-toggle")) toggleColumn();
  });
  document.addEventListener("click", (event) => {
    const td = event.target.closest && event.target.closest("#schedule-grid tbody td");
    if (td && !td.querySelector("input")) { td.tabIndex = -1; td.focus(); }
  });

  // --- column visibility, saved per user on the server ---------------------------------------------------------
  function applyHidden(keys) {
    const style = document.getElementById("grid-hidden-style");
    style.textContent = keys.map((k) => '#schedule-grid [data-col="' + CSS.escape(k) + '"]{display:none}').join("\n");
  }

  async function toggleColumn() {
    const hidden = [...document.querySelectorAll(".grid-column-toggle")].filter((c) => !c.checked).map((c) => c.value);
    applyHidden(hidden);
    try {
      const response = await fetch(config.dataset.preferences, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
        body: JSON.stringify({ hidden_columns: hidden }),
      });
      if (!response.ok) status(msg("Layout"), "warning");
    } catch (e) { status(msg("Layout"), "warning"); }
  }
})();
