"""Downtime configuration maintained in the admin: reason categories (main -> sub) and quick-note buttons."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.models import Facility, ProductionLine
from portal.models.base import DeactivatableModel
from portal.models.translated import TranslatedMixin, spanish_of

# The category of a machine-detected stop that no fault code explained yet: the tablet asks for its reason.
WAITING_CODE = "WAITING"

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #d9534f."))


class CategoryQuerySet(models.QuerySet):
    def active(self) -> CategoryQuerySet:
        return self.filter(active=True)

    def mains(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)

    def in_configured_order(self) -> CategoryQuerySet:
        """Main categories by their order, each followed by its sub-categories by theirs (as on the tablet)."""
        return self.select_related("parent").annotate(
            main_order=Coalesce("parent__sort_order", "sort_order"),
            main_name=Coalesce("parent__name", "name"),
            is_sub=Case(When(parent__isnull=True, then=Value(0)), default=Value(1)),
        ).order_by("main_order", "main_name", "is_sub", "sort_order", "name")


class Category(TranslatedMixin, DeactivatableModel):
    """A downtime reason. Two levels: a main category (no parent) and its sub-categories.

    An event is recorded against a *leaf*: a sub-category, or a main category that has no active sub-categories.
    """

    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("main category"),
        help_text=_("Empty for a main category."),
    )
    name = models.CharField(_("name"), max_length=80)
    name_es = spanish_of(_("name"), max_length=80)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("Optional short code for reports."))
    colour = models.CharField(_("colour"), max_length=7, default="#6c757d", validators=[COLOUR])
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    planned = models.BooleanField(
        _("planned stop"), default=False,
        help_text=_("Breaks, meetings, planned changeovers: not counted against availability in OEE. A sub-category "
                    "is planned when it or its main category is."),
    )
    allows_no_crew = models.BooleanField(
        _("allows a crew of 0"), default=False,
        help_text=_("A stop of this category may have nobody idle (e.g. a line left unattended on purpose)."),
    )
    opens_maintenance_ticket = models.BooleanField(
        _("opens a maintenance ticket"), default=False,
        help_text=_("Recording a stop of this category (or of its sub-categories) opens a maintenance ticket for "
                    "the line's machine, or joins the one already open for it."),
    )
    notify = models.BooleanField(
        _("notify"), default=False, help_text=_("Saving an event of this category notifies the groups below."),
    )
    notify_groups = models.ManyToManyField(
        Group, blank=True, related_name="+", verbose_name=_("notify groups"),
        help_text=_("Roles (directory groups) told about an event of this category."),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="uniq_downtime_category_name"),
        ]
        verbose_name = _("downtime category")
        verbose_name_plural = _("downtime categories")

    def __str__(self) -> str:
        # parent_id check first so listing sub-categories with select_related("parent") costs no query
        return f"{self.parent.localized_name} › {self.localized_name}" if self.parent_id else self.localized_name

    def clean(self) -> None:
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A category cannot be its own main category.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Pick a main category: categories have two levels only.")})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": _("This category has sub-categories, so it must stay a main one.")})


class QuickNote(TranslatedMixin, DeactivatableModel):
    """A one-tap comment button on the entry page, for a whole facility or for a single line."""

    text = models.CharField(_("text"), max_length=200)
    text_es = spanish_of(_("text"), max_length=200)
    translated_fields = ("text",)
    facility = models.ForeignKey(
        Facility, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("facility"),
        help_text=_("Shown on every line of this facility."),
    )
    line = models.ForeignKey(
        ProductionLine, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("line"),
        help_text=_("Shown on this line only."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "text"]
        verbose_name = _("quick note")
        verbose_name_plural = _("quick notes")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(facility__isnull=True) & models.Q(line__isnull=False))
                | (models.Q(facility__isnull=False) & models.Q(line__isnull=True)),
                name="quicknote_facility_xor_line",
            ),
        ]

    def __str__(self) -> str:
        return self.localized_name

    def clean(self) -> None:
        if bool(self.facility_id) == bool(self.line_id):
            raise ValidationError(_("Choose either a facility or a line."))


class FaultReason(models.Model):
    """A controller's fault code and the downtime reason it means: a machine-detected stop that reports the code is
    recorded with the reason at once instead of waiting for the operator (docs/machine-signals.md)."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="+", verbose_name=_("facility"))
    line = models.ForeignKey(
        ProductionLine, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("line"),
        help_text=_("Empty: every line of the facility. A line's own mapping wins over the facility's."),
    )
    code = models.CharField(_("fault code"), max_length=40, help_text=_("As the controller sends it, e.g. E42."))
    category = models.ForeignKey(Category, models.PROTECT, related_name="+", verbose_name=_("reason"))

    class Meta:
        ordering = ["facility__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "line", "code"], name="uniq_fault_reason"),
            models.UniqueConstraint(fields=["facility", "code"], condition=models.Q(line__isnull=True),
                                    name="uniq_fault_reason_facility"),
        ]
        verbose_name = _("fault code reason")
        verbose_name_plural = _("fault code reasons")

    def __str__(self) -> str:
        return f"{self.code} → {self.category}"

    def clean(self) -> None:
        self.code = (self.code or "").strip()
        if self.line_id and self.facility_id and self.line.facility_id != self.facility_id:
            raise ValidationError({"line": _("Pick a line of the facility.")})
        if self.category_id and self.category.code == WAITING_CODE:
            raise ValidationError({"category": _("Pick the reason the fault code means.")})
