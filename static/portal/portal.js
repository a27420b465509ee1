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
