// Plant Portal shell behaviour. htmx sends the CSRF token from the <body hx-headers> attribute.
document.addEventListener("htmx:responseError", function (event) {
  // Keep the page usable when a partial fails: a short message instead of a silent failure.
  const target = event.detail.target;
  const message = document.body.dataset.refreshError || "Could not refresh";
  if (target) { target.setAttribute("title", message + " (" + event.detail.xhr.status + ")"); }
});

// Expandable list rows: the button toggles its detail row (no inline handlers: the CSP forbids them).
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-toggle-row]");
  if (!button) { return; }
  const row = document.getElementById(button.dataset.toggleRow);
  if (!row) { return; }
  row.hidden = !row.hidden;
  button.setAttribute("aria-expanded", String(!row.hidden));
});

// The floor pages' service worker (docs/offline-queue.md). Every page tells it who is signed in (a sign-out or
// another user drops the cached pages); a floor page (<body data-offline-shell>) asks it to keep its shell and
// static files so the page opens without a connection.
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }
  const body = document.body;
  navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(() => navigator.serviceWorker.ready).then((reg) => {
    const message = {type: "user", user: body.dataset.user || ""};
    if (body.hasAttribute("data-offline-shell") && message.user) {
      message.type = "cache-shell";
      message.url = window.location.href;
      const assets = new Set();
      document.querySelectorAll("link[rel=stylesheet][href], script[src], link[rel=icon][href]")
        .forEach((el) => assets.add(new URL(el.href || el.src, window.location.href).href));
      performance.getEntriesByType("resource").forEach((entry) => assets.add(entry.name));  // fonts, icons
      message.assets = Array.from(assets).filter((u) => new URL(u).pathname.startsWith("/static/"));
    }
    reg.active.postMessage(message);
  }).catch(() => { /* no service worker (private mode, old browser): pages still work online */ });
})();
