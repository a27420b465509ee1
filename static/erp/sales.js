// Customer sales analysis charts. Data comes from json_script blocks; colours from Bootstrap's CSS variables,
// so the charts follow the light/dark theme (a theme change reloads the page).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }

  function data(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  // Amounts read as in the portal's tables: 1,234.56 (the Spanish of the portal is Mexico's, which groups so too).
  const locale = (document.documentElement.lang || "en").startsWith("es") ? "es-MX" : "en-US";
  const amount = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const money = (value) => "$" + amount.format(value);

  const primary = cssVar("--bs-primary", "#0d6efd");
  const muted = cssVar("--bs-secondary-color", "#6c757d");
  Chart.defaults.color = cssVar("--bs-body-color", "#212529");
  Chart.defaults.borderColor = cssVar("--bs-border-color", "#dee2e6");
  Chart.defaults.font.family = cssVar("--bs-body-font-family", Chart.defaults.font.family);
  Chart.defaults.maintainAspectRatio = false;

  const trend = data("sales-trend-data");
  const trendCanvas = document.getElementById("sales-trend-chart");
  if (trend && trendCanvas) {
    new Chart(trendCanvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: [
          { label: trend.this_year_label, data: trend.this_year, borderColor: primary, backgroundColor: primary,
            borderWidth: 3, tension: 0.25, pointRadius: 3 },
          { label: trend.last_year_label, data: trend.last_year, borderColor: muted, backgroundColor: muted,
            borderDash: [6, 4], borderWidth: 2, tension: 0.25, pointRadius: 2 },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        spanGaps: false,
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => "$" + compact.format(value) } } },
        plugins: {
          legend: { labels: { usePointStyle: true, pointStyle: "line" } },
          tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ": " + money(ctx.parsed.y) } },
        },
      },
    });
  }

  const top = data("top-products-data");
  const topCanvas = document.getElementById("top-products-chart");
  if (top && topCanvas && top.labels.length) {
    new Chart(topCanvas, {
      type: "bar",
      data: {
        labels: top.labels,
        datasets: [{ label: top.label, data: top.values, backgroundColor: primary, borderRadius: 3 }],
      },
      options: {
        indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { callback: (value) => "$" + compact.format(value) } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: (items) => items.length ? items[0].label + " – " + top.descriptions[items[0].dataIndex] : "",
            label: (ctx) => money(ctx.parsed.x),
          } },
        },
      },
    });
  }
})();
