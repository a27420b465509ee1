"""Andon boards from the production pages: a production admin lists the boards of their facilities and creates one
(a facility's every line, or one line) without the admin panel; the TV opens it by its link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import capability_required
from portal.roles import ADD_ANDON_BOARD
from portal.services.scoping import facilities_for, lines_for

from ..models import AndonBoard


class BoardForm(forms.ModelForm):
    class Meta:
        model = AndonBoard
        fields = ["name", "facility", "line", "red_below", "green_from", "refresh_seconds"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities_for(user)
        self.fields["line"].queryset = lines_for(user).select_related("facility")
        self.fields["facility"].help_text = gettext_lazy("Every line of the facility (the usual board)…")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("facility")) == bool(cleaned.get("line")):
            raise forms.ValidationError(_("Choose a facility (all its lines) or one line, not both."))
        if (cleaned.get("red_below") or 0) > (cleaned.get("green_from") or 0):
            self.add_error("green_from", _("Green must start at or above the red limit."))
        return cleaned


@capability_required(ADD_ANDON_BOARD)
def boards(request):
    facilities = facilities_for(request.user)
    form = BoardForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        board = form.save(commit=False)
        board.created_by = request.user
        board.save()
        messages.success(request, _("Board “%(name)s” created: open its link on the TV.") % {"name": board.name})
        return redirect("production:boards")
    rows = (AndonBoard.objects.filter(Q(facility__in=facilities) | Q(line__facility__in=facilities))
            .select_related("facility", "line").order_by("name"))
    return render(request, "production/boards.html", {"form": form, "boards": rows},
                  status=400 if form.errors else 200)
