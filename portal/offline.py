"""Floor pages that open without a connection (docs/offline-queue.md).

``offline_shell`` marks a page whose HTML the service worker (``/sw.js``) may keep for the signed-in user; the
template adds ``data-offline-shell`` to ``<body>`` (block ``body_attrs``) so the page asks the worker to keep it.
Only such pages are ever cached, never a submission or a partial.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

HEADER = "X-Offline-Shell"


def offline_shell(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response[HEADER] = "1"
        return response

    return wrapped
