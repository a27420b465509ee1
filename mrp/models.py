"""Stored MRP runs: who ran the engine when, on how much input, and the result per open sales-order line.

A run's lines are child rows (bulk inserted) so the dashboard filters, sorts and pages them in the database;
each line keeps its components as one compact JSON list (read only when a row is expanded). Shortfalls are
child rows too, one per line and short component, so the purchasing report sums them with the database.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from mrp.engine.allocation import NO_BOM
from portal.models.runs import BackgroundRun

QUANTITY = {"max_digits": 18, "decimal_places": 4}


class LineStatus(models.TextChoices):
    READY_TO_SHIP = "READY_TO_SHIP", _("Ready to ship")
    PENDING_QC = "PENDING_QC", _("Pending QC")
    JOB_CREATED = "JOB_CREATED", _("Job created")
    FULL_PRODUCTION_READY = "FULL_PRODUCTION_READY", _("Full production ready")
    PARTIAL_SHIP = "PARTIAL_SHIP", _("Partial ship")
    PARTIAL_PRODUCTION_READY = "PARTIAL_PRODUCTION_READY", _("Partial production ready")
    CRITICAL_SHORTAGE = "CRITICAL_SHORTAGE", _("Critical shortage")


ON_TRACK_STATUSES = (LineStatus.READY_TO_SHIP, LineStatus.PENDING_QC, LineStatus.JOB_CREATED,
                     LineStatus.FULL_PRODUCTION_READY)
AT_RISK_STATUSES = (LineStatus.PARTIAL_SHIP, LineStatus.PARTIAL_PRODUCTION_READY)
CRITICAL_STATUSES = (LineStatus.CRITICAL_SHORTAGE,)


class MrpRunQuerySet(models.QuerySet):
    def done(self) -> MrpRunQuerySet:
        return self.filter(status=MrpRun.Status.DONE)

    def latest_done(self) -> MrpRun | None:
        return self.done().select_related("requested_by").order_by("-finished_at", "-pk").first()


class MrpRun(BackgroundRun):
    class Trigger(models.TextChoices):
        MANUAL = "MANUAL", _("Refresh button")
        SCHEDULED = "SCHEDULED", _("Scheduled")
        COMMAND = "COMMAND", _("Command line")

    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    step = models.CharField(_("step"), max_length=80, blank=True)
    # Input sizes (lines, stock parts, jobs, BOMs, BOM lines, PO parts), timings in ms, counts per status.
    sizes = models.JSONField(_("input sizes"), default=dict, blank=True)
    timings = models.JSONField(_("timings (ms)"), default=dict, blank=True)
    counts = models.JSONField(_("lines per status"), default=dict, blank=True)
    # Components short on some line: {part: [description, uom, on hand, open PO]} for the purchasing report.
    components = models.JSONField(_("short components"), default=dict, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)

    objects = MrpRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("MRP run")
        verbose_name_plural = _("MRP runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "finished_at"])]

    def __str__(self) -> str:
        return f"MRP run {self.pk} ({self.status})"

    @property
    def duration_ms(self) -> int | None:
        return self.timings.get("total") if self.timings else None


class MrpLine(models.Model):
    run = models.ForeignKey(MrpRun, models.CASCADE, related_name="lines", verbose_name=_("run"))
    position = models.PositiveIntegerField(_("allocation order"))
    so_line_id = models.BigIntegerField(_("SO line ID"))
    so_number = models.CharField(_("SO"), max_length=20)
    line_number = models.IntegerField(_("line"))
    customer_code = models.CharField(_("customer code"), max_length=20)
    customer_name = models.CharField(_("customer"), max_length=100, blank=True)
    part_number = models.CharField(_("finished good"), max_length=40)
    description = models.CharField(_("description"), max_length=200, blank=True)
    business_unit = models.CharField(_("business unit"), max_length=40, blank=True)
    facility = models.CharField(_("facility"), max_length=20, blank=True)
    due_date = models.DateField(_("due date"))
    quantity = models.IntegerField(_("open quantity"))
    unit_price = models.DecimalField(_("unit price"), **QUANTITY, default=Decimal(0))
    value = models.DecimalField(_("open value"), max_digits=18, decimal_places=2, default=Decimal(0))
    from_approved = models.IntegerField(_("from approved stock"), default=0)
    from_pending_qc = models.IntegerField(_("from pending QC"), default=0)
    from_jobs = models.IntegerField(_("from open jobs"), default=0)
    remainder = models.IntegerField(_("to produce"), default=0)
    producible = models.IntegerField(_("producible"), default=0)
    status = models.CharField(_("status"), max_length=26, choices=LineStatus.choices)
    bottleneck = models.CharField(_("bottleneck"), max_length=40, blank=True)
    # [[part, need per unit, supply before, from approved, from pending QC, bottleneck 0/1], ...] with
    # quantities as decimal strings; mrp.services.components_of derives the rest.
    components = models.JSONField(_("components"), default=list, blank=True)

    class Meta:
        verbose_name = _("MRP line")
        verbose_name_plural = _("MRP lines")
        indexes = [
            models.Index(fields=["run", "position"]),
            models.Index(fields=["run", "due_date"]),
            models.Index(fields=["run", "status"]),
            models.Index(fields=["run", "customer_code"]),
            models.Index(fields=["run", "part_number"]),
        ]

    def __str__(self) -> str:
        return f"{self.so_number}/{self.line_number} {self.status}"

    @property
    def bottleneck_is_no_bom(self) -> bool:
        return self.bottleneck == NO_BOM

    @property
    def is_on_track(self) -> bool:
        return self.status in ON_TRACK_STATUSES


class MrpShortage(models.Model):
    """One component short on one line of a run (shortfall > 0)."""

    run = models.ForeignKey(MrpRun, models.CASCADE, related_name="shortages", verbose_name=_("run"))
    component = models.CharField(_("component"), max_length=40)
    so_line_id = models.BigIntegerField(_("SO line ID"))
    so_number = models.CharField(_("SO"), max_length=20)
    customer_code = models.CharField(_("customer code"), max_length=20)
    customer_name = models.CharField(_("customer"), max_length=100, blank=True)
    part_number = models.CharField(_("finished good"), max_length=40)
    due_date = models.DateField(_("due date"))
    shortfall = models.DecimalField(_("shortfall"), max_digits=24, decimal_places=6)

    class Meta:
        verbose_name = _("MRP shortage")
        verbose_name_plural = _("MRP shortages")
        indexes = [models.Index(fields=["run", "component"]), models.Index(fields=["run", "due_date"])]

    def __str__(self) -> str:
        return f"{self.component} {self.shortfall} for {self.so_number}"
