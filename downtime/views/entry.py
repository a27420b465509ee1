"""The tablet entry page and its htmx pieces: the form, today's list of a line, open ERP jobs, shift hint."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from downtime.forms import DowntimeEventForm
from downtime.models import DowntimeEvent, QuickNote
from downtime.services.events import (
    KIND,
    MANAGE_ANY,
    can_manage,
    delete_event,
    detect_shift,
    record_event,
    update_event,
)
from downtime.services.summary import todays_events
from downtime.services.tree import reason_tree
from portal.access import capability_required
from portal.commands import (
    NeedsConfirmation,
    Refused,
    floor_write,
    form_refusal,
    refusal_response,
    show_on_form,
    wants_json,
)
from portal.models import Shift
from portal.offline import offline_shell
from portal.roles import REPORT_DOWNTIME
from portal.services import localtime
from portal.services.scoping import NO_LINES_HINT, lines_for, scope_to_lines


def _selected_line(request, lines):
    raw = request.GET.get("line") or request.POST.get("line")
    if raw and str(raw).isdigit():
        return next((line for line in lines if line.pk == int(raw)), None)
    return lines[0] if len(lines) == 1 else None


def _initial(line=None) -> dict:
    now = localtime.now_local(line.facility if line else timezone.get_current_timezone()).replace(
        second=0, microsecond=0)
    return {"line": line, "start": (now - dt.timedelta(minutes=15)).replace(tzinfo=None),
            # the line's usual crew, at least 1: most reasons idle somebody (a 0 would refuse the first save)
            "end": now.replace(tzinfo=None), "crew_size": max(line.usual_crew, 1) if line else 1}


def _form_context(request, form, lines, event=None, warnings=None, saved=None) -> dict:
    reasons = reason_tree()  # the machines' own "waiting" is not offered
    facilities = {}
    for line in lines:
        facilities.setdefault(line.facility, []).append(line)
    facility_ids = [f.pk for f in facilities]
    line_ids = [line.pk for line in lines]
    notes = QuickNote.objects.active().filter(Q(facility_id__in=facility_ids) | Q(line_id__in=line_ids))
    shifts = Shift.objects.active().filter(facility_id__in=facility_ids)
    value = form["line"].value()
    selected_line = next((line for line in lines if str(line.pk) == str(value)), None) if value else None
    return {
        "form": form, "facilities": facilities, "categories": reasons.roots, "branches": reasons.branches,
        "quick_notes": notes, "shifts": shifts,
        "selected_line": selected_line, "event": event, "warnings": warnings or {}, "saved": saved,
        "selected_category": str(form["category"].value() or ""), "no_lines_hint": NO_LINES_HINT,
    }


@require_GET
@capability_required(REPORT_DOWNTIME)
@offline_shell
def entry(request):
    lines = list(lines_for(request.user))
    line = _selected_line(request, lines)
    form = DowntimeEventForm(initial=_initial(line), user=request.user)
    return render(request, "downtime/entry.html", _form_context(request, form, lines))


def _respond(request, form, lines, event=None, warnings=None, saved=None):
    response = render(request, "downtime/partials/form.html",
                      _form_context(request, form, lines, event=event, warnings=warnings, saved=saved))
    if saved is not None:
        response["HX-Trigger"] = "downtimeSaved"
    return response


def _answer_refusal(request, form, lines, refused: Refused, event=None):
    """The offline queue's replay (or a JSON client) gets the portal's refusal contract; the page shows it."""
    if wants_json(request):
        return refusal_response(refused)
    if isinstance(refused, NeedsConfirmation):
        return _respond(request, form, lines, event=event, warnings=refused.warnings)
    show_on_form(form, refused)
    return _respond(request, form, lines, event=event)


@floor_write(KIND)
@require_POST
@capability_required(REPORT_DOWNTIME)
def record(request):
    """Create an event (the form, or a replay of an entry queued offline with its idempotency key)."""
    lines = list(lines_for(request.user))
    form = DowntimeEventForm(request.POST, user=request.user)
    if not form.is_valid():
        return _answer_refusal(request, form, lines, form_refusal(form))
    try:
        result = record_event(request.user, form.event_input(), form.cleaned_data.get("idempotency_key"))
    except Refused as refused:
        return _answer_refusal(request, form, lines, refused)
    if wants_json(request):
        return JsonResponse({"status": "saved", "id": result.event.pk}, status=201 if result.created else 200)
    # a fresh form for the next stop on the same line, with the crew kept
    fresh = DowntimeEventForm(initial={**_initial(result.event.line), "crew_size": result.event.crew_size},
                              user=request.user)
    return _respond(request, fresh, lines, saved=result.event)


def _manageable(request, pk: int) -> DowntimeEvent:
    """An entry the user may open for a change: their own, or any of their lines' for a downtime admin (the
    service checks it again when the change is sent)."""
    events = scope_to_lines(
        DowntimeEvent.objects.select_related("line__facility", "category__parent", "shift", "machine"), request.user)
    if not request.user.has_perm(MANAGE_ANY):
        events = events.filter(created_by=request.user)
    event = get_object_or_404(events, pk=pk)
    if not can_manage(request.user, event):
        raise Http404
    return event


@floor_write(KIND)
@require_http_methods(["GET", "POST"])
@capability_required(REPORT_DOWNTIME)
def edit(request, pk: int):
    event = _manageable(request, pk)
    lines = list(lines_for(request.user))
    if request.method == "GET":
        facility = event.line.facility
        initial = {
            "line": event.line, "start": localtime.to_local(event.start, facility).replace(tzinfo=None),
            "end": localtime.to_local(event.end, facility).replace(tzinfo=None), "crew_size": event.crew_size,
            "category": event.category, "job_number": event.job_number, "shift": event.shift,
            "machine": event.machine.code if event.machine_id else "", "comments": event.comments,
        }
        form = DowntimeEventForm(initial=initial, user=request.user)
        return _respond(request, form, lines, event=event)
    form = DowntimeEventForm(request.POST, user=request.user)
    if not form.is_valid():
        return _answer_refusal(request, form, lines, form_refusal(form), event=event)
    try:
        update_event(request.user, event, form.event_input())
    except Refused as refused:
        return _answer_refusal(request, form, lines, refused, event=event)
    if wants_json(request):
        return JsonResponse({"status": "saved", "id": event.pk})
    fresh = DowntimeEventForm(initial=_initial(event.line), user=request.user)
    return _respond(request, fresh, lines, saved=event)


@floor_write(KIND)
@require_POST
@capability_required(REPORT_DOWNTIME)
def delete(request, pk: int):
    event = _manageable(request, pk)
    try:
        delete_event(request.user, event)
    except Refused as refused:
        if wants_json(request):
            return refusal_response(refused)
        return HttpResponse(refused.message, status=refused.status)
    response = HttpResponse("")
    response["HX-Trigger"] = "downtimeSaved"
    return response


@require_GET
@capability_required(REPORT_DOWNTIME)
def today(request):
    """Today's entries (current production date) of the selected line, with totals."""
    lines = list(lines_for(request.user))
    line = _selected_line(request, lines)
    events, totals = [], {}
    if line is not None:
        events = list(todays_events(line))
        totals = {"count": len(events), "minutes": sum(e.duration_minutes for e in events),
                  "labour": sum(e.labour_minutes for e in events)}
    manage_any = request.user.has_perm(MANAGE_ANY)
    return render(request, "downtime/partials/today.html", {
        "line": line, "events": events, "totals": totals, "manage_any": manage_any,
    })


SEARCH_JOBS = 8  # matches of a search: enough to pick from, few enough to fit the tablet
LIKELY_JOBS = 4  # shown before any search: the open jobs of the line due first


@require_GET
@capability_required(REPORT_DOWNTIME)
def jobs(request):
    """Open ERP jobs of the line's work center, searchable (read live from the ERP)."""
    from erp.services.jobs import open_jobs_on_line

    lines = list(lines_for(request.user))
    line = _selected_line(request, lines)
    query = request.GET.get("job_q", "").strip()[:40]
    rows, error = (open_jobs_on_line(line, query, limit=SEARCH_JOBS if query else LIKELY_JOBS)
                   if line is not None else ([], ""))
    return render(request, "erp/partials/job_picker.html",
                  {"line": line, "jobs": rows, "error": error, "query": query})


@require_GET
@capability_required(REPORT_DOWNTIME)
def shift_hint(request):
    """The shift the start time falls in, shown next to the shift override."""
    lines = list(lines_for(request.user))
    line = _selected_line(request, lines)
    field = DowntimeEventForm.base_fields["start"]
    text = ""
    if line is not None:
        try:
            start = field.to_python(request.GET.get("start"))
        except ValidationError:
            start = None
        try:
            start = localtime.make_aware(start, line.facility) if start is not None else None
        except localtime.NonexistentLocalTime:  # skipped by the spring clock change: the form refuses it on save
            start = None
        if start is not None:
            shift, production_date = detect_shift(line, start)
            text = (_("Detected: %(shift)s, production date %(date)s")
                    % {"shift": shift.localized_name, "date": production_date}
                    if shift else _("No shift at that time (production date %(date)s)") % {"date": production_date})
    return HttpResponse(text)

