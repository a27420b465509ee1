// Phone mode of the laser shop: Start run / End run through the shared offline queue (docs/offline-queue.md).
// A run started without a connection gets a card here at once (its end form bound to the run's start key), so it
// can also be ended offline; the queue replays start then end, oldest first, each exactly once.
(function () {
  "use strict";
  const config = document.getElementById("phone-config");
  if (!config) { return; }
  const Q = window.PortalOfflineQueue;
  const queuedBox = document.getElementById("queued-runs");
  const template = document.getElementById("queued-run-template");

  function format(text, values) { return text.replace(/%\((\w+)\)s/g, (_, k) => values[k]); }
  function say(form, text, css) {
    const box = form.querySelector(".message");
    const alert = document.createElement("div");
    alert.className = `alert alert-${css} mb-0`; alert.textContent = text;
    box.replaceChildren(alert);
    alert.scrollIntoView({block: "nearest"});  // a refusal under the button is read without scrolling for it
    // A refusal stays under its button; a toast would only cover it (a danger toast stays until tapped).
    if (css !== "danger") { Q.toast(text, css); }
  }
  function refresh() {
    htmx.trigger(document.body, "runSaved");
    htmx.trigger(document.body, "notifications-changed");  // the low-stock bell
  }

  const queue = new Q({name: "laser", element: document.getElementById("offline-queue"),
                       onSent: () => refresh(), onChange: () => renderQueuedRuns()}).start();

  // Runs whose start is still queued (and not ended yet): a card each, from the queue itself.
  function renderQueuedRuns() {
    const items = queue.read();
    const ended = new Set(items.filter((i) => i.meta && i.meta.kind === "end").map((i) => i.payload.start_key));
    const starts = items.filter((i) => i.meta && i.meta.kind === "start" && !ended.has(i.payload.start_key));
    const list = queuedBox.querySelector(".list");
    list.replaceChildren();
    starts.forEach((item) => {
      const card = template.content.firstElementChild.cloneNode(true);
      card.querySelector(".project").textContent = item.meta.project;
      card.querySelector(".machine").textContent = item.meta.machine;
      const form = card.querySelector(".end-form");
      form.dataset.startKey = item.payload.start_key; form.dataset.project = item.meta.project;
      if (item.meta.sheetSize) { form.sheet_size.value = item.meta.sheetSize; }
      list.append(card);
    });
    queuedBox.hidden = starts.length === 0;
  }
  renderQueuedRuns();

  document.body.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.classList.contains("start-form")) { event.preventDefault(); await start(form); }
    else if (form.classList.contains("end-form")) { event.preventDefault(); await end(form); }
  });

  async function start(form) {
    if (!form.machine.value) { say(form, config.dataset.missingMachine, "danger"); return; }
    const extras = Array.from(form.querySelectorAll("[name=extra_operators]:checked")).map((c) => parseInt(c.value, 10));
    const machine = form.machine.options[form.machine.selectedIndex].text;
    const payload = {start_key: Q.uuid4(), project: parseInt(form.dataset.project, 10),
                     machine: parseInt(form.machine.value, 10), extra_operators: extras,
                     reason: form.reason ? form.reason.value.trim() : "",
                     confirm_material: form.dataset.confirmMaterial === "1"};
    const item = {key: payload.start_key, url: config.dataset.startUrl, payload: payload,
                  label: `▶ ${form.dataset.projectCode} · ${machine}`,
                  meta: {kind: "start", project: form.dataset.projectCode, machine: machine,
                         sheetSize: form.dataset.sheetSize}};
    const result = await queue.submit(item);
    if (result.queued) { say(form, config.dataset.queued, "warning"); renderQueuedRuns(); return; }
    const body = await result.response.json().catch(() => ({}));
    if (result.response.ok) {
      Q.toast(format(config.dataset.started, {project: body.project_code, machine: body.machine_code}), "success");
      refresh();
    } else {
      say(form, body.detail || config.dataset.failed, "danger");  // the portal's refusal: its sentence
      offerException(form, body);
    }
  }

  // A manager may start a run an operator may not: without a preset (with a reason) or on a project short of
  // material (confirmed). The server says which (reason_required / needs_confirmation); an operator gets neither.
  function offerException(form, body) {
    if (body.reason_required && form.reason) {
      const label = form.querySelector(".exception-reason");
      label.hidden = false; form.reason.required = true; form.reason.focus();
    }
    if (body.code === "needs_confirmation" && body.needs_confirmation && body.needs_confirmation.confirm_material) {
      const button = document.createElement("button");
      button.type = "button"; button.className = "btn btn-warning btn-lg w-100 mt-2 start-anyway";
      button.textContent = config.dataset.startAnyway;
      button.addEventListener("click", () => { form.dataset.confirmMaterial = "1"; form.requestSubmit(); });
      form.querySelector(".message").append(button);
      button.scrollIntoView({block: "nearest"});
    }
  }

  async function end(form) {
    const sheets = form.sheets_used.value.trim();
    if (sheets === "" || parseInt(sheets, 10) < 0) { say(form, config.dataset.missingSheets, "danger"); return; }
    const payload = {start_key: form.dataset.startKey, end_key: Q.uuid4(), sheets_used: parseInt(sheets, 10),
                     sheet_size: form.sheet_size.value, parts_cut: parseInt(form.parts_cut.value || "0", 10),
                     notes: form.notes.value};
    if (form.dataset.run) { payload.run = parseInt(form.dataset.run, 10); }  // a lead may end an operator's run
    const item = {key: payload.end_key, url: config.dataset.endUrl, payload: payload,
                  label: `■ ${form.dataset.project} · ${payload.sheets_used}`, meta: {kind: "end"}};
    const result = await queue.submit(item);
    if (result.queued) {
      Q.toast(config.dataset.queued, "warning");
      const card = form.closest(".running-run, .queued-run");
      if (card) { card.remove(); }
      renderQueuedRuns();
      return;
    }
    const body = await result.response.json().catch(() => ({}));
    if (result.response.ok) {
      Q.toast(format(config.dataset.ended, {sheets: body.sheets_used, project: body.project_code}), "success");
      refresh();
    } else {
      say(form, body.detail || config.dataset.failed, "danger");  // the portal's refusal: its sentence
    }
  }
})();
