"""Print labels from a list (an admin action, a list page's button): the selected rows' codes go to the labels page
(/labels/), prefilled, where the user picks the label size and copies; nothing is printed behind their back.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.roles import PRINT_LABELS

from .kinds import label_kinds
from .services import MAX_LABELS


def labels_redirect(request, kind: str, codes: Iterable[str], total: int | None = None) -> HttpResponseRedirect:
    """Redirect to the labels page with ``codes`` (once each, in order) prefilled; over MAX_LABELS are left out with
    a message saying how many (``total``: the list's row count when ``codes`` was read only up to the cap)."""
    assert kind in label_kinds()
    unique = list(dict.fromkeys(code.strip().upper() for code in codes if code and code.strip()))
    if len(unique) > MAX_LABELS:
        messages.warning(request, _("%(count)s codes selected: only the first %(max)s are on the labels page.")
                         % {"count": max(total or 0, len(unique)), "max": MAX_LABELS})
        unique = unique[:MAX_LABELS]
    query = urlencode({"kind": kind, "codes": "\n".join(unique)})
    return HttpResponseRedirect(f"{reverse('labels:pick')}?{query}")


class PrintLabelsAdminMixin:
    """For a ModelAdmin's ``@admin.action(permissions=["print_labels"])``: offered only to users who may open the
    labels page."""

    def has_print_labels_permission(self, request) -> bool:
        return request.user.has_perm(PRINT_LABELS)
