// Job-planning timeline: places the server-rendered bars (data-left/-width in % of the window) and lets a planner
// drag a bar along its row (new start) or onto another machine row of the same type (reallocation, asks why).
// Every drop is POSTed to the server, which validates it; a refusal is shown and the bar goes back.
(function () {
  "use strict";
  const gantt = document.getElementById("gantt");
  if (!gantt) return;
  const start = Date.parse(gantt.dataset.start);
  const span = Date.parse(gantt.dataset.end) - start;
  const message = document.getElementById("gantt-message");
  const SNAP = 15 * 60 * 1000;

  gantt.querySelectorAll(".gantt-day").forEach((day) => {
    const width = parseFloat(day.dataset.w);
    day.style.left = parseInt(day.dataset.i, 10) * width + "%";
    day.style.width = width + "%";
  });
  gantt.querySelectorAll(".gantt-bar, .gantt-actual").forEach((bar) => {
    bar.style.left = bar.dataset.left + "%";
    bar.style.width = bar.dataset.width + "%";
  });
  gantt.querySelectorAll(".gantt-fill").forEach((fill) => { fill.style.width = fill.dataset.share + "%"; });
  // Labels: the longest form that fits the bar (order and stage, the order number, its end "…123"), never a
  // number cut to "PLN-0"; the full text stays in the title, aria-label and the list under the chart.
  function fitLabels() {
    gantt.querySelectorAll(".gantt-bar").forEach((bar) => {
      const text = bar.querySelector(".gantt-text");
      if (!text) return;
      bar.dataset.full = bar.dataset.full || text.textContent;  // the server's text: order and stage
      for (const form of [bar.dataset.full, bar.dataset.number, bar.dataset.short]) {
        text.textContent = form;
        if (bar.scrollWidth <= bar.clientWidth + 1) break;
      }
      bar.classList.toggle("gantt-narrow", bar.scrollWidth > bar.clientWidth + 1);
    });
  }
  fitLabels();
  let resizing = null;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(fitLabels, 150); });
  window.addEventListener("beforeprint", fitLabels);
  window.addEventListener("afterprint", fitLabels);
  if (!gantt.dataset.editable) return;

  function show(text) {
    message.textContent = text;
    message.classList.remove("d-none");
  }

  // A local wall-clock time "YYYY-MM-DDTHH:MM" of the facility's zone, which the server reads in that zone.
  function localValue(ms) {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: gantt.dataset.zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date(ms));
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
  }

  let drag = null;
  // A bar is a link: stop the browser's own link drag, which would cancel the pointer events.
  gantt.addEventListener("dragstart", (event) => event.preventDefault());
  gantt.addEventListener("pointercancel", () => {
    if (!drag) return;
    drag.bar.classList.remove("dragging");
    drag.bar.style.left = drag.left + "%";
    drag = null;
  });
  gantt.addEventListener("pointerdown", (event) => {
    const bar = event.target.closest(".gantt-bar");
    if (!bar || event.button !== 0) return;
    const track = bar.parentElement;
    drag = { bar, track, row: track.parentElement, x: event.clientX, moved: false,
             width: track.getBoundingClientRect().width, left: parseFloat(bar.dataset.left) };
    bar.setPointerCapture(event.pointerId);
  });
  gantt.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    drag.bar.classList.add("dragging");
    drag.bar.style.left = drag.left + (dx / drag.width) * 100 + "%";
    gantt.querySelectorAll(".drop-target").forEach((r) => r.classList.remove("drop-target"));
    const over = document.elementFromPoint(event.clientX, event.clientY);
    const row = over && over.closest(".gantt-row");
    if (row && row !== drag.row) row.classList.add("drop-target");
    drag.target = row;
  });
  gantt.addEventListener("click", (event) => {
    if (event.target.closest(".gantt-bar") && gantt.dataset.justDragged) {
      event.preventDefault();
      delete gantt.dataset.justDragged;
    }
  });
  gantt.addEventListener("pointerup", async (event) => {
    if (!drag) return;
    const { bar, row, moved, width, x, left } = drag;
    const target = drag.target || row;
    drag = null;
    gantt.querySelectorAll(".drop-target").forEach((r) => r.classList.remove("drop-target"));
    bar.classList.remove("dragging");
    if (!moved) return;
    gantt.dataset.justDragged = "1";
    const shift = Math.round(((event.clientX - x) / width) * span / SNAP) * SNAP;
    const body = new URLSearchParams({ start: localValue(Date.parse(bar.dataset.start) + shift),
                                       resource: target.dataset.resource });
    if (target !== row) {
      // refused here, before the planner is asked for a reason (the server refuses it too)
      const needed = bar.dataset.type || "";
      const offered = target.dataset.type || "";
      if (needed !== offered) {
        const label = target.querySelector(".gantt-label");
        show(needed ? gantt.dataset.wrongType.replace("%(needed)s", needed)
                                           .replace("%(target)s", label ? label.textContent.trim() : offered)
                    : gantt.dataset.needsLine);
        bar.style.left = left + "%";
        return;
      }
      const why = window.prompt(gantt.dataset.ask, "");
      if (why === null) { bar.style.left = left + "%"; return; }
      body.set("justification", why);
    }
    bar.classList.add("saving");
    try {
      const response = await fetch(bar.dataset.move, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": gantt.dataset.csrf, Accept: "application/json" },
      });
      const answer = await response.json();
      if (answer.ok) { window.location.reload(); return; }
      show(answer.message);
    } catch (error) {
      show(gantt.dataset.failed);
    }
    bar.classList.remove("saving");
    bar.style.left = left + "%";
  });
})();

// "Print or PDF": the browser's print dialog (saves a PDF too); no inline handler, the CSP forbids them.
document.getElementById("gantt-print")?.addEventListener("click", () => window.print());

// The printed page (or PDF) carries the stage list too: narrow bars' full labels and actual times on paper.
(function () {
  const list = document.getElementById("gantt-list");
  if (!list) return;
  let wasOpen = list.open;
  window.addEventListener("beforeprint", () => { wasOpen = list.open; list.open = true; });
  window.addEventListener("afterprint", () => { list.open = wasOpen; });
})();
