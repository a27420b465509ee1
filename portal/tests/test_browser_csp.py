"""Every page of the portal runs under the Content-Security-Policy without a single violation (no inline script,
no eval, nothing from another origin), in a real Chromium. Pages are found by walking the URLconf, so a new page
is covered without editing this test."""

import re

import pytest

from portal.testing.browser import sign_in
from portal.testing.factories import UserFactory
from portal.testing.urlwalk import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]

SKIP = re.compile(r"/(logout|download|export|sw\.js)|999999|no-such-thing|no/such/thing|/x/|/api/(?!docs/)")
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":"
                              + e.lineNumber);
});
"""


def _pages() -> list[str]:
    paths = {u.path for u in walk() if not u.is_admin and not SKIP.search(u.path)}
    return sorted(paths | {"/admin/", "/admin/portal/productionline/", "/admin/portal/productionline/add/",
                           "/api/docs/"})


def test_no_page_violates_the_content_security_policy(live_server, chromium, erp_data, plant):
    UserFactory(username="csp_admin", password="correct-horse-battery", roles=["Production_Portal_Admin"],
                is_staff=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTENER)
    page = context.new_page()
    page.set_default_timeout(15000)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, live_server, "csp_admin", "correct-horse-battery")
    problems = {}
    checked = 0
    for path in _pages():
        probe = page.request.get(f"{live_server.url}{path}", max_redirects=0)
        assert "content-security-policy" in probe.headers, path
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue  # POST-only endpoints, redirects, downloads: no page to render
        page.goto(f"{live_server.url}{path}")
        checked += 1
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__cspViolations") + console
        console.clear()
        if found:
            problems[path] = found
    context.close()
    assert checked >= 15, f"only {checked} pages rendered: the walk found too little"
    assert problems == {}, problems
