"""The operator's phone page: my work centers, the open orders at each with their balances, record IN or OUT.

Recording goes through the REST endpoint (``/api/production/movements/``) from ``static/production/floor.js``
via the shared offline queue (``static/portal/offline-queue.js``), so a movement entered without a connection is
sent, exactly once, when the phone is back online.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.commands import Refused, floor_write, refusal_response, wants_json
from portal.roles import OVERRIDE_BALANCE, RECORD_MOVEMENT
from portal.services.scoping import NO_LINES_HINT, lines_for

from ..models import Balance, Movement
from ..services import CORRECTION, reverse_movement
from .report import scoped_movements

RECORD = RECORD_MOVEMENT
OPEN_ORDERS_SHOWN = 50


@capability_required(RECORD)
def floor(request):
    lines = list(lines_for(request.user).order_by("facility__code", "code"))
    line = None
    if request.GET.get("line"):
        line = next((x for x in lines if str(x.pk) == request.GET["line"]), None)
        if line is None:
            raise Http404
    elif len(lines) == 1:
        line = lines[0]
    context = {"lines": lines, "line": line, "no_lines_hint": NO_LINES_HINT}
    if line is not None:
        context.update(_line_context(request, line))
    return render(request, "production/floor.html", context)


@capability_required(RECORD)
def open_orders(request, line_id: int):
    """The open orders of a work center (htmx partial, refreshed after each movement)."""
    line = get_object_or_404(lines_for(request.user), pk=line_id)
    return render(request, "production/partials/open_orders.html", {"line": line, **_line_context(request, line)})


@capability_required(RECORD)
def jobs(request, line_id: int):
    """Open ERP jobs of the work center to link a movement to (htmx partial; the job can also be typed)."""
    from erp.services.jobs import open_jobs_on_line

    line = get_object_or_404(lines_for(request.user), pk=line_id)
    query = request.GET.get("job_q", "").strip()[:40]
    rows, error = open_jobs_on_line(line, query)
    return render(request, "erp/partials/job_picker.html", {"line": line, "jobs": rows, "error": error,
                                                           "query": query})


def _line_context(request, line) -> dict:
    balances = (Balance.objects.filter(line=line).filter(~Q(balance=0))
                .select_related("order").order_by("-last_movement_at")[:OPEN_ORDERS_SHOWN])
    recent = (Movement.objects.filter(line=line, user=request.user).select_related("order")
              .annotate(is_reversed=Exists(Movement.objects.filter(reverses=OuterRef("pk"))))
              .order_by("-at", "-pk")[:10])
    return {"balances": balances, "recent": recent, "can_override": request.user.has_perm(
        OVERRIDE_BALANCE), "machines": line.machines.filter(active=True).order_by("code"),
        # the correction forms' keys (one per movement shown): a double tap on Reverse is stored once
        "form_key": uuid.uuid4().hex}


@floor_write(CORRECTION)
@require_POST
@capability_required(RECORD)
def correct(request, pk: int):
    """Reverse one's own movement (production admins: anyone's at their work centers) with a reason."""
    movement = get_object_or_404(scoped_movements(request.user).select_related("order", "line", "user"), pk=pk)
    back = redirect(f"{request.build_absolute_uri('/production/')}?line={movement.line_id}")
    try:
        result = reverse_movement(user=request.user, movement=movement, reason=request.POST.get("reason", ""),
                                  idempotency_key=request.POST.get("idempotency_key"))
    except Refused as refused:
        if wants_json(request):
            return refusal_response(refused)
        messages.error(request, refused.message)
        return back
    if wants_json(request):
        return JsonResponse({"movement": result.movement.pk, "balance": result.balance}, status=result.status)
    messages.success(request, _("Corrected: balance of %(order)s at %(line)s is now %(balance)s.") % {
        "order": movement.order.number, "line": movement.line.code, "balance": f"{result.balance:,}"})
    return back
