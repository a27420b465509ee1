// The portal's chart theme (loaded after the vendored Chart.js): axes, grid and text follow the page's light or
// dark theme, since a fixed dark ink vanishes on the dark background. Returns the two inks a chart draws with:
// ``ink`` (lines that must stand out) and ``muted`` (axes, labels).
window.PortalCharts = {
  theme() {
    const styles = getComputedStyle(document.documentElement);
    const ink = styles.getPropertyValue("--bs-emphasis-color").trim() || "#212529";
    const muted = styles.getPropertyValue("--bs-secondary-color").trim() || "#6c757d";
    Chart.defaults.color = muted;
    Chart.defaults.borderColor = styles.getPropertyValue("--bs-border-color-translucent").trim() || Chart.defaults.borderColor;
    return {ink: ink, muted: muted};
  },
};
