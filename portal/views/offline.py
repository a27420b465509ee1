"""The service worker of the floor pages (docs/offline-queue.md), served from the site root so its scope covers them.

It holds no data: the script is the same for everyone, so it is public (the sign-in page registers it too, which
is how a sign-out empties the cached pages). Its version follows the script's text, so a changed worker replaces
the old one and its caches on the tablets' next visit.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

SCRIPT = "portal/sw.js"


@login_not_required
@never_cache  # the browser checks for a new worker on every navigation; the script is small
@require_GET
def service_worker(request):
    path = finders.find(SCRIPT)
    with open(path, "rb") as handle:
        source = handle.read()
    version = hashlib.sha256(source).hexdigest()[:12]
    body = source.replace(b"__SW_VERSION__", version.encode())
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
