"""The extra operators a manager keeps: helpers without a login, named on the runs they work on (phone page) and
counted in the daily report. Never deleted (their runs keep their names): deactivated, and back when they return."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.access import capability_required

from ..apps import MANAGE
from ..models import ExtraOperator


class ExtraOperatorForm(forms.ModelForm):
    class Meta:
        model = ExtraOperator
        fields = ["name"]
        labels = {"name": gettext_lazy("Name")}
        widgets = {"name": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"})}


@require_http_methods(["GET", "POST"])
@capability_required(MANAGE)
def extra_operators(request):
    form = ExtraOperatorForm()
    if request.method == "POST":
        if "toggle" in request.POST:
            person = get_object_or_404(ExtraOperator, pk=request.POST.get("toggle"))
            person.active = not person.active
            person.save(update_fields=["active", "updated_at"])
            messages.success(request, (_("%(name)s is on the list again.") if person.active
                                       else _("%(name)s is off the list (their runs keep the name).")) % {
                "name": person.name})
            return redirect("laser:extra-operators")
        form = ExtraOperatorForm(request.POST)
        if form.is_valid():
            person = form.save()
            messages.success(request, _("%(name)s added: operators can name them on a run.") % {"name": person.name})
            return redirect("laser:extra-operators")
    people = ExtraOperator.objects.order_by("-active", "name")
    return render(request, "laser/extra_operators.html", {"form": form, "people": people},
                  status=400 if form.errors else 200)
