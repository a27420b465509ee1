"""Opening NCRs and adding CAPAs: one service each, called by the pages and the REST API alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from portal.commands import Conflict

from ..models import Capa, Ncr

SOURCE_FIELDS = ("sop_ticket", "reject", "customer_return")


def open_ncr(user, data: Mapping[str, Any], source_field: str | None = None, source=None) -> Ncr:
    """Open an NCR as ``user`` from validated ``data`` (NcrForm's fields), optionally from a ticket, reject or
    return (``source_field`` one of SOURCE_FIELDS). Without a due date it gets its severity's (Ncr.save)."""
    fields = {name: data.get(name) for name in ("title", "description", "facility", "department", "owner",
                                                "severity", "due_at")}
    fields["severity"] = fields["severity"] or Ncr.Severity.MAJOR
    if source_field is not None:
        if source_field not in SOURCE_FIELDS:
            raise ValueError(source_field)
        fields[source_field] = source
    with transaction.atomic():
        return Ncr.objects.create(created_by=user, **fields)


def add_capa(user, ncr: Ncr, data: Mapping[str, Any]) -> Capa:
    """Add a CAPA to an open NCR (409 once the NCR is closed)."""
    with transaction.atomic():
        locked = Ncr.objects.select_for_update().get(pk=ncr.pk)
        if locked.state == Ncr.State.CLOSED:
            raise Conflict(_("This NCR is closed."))
        return Capa.objects.create(ncr=locked, action=data.get("action"), owner=data.get("owner"),
                                   due_date=data.get("due_date"))
