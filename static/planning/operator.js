// The operator's phone (planning's "My operations"): scan an order to open its operation; start, record good and
// scrap, pause with a reason, finish, each through the shared offline queue (static/portal/offline-queue.js).
(function () {
  "use strict";
  const queueBox = document.getElementById("offline-queue");
  const queue = new window.PortalOfflineQueue({name: "planning-operations", element: queueBox}).start();
  const FLASH = "planning-operator-message";

  function show(text, css, options) { window.PortalMessage.show(text, css, options || {}); }
  // A message kept across the reload that redraws the buttons after a start, a pause or a finish.
  const kept = sessionStorage.getItem(FLASH);
  if (kept) {
    sessionStorage.removeItem(FLASH);
    const slot = document.getElementById("op-message");
    show(kept, "success", slot ? {into: slot} : {});
  }

  // The list: a scanned (or typed) order number opens the operation of that order.
  const finder = document.getElementById("find-operation");
  if (finder) {
    const field = finder.querySelector("[name=order_number]");
    const open = () => {
      const wanted = field.value.trim().toUpperCase();
      if (!wanted) { return; }
      const card = Array.from(document.querySelectorAll(".operation-card"))
        .find((a) => a.dataset.order.toUpperCase() === wanted);
      if (card) { window.location.assign(card.href); }
      else { show(finder.dataset.missing.replace("%(order)s", wanted), "warning", {near: field}); }
    };
    field.addEventListener("scanned", open);
    finder.addEventListener("submit", (event) => { event.preventDefault(); open(); });
  }

  const box = document.getElementById("operation");
  if (!box) { return; }
  const slot = document.getElementById("op-message");

  box.querySelectorAll("form.op-action").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    delete data.csrfmiddlewaretoken;
    const action = form.dataset.action;
    if (action === "record" && !parseInt(data.good || "0", 10) && !parseInt(data.scrap || "0", 10)) {
      const good = form.querySelector("[name=good]");
      good.classList.add("is-invalid"); good.setAttribute("aria-invalid", "true");
      show(box.dataset.missing, "danger", {into: slot}); return;
    }
    data.idempotency_key = window.PortalOfflineQueue.uuid4();  // one key per entry, kept through every retry
    const label = `${box.dataset.label} · ${form.querySelector("button[class*=btn-]:not([type=button])").textContent.trim()}` +
      (action === "record" ? ` ${data.good || 0} / ${data.scrap || 0}` : "");
    await send(form, {key: data.idempotency_key, url: form.action, payload: data, label: label});
  }));

  async function send(form, item) {
    form.querySelectorAll(".is-invalid").forEach((el) => { el.classList.remove("is-invalid"); el.removeAttribute("aria-invalid"); });
    const result = await queue.submit(item);
    if (result.queued) { show(queueBox.dataset.queuedMessage, "warning", {into: slot}); form.reset(); return; }
    const body = await result.response.json().catch(() => ({}));
    if (result.response.ok) {
      if (form.dataset.action === "record" && body.status === box.dataset.status) {
        show(body.detail, "success", {into: slot});
        document.getElementById("op-status").textContent = body.status_label;
        form.reset();
        form.querySelector("[name=good]").focus({preventScroll: true});
      } else {  // the operation's state changed (a record starts it): redraw its buttons
        sessionStorage.setItem(FLASH, body.detail);
        window.location.reload();
      }
      return;
    }
    if (body.code === "needs_confirmation") {  // one more tap sends it again, same key, with the flags asked
      const confirm = () => { Object.keys(body.needs_confirmation).forEach((f) => { item.payload[f] = true; }); send(form, item); };
      show(body.detail, "warning", {into: slot, actions: [{text: box.dataset.confirm, css: "btn-warning", run: confirm}]});
      return;
    }
    const fields = Object.keys(body).filter((name) => Array.isArray(body[name]));
    show(body.detail || fields.map((name) => body[name].join(" ")).join(" "), "danger", {into: slot});
    fields.forEach((name) => {
      const input = form.querySelector(`[name=${name}]`);
      if (input) { input.classList.add("is-invalid"); input.setAttribute("aria-invalid", "true"); }
    });
  }
})();
