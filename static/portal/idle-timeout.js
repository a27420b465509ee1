// Shared floor tablets (portal/auth/idle.py): sign out after the user's idle timeout, with a warning before it.
//
// A tap, a key or a scroll is activity; it is shared by the tabs of the device (localStorage) and told to the
// server at most once a minute (POST keepalive), so the server's clock never runs ahead of the page's. When the
// warning shows, "I am still here" (or any tap) restarts the clock. At the end the page reloads (once the server
// answers): the server,
// which signs out an idle session on its next request, sends it to the sign-in page with the reason. Commands in
// the offline queue stay on the device with their author (static/portal/offline-queue.js).
(function () {
  "use strict";
  const box = document.getElementById("idle-timeout");
  if (!box) { return; }
  const timeout = Number(box.dataset.timeout) * 1000;
  const warning = Math.min(Number(box.dataset.warning) * 1000, timeout / 2);
  const STORE = "portal.idle.last";
  const text = box.querySelector(".idle-text");
  let lastPing = Date.now();
  let ended = false;

  function shared() { return Math.max(Number(localStorage.getItem(STORE)) || 0, last); }
  let last = Date.now();
  localStorage.setItem(STORE, String(last));

  function ping(force) {
    if (!force && Date.now() - lastPing < 60000) { return; }
    lastPing = Date.now();
    const token = window.PortalOfflineQueue ? window.PortalOfflineQueue.csrfToken() : "";
    fetch(box.dataset.keepalive, {method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Accept": "application/json"}}).catch(() => { /* offline: later */ });
  }

  function activity() {
    if (ended) { return; }
    const warned = !box.hidden;
    last = Date.now();
    localStorage.setItem(STORE, String(last));
    box.hidden = true;
    ping(warned);
  }

  function signOut() {
    ended = true;
    box.hidden = false;
    text.textContent = box.dataset.signedOutText;
    box.querySelector(".idle-stay").hidden = true;
    document.body.classList.add("idle-signed-out");
    // The server signs the idle session out on the next request and answers the sign-in page with the reason.
    // Reload only once the server answers: an "online" event comes before the network really works (a reload
    // then fails with a browser error page), so first ask, and ask again every 2 s until it answers.
    if (navigator.onLine) { reloadWhenReachable(); } else { window.addEventListener("online", reloadWhenReachable, {once: true}); }
  }

  function reloadWhenReachable() {
    fetch(window.location.href, {method: "HEAD", credentials: "same-origin", cache: "no-store", redirect: "manual"})
      .then(() => window.location.reload(), () => window.setTimeout(reloadWhenReachable, 2000));
  }

  function tick() {
    if (ended) { return; }
    const idle = Date.now() - shared();
    if (idle >= timeout) { signOut(); return; }
    if (idle >= timeout - warning) {
      box.hidden = false;
      text.textContent = box.dataset.warningText.replace("%(s)s", String(Math.ceil((timeout - idle) / 1000)));
    } else if (!box.hidden) {
      box.hidden = true;  // another tab saw activity
    }
  }

  ["pointerdown", "keydown", "wheel", "touchstart", "input"].forEach((name) =>
    document.addEventListener(name, activity, {passive: true, capture: true}));
  box.querySelector(".idle-stay").addEventListener("click", () => ping(true));
  setInterval(tick, 1000);
  window.PortalIdleTimeout = {tick: tick, activity: activity};
})();
