"""Machine-detected stops on the tablet: the list of stops waiting for a reason (first on the entry page) and the
two-tap classification (tap the stop, tap its reason), or a split between two reasons."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from downtime.models import Category, DowntimeEvent
from downtime.services.detected import Classification, classify_stop, waiting_stops
from downtime.services.events import KIND
from downtime.services.tree import leaves_by_root, reason_tree
from portal.access import capability_required
from portal.commands import Invalid, Refused, floor_write, refusal_response, wants_json
from portal.roles import REPORT_DOWNTIME
from portal.services import localtime
from portal.services.scoping import lines_for

from .entry import _selected_line

MAX_SHOWN = 20  # the oldest first; a longer backlog says how many more


def _reasons():
    return leaves_by_root(reason_tree())


def _context(request, refused: Refused | None = None, failed_pk: int | None = None) -> dict:
    lines = list(lines_for(request.user))
    line = _selected_line(request, lines)
    events = waiting_stops(request.user, line)
    shown = list(events[:MAX_SHOWN])
    return {"events": shown, "count": events.count() if len(shown) == MAX_SHOWN else len(shown),
            "reasons": _reasons() if shown else [], "line": line, "refused": refused, "failed_pk": failed_pk,
            "new_key": uuid.uuid4}


@require_GET
@capability_required(REPORT_DOWNTIME)
def waiting(request):
    return render(request, "downtime/partials/waiting.html", _context(request))


def _category(raw) -> Category | None:
    return Category.objects.select_related("parent").filter(pk=raw).first() if str(raw or "").isdigit() else None


def _split_at(event: DowntimeEvent, raw: str) -> dt.datetime | None:
    """The split time typed as HH:MM in the plant's clock, on the stop's date (the next day past midnight)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        clock = dt.time.fromisoformat(raw)
    except ValueError:
        raise Invalid(_("Enter the split time as HH:MM."), field="split_at") from None
    facility = event.line.facility
    local_start = localtime.to_local(event.start, facility)
    naive = dt.datetime.combine(local_start.date(), clock)
    if naive < local_start.replace(tzinfo=None, second=0, microsecond=0):
        naive += dt.timedelta(days=1)
    try:
        return localtime.make_aware(naive, facility)
    except localtime.NonexistentLocalTime as exc:
        raise Invalid(exc.message(), field="split_at") from None


@floor_write(KIND)
@require_POST
@capability_required(REPORT_DOWNTIME)
def classify(request, pk: int):
    """Give a waiting stop its reason (``category``), or two (``split_at`` + ``second_category``)."""
    # any machine stop of the user's lines: one classified meanwhile is answered by the service (409, its reason)
    event = get_object_or_404(DowntimeEvent.objects.filter(line__in=lines_for(request.user), detected=True)
                              .select_related("category", "line__facility", "machine"), pk=pk)
    try:
        split_at = _split_at(event, request.POST.get("split_at", "")) if request.POST.get("split") else None
        choice = Classification(event, _category(request.POST.get("category")), split_at,
                                _category(request.POST.get("second_category")) if split_at else None)
        parts = classify_stop(request.user, choice, request.POST.get("idempotency_key"))
    except Refused as refused:
        if wants_json(request):
            return refusal_response(refused)
        return render(request, "downtime/partials/waiting.html", _context(request, refused, pk), status=200)
    if wants_json(request):
        return JsonResponse({"status": "saved", "ids": [part.pk for part in parts]})
    response = render(request, "downtime/partials/waiting.html",
                      {**_context(request), "classified": parts})
    response["HX-Trigger"] = "downtimeSaved"
    return response
