"""Downtime configuration maintained in the admin: reason categories (a tree of any depth) and quick-note buttons."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from portal.models import Facility, ProductionLine
from portal.models.base import DeactivatableModel
from portal.models.translated import TranslatedMixin, spanish_of

# The category of a machine-detected stop that no fault code explained yet: the tablet asks for its reason.
WAITING_CODE = "WAITING"

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #d9534f."))


# A category's place in the tree, stored so that lists, filters and the Pareto read it without walking parents
# (docs/downtime-reasons.md): ``path`` is the pks from the top down, each SEGMENT characters ("00000012/"), so
# the ancestor at level n is the first n × SEGMENT characters; ``sort_path`` is the rank among siblings (by order,
# then name) level by level, so ordering by it is the tree depth-first as the tablet shows it. Both are rebuilt by
# save() and delete() (configuration is small and rarely saved: one query reads it, one bulk update writes it).
SEGMENT = 9
RANK = 5
MAX_DEPTH = 40


def tree_keys(rows) -> dict[int, tuple[str, int, str]]:
    """{pk: (path, depth, sort_path)} of categories given as (pk, parent_id, sort_order, name) rows. A row whose
    parent chain loops (never saved through clean(), but data can be edited by hand) is left out."""
    children: dict = {}
    for pk, parent_id, sort_order, name in rows:
        children.setdefault(parent_id, []).append((sort_order, name.casefold(), name, pk))
    keys: dict = {}
    stack = [(None, "", 0, "")]
    while stack:
        parent, path, depth, sort_path = stack.pop()
        for rank, pk in enumerate(entry[-1] for entry in sorted(children.get(parent, ()))):
            key = (f"{path}{pk:0{SEGMENT - 1}d}/", depth + 1, f"{sort_path}{rank:0{RANK}d}")
            keys[pk] = key
            stack.append((pk, *key))
    return keys


class CategoryQuerySet(models.QuerySet):
    def active(self) -> CategoryQuerySet:
        return self.filter(active=True)

    def mains(self) -> CategoryQuerySet:
        """The top level of the tree."""
        return self.filter(depth=1)

    def in_configured_order(self) -> CategoryQuerySet:
        """The tree depth-first, each level by order then name (as on the tablet)."""
        return self.select_related("parent").order_by("sort_path")

    def subtree_of(self, category: Category) -> CategoryQuerySet:
        """The category and every category under it."""
        return self.filter(path__startswith=category.path)

    def planned(self) -> CategoryQuerySet:
        """Categories that are planned stops: flagged so themselves or on any category above them."""
        return self.flagged("planned")

    def flagged(self, flag: str) -> CategoryQuerySet:
        """Categories with ``flag`` set on themselves or inherited from any ancestor (``planned``,
        ``opens_maintenance_ticket``, ``notify``, ``allows_no_crew``). One subquery, no walk."""
        ancestor = Category.objects.filter(**{flag: True}, path=Substr(OuterRef("path"), 1, Length("path")))
        return self.filter(Exists(ancestor))

    def active_in_tree(self) -> CategoryQuerySet:
        """Active categories none of whose ancestors is retired (retiring a category retires its branch)."""
        retired = Category.objects.filter(active=False, path=Substr(OuterRef("path"), 1, Length("path")))
        return self.exclude(Exists(retired))

    def leaves(self) -> CategoryQuerySet:
        """Categories an event is recorded against: those without active children."""
        return self.exclude(children__active=True).distinct()


class Category(TranslatedMixin, DeactivatableModel):
    """A downtime reason, in a tree of any depth (a top-level category has no parent).

    An event is recorded against a *leaf*: a category with no active children. ``planned``,
    ``opens_maintenance_ticket``, ``notify`` and ``allows_no_crew`` hold for the whole branch under a category.
    """

    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent category"),
        help_text=_("Empty for a top-level category. Categories nest to any depth."),
    )
    path = models.CharField(_("tree path"), max_length=SEGMENT * MAX_DEPTH, default="", editable=False,
                            db_index=True)
    depth = models.PositiveSmallIntegerField(_("level"), default=1, editable=False)
    sort_path = models.CharField(max_length=RANK * MAX_DEPTH, default="", editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=80)
    name_es = spanish_of(_("name"), max_length=80)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("Optional short code for reports."))
    colour = models.CharField(_("colour"), max_length=7, default="#6c757d", validators=[COLOUR])
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    planned = models.BooleanField(
        _("planned stop"), default=False,
        help_text=_("Breaks, meetings, planned changeovers: not counted against availability in OEE. A category "
                    "is planned when it or any category above it is."),
    )
    allows_no_crew = models.BooleanField(
        _("allows a crew of 0"), default=False,
        help_text=_("A stop of this category (or of any category under it) may have nobody idle (e.g. a line left "
                    "unattended on purpose)."),
    )
    opens_maintenance_ticket = models.BooleanField(
        _("opens a maintenance ticket"), default=False,
        help_text=_("Recording a stop of this category (or of any category under it) opens a maintenance ticket "
                    "for the line's machine, or joins the one already open for it."),
    )
    notify = models.BooleanField(
        _("notify"), default=False,
        help_text=_("Saving an event of this category (or of any category under it) notifies the groups below."),
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
        # its parent and itself (``full_name`` gives the whole path): listing categories with
        # select_related("parent") costs no query per row, at any depth
        return f"{self.parent.localized_name} › {self.localized_name}" if self.parent_id else self.localized_name

    @property
    def ancestor_ids(self) -> list[int]:
        """The pks above this category, from the top down (from the stored path: no query)."""
        return [int(segment) for segment in self.path.split("/") if segment][:-1]

    def lineage(self) -> list[Category]:
        """This category and those above it, from the top down: one query (none for a top-level category)."""
        if "_lineage" not in self.__dict__:
            above = Category.objects.in_bulk(self.ancestor_ids) if self.parent_id else {}
            self.__dict__["_lineage"] = [above[pk] for pk in self.ancestor_ids if pk in above] + [self]
        return self.__dict__["_lineage"]

    def inherits(self, flag: str) -> bool:
        """``flag`` is set on this category or on any category above it."""
        return any(getattr(category, flag) for category in self.lineage())

    def nearest_flagged(self, flag: str) -> Category | None:
        """The closest category of the lineage (this one first) with ``flag`` set."""
        return next((category for category in reversed(self.lineage()) if getattr(category, flag)), None)

    @property
    def full_name(self) -> str:
        return " › ".join(category.localized_name for category in self.lineage())

    def active_in_tree(self) -> bool:
        """Active, and so is every category above it (a reason under a retired branch is retired too)."""
        return all(category.active for category in self.lineage())

    def clean(self) -> None:
        if not self.parent_id:
            return
        parent = self.parent
        if parent.pk == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})
        if self.pk and self.pk in [*parent.ancestor_ids, parent.pk]:
            raise ValidationError({"parent": _("“%(parent)s” is under this category: pick a category outside "
                                               "its branch.") % {"parent": parent.localized_name}})
        if not parent.active:
            raise ValidationError({"parent": _("“%(parent)s” is retired: pick an active parent category.")
                                   % {"parent": parent.localized_name}})
        if parent.depth >= MAX_DEPTH:
            raise ValidationError({"parent": _("Categories nest at most %(depth)s levels deep.")
                                   % {"depth": MAX_DEPTH}})

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"parent", "parent_id", "sort_order", "name"} & set(fields):
            rebuild_tree()
            fresh = Category.objects.filter(pk=self.pk).values_list("path", "depth", "sort_path").first()
            if fresh:
                self.path, self.depth, self.sort_path = fresh
            self.__dict__.pop("_lineage", None)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        rebuild_tree()
        return result


def rebuild_tree() -> int:
    """Recompute every category's stored path, level and order key; returns how many changed."""
    stored = {pk: (path, depth, sort_path) for pk, path, depth, sort_path
              in Category.objects.values_list("pk", "path", "depth", "sort_path")}
    keys = tree_keys(Category.objects.values_list("pk", "parent_id", "sort_order", "name"))
    changed = [Category(pk=pk, path=key[0], depth=key[1], sort_path=key[2])
               for pk, key in keys.items() if stored.get(pk) != key]
    Category.objects.bulk_update(changed, ["path", "depth", "sort_path"], batch_size=500)
    return len(changed)


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
