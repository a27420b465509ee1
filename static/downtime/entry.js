// Downtime entry page: pickers, quick buttons and the offline queue.
// An entry that cannot reach the server is kept in localStorage with its idempotency key and sent again when the
// connection is back; the server answers a repeated key with the event already recorded, so it is saved once.
(function () {
  "use strict";
  const QUEUE_KEY = "downtime.queue.v1";
  const form = () => document.getElementById("entry-form");
  const queueBox = document.getElementById("offline-queue");

  const uuid4 = window.PortalOfflineQueue.uuid4;
  function pad(n) { return String(n).padStart(2, "0"); }
  // Times are the plant's wall clock (the line's facility time zone), whatever zone the tablet is set to:
  // arithmetic runs on the wall-clock value as if it were UTC, so no browser zone or DST shift creeps in.
  function parseWall(v) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) : null;
  }
  function formatWall(ms) {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }
  function plantZone() {
    const f = form(); const line = f && f.querySelector("[name=line]:checked");
    return (line && line.dataset.tz) || (f && f.dataset.tz) || undefined;
  }
  function nowWall() {
    const parts = {};
    new Intl.DateTimeFormat("en-CA", {timeZone: plantZone(), year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"}).formatToParts(new Date())
      .forEach((p) => { parts[p.type] = p.value; });
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  }
  // A chosen category is filled with its colour: its text is black or white, whichever reads on that colour.
  function inkCategories() {
    document.querySelectorAll(".category-btn").forEach((b) => {
      const m = /#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(b.style.getPropertyValue("--cat"));
      if (!m) { return; }
      const lin = (h) => { const v = parseInt(h, 16) / 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
      const lum = .2126 * lin(m[1]) + .7152 * lin(m[2]) + .0722 * lin(m[3]);
      b.style.setProperty("--cat-ink", (lum + .05) / .05 > 1.05 / (lum + .05) ? "#000" : "#fff");
    });
  }
  // --- pickers --------------------------------------------------------------------------------------------
  function showFacility(facilityId) {
    const f = form(); if (!f) { return; }
    f.querySelectorAll(".facility-pick").forEach((b) => b.classList.toggle("active", b.dataset.facility === facilityId));
    f.querySelectorAll(".line-pick").forEach((l) => { l.hidden = facilityId && l.dataset.facility !== facilityId; });
    f.querySelectorAll("#id_shift option[data-facility]").forEach((o) => { o.hidden = facilityId && o.dataset.facility !== facilityId; });
    f.querySelectorAll(".quick-note").forEach((b) => {
      const line = f.querySelector("[name=line]:checked");
      const visible = line ? (b.dataset.line === line.value || b.dataset.facility === line.dataset.facility)
        : (!facilityId || b.dataset.facility === facilityId);
      b.hidden = !visible;
    });
    // The same note for several facilities or lines shows once (before a line is chosen, all could match).
    const seen = new Set();
    f.querySelectorAll(".quick-note:not([hidden])").forEach((b) => {
      if (seen.has(b.dataset.note)) { b.hidden = true; } else { seen.add(b.dataset.note); }
    });
  }
  function syncPickers() {
    const f = form(); if (!f) { return; }
    inkCategories();
    const line = f.querySelector("[name=line]:checked");
    const firstFacility = f.querySelector(".facility-pick");
    showFacility(line ? line.dataset.facility : (firstFacility ? "" : ""));
    const cat = f.querySelector("[name=category]:checked");
    openLevel(f, cat ? cat.dataset.parent : "");
  }
  // The reason tree, one tap per level: the panels of the opened category and of those above it are shown (the
  // top level always is), their categories marked; "" closes every panel.
  function openLevel(f, node) {
    const panel = node ? f.querySelector(`.sub-categories[data-node="${node}"]`) : null;
    const chain = panel ? panel.dataset.chain.split(" ") : [];
    f.querySelectorAll(".sub-categories").forEach((s) => { s.hidden = !chain.includes(s.dataset.node); });
    f.querySelectorAll(".main-pick").forEach((b) => b.classList.toggle("active", chain.includes(b.dataset.node)));
  }

  document.addEventListener("click", function (e) {
    const f = form(); if (!f || !f.contains(e.target)) { return; }
    const t = e.target.closest("button"); if (!t) { return; }
    if (t.classList.contains("facility-pick")) { showFacility(t.dataset.facility); }
    else if (t.classList.contains("main-pick")) { openLevel(f, t.dataset.node); }
    else if (t.classList.contains("level-up")) { openLevel(f, t.dataset.up); }
    else if (t.dataset.startBeforeEnd) {
      if (!f.end.value) { f.end.value = nowWall(); }
      f.start.value = formatWall(parseWall(f.end.value) - Number(t.dataset.startBeforeEnd) * 60000);
      f.start.dispatchEvent(new Event("change", {bubbles: true}));
    } else if (t.hasAttribute("data-end-now")) { f.end.value = nowWall(); }
    else if (t.dataset.crewStep) {
      const v = Math.max(0, (parseInt(f.crew_size.value, 10) || 0) + Number(t.dataset.crewStep));
      f.crew_size.value = v; f.crew_size.dataset.touched = "1"; f.confirm_quantity.value = "";
    } else if (t.classList.contains("quick-note")) {
      f.comments.value = f.comments.value ? `${f.comments.value.trim()} ${t.dataset.note}` : t.dataset.note;
    } else if (t.classList.contains("job-pick")) { f.job_number.value = t.dataset.job; }
    else if (t.dataset.confirmFlags) {
      t.dataset.confirmFlags.split(",").forEach((flag) => { f.querySelector(`[name=${flag}]`).value = "on"; });
      htmx.trigger(f, "submit");
    }
  });
  // The crew starts at the line's usual crew, and never below what the chosen reason needs (most need 1 or more):
  // the first save is not refused for a crew of 0.
  function crewDefault(f) {
    const line = f.querySelector("[name=line]:checked");
    const reason = f.querySelector("[name=category]:checked");
    const usual = line ? parseInt(line.dataset.crew, 10) || 0 : 0;
    const least = reason ? parseInt(reason.dataset.minCrew, 10) || 0 : 1;
    f.crew_size.value = Math.max(usual, least);
  }
  document.addEventListener("change", function (e) {
    const f = form(); if (!f || !f.contains(e.target)) { return; }
    if (e.target.name === "line") {
      // The line's usual crew, unless the operator already set the crew for this stop.
      if (!f.crew_size.dataset.touched) { crewDefault(f); }
      const url = new URL(window.location.href); url.searchParams.set("line", e.target.value);
      history.replaceState(null, "", url);
      syncPickers();
      htmx.trigger(document.body, "lineChanged");
    } else if (e.target.name === "category") { syncPickers(); if (!f.crew_size.dataset.touched) { crewDefault(f); } }
    else if (e.target.name === "crew_size") { f.crew_size.dataset.touched = "1"; f.confirm_quantity.value = ""; }
    else if (e.target.name === "start" || e.target.name === "end") {
      f.confirm_long.value = ""; f.confirm_overlap.value = "";  // a new time needs a new confirmation
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "entry-form-wrap") { syncPickers(); announce(); }
  });
  // After a save or a refusal the answer is shown where the finger is: the saved note as a toast, errors and
  // confirmations in the bar with the Save button (always at the bottom of the screen), the first wrong field
  // brought into view.
  function announce() {
    const saved = document.getElementById("saved-message");
    if (saved) { saved.scrollIntoView({block: "nearest"}); }
    const invalid = document.querySelector("#entry-form .is-invalid, #entry-form .invalid-feedback");
    if (invalid && !document.getElementById("confirmations")) { invalid.scrollIntoView({block: "center"}); }
  }

  // --- submitting and the offline queue ----------------------------------------------------------------------
  document.body.addEventListener("htmx:configRequest", function (e) {
    const f = form();
    if (e.detail.elt !== f || f.dataset.mode !== "create") { return; }
    if (!f.idempotency_key.value) { f.idempotency_key.value = uuid4(); }
    e.detail.parameters.idempotency_key = f.idempotency_key.value;
  });
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    const f = form();
    if (e.detail.elt === f && f.dataset.mode === "create" && !navigator.onLine) {
      e.preventDefault();
      queueCurrentForm();
    }
  });
  document.body.addEventListener("htmx:sendError", function (e) {
    const f = form();
    if (e.detail.elt === f && f.dataset.mode === "create") { queueCurrentForm(); }
  });

  document.body.addEventListener("htmx:beforeSwap", function (e) {
    // A session that expired answers with the sign-in page: keep the entry on the tablet instead of losing it.
    const f = form();
    if (e.detail.requestConfig && e.detail.requestConfig.elt === f && f.dataset.mode === "create"
        && (e.detail.xhr.responseURL || "").includes("/accounts/login/")) {
      e.detail.shouldSwap = false;
      queueCurrentForm();
      const box = document.getElementById("connection-state");
      box.textContent = queueBox.dataset.signin; box.className = "badge text-bg-danger fs-6";
    }
  });

  // The shared offline queue of the floor pages (static/portal/offline-queue.js, which marks its replays with
  // X-Offline-Replay); the entry form posts the same fields it would send online. The server answers a refusal in
  // the portal's one contract ({detail, code, <field>: [...]}, docs/floor-writes.md): a rule (400), a line or an
  // entry that is not the operator's (403/404), or a confirmation to give (409, code needs_confirmation, with the
  // questions in needs_confirmation) marks the entry for attention, with the sentence to read.
  const queue = new window.PortalOfflineQueue({
    name: "downtime",
    storageKey: QUEUE_KEY,  // the key tablets already hold queued entries under
    element: queueBox,
    request: (item) => ({url: form().dataset.recordUrl, body: new URLSearchParams(item.data),
                         headers: {"Accept": "application/json"}}),
    classify: async (item, response) => {
      const json = (response.headers.get("content-type") || "").includes("application/json");
      if (response.ok && json && !response.redirected) { return "sent"; }
      if ([400, 403, 404, 409].includes(response.status) && json) {
        const body = await response.json();
        item.warnings = body.needs_confirmation || {};
        item.invalid = body.code !== "needs_confirmation";
        const fields = Object.entries(body)
          .filter(([name]) => !["detail", "code", "needs_confirmation"].includes(name))
          .flatMap(([, messages]) => messages);
        item.errors = body.detail ? [body.detail] : fields;
        return "attention";
      }
      // signed out or server trouble: keep it queued and tell the operator
      const box = document.getElementById("connection-state");
      box.textContent = queueBox.dataset.signin; box.className = "badge text-bg-danger fs-6";
      return "stop";
    },
    onSent: () => htmx.trigger(document.body, "downtimeSaved"),
    actions: (item) => {
      const actions = [];
      if (item.warnings && Object.keys(item.warnings).length && !item.invalid) {
        actions.push({text: queueBox.dataset.confirm, css: "btn-warning", run: () => {
          Object.keys(item.warnings).forEach((flag) => { item.data[flag] = "on"; });
          item.status = "queued"; item.errors = []; queue.update(item); queue.flush();
        }});
      }
      actions.push({text: queueBox.dataset.edit, css: "btn-outline-primary", run: () => loadIntoForm(item)});
      return actions;
    },
  });

  function queueCurrentForm() {
    const f = form();
    if (!f.idempotency_key.value) { f.idempotency_key.value = uuid4(); }
    const data = {};
    new FormData(f).forEach((value, name) => { if (name !== "csrfmiddlewaretoken" && name !== "job_q") { data[name] = value; } });
    const line = f.querySelector("[name=line]:checked");
    const cat = f.querySelector("[name=category]:checked");
    queue.add({key: data.idempotency_key, data: data,
               label: `${line ? line.dataset.code : "?"} · ${data.start.replace("T", " ")}–${data.end.slice(11)} · ${cat ? cat.dataset.label : "?"}`});
    // Ready for the next stop: a new key, same line and crew.
    f.idempotency_key.value = "";
    f.comments.value = ""; f.job_number.value = ""; if (f.machine) { f.machine.value = ""; }
    f.confirm_long.value = ""; f.confirm_overlap.value = ""; f.confirm_quantity.value = "";
    window.PortalOfflineQueue.toast(queueBox.dataset.queuedMessage, "warning", {id: "queued-message"});
  }

  function loadIntoForm(item) {
    const f = form();
    Object.entries(item.data).forEach(([name, value]) => {
      const radios = f.querySelectorAll(`input[type=radio][name="${name}"]`);
      if (radios.length) { radios.forEach((r) => { r.checked = r.value === value; }); return; }
      if (f.elements[name]) { f.elements[name].value = value; }
    });
    queue.remove(item.key);  // it is in the form now, with the same key
    syncPickers();
    f.scrollIntoView();
  }

  syncPickers();
  queue.start();  // replays on reconnect, focus, start and every 20 s
})();

// The list of machine-detected stops refreshes every 30 s, except while the operator has one open to classify
// (htmx trigger filters need eval, which the CSP forbids: the poll is cancelled here instead).
document.getElementById("waiting")?.addEventListener("htmx:beforeRequest", (event) => {
  const waiting = event.currentTarget;
  if (event.detail.elt === waiting && waiting.querySelector("details[open]")) { event.preventDefault(); }
});
