"""Floor-friendly entry of an internal reject (tablet and phone): scan the order/job, tap a defect, take a photo."""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import capability_required

from ..forms import RejectForm
from ..models import InternalReject


def _defect_groups(form: RejectForm) -> list[tuple[str, list]]:
    codes = sorted(form.fields["defect"].queryset, key=lambda c: (
        (c.parent or c).sort_order, (c.parent or c).code, c.sort_order, c.code))
    return [(main.localized() if main else "", list(group))
            for main, group in groupby(codes, key=lambda c: c.parent)]


@capability_required("quality.record_reject")
def reject_entry(request):
    key = request.POST.get("idempotency_key", "")
    try:
        key = uuid.UUID(key) if key else None
    except ValueError:
        key = None
    if request.method == "POST" and key and (done := InternalReject.objects.filter(idempotency_key=key).first()):
        messages.info(request, _("%(record)s was already recorded.") % {"record": done})
        return redirect("quality:reject-entry")
    form = RejectForm(request.POST or None, request.FILES or None,
                      initial={"line": request.GET.get("line")} if request.GET.get("line") else None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.instance.idempotency_key = key
        reject = form.save()
        messages.success(request, _("%(record)s recorded: %(qty)s × %(part)s, %(defect)s.") % {
            "record": reject, "qty": reject.quantity, "part": reject.part, "defect": reject.defect})
        return redirect(f"{request.path}?line={reject.line_id}")
    selected = str(form["defect"].value() or "")
    return render(request, "quality/reject_entry.html", {
        "form": form, "defect_groups": _defect_groups(form), "selected_defect": selected,
        "idempotency_key": uuid.uuid4(), "recent": InternalReject.objects.filter(created_by=request.user)
        .select_related("line__facility", "defect")[:5]})
