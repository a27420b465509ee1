// One scanner input (templates/portal/partials/scan_input.html, docs/scanner.md).
// A USB or Bluetooth scanner types into the field and ends with Enter: the field fires a "scanned" event with the
// value. Where the browser has the BarcodeDetector API and a camera, a button scans with the phone camera.
// Manual typing always works.
(function () {
  "use strict";
  const FORMATS = ["code_128", "code_39", "ean_13", "ean_8", "qr_code", "data_matrix", "upc_a", "itf"];

  function announce(field) {
    field.value = field.value.trim().toUpperCase();
    field.dispatchEvent(new CustomEvent("scanned", {bubbles: true, detail: {value: field.value}}));
  }

  async function cameraScan(box, field) {
    const preview = box.querySelector("[data-scan-preview]");
    const video = preview.querySelector("video");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    } catch (err) { return; }  // no permission or no camera: typing still works
    const detector = new window.BarcodeDetector({formats: FORMATS});
    video.srcObject = stream;
    preview.hidden = false;
    await video.play();
    let running = true;
    const stop = () => { running = false; stream.getTracks().forEach((t) => t.stop()); preview.hidden = true; };
    preview.querySelector("[data-scan-stop]").onclick = stop;
    while (running) {
      try {
        const codes = await detector.detect(video);
        if (codes.length) { field.value = codes[0].rawValue; stop(); announce(field); return; }
      } catch (err) { /* a frame that could not be read */ }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  function setUp(box) {
    if (box.dataset.scanReady) { return; }
    box.dataset.scanReady = "1";
    const field = box.querySelector("[data-scan-field]");
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); announce(field); }
    });
    const camera = box.querySelector("[data-scan-camera]");
    if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      camera.hidden = false;
      camera.addEventListener("click", () => cameraScan(box, field));
    }
  }

  function setUpAll(root) { (root || document).querySelectorAll("[data-scan]").forEach(setUp); }
  document.addEventListener("DOMContentLoaded", () => setUpAll());
  document.addEventListener("htmx:afterSwap", (event) => setUpAll(event.detail.target));
  window.PortalScanner = {setUpAll: setUpAll};
})();
