// Downtime entry page: pickers, quick buttons and the offline queue.
// An entry that cannot reach the server is kept in localStorage with its idempotency key and sent again when the
// connection is back; the server answers a repeated key with the event already recorded, so it is saved once.
(function () {
  "use strict";
  const QUEUE_KEY = "downtime.queue.v1";
  const form = () => document.getElementById("entry-form");
  const queueBox = document.getElementById("offline-queue");
  let flushing = false;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
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
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
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
  }
  function syncPickers() {
    const f = form(); if (!f) { return; }
    const line = f.querySelector("[name=line]:checked");
    const firstFacility = f.querySelector(".facility-pick");
    showFacility(line ? line.dataset.facility : (firstFacility ? "" : ""));
    const cat = f.querySelector("[name=category]:checked");
    f.querySelectorAll(".sub-categories").forEach((s) => { s.hidden = !(cat && cat.dataset.main === s.dataset.main); });
    f.querySelectorAll(".main-pick").forEach((b) => b.classList.toggle("active", !!cat && cat.dataset.main === b.dataset.main));
  }

  document.addEventListener("click", function (e) {
    const f = form(); if (!f || !f.contains(e.target)) { return; }
    const t = e.target.closest("button"); if (!t) { return; }
    if (t.classList.contains("facility-pick")) { showFacility(t.dataset.facility); }
    else if (t.classList.contains("main-pick")) {
      f.querySelectorAll(".sub-categories").forEach((s) => { s.hidden = s.dataset.main !== t.dataset.main; });
      f.querySelectorAll(".main-pick").forEach((b) => b.classList.toggle("active", b === t));
    } else if (t.dataset.startBeforeEnd) {
      if (!f.end.value) { f.end.value = nowWall(); }
      f.start.value = formatWall(parseWall(f.end.value) - Number(t.dataset.startBeforeEnd) * 60000);
      f.start.dispatchEvent(new Event("change", {bubbles: true}));
    } else if (t.hasAttribute("data-end-now")) { f.end.value = nowWall(); }
    else if (t.dataset.crewStep) {
      const v = Math.max(0, (parseInt(f.crew_size.value, 10) || 0) + Number(t.dataset.crewStep));
      f.crew_size.value = v;
    } else if (t.classList.contains("quick-note")) {
      f.comments.value = f.comments.value ? `${f.comments.value.trim()} ${t.dataset.note}` : t.dataset.note;
    } else if (t.classList.contains("job-pick")) { f.job_number.value = t.dataset.job; }
    else if (t.dataset.confirmFlags) {
      t.dataset.confirmFlags.split(",").forEach((flag) => { f.querySelector(`[name=${flag}]`).value = "on"; });
      htmx.trigger(f, "submit");
    }
  });
  document.addEventListener("change", function (e) {
    const f = form(); if (!f || !f.contains(e.target)) { return; }
    if (e.target.name === "line") {
      const url = new URL(window.location.href); url.searchParams.set("line", e.target.value);
      history.replaceState(null, "", url);
      syncPickers();
      htmx.trigger(document.body, "lineChanged");
    } else if (e.target.name === "category") { syncPickers(); }
    else if (e.target.name === "start" || e.target.name === "end") {
      f.confirm_long.value = ""; f.confirm_overlap.value = "";  // a new time needs a new confirmation
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "entry-form-wrap") { syncPickers(); }
  });

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

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (e) { return []; }
  }
  function writeQueue(items) { localStorage.setItem(QUEUE_KEY, JSON.stringify(items)); renderQueue(); }

  function queueCurrentForm() {
    const f = form();
    if (!f.idempotency_key.value) { f.idempotency_key.value = uuid4(); }
    const data = {};
    new FormData(f).forEach((value, name) => { if (name !== "csrfmiddlewaretoken" && name !== "job_q") { data[name] = value; } });
    const line = f.querySelector("[name=line]:checked");
    const cat = f.querySelector("[name=category]:checked");
    const items = readQueue().filter((i) => i.key !== data.idempotency_key);
    items.push({key: data.idempotency_key, data: data, status: "queued", errors: [],
                label: `${line ? line.dataset.code : "?"} · ${data.start.replace("T", " ")}–${data.end.slice(11)} · ${cat ? cat.dataset.label : "?"}`});
    writeQueue(items);
    // Ready for the next stop: a new key, same line and crew.
    f.idempotency_key.value = "";
    f.comments.value = ""; f.job_number.value = "";
    f.confirm_long.value = ""; f.confirm_overlap.value = "";
    const info = document.createElement("div");
    info.className = "alert alert-warning"; info.id = "queued-message"; info.setAttribute("role", "status");
    info.textContent = queueBox.dataset.queuedMessage;
    const old = document.getElementById("queued-message"); if (old) { old.remove(); }
    f.prepend(info);
  }

  function renderQueue() {
    const items = readQueue();
    queueBox.hidden = items.length === 0;
    queueBox.replaceChildren();
    if (!items.length) { return; }
    const title = document.createElement("h2"); title.className = "h5";
    title.textContent = `${queueBox.dataset.title} (${items.length})`;
    const send = document.createElement("button"); send.type = "button"; send.className = "btn btn-outline-primary ms-2";
    send.textContent = queueBox.dataset.sendNow; send.addEventListener("click", flush);
    title.append(send); queueBox.append(title);
    items.forEach((item) => {
      const card = document.createElement("div");
      card.className = `queued-entry card card-body py-2 mb-2${item.status === "attention" ? " attention" : ""}`;
      card.dataset.key = item.key;
      const head = document.createElement("div");
      const badge = document.createElement("span");
      badge.className = `badge me-2 ${item.status === "attention" ? "text-bg-danger" : "text-bg-warning"}`;
      badge.textContent = item.status === "attention" ? queueBox.dataset.attention : queueBox.dataset.queued;
      head.append(badge, document.createTextNode(item.label));
      card.append(head);
      (item.errors || []).forEach((msg) => { const p = document.createElement("div"); p.className = "small text-danger"; p.textContent = msg; card.append(p); });
      if (item.status === "attention") {
        const row = document.createElement("div"); row.className = "d-flex gap-2 mt-1";
        if (item.warnings && Object.keys(item.warnings).length && !(item.invalid)) {
          row.append(button(queueBox.dataset.confirm, "btn-warning", () => {
            Object.keys(item.warnings).forEach((flag) => { item.data[flag] = "on"; });
            item.status = "queued"; item.errors = []; saveItem(item); flush();
          }));
        }
        row.append(button(queueBox.dataset.edit, "btn-outline-primary", () => loadIntoForm(item)));
        row.append(button(queueBox.dataset.discard, "btn-outline-danger", () => {
          if (window.confirm(queueBox.dataset.discardConfirm)) { writeQueue(readQueue().filter((i) => i.key !== item.key)); }
        }));
        card.append(row);
      }
      queueBox.append(card);
    });
  }
  function button(text, css, onClick) {
    const b = document.createElement("button"); b.type = "button"; b.className = `btn ${css}`;
    b.textContent = text; b.addEventListener("click", onClick); return b;
  }
  function saveItem(item) { writeQueue(readQueue().map((i) => (i.key === item.key ? item : i))); }

  function loadIntoForm(item) {
    const f = form();
    Object.entries(item.data).forEach(([name, value]) => {
      const radios = f.querySelectorAll(`input[type=radio][name="${name}"]`);
      if (radios.length) { radios.forEach((r) => { r.checked = r.value === value; }); return; }
      if (f.elements[name]) { f.elements[name].value = value; }
    });
    writeQueue(readQueue().filter((i) => i.key !== item.key));  // it is in the form now, with the same key
    syncPickers();
    f.scrollIntoView();
  }

  async function flush() {
    if (flushing || !navigator.onLine) { return; }
    flushing = true;
    let sent = false;
    try {
      for (const item of readQueue()) {
        if (item.status !== "queued") { continue; }
        let response;
        try {
          response = await fetch(form().dataset.recordUrl, {
            method: "POST", credentials: "same-origin", body: new URLSearchParams(item.data),
            headers: {"X-CSRFToken": csrfToken(), "X-Downtime-Replay": "1", "Accept": "application/json"},
          });
        } catch (err) { break; }  // still offline: try again later
        const json = (response.headers.get("content-type") || "").includes("application/json");
        if (response.ok && json) {
          writeQueue(readQueue().filter((i) => i.key !== item.key)); sent = true;
        } else if (response.status === 422 && json) {
          const body = await response.json();
          item.status = "attention";
          item.invalid = body.status === "invalid";
          item.warnings = body.warnings || {};
          item.errors = [...Object.values(body.errors || {}).flat(), ...Object.values(item.warnings)];
          saveItem(item);
        } else {
          // signed out or refused: keep it queued and tell the operator
          const box = document.getElementById("connection-state");
          box.textContent = queueBox.dataset.signin; box.className = "badge text-bg-danger fs-6";
          break;
        }
      }
    } finally {
      flushing = false;
      if (sent) { htmx.trigger(document.body, "downtimeSaved"); }
    }
  }

  function showConnection() {
    const box = document.getElementById("connection-state");
    box.textContent = navigator.onLine ? box.dataset.online : box.dataset.offline;
    box.className = `badge fs-6 ${navigator.onLine ? "text-bg-success" : "text-bg-warning"}`;
  }
  window.addEventListener("online", () => { showConnection(); flush(); });
  window.addEventListener("offline", showConnection);
  setInterval(flush, 20000);
  showConnection();
  syncPickers();
  renderQueue();
  flush();
})();
