// Plant Portal shell behaviour. htmx sends the CSRF token from the <body hx-headers> attribute.
document.addEventListener("htmx:responseError", function (event) {
  // Keep the page usable when a partial fails: a short message instead of a silent failure.
  const target = event.detail.target;
  const message = document.body.dataset.refreshError || "Could not refresh";
  if (target) { target.setAttribute("title", message + " (" + event.detail.xhr.status + ")"); }
});
