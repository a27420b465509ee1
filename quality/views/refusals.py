"""A page's form and the portal's refusal contract (portal/commands.py): the form's own errors become the same
``Refused`` an API caller gets, and a refusal from a service goes back onto the form, its sentence shown next to
the button by the template (``refusal.message``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from portal.commands import Refused


def form_refusal(form: forms.BaseForm) -> Refused:
    """The 400 of an invalid form, with its fields."""
    return Refused.from_validation_error(ValidationError(form.errors.as_data()))


def show_on_form(form: forms.BaseForm, refused: Refused) -> None:
    """The refusal's field errors on their visible fields (the others above the form), once."""
    for field, messages in refused.errors.items():
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        if field not in form.errors or not visible:
            form.add_error(field if visible else None, messages)
