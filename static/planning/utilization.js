// Utilization: per line, planned units (bars, red over capacity) against capacity or the daily target (a line)
// per day. Data from the page (json_script "utilization-chart"); Chart.js is the portal's vendored copy.
(function () {
  "use strict";
  const node = document.getElementById("utilization-chart");
  if (!node || typeof Chart === "undefined") { return; }
  const data = JSON.parse(node.textContent);
  const ink = window.PortalCharts.theme().ink;
  data.lines.forEach((line) => {
    const canvas = document.querySelector(`canvas[data-chart="${CSS.escape(line.code)}"]`);
    if (!canvas) { return; }
    const colours = line.planned.map((p, i) => (p > line.capacity[i] + 1e-6 ? "#dc3545" : "#0d6efd"));
    new Chart(canvas, {
      data: {
        labels: line.days,
        datasets: [
          {type: "bar", label: data.labels.planned, data: line.planned, backgroundColor: colours, order: 2},
          {type: "line", label: data.labels.capacity, data: line.capacity, borderColor: ink, backgroundColor: ink,
           borderWidth: 2, pointRadius: 2, stepped: "middle", order: 1},
        ],
      },
      options: {maintainAspectRatio: false, animation: false, scales: {y: {beginAtZero: true}},
                plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}}},
    });
  });
})();
