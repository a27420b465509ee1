// The floor pages' offline command queue (docs/offline-queue.md): one mechanism for every floor page.
//
// A command (a POST) that cannot reach the server is kept in localStorage with its idempotency key and sent
// again on reconnect, when the page gets the focus back, when the page starts, and every 20 s; the server answers a
// repeated key with the row recorded the first time, so each command is stored exactly once. Every post carries
// the one header X-Offline-Replay, so the server answers in the refusal contract (portal/commands.py). Pending commands are
// listed in the page's queue element; a command the server refuses is kept there, marked, until the operator
// fixes or discards it. No inline script: pages create a queue from their own static file.
// Tablets are shared and sign out when idle (portal/auth/idle.py): each command keeps its author (<body data-user>)
// and is sent only while its author is signed in, so it is recorded under the person who entered it.
(function () {
  "use strict";

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function isJson(response) {
    return (response.headers.get("content-type") || "").includes("application/json");
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) { return decodeURIComponent(cookie.split("=")[1]); }
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  // options: name (storage), element (pending list; texts in its data-* attributes), and hooks:
  //   request(item) -> {url, body, headers}         (default: JSON POST of item.payload to item.url)
  //   classify(item, response) -> Promise<"sent"|"attention"|"stop">   (default: 2xx sent, 400/409/422 attention)
  //   onSent(item, response), onChange(items), actions(item) -> [{text, css, run}]
  function OfflineQueue(options) {
    this.options = options;
    this.key = options.storageKey || `portal.queue.${options.name}.v1`;
    this.element = options.element;
    this.flushing = false;
  }

  OfflineQueue.uuid4 = uuid4;
  OfflineQueue.csrfToken = csrfToken;

  OfflineQueue.prototype.read = function () {
    try { return JSON.parse(localStorage.getItem(this.key)) || []; } catch (e) { return []; }
  };
  OfflineQueue.prototype.write = function (items) {
    localStorage.setItem(this.key, JSON.stringify(items));
    this.render();
    if (this.options.onChange) { this.options.onChange(items); }
  };
  function currentUser() { return (document.body && document.body.dataset.user) || ""; }
  OfflineQueue.currentUser = currentUser;
  // A command is sent under its author only: another person signed in on the tablet leaves it waiting.
  function mine(item) { return !item.author || item.author === currentUser(); }

  OfflineQueue.prototype.add = function (item) {
    item.status = "queued"; item.errors = [];
    item.author = item.author || currentUser();
    this.write(this.read().filter((i) => i.key !== item.key).concat([item]));
  };
  OfflineQueue.prototype.remove = function (key) { this.write(this.read().filter((i) => i.key !== key)); };
  OfflineQueue.prototype.update = function (item) {
    this.write(this.read().map((i) => (i.key === item.key ? item : i)));
  };

  OfflineQueue.prototype.request = function (item) {
    if (this.options.request) { return this.options.request(item); }
    return {url: item.url, body: JSON.stringify(item.payload),
            headers: {"Content-Type": "application/json", "Accept": "application/json"}};
  };

  OfflineQueue.prototype.classify = async function (item, response) {
    if (this.options.classify) { return this.options.classify(item, response); }
    const json = isJson(response);
    if (response.ok && json && !response.redirected) { return "sent"; }
    // The portal's refusal contract (docs/floor-writes.md): {detail, code, <field>: [...]}, kept until fixed.
    if ([400, 403, 404, 409, 422].includes(response.status) && json) {
      const body = await response.json();
      item.errors = [body.detail || Object.values(body).flat().join(" ")];
      item.refusal = body;
      return "attention";
    }
    return "stop";  // signed out (login page), forbidden, server trouble: keep it and try later
  };

  // Send one command now; when there is no connection it is queued. Resolves to {queued} or {response}.
  OfflineQueue.prototype.submit = async function (item) {
    item.key = item.key || uuid4();
    item.author = item.author || currentUser();
    if (!navigator.onLine) { this.add(item); return {queued: true}; }
    const req = this.request(item);
    try {
      const response = await fetch(req.url, {method: "POST", credentials: "same-origin", body: req.body,
        headers: Object.assign({"X-CSRFToken": csrfToken(), "X-Offline-Replay": "1"}, req.headers)});
      if (response.redirected || response.status === 401 || response.status >= 500 ||
          (response.status === 403 && !isJson(response))) {  // signed out or a stale CSRF token: keep it
        this.add(item); return {queued: true, response: response};
      }
      return {response: response};
    } catch (err) {
      this.add(item); return {queued: true};
    }
  };

  OfflineQueue.prototype.flush = async function () {
    if (this.flushing || !navigator.onLine) { return; }
    // A page signed out for inactivity (idle-timeout.js) sends nothing: its reload signs the session out and shows
    // the sign-in page with the reason; a replay racing it would end the session first and lose that reason.
    if (document.body.classList.contains("idle-signed-out")) { return; }
    this.flushing = true;
    try {
      for (const item of this.read()) {
        if (item.status !== "queued" || !mine(item)) { continue; }
        const req = this.request(item);
        let response;
        try {
          response = await fetch(req.url, {method: "POST", credentials: "same-origin", body: req.body,
            headers: Object.assign({"X-CSRFToken": csrfToken(), "X-Offline-Replay": "1"}, req.headers)});
        } catch (err) { break; }  // still offline: try again later
        const verdict = await this.classify(item, response);
        if (verdict === "sent") {
          this.remove(item.key);
          if (this.options.onSent) { this.options.onSent(item, response); }
        } else if (verdict === "attention") {
          item.status = "attention"; this.update(item);
        } else {
          this.element.dataset.state = "signin";
          break;
        }
      }
    } finally { this.flushing = false; }
  };

  OfflineQueue.prototype.render = function () {
    const box = this.element;
    if (!box) { return; }
    const items = this.read();
    box.hidden = items.length === 0;
    box.replaceChildren();
    if (!items.length) { return; }
    const title = document.createElement("h2"); title.className = "h5";
    title.textContent = `${box.dataset.title} (${items.length})`;
    const send = button(box.dataset.sendNow, "btn-outline-primary ms-2", () => this.flush());
    title.append(send); box.append(title);
    items.forEach((item) => {
      const card = document.createElement("div");
      card.className = `queued-entry card card-body py-2 mb-2${item.status === "attention" ? " attention" : ""}`;
      card.dataset.key = item.key;
      const head = document.createElement("div");
      const badge = document.createElement("span");
      badge.className = `badge me-2 ${item.status === "attention" ? "text-bg-danger" : "text-bg-warning"}`;
      badge.textContent = item.status === "attention" ? box.dataset.attention
        : (mine(item) ? box.dataset.queued : (box.dataset.otherAuthor || box.dataset.queued));
      head.append(badge, document.createTextNode(item.label || ""));
      card.append(head);
      (item.errors || []).forEach((msg) => {
        const p = document.createElement("div"); p.className = "small text-danger"; p.textContent = msg; card.append(p);
      });
      if (item.status === "attention") {
        const row = document.createElement("div"); row.className = "d-flex flex-wrap gap-2 mt-1";
        const extra = this.options.actions ? this.options.actions(item) : [];
        extra.forEach((a) => row.append(button(a.text, a.css, a.run)));
        row.append(button(box.dataset.discard, "btn-outline-danger", () => {
          if (window.confirm(box.dataset.discardConfirm)) { this.remove(item.key); }
        }));
        card.append(row);
      }
      box.append(card);
    });
  };

  function button(text, css, onClick) {
    const b = document.createElement("button"); b.type = "button"; b.className = `btn ${css}`;
    b.textContent = text; b.addEventListener("click", onClick); return b;
  }

  // The page's connection badge (#connection-state, its texts in data-online / data-offline), kept current.
  function watchConnection() {
    const box = document.getElementById("connection-state");
    if (!box || box.dataset.watched) { return; }
    box.dataset.watched = "1";
    const show = () => {
      box.textContent = navigator.onLine ? box.dataset.online : box.dataset.offline;
      box.className = `badge fs-6 ${navigator.onLine ? "text-bg-success" : "text-bg-warning"}`;
    };
    window.addEventListener("online", show);
    window.addEventListener("offline", show);
    show();
  }
  OfflineQueue.watchConnection = watchConnection;

  // Replay on reconnect, on focus, on start and every 20 s; the connection badge follows the connection.
  OfflineQueue.prototype.start = function () {
    watchConnection();
    const flush = () => this.flush();
    window.addEventListener("online", flush);
    window.addEventListener("focus", flush);
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") { flush(); } });
    setInterval(flush, 20000);
    this.render();
    flush();
    return this;
  };

  // A short message where the operator's finger is: the floor pages' one current message
  // (static/portal/floor-message.js, included with the queue's partial), next to the control that was used.
  function toast(text, css, options) {
    const box = window.PortalMessage.show(text, css, options);
    box.classList.add("portal-toast");  // the name pages and tests have known it by
    return box;
  }
  OfflineQueue.toast = toast;

  window.PortalOfflineQueue = OfflineQueue;
})();
