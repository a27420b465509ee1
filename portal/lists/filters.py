"""Base filterset of every list page: Bootstrap widgets and a safe multi-field text search."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


class PortalFilterSet(django_filters.FilterSet):
    """``search_fields`` lists the fields the ``q`` box searches (icontains, OR-ed, every word must match).

    Searches go through the ORM with parameters, so quotes, ``%``, ``_``, ``;`` or SQL keywords are plain text.
    """

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(
        method="search", label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search…"), "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.search_fields:
            self.filters.pop("q", None)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"

    def search(self, queryset, name, value):
        words = [word for word in value.split() if word][:8]  # bound the work a single box can ask for
        for word in words:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in self.search_fields)))
        return queryset


class YesNoWidget(forms.Select):
    """Any / Yes / No with labels translated per request (django-filter's BooleanWidget fixes them at import)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return {"true": True, "false": False, "1": True, "0": False}.get(str(value).lower()) if value else None


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoWidget)
        super().__init__(*args, **kwargs)


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """A from/to date pair with HTML date inputs."""

    def __init__(self, *args, **kwargs):
        widget = django_filters.widgets.DateRangeWidget(attrs={"type": "date", "class": "form-control"})
        kwargs.setdefault("widget", widget)
        super().__init__(*args, **kwargs)


class SearchableListInput(forms.TextInput):
    """A text box with a searchable list of known values (HTML ``<datalist>``: the browser filters the options as
    one types, on desktops and phones, with no script). ``options`` is set by the filterset: ``(value, label)``
    pairs, e.g. customer code and name; typing free text still works."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.options: Iterable[tuple[str, str]] = ()

    def render(self, name, value, attrs=None, renderer=None):
        datalist_id = f"{(attrs or {}).get('id') or name}-options"
        box = super().render(name, value, {**(attrs or {}), "list": datalist_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', self.options)
        return format_html('{}<datalist id="{}">{}</datalist>', box, datalist_id, options)


DEFAULT_BLANK = "---------"


def tidy_choices(form: forms.Form) -> None:
    """One blank choice per select, called "Any" unless the filter names it: django-filter adds "---------" in
    front of choices that may already start with their own blank ("Any", "All kinds")."""
    for field in form.fields.values():
        if not isinstance(field, forms.ChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):  # its only blank is empty_label (no query to check)
            if field.empty_label == DEFAULT_BLANK:
                field.empty_label = _("Any")
            continue
        choices = list(field.choices)  # once: callable choices (ERP look-ups) are then kept, not re-queried
        blanks = [label for value, label in choices if value in ("", None)]
        if not blanks:
            continue
        label = next((label for label in blanks if str(label) != DEFAULT_BLANK), _("Any"))
        rest = [choice for choice in choices if choice[0] not in ("", None)]
        if hasattr(field, "empty_label"):  # django-filter's ChoiceField puts its blank in front by itself
            field.empty_label = label
            field.choices = rest
        else:
            field.choices = [("", label), *rest]
        field.widget.choices = field.choices  # the widget's copy of the choices still had the old blank


def usable(filterset) -> bool:
    """An unbound filterset (no query string) lists everything; a bound one only when its input is valid."""
    return not filterset.is_bound or filterset.is_valid()
