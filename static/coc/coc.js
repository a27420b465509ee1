// Certificate of Compliance search: a scanned job number submits the form at once (the shared scanner input
// fires "scanned" instead of submitting, see docs/scanner.md).
document.addEventListener("scanned", (event) => {
  const form = event.target.closest("form#coc-search");
  if (form) form.requestSubmit();
});
