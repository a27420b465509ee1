"""Print labels from a list (an admin action, a list page's button): the selected rows' codes go to the labels page
(production/labels/), prefilled, where the user picks the label size and copies; nothing is printed behind their back.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import KINDS, MAX_LABELS


def labels_redirect(request, kind: str, codes: Iterable[str]) -> HttpResponseRedirect:
    """Redirect to the labels page with ``codes`` (once each, in order) prefilled; over MAX_LABELS are left out with
    a message saying how many."""
    assert kind in KINDS
    unique = list(dict.fromkeys(code.strip().upper() for code in codes if code and code.strip()))
    if len(unique) > MAX_LABELS:
        messages.warning(request, _("%(count)s codes selected: only the first %(max)s are on the labels page.")
                         % {"count": len(unique), "max": MAX_LABELS})
        unique = unique[:MAX_LABELS]
    query = urlencode({"kind": kind, "codes": "\n".join(unique)})
    return HttpResponseRedirect(f"{reverse('production:labels')}?{query}")
