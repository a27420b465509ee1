"""The operator's phone: my operations for this shift, and working one (start, record good/scrap, pause, finish).

The actions are sent by ``static/planning/operator.js`` through the shared offline queue (JSON, answered in the
refusal contract); without JavaScript the same forms post and come back with a message. Every action is one call
of ``services.floor.work_operation`` (the portal's floor-write receiver)."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.commands import Refused, floor_write, refusal_response, wants_json
from portal.roles import WORK_OPERATIONS
from portal.services.scoping import NO_LINES_HINT, lines_for

from ..models import OperationStatus
from ..services.floor import KIND, my_operations, operation_for, pause_reasons, work_operation
from ..services.progress import made_by_operation

DONE_MESSAGES = {
    "start": gettext_lazy("Started."),
    "record": gettext_lazy("Recorded: %(made)s of %(units)s made."),
    "pause": gettext_lazy("Paused. The stop is recorded when you resume or finish."),
    "finish": gettext_lazy("Finished: %(made)s of %(units)s made."),
}


@capability_required(WORK_OPERATIONS)
def my_operations_page(request):
    shifts, operations = my_operations(request.user)
    made = made_by_operation(operations)
    for op in operations:
        op.made = made.get(op.pk, 0)
    return render(request, "planning/operator/list.html", {
        "shifts": shifts, "operations": operations, "no_lines": not lines_for(request.user).exists(),
        "no_lines_hint": NO_LINES_HINT})


@capability_required(WORK_OPERATIONS)
def operation_page(request, pk: int):
    from quality.services.floor import leaf_defect_codes

    operation = operation_for(request.user, pk)
    operation.made = made_by_operation([operation])[operation.pk]
    return render(request, "planning/operator/operation.html", {
        "op": operation, "status": OperationStatus, "reasons": pause_reasons(operation),
        "defects": leaf_defect_codes().order_by("code"), "form_key": uuid.uuid4().hex})


@floor_write(KIND)
@require_POST
@capability_required(WORK_OPERATIONS)
def act(request, pk: int, action: str):
    operation = operation_for(request.user, pk)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return JsonResponse({"detail": _("The request could not be read."), "code": "invalid"}, status=400)
    else:
        data = request.POST.dict()
    try:
        received = work_operation(request.user, operation, action, data, key=data.get("idempotency_key"))
    except Refused as refused:
        if wants_json(request):
            return refusal_response(refused)
        messages.error(request, refused.message)
        return redirect("planning:my-operation", pk=pk)
    op = received.record
    made = made_by_operation([op])[op.pk]
    text = str(DONE_MESSAGES.get(action, "")) % {"made": f"{made:,}", "units": f"{op.units:,}"}
    if wants_json(request):
        return JsonResponse({"operation": op.pk, "status": op.status, "status_label": op.get_status_display(),
                             "made": made, "units": op.units, "detail": text}, status=received.status)
    messages.success(request, text)
    return redirect("planning:my-operation", pk=pk)
