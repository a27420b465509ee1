// Live view of the open jobs: re-fetch the results (same filters) every minute while the switch is on;
// remembered per browser.
(function () {
  const box = document.getElementById("auto-refresh");
  if (!box) { return; }
  const key = "openJobs.autoRefresh";
  let timer = null;
  function apply() {
    clearInterval(timer);
    if (box.checked) {
      timer = setInterval(function () {
        if (document.querySelector('#list-results tr[id^="detail-row-"]:not([hidden])')) { return; } // keep open rows
        htmx.ajax("GET", window.location.href, {target: "#list-results", swap: "outerHTML"});
      }, 60000);
    }
  }
  box.checked = localStorage.getItem(key) === "1";
  box.addEventListener("change", function () { localStorage.setItem(key, box.checked ? "1" : "0"); apply(); });
  apply();
})();
