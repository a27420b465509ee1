"""Floor-friendly entry of an internal reject (tablet and phone): scan the order/job, tap a defect, take a photo."""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import capability_required
from portal.offline import offline_shell

from ..forms import RejectForm
from ..models import InternalReject


def _defect_groups(form: RejectForm) -> list[tuple[str, list]]:
    codes = sorted(form.fields["defect"].queryset, key=lambda c: (
        (c.parent or c).sort_order, (c.parent or c).code, c.sort_order, c.code))
    return [(main.localized() if main else "", list(group))
            for main, group in groupby(codes, key=lambda c: c.parent)]


def _already(key: uuid.UUID | None) -> InternalReject | None:
    return InternalReject.objects.filter(idempotency_key=key).first() if key else None


def _recorded_text(reject: InternalReject) -> str:
    return _("%(record)s recorded: %(qty)s × %(part)s, %(defect)s.") % {
        "record": reject, "qty": reject.quantity, "part": reject.part, "defect": reject.defect}


@offline_shell
@capability_required("quality.record_reject")
def reject_entry(request):
    """The form page; the page's script posts the same form through the shared offline queue and asks for JSON
    (201 recorded, 200 already recorded with this key, 400 with the field errors), so a reject entered without a
    connection is sent when it is back, exactly once."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    key = request.POST.get("idempotency_key", "")
    try:
        key = uuid.UUID(key) if key else None
    except ValueError:
        key = None
    if request.method == "POST" and (done := _already(key)):
        text = _("%(record)s was already recorded.") % {"record": done}
        if wants_json:
            return JsonResponse({"id": done.pk, "message": text, "url": done.get_absolute_url()})
        messages.info(request, text)
        return redirect("quality:reject-entry")
    form = RejectForm(request.POST or None, request.FILES or None,
                      initial={"line": request.GET.get("line")} if request.GET.get("line") else None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.instance.idempotency_key = key
        try:
            with transaction.atomic():
                reject = form.save()
        except IntegrityError:  # the same key sent twice at once: the other request recorded it
            if (reject := _already(key)) is None:
                raise
            created = False
        else:
            created = True
        if wants_json:
            return JsonResponse({"id": reject.pk, "message": _recorded_text(reject), "url": reject.get_absolute_url()},
                                status=201 if created else 200)
        messages.success(request, _recorded_text(reject))
        return redirect(f"{request.path}?line={reject.line_id}")
    if request.method == "POST" and wants_json:
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"detail": " ".join(e for errs in errors.values() for e in errs), "errors": errors},
                            status=400)
    selected = str(form["defect"].value() or "")
    return render(request, "quality/reject_entry.html", {
        "form": form, "defect_groups": _defect_groups(form), "selected_defect": selected,
        "idempotency_key": uuid.uuid4(), "recent": InternalReject.objects.filter(created_by=request.user)
        .select_related("line__facility", "defect")[:5]})
