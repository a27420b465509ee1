// The technician's phone page: start / pause / finish (with note, part, labour minutes) through the shared offline
// queue (docs/offline-queue.md). Each command gets its own idempotency key; the server's core receiver applies it
// once (the key is the technician's own) and answers a repeat with the ticket. A command kept offline moves its card at once (the
// forms of the next step appear, marked "waiting to be sent") so a technician can start and finish without a
// connection; the queue replays them in order on reconnect. Without JS the forms post to the page as before.
(function () {
  "use strict";
  const config = document.getElementById("phone-config");
  if (!config) { return; }
  const Q = window.PortalOfflineQueue;
  const stateLabels = JSON.parse(document.getElementById("state-labels").textContent);
  const actionLabels = JSON.parse(document.getElementById("action-labels").textContent);
  const TARGET = {start: "in_progress", pause: "on_hold", finish: "done"};

  function format(text, values) { return text.replace(/%\((\w+)\)s/g, (_, k) => values[k]); }
  function cardOf(pk) { return document.querySelector(`.ticket-card[data-ticket="${pk}"]`); }

  function setState(card, state, pending) {
    if (!card) { return; }
    card.dataset.state = state;
    const badge = card.querySelector(".state-badge");
    badge.dataset.state = state; badge.textContent = stateLabels[state] || state;
    card.querySelector(".pending-badge").hidden = !pending;
    card.dataset.pending = pending ? "1" : "";
    card.querySelector(".when-working").hidden = state !== "in_progress";
    card.querySelector(".when-idle").hidden = ["in_progress", "done", "verified", "cancelled"].includes(state);
    card.querySelector(".when-done").hidden = state !== "done";
    card.querySelector(".when-open").hidden = state === "done";
  }

  function say(card, text, css) {
    const box = card.querySelector(".message");
    const alert = document.createElement("div");
    alert.className = `alert alert-${css} py-2 mb-2`; alert.textContent = text;
    box.replaceChildren(alert);
    Q.toast(text, css);
  }

  function showEmpty() {
    const open = Array.from(document.querySelectorAll(".ticket-card")).filter((c) => !c.hidden);
    document.querySelector(".empty-message").hidden = open.length > 0;
  }

  // Cards show what the phone still has to send: replay the queued commands onto them.
  function applyQueued(items) {
    items.forEach((item) => {
      if (item.meta && item.meta.ticket && item.status === "queued") {
        setState(cardOf(item.meta.ticket), TARGET[item.meta.action], true);
      }
    });
  }

  async function onSent(item, response) {
    const card = cardOf(item.meta && item.meta.ticket);
    const body = await response.json().catch(() => ({}));
    const stillQueued = queue.read().some((i) => i.meta && i.meta.ticket === item.meta.ticket);
    if (card && body.state && !stillQueued) {
      setState(card, body.state, false);
      if (body.state === "done") { card.querySelector(".when-done").hidden = false; }
    }
  }

  // A card whose last queued command left the queue (sent, or discarded after a refusal) shows the server's state.
  async function onChange(items) {
    const waiting = new Set(items.filter((i) => i.meta && i.status === "queued").map((i) => String(i.meta.ticket)));
    for (const card of document.querySelectorAll(".ticket-card[data-pending='1']")) {
      if (waiting.has(card.dataset.ticket) || !navigator.onLine) { continue; }
      const response = await fetch(card.dataset.detail, {credentials: "same-origin",
                                                          headers: {"Accept": "application/json"}}).catch(() => null);
      const body = response && response.ok ? await response.json() : null;
      if (body && body.state) { setState(card, body.state, false); }
    }
  }

  const queue = new Q({name: "maintenance-phone", element: document.getElementById("offline-queue"),
                       onSent: onSent, onChange: onChange}).start();
  applyQueued(queue.read());

  document.body.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.classList.contains("photo-form") && !navigator.onLine) {  // a photo is not kept offline
      event.preventDefault();
      Q.toast(config.dataset.photoOffline, "warning");
      return;
    }
    if (!form.classList.contains("phone-command")) { return; }
    event.preventDefault();
    const card = form.closest(".ticket-card");
    const action = form.dataset.action;
    const payload = {action: action, key: Q.uuid4()};
    Array.from(form.elements).forEach((el) => {
      if (!el.name || ["key", "csrfmiddlewaretoken"].includes(el.name) || !el.value.trim()) { return; }
      payload[el.name] = el.name === "minutes" ? parseInt(el.value, 10) : el.value.trim();
    });
    const item = {key: payload.key, url: card.dataset.url, payload: payload,
                  label: `${actionLabels[action]} · MT-${card.dataset.ticket}`,
                  meta: {ticket: card.dataset.ticket, action: action}};
    const buttons = form.querySelectorAll("button"); buttons.forEach((b) => { b.disabled = true; });
    try {
      const result = await queue.submit(item);
      if (result.queued) {
        Q.toast(config.dataset.queued, "warning");
        setState(card, TARGET[action], true);
        form.reset();
        return;
      }
      const body = await result.response.json().catch(() => ({}));
      if (result.response.ok) {
        card.querySelector(".message").replaceChildren();
        Q.toast(format(config.dataset.done, {pk: card.dataset.ticket, state: stateLabels[body.state] || body.state}),
                "success");
        setState(card, body.state, false);
        form.reset();
        if (body.state === "done") { card.hidden = true; showEmpty(); }
      } else {
        say(card, body.detail || Object.values(body).flat().join(" "), "danger");
      }
    } finally { buttons.forEach((b) => { b.disabled = false; }); }
  });
})();
