"""Data in two languages: names operators read (reason codes, quick notes, shifts, lines) with an optional Spanish
label, shown when the user's language is Spanish, falling back to the main one (see docs/translated-data.md).

A model declares each translatable field once, next to its main field::

    class Category(TranslatedMixin, DeactivatableModel):
        name = models.CharField(_("name"), max_length=80)
        name_es = spanish_of(_("name"), max_length=80)
        translated_fields = ("name",)

        def __str__(self):
            return self.localized_name

Readers use ``localized(obj, "name")`` (or ``obj.localized_name``), ``{{ obj|localized }}`` /
``{{ note|localized:"text" }}`` in templates (``{% load translated %}``), and ``TranslatedColumn`` in lists and
Excel exports.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SPANISH_SUFFIX = "_es"


def spanish_of(verbose_name, max_length: int) -> models.CharField:
    """The optional Spanish twin of a text field (``<field>_es``): blank means "use the main one"."""
    return models.CharField(
        format_lazy("{} ({})", verbose_name, _("Spanish")), max_length=max_length, blank=True, default="",
        help_text=_("Shown to users whose language is Spanish; leave empty to show the main text."),
    )


def spanish_active() -> bool:
    return (get_language() or "").split("-")[0] == "es"


def localized(obj: Any, field: str = "name") -> str:
    """``obj.<field>`` in the active language: its Spanish twin when the language is Spanish and it is filled."""
    if obj is None:
        return ""
    if spanish_active():
        spanish = getattr(obj, field + SPANISH_SUFFIX, "")
        if spanish:
            return spanish
    return getattr(obj, field, "") or ""


def pick(main: Any, spanish: Any) -> Any:
    """The value to show of a main text and its Spanish twin read as plain values (exports, ``values()``)."""
    return spanish if spanish and spanish_active() else main


class TranslatedMixin:
    """Adds ``localized_name`` (the first of ``translated_fields`` in the active language) to a model."""

    translated_fields: tuple[str, ...] = ("name",)

    def localized(self, field: str | None = None) -> str:
        return localized(self, field or self.translated_fields[0])

    @property
    def localized_name(self) -> str:
        return localized(self, self.translated_fields[0])
