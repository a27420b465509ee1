// Production IN/OUT on the operator's phone: keypad, scanner, and recording through the shared offline queue.
(function () {
  "use strict";
  const form = document.getElementById("movement-form");
  if (!form) { return; }
  const message = document.getElementById("movement-message");
  const quantity = document.getElementById("quantity");
  const orderField = form.querySelector("[name=order_number]");

  // The page's one current message, right under the IN/OUT buttons (static/portal/floor-message.js).
  function show(text, css, actions) { window.PortalMessage.show(text, css, {into: message, actions: actions}); }
  function format(template, values) { return template.replace(/%\((\w+)\)s/g, (_, k) => values[k]); }

  const queueBox = document.getElementById("offline-queue");
  const queue = new window.PortalOfflineQueue({
    name: "production",
    element: queueBox,
    onSent: () => htmx.trigger(document.body, "movementSaved"),
  }).start();

  form.querySelectorAll("[data-key]").forEach((key) => key.addEventListener("click", () => {
    const k = key.dataset.key;
    if (k === "clear") { quantity.value = ""; } else if (k === "back") { quantity.value = quantity.value.slice(0, -1); }
    else if (quantity.value.length < 7) { quantity.value = (quantity.value + k).replace(/^0+/, ""); }
    else { show(form.dataset.tooLong, "warning"); }  // never a silent cap
  }));
  // A USB scanner ends with Enter in the order field: go on to the quantity.
  orderField.addEventListener("scanned", () => quantity.focus());
  document.body.addEventListener("click", (event) => {
    const pick = event.target.closest("[data-pick-order]");
    if (pick) { orderField.value = pick.dataset.pickOrder; quantity.focus(); }
    const job = event.target.closest(".job-pick[data-job]");  // an open ERP job of the line
    if (job) { form.erp_job.value = job.dataset.job; }
  });

  // Enter in a text box (job search, reason) must not record an IN: only the IN/OUT buttons record.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("input")) { event.preventDefault(); }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const direction = event.submitter ? event.submitter.value : "IN";
    const qty = parseInt(quantity.value, 10);
    const order = orderField.value.trim().toUpperCase();
    if (!order || !qty) { show(form.dataset.missing, "danger"); return; }
    const payload = {line: parseInt(form.dataset.line, 10), order_number: order, direction: direction, quantity: qty,
                     erp_job: (form.erp_job ? form.erp_job.value : ""), idempotency_key: window.PortalOfflineQueue.uuid4(),
                     override_reason: (form.override_reason ? form.override_reason.value : ""),
                     machine: (form.machine ? form.machine.value.trim() : "")};
    await send({key: payload.idempotency_key, url: form.dataset.url, payload: payload,
                label: `${form.dataset.lineCode} · ${order} · ${direction} ${qty}`});
  });

  async function send(item) {
    const order = item.payload.order_number;
    clearInvalid();
    const result = await queue.submit(item);
    if (result.queued) { show(queueBox.dataset.queuedMessage, "warning"); reset(); return; }
    const body = await result.response.json().catch(() => ({}));
    if (result.response.ok) {
      show(format(form.dataset.saved, {order: order, line: form.dataset.lineCode, balance: body.balance}), "success");
      reset();
      htmx.trigger(document.body, "movementSaved");
    } else {
      refused(body, order, item);
    }
  }

  // A refusal in the portal's one contract: {detail, code, <field>: [messages], balance (an OUT above it)}; an
  // unusual entry (409 needs_confirmation) is recorded with one more tap that sends it again with the flags asked.
  function refused(body, order, item) {
    const fields = Object.keys(body).filter((name) => Array.isArray(body[name]));
    if (body.code === "needs_confirmation") {
      const confirm = () => {
        Object.keys(body.needs_confirmation).forEach((flag) => { item.payload[flag] = true; });
        send(item);  // the same key: nothing was recorded yet
      };
      show(body.detail, "warning", [{text: form.dataset.confirm, css: "btn-warning", run: confirm}]);
      return;
    }
    show(body.detail || fields.map((name) => body[name].join(" ")).join(" "), "danger");
    fields.forEach((name) => {
      const input = form.querySelector(`[name=${name}]`);
      if (input) { input.classList.add("is-invalid"); input.setAttribute("aria-invalid", "true"); }
    });
    if (Number.isInteger(body.balance)) {  // the balance the server holds now: show it in the open orders
      const row = document.querySelector(`#open-order-list [data-order="${CSS.escape(order)}"] [data-balance]`);
      if (row) { row.textContent = body.balance; }
    }
  }
  function clearInvalid() {
    form.querySelectorAll(".is-invalid").forEach((input) => {
      input.classList.remove("is-invalid"); input.removeAttribute("aria-invalid");
    });
  }
  function reset() {
    quantity.value = ""; orderField.value = ""; form.erp_job.value = "";  // the machine stays: same machine next
    if (form.override_reason) { form.override_reason.value = ""; }
    orderField.focus({preventScroll: true});  // ready for the next order, the message stays in view
  }
})();
