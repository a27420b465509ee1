// Downtime summary charts: Pareto (hours per category with cumulative %), hours per line and the daily trend.
// Redrawn after an htmx filter refresh swaps in new totals (out-of-band #downtime-summary).
(function () {
  "use strict";
  const charts = [];
  function draw() {
    charts.splice(0).forEach((c) => c.destroy());
    const node = document.getElementById("downtime-charts");
    if (!node || typeof Chart === "undefined") { return; }
    const data = JSON.parse(node.textContent);
    // The cumulative line and the axes follow the theme (the core's chart theme).
    const {ink} = window.PortalCharts.theme();
    const pareto = document.getElementById("pareto-chart");
    if (pareto) {
      charts.push(new Chart(pareto, {
        data: {
          labels: data.pareto.labels,
          datasets: [
            {type: "bar", label: "h", data: data.pareto.hours, backgroundColor: data.pareto.colours, yAxisID: "y"},
            {type: "line", label: "%", data: data.pareto.cumulative, borderColor: ink, backgroundColor: ink, borderWidth: 3, yAxisID: "pct", pointRadius: 3},
          ],
        },
        options: {maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}},
                  scales: {y: {beginAtZero: true}, pct: {position: "right", min: 0, max: 100, grid: {drawOnChartArea: false}}}},
      }));
    }
    const lines = document.getElementById("line-chart");
    if (lines && data.lines) {
      charts.push(new Chart(lines, {
        type: "bar",
        data: {labels: data.lines.labels, datasets: [{label: "h", data: data.lines.hours, backgroundColor: "#0d6efd"}]},
        options: {indexAxis: "y", maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}},
                  scales: {x: {beginAtZero: true}}},
      }));
    }
    const trend = document.getElementById("trend-chart");
    if (trend) {
      charts.push(new Chart(trend, {
        type: "line",
        data: {labels: data.trend.labels, datasets: [{label: "h", data: data.trend.hours, borderColor: "#0d6efd", pointRadius: 1, fill: false}]},
        options: {maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true}}},
      }));
    }
  }
  document.body.addEventListener("htmx:afterSettle", draw);
  draw();
})();
