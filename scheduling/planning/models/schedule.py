"""The plan itself: stage operations on lines/machines, capacity overrides, exceptions and reallocations."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Machine, ProductionLine
from portal.workflow import Transition, Workflow, WorkflowMixin

from .orders import PLAN, PlanningOrder


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    DONE = "done", _("Finished")


class Operation(models.Model):
    """One stage of one order, planned on a line (and, for machine-type stages, one of its machines)."""

    order = models.ForeignKey(PlanningOrder, models.CASCADE, related_name="operations", verbose_name=_("order"))
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    stage = models.CharField(_("stage"), max_length=50)
    machine_type = models.CharField(_("machine type"), max_length=50, blank=True)
    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="+", verbose_name=_("line"))
    machine = models.ForeignKey(Machine, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("machine"))
    planned_start = models.DateTimeField(_("planned start"), db_index=True)
    planned_end = models.DateTimeField(_("planned end"), db_index=True)
    units = models.PositiveIntegerField(_("units"))
    # Who works it: an operator, or a crew (a department: its members' phones list it). Set by planners.
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("operator"))
    crew = models.ForeignKey("portal.Department", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("crew"))
    # Where the floor is with it (scheduling/planning/services/floor.py is the only writer). Quantities are not kept
    # here: they are the production ledger's movements (services/progress.py reads them).
    status = models.CharField(_("status"), max_length=10, choices=OperationStatus.choices,
                              default=OperationStatus.PLANNED, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # An open pause: the downtime stop is recorded (downtime's service) when the operation resumes or finishes.
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    pause_category = models.ForeignKey("downtime.Category", models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("pause reason"))

    class Meta:
        ordering = ["planned_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "sequence"], name="uniq_operation_per_stage"),
            models.CheckConstraint(condition=models.Q(planned_end__gt=models.F("planned_start")),
                                   name="operation_ends_after_start"),
        ]
        indexes = [models.Index(fields=["line", "planned_start"]), models.Index(fields=["machine", "planned_start"])]
        verbose_name = _("scheduled stage")
        verbose_name_plural = _("scheduled stages")

    def __str__(self) -> str:
        return f"{self.order_id and self.order.number} {self.sequence}. {self.stage}"

    @property
    def resource_key(self) -> str:
        """The engine's resource: the machine when there is one, else the line."""
        return f"m{self.machine_id}" if self.machine_id else f"l{self.line_id}"


class CapacityOverride(models.Model):
    """A line's capacity for a period (a day, a week, a month...) replacing the one computed from its shifts."""

    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="+", verbose_name=_("line"))
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to (inclusive)"))
    units_per_day = models.PositiveIntegerField(_("units per day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["line", "-first_day"]
        constraints = [models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")),
                                              name="override_period_not_reversed")]
        verbose_name = _("capacity override")
        verbose_name_plural = _("capacity overrides")

    def __str__(self) -> str:
        return f"{self.line.code} {self.first_day}–{self.last_day}: {self.units_per_day}"


def _clear_notification(exception, user) -> None:
    from notifications import services as notifications

    notifications.clear_condition("planning.exception", exception)


class PlanException(WorkflowMixin, models.Model):
    """Something off plan: late, over capacity, quantity short, waiting on material. Assigned, resolved with a
    reason. ``key`` identifies the condition so detection running again finds the open row instead of a new one."""

    class Kind(models.TextChoices):
        LATE = "late", _("Late against plan")
        OVER_CAPACITY = "over_capacity", _("Over capacity")
        QUANTITY_SHORT = "quantity_short", _("Quantity short")
        MATERIAL = "material", _("Waiting on material")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    key = models.CharField(_("condition"), max_length=120, db_index=True)
    order = models.ForeignKey(PlanningOrder, models.CASCADE, null=True, blank=True, related_name="exceptions",
                              verbose_name=_("order"))
    line = models.ForeignKey(ProductionLine, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("line"))
    day = models.DateField(_("day"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("assigned to"))
    resolution_reason = models.TextField(_("resolution reason"), blank=True)
    detected_at = models.DateTimeField(_("detected"), auto_now_add=True)

    workflow = Workflow(transitions=[
        Transition("resolve", _("Resolve"), sources=("open",), target="resolved", permission=PLAN,
                   fields=("resolution_reason",), style="success", after=_clear_notification),
    ])

    class Meta:
        ordering = ["-detected_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key"], condition=models.Q(state="open"),
                                               name="one_open_exception_per_condition")]
        verbose_name = _("planning exception")
        verbose_name_plural = _("planning exceptions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail}"

    def get_absolute_url(self) -> str:
        return reverse("planning:exception", args=[self.pk])

    @property
    def facility(self):
        return self.order.facility if self.order_id else (self.line.facility if self.line_id else None)


class Reallocation(models.Model):
    """A stage moved to another line/machine, with the planner's justification (the record of who and why)."""

    operation = models.ForeignKey(Operation, models.CASCADE, related_name="reallocations",
                                  verbose_name=_("scheduled stage"))
    from_line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="+", verbose_name=_("from line"))
    from_machine = models.ForeignKey(Machine, models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("from machine"))
    to_line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="+", verbose_name=_("to line"))
    to_machine = models.ForeignKey(Machine, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("to machine"))
    justification = models.TextField(_("justification"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("reallocation")
        verbose_name_plural = _("reallocations")

    def __str__(self) -> str:
        return f"{self.operation}: {self.from_machine or self.from_line} -> {self.to_machine or self.to_line}"
