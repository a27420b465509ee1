// The floor reject entry through the shared offline queue (docs/offline-queue.md): the form is posted by the queue
// with its idempotency key and asks for JSON; without a connection the reject (its photo reduced to fit on the
// device) is kept and sent when the connection is back, exactly once. Without this script the form posts as usual.
(function () {
  "use strict";
  const form = document.getElementById("reject-form");
  const Queue = window.PortalOfflineQueue;
  if (!form || !Queue) { return; }
  const box = document.getElementById("offline-queue");
  const texts = form.dataset;
  const MAX_SIDE = 1600;  // px: a defect stays readable, the photo fits in the device's storage (~300 KB)
  const files = {};  // key -> the original photo, sent as taken while the page is open

  function dataUrlToBlob(url) {
    const [head, body] = url.split(",");
    const type = head.slice(5, head.indexOf(";"));
    const bytes = atob(body);
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) { out[i] = bytes.charCodeAt(i); }
    return new Blob([out], {type: type});
  }

  // The photo as a JPEG data URL no larger than MAX_SIDE (null when the browser cannot read it as an image:
  // the server then refuses the original with its own message).
  function shrink(file) {
    return new Promise((resolve) => {
      const url = URL.createObjectURL(file);
      const img = new Image();
      img.onload = () => {
        const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(img.naturalWidth * scale); canvas.height = Math.round(img.naturalHeight * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        resolve(canvas.toDataURL("image/jpeg", 0.85));
      };
      img.onerror = () => { URL.revokeObjectURL(url); resolve(null); };
      img.src = url;
    });
  }

  const queue = new Queue({
    name: "quality-rejects", element: box,
    request: (item) => {
      const body = new FormData();
      Object.entries(item.payload.fields).forEach(([name, value]) => body.append(name, value));
      body.set("idempotency_key", item.key);
      if (files[item.key]) {
        body.append("photo", files[item.key], files[item.key].name);
      } else if (item.payload.photo) {
        body.append("photo", dataUrlToBlob(item.payload.photo), "photo.jpg");
      }
      return {url: item.url, body: body, headers: {"Accept": "application/json"}};
    },
    onSent: async (item, response) => {
      delete files[item.key];
      const body = await response.json();
      Queue.toast(body.message, "success");
    },
  }).start();

  const slot = document.getElementById("reject-message");

  // The page's one current message, by the button (static/portal/floor-message.js).
  function say(text, css, actions) { window.PortalMessage.show(text, css, {into: slot, actions: actions}); }

  function setFlags(flags) {
    form.querySelectorAll("input[name^=confirm_]").forEach((input) => {
      input.value = flags.includes(input.name) ? "on" : "";
    });
  }

  // The field errors of a refusal body: every key but its sentence and code.
  function fieldErrors(body) {
    const errors = {};
    Object.entries(body || {}).forEach(([name, messages]) => {
      if (name !== "detail" && name !== "code" && Array.isArray(messages)) { errors[name] = messages; }
    });
    return errors;
  }

  function showErrors(errors) {
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    form.querySelectorAll(".queue-error").forEach((el) => el.remove());
    Object.entries(errors || {}).forEach(([name, messages]) => {
      if (name === "idempotency_key" || name === "non_field_errors") { return; }
      const field = form.querySelector(`[name="${name}"]`);
      const where = name === "defect" ? form.querySelector(".defect-buttons") : field;
      if (field) { field.classList.add("is-invalid"); }
      if (where) {
        const note = document.createElement("div");
        note.className = "text-danger queue-error"; note.textContent = messages.join(" ");
        where.after(note);
      }
    });
  }

  function startOver(line) {
    form.reset();
    form.querySelector("[name=idempotency_key]").value = Queue.uuid4();
    if (line) { form.querySelector("[name=line]").value = line; }
    showErrors({});
    setFlags([]);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("#save-reject");
    button.disabled = true;
    try {
      const fields = {};
      new FormData(form).forEach((value, name) => {
        if (typeof value === "string" && name !== "csrfmiddlewaretoken") { fields[name] = value; }
      });
      const key = fields.idempotency_key || Queue.uuid4();
      const photo = form.querySelector("[name=photo]").files[0];
      const item = {url: form.action || window.location.pathname, key: key, payload: {fields: fields, photo: null},
                    label: `${fields.order_or_job || ""} ${fields.part || ""} × ${fields.quantity || ""}`.trim()};
      if (photo) {
        files[key] = photo;
        item.payload.photo = await shrink(photo);
      }
      let result;
      try {
        result = await queue.submit(item);
      } catch (err) {  // no room on the device for the photo: keep the reject without it, and say so
        item.payload.photo = null;
        result = await queue.submit(item);
        Queue.toast(texts.photoNotKept, "warning");
      }
      if (result.queued && !result.response) {
        say(box.dataset.queuedMessage, "warning");
        startOver(fields.line);
        return;
      }
      const response = result.response;
      const json = (response.headers.get("content-type") || "").includes("application/json");
      if (json && response.ok) {
        delete files[key];
        say((await response.json()).message, "success");
        startOver(fields.line);
      } else if (json && [400, 403, 404, 409].includes(response.status)) {
        // refused: nothing was recorded; the sentence goes next to the button, the fields are marked
        const body = await response.json();
        queue.remove(key);  // a refusal is not a lost connection: correct it and send again
        showErrors(fieldErrors(body));
        if (body.code === "key_reused") {  // the key belongs to another reject: this one is sent as a new entry
          form.querySelector("[name=idempotency_key]").value = Queue.uuid4();
        }
        if (body.code === "needs_confirmation") {  // an unusual reject: recorded with one more tap
          const flags = Object.keys(body.needs_confirmation || {});
          say(body.detail, "warning", [{text: texts.confirm, css: "btn-warning", run: () => {
            setFlags(flags); form.requestSubmit();
          }}]);
        } else {
          const marked = Object.keys(fieldErrors(body)).some((name) => form.querySelector(`[name="${name}"]`));
          say(response.status === 400 && marked ? texts.checkFields : body.detail, "danger");
        }
      } else {
        say(box.dataset.queuedMessage, "warning");  // signed out or server trouble: kept, sent later
        startOver(fields.line);
      }
    } finally {
      button.disabled = false;
    }
  });
})();
