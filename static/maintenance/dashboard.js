// Maintenance dashboard charts: SLA compliance per week or month (bars: resolution, line: response) and open
// tickets by age stacked by priority (a bar's segment opens those tickets in the list). Data from the page
// (json_script "maintenance-charts"); Chart.js is the portal's vendored copy. The tables beside them hold the
// same figures for screen readers and exports.
(function () {
  "use strict";
  const node = document.getElementById("maintenance-charts");
  if (!node || typeof Chart === "undefined") { return; }
  const data = JSON.parse(node.textContent);
  const ink = window.PortalCharts.theme().ink;  // axes and the response line follow the theme
  const legend = {position: "bottom", labels: {boxWidth: 12}};

  const sla = document.getElementById("sla-chart");
  if (sla) {
    new Chart(sla, {
      data: {
        labels: data.sla.labels,
        datasets: [
          {type: "bar", label: data.sla.names.resolution, data: data.sla.resolution, backgroundColor: "#0d6efd", order: 2},
          {type: "line", label: data.sla.names.response, data: data.sla.response, borderColor: ink, backgroundColor: ink,
           borderWidth: 2, pointRadius: 3, spanGaps: false, order: 1},
        ],
      },
      options: {maintainAspectRatio: false, animation: false, scales: {y: {min: 0, max: 100}},
                plugins: {legend: legend}},
    });
  }

  const ages = document.getElementById("age-chart");
  if (ages) {
    new Chart(ages, {
      type: "bar",
      data: {
        labels: data.ages.labels,
        datasets: data.ages.series.map((s) => ({label: s.label, data: s.counts, backgroundColor: s.colour, urls: s.urls})),
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}},
        plugins: {legend: legend},
        onClick: (_event, elements, chart) => {
          if (!elements.length) { return; }
          const {datasetIndex, index} = elements[0];
          const url = chart.data.datasets[datasetIndex].urls[index];
          if (url && chart.data.datasets[datasetIndex].data[index]) { window.location.assign(url); }
        },
        onHover: (event, elements) => {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
      },
    });
  }
})();
