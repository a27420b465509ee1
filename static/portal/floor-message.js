// One current message, next to the control that was used: the floor pages' one feedback mechanism (issue 34).
//
// After a save or a refusal the operator sees exactly one message, in view, right after the control their finger
// was on (the button group, the field); an older message is replaced, never stacked. Pages call
//   PortalMessage.show(text, css, {near: element, into: slot, actions: [{text, css, run}]})
// (css: success | warning | danger | info; an action is a button in the message, e.g. the one more tap that
// confirms an unusual entry; ``into``: a page's own message slot right by its buttons, used instead of a new place). A message the server renders counts too: an element with data-transient-message, an
// alert inside a live region ([aria-live]) or a Django message; when one appears, every older one goes. The offline
// queue's toast (PortalOfflineQueue.toast) is this same message.
(function () {
  "use strict";
  const TRANSIENT = ".portal-message, [data-transient-message], [aria-live] > .alert";
  let lastControl = null;
  let current = null;

  function remember(event) {
    const control = event.target.closest && event.target.closest(
      "button, input, select, textarea, a.btn, label.btn, [data-message-anchor]");
    if (control) { lastControl = control; }
  }
  document.addEventListener("pointerdown", remember, true);
  document.addEventListener("focusin", remember, true);
  document.addEventListener("submit", (event) => { if (event.submitter) { lastControl = event.submitter; } }, true);

  // Where the message goes: after the control's group (a row of buttons, an input group) or the control itself.
  function anchorOf(control) {
    if (!control || !control.isConnected || control.closest(".portal-message, #offline-queue")) { return null; }
    return control.closest("[data-message-anchor], .d-grid, .input-group, .btn-group, .in-out") || control;
  }

  function visible(el) { return el.isConnected && !el.hidden && el.getClientRects().length > 0; }

  // Every older message goes: ours are removed, a page's own message boxes are emptied or hidden (kept for reuse).
  function keepOnly(message) {
    document.querySelectorAll(TRANSIENT).forEach((el) => {
      if (el === message || el.contains(message) || message.contains(el)) { return; }
      if (el.classList.contains("portal-message") || el.closest("[aria-live]") && !el.id) { el.remove(); }
      else if (el.id) { el.hidden = true; } else { el.remove(); }
    });
    current = message;
  }

  function reveal(message) {
    // in view, above a sticky save bar (scroll-margin in portal.css), without moving the page more than needed
    message.scrollIntoView({block: "nearest", inline: "nearest", behavior: "instant"});
  }

  function show(text, css, options) {
    options = options || {};
    const box = document.createElement("div");
    box.className = `alert alert-${css || "info"} portal-message my-2`;
    box.setAttribute("role", css === "danger" || css === "warning" ? "alert" : "status");
    if (options.id) { box.id = options.id; }  // a page may name its message (e.g. "queued-message")
    const sentence = document.createElement("div");
    sentence.textContent = text;
    box.append(sentence);
    if (options.actions && options.actions.length) {
      const row = document.createElement("div"); row.className = "d-flex flex-wrap gap-2 mt-2";
      options.actions.forEach((action) => {
        const button = document.createElement("button");
        button.type = "button"; button.className = `btn btn-lg ${action.css || "btn-primary"}`;
        button.textContent = action.text;
        button.addEventListener("click", () => { box.remove(); action.run(); });
        row.append(button);
      });
      box.append(row);
    }
    const anchor = anchorOf(options.near) || anchorOf(lastControl);
    if (options.into && options.into.isConnected) { options.into.replaceChildren(box); options.into.hidden = false; }
    else if (anchor) { anchor.after(box); } else { (document.querySelector("main") || document.body).prepend(box); }
    keepOnly(box);
    reveal(box);
    return box;
  }

  function clear() { if (current && current.isConnected && current.classList.contains("portal-message")) { current.remove(); } }

  // Messages the server renders (an htmx swap, a page load): the newest visible one stays, in view.
  function adopt(nodes) {
    let newest = null;
    nodes.forEach((node) => {
      if (node.nodeType !== 1) { return; }
      const found = node.matches(TRANSIENT) ? [node] : Array.from(node.querySelectorAll(TRANSIENT));
      found.filter(visible).forEach((el) => { newest = el; });
    });
    if (newest && newest !== current && !newest.classList.contains("portal-message")) {
      keepOnly(newest);
      reveal(newest);
    }
  }

  function start() {
    const existing = Array.from(document.querySelectorAll(TRANSIENT)).filter(visible);
    if (existing.length > 1) { keepOnly(existing[existing.length - 1]); }
    new MutationObserver((records) => {
      const added = [];
      records.forEach((record) => {
        if (record.type === "childList") { added.push(...record.addedNodes); }
        else if (record.target.matches && record.target.matches(TRANSIENT) && !record.target.hidden) {
          added.push(record.target);  // a page's own box shown again (its hidden attribute removed)
        }
      });
      if (added.length) { adopt(added); }
    }).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["hidden"]});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }

  window.PortalMessage = {show: show, clear: clear};
})();
