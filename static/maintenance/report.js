// Report a maintenance problem through the shared offline queue (docs/offline-queue.md): the form is posted by the
// queue with its key and asks for JSON (the page answers the core refusal contract); without a connection the
// report is kept on the device and sent when the connection is back, exactly once (the key is the reporter's).
// A photo is sent while the page is open; a report kept offline goes without it, and the page says so. Without
// this script the form posts as usual.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  const Queue = window.PortalOfflineQueue;
  if (!form || !Queue) { return; }
  const box = document.getElementById("offline-queue");
  const texts = form.dataset;
  const photos = {};  // key -> the photo chosen, while the page is open

  const queue = new Queue({
    name: "maintenance-report", element: box,
    request: (item) => {
      const body = new FormData();
      Object.entries(item.payload).forEach(([name, value]) => body.append(name, value));
      body.set("key", item.key);
      if (photos[item.key]) { body.append("photo", photos[item.key], photos[item.key].name); }
      return {url: item.url, body: body, headers: {"Accept": "application/json"}};
    },
    onSent: async (item, response) => {
      delete photos[item.key];
      const body = await response.json().catch(() => ({}));
      Queue.toast(body.message || texts.reported, "success");
    },
  }).start();

  function showErrors(errors) {
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    form.querySelectorAll(".queue-error").forEach((el) => el.remove());
    Object.entries(errors || {}).forEach(([name, messages]) => {
      if (["detail", "code"].includes(name)) { return; }
      const field = form.querySelector(`[name="${name}"]`) || form.querySelector("button[type=submit]");
      field.classList.add("is-invalid");
      const note = document.createElement("div");
      note.className = "text-danger queue-error"; note.textContent = [].concat(messages).join(" ");
      field.after(note);
    });
  }

  function startOver(line) {
    form.reset();
    form.querySelector("[name=key]").value = Queue.uuid4();
    if (line) { form.querySelector("[name=line]").value = line; }
    showErrors({});
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const fields = {};
      new FormData(form).forEach((value, name) => {
        if (typeof value === "string" && !["csrfmiddlewaretoken", "key"].includes(name)) { fields[name] = value; }
      });
      const key = form.querySelector("[name=key]").value || Queue.uuid4();
      const photo = form.querySelector("[name=photo]").files[0];
      if (photo) { photos[key] = photo; }
      const item = {url: form.action || window.location.pathname, key: key, payload: fields,
                    label: `${fields.machine || ""} ${fields.problem || ""}`.trim()};
      const result = await queue.submit(item);
      if (result.queued && !result.response) {
        Queue.toast(photo ? texts.photoOffline : box.dataset.queuedMessage, "warning");
        delete photos[key];
        startOver(fields.line);
        return;
      }
      const response = result.response;
      const json = (response.headers.get("content-type") || "").includes("application/json");
      const body = json ? await response.json().catch(() => ({})) : {};
      if (json && response.ok) {
        delete photos[key];
        if (body.url) { window.location.assign(body.url); return; }  // maintenance opens the ticket it reported
        Queue.toast(body.message || texts.reported, "success");
        startOver(fields.line);
      } else if (json && [400, 409].includes(response.status)) {
        showErrors(Object.keys(body).some((k) => !["detail", "code"].includes(k)) ? body : {non_field_errors: body.detail});
        Queue.toast(body.detail || texts.checkFields, "danger");
      } else {
        Queue.toast(box.dataset.queuedMessage, "warning");  // signed out or server trouble: kept, sent later
        startOver(fields.line);
      }
    } finally {
      button.disabled = false;
    }
  });
})();
