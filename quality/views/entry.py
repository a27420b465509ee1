"""Floor-friendly entry of an internal reject (tablet and phone): scan the order/job, tap a defect, take a photo.

The page only parses the form; ``quality.services.floor.record_reject`` records it through the one receiver
(docs/floor-writes.md), as the offline queue's replay and the REST API do."""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import capability_required
from portal.commands import Refused, floor_write, form_refusal, refusal_response, show_on_form, wants_json
from portal.offline import offline_shell
from portal.roles import RECORD_REJECT
from portal.services.scoping import NO_LINES_HINT
from portal.workflow.api import creates

from ..forms import RejectForm
from ..models import InternalReject
from ..services.floor import CONFIRM_FLAGS, record_reject, reject_lines, visible_rejects


def _defect_groups(form: RejectForm) -> list[tuple[str, list]]:
    codes = sorted(form.fields["defect"].queryset, key=lambda c: (
        (c.parent or c).sort_order, (c.parent or c).code, c.sort_order, c.code))
    return [(main.localized() if main else "", list(group))
            for main, group in groupby(codes, key=lambda c: c.parent)]


def _recorded_text(reject: InternalReject) -> str:
    return _("%(record)s recorded: %(qty)s × %(part)s, %(defect)s.") % {
        "record": reject, "qty": reject.quantity, "part": reject.part, "defect": reject.defect}


@creates(InternalReject)
@floor_write("quality.reject")
@offline_shell
@capability_required(RECORD_REJECT)
def reject_entry(request):
    """The form page; the page's script posts the same form through the shared offline queue, which asks for JSON
    (201 recorded, 200 already recorded with this key, and the portal's refusals: 400 with the field errors, 403 a
    line the user does not work on, 409 a key used for another reject), so a reject entered without a connection is
    sent when it is back, exactly once."""
    lines = list(reject_lines(request.user))
    initial = {"line": request.GET.get("line")} if request.GET.get("line") else None
    form = RejectForm(request.POST or None, request.FILES or None, lines=lines, initial=initial)
    refusal = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise form_refusal(form)
            received = record_reject(request.user, form.reject_data(), form.cleaned_data.get("idempotency_key"))
        except Refused as refused:
            if wants_json(request):
                return refusal_response(refused)
            show_on_form(form, refused)
            refusal = refused
        else:
            reject = received.record
            text = _recorded_text(reject) if received.created else _("%(record)s was already recorded.") % {
                "record": reject}
            if wants_json(request):
                return JsonResponse({"id": reject.pk, "message": text, "url": reject.get_absolute_url()},
                                    status=received.status)
            (messages.success if received.created else messages.info)(request, text)
            return redirect(f"{request.path}?line={reject.line_id}")
    selected = str(form["defect"].value() or "")
    return render(request, "quality/reject_entry.html", {
        "form": form, "defect_groups": _defect_groups(form), "selected_defect": selected, "lines": lines,
        "no_lines_hint": NO_LINES_HINT, "refusal": refusal, "confirm_flags": CONFIRM_FLAGS,
        # a refused reject keeps its key to be corrected and sent again (a key is spent only by a recorded reject)
        "idempotency_key": (refusal and refusal.status != 409 and form.cleaned_data.get("idempotency_key"))
        or uuid.uuid4(),
        "recent": visible_rejects(request.user).filter(created_by=request.user)
        .select_related("line__facility", "defect")[:5]}, status=refusal.status if refusal else 200)
