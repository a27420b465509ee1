"""Production jobs and their material transactions (views erp_job, erp_job_material_transaction)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ErpModel, ErpQuerySet
from .parts import QUANTITY, Part
from .sales import SalesOrder, SalesOrderLine


class JobStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Planned")
    RELEASED = "RELEASED", _("Released")
    STARTED = "STARTED", _("Started")
    ON_HOLD = "ON_HOLD", _("On hold")
    CLOSED = "CLOSED", _("Closed")


OPEN_JOB_STATUSES = (JobStatus.PLANNED, JobStatus.RELEASED, JobStatus.STARTED, JobStatus.ON_HOLD)


class TransactionType(models.TextChoices):
    ISSUE = "ISSUE", _("Issue")
    DEISSUE = "DEISSUE", _("De-issue")
    RELIEVE = "RELIEVE", _("Relieve")
    SCRAP = "SCRAP", _("Scrap")


class JobQuerySet(ErpQuerySet):
    def open(self) -> JobQuerySet:
        return self.filter(status__in=OPEN_JOB_STATUSES)


class Job(ErpModel):
    job_number = models.CharField(_("job"), max_length=20, primary_key=True, help_text=_("Job (work order) number."))
    part = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="part_number", related_name="jobs",
        verbose_name=_("part"), help_text=_("The finished good the job makes (erp_part.part_number)."),
    )
    sales_order = models.ForeignKey(
        SalesOrder, models.DO_NOTHING, db_constraint=False, db_column="so_number", related_name="jobs",
        null=True, blank=True, verbose_name=_("sales order"),
        help_text=_("The order the job builds for (erp_sales_order.so_number); empty for stock jobs."),
    )
    sales_order_line = models.ForeignKey(
        SalesOrderLine, models.DO_NOTHING, db_constraint=False, db_column="so_line_id", related_name="jobs",
        null=True, blank=True, verbose_name=_("sales order line"),
        help_text=_("The order line the job builds for (erp_sales_order_line.id); empty for stock jobs."),
    )
    quantity_required = models.DecimalField(
        _("required"), **QUANTITY, help_text=_("Quantity the job must produce, in the part's stocking unit.")
    )
    quantity_completed = models.DecimalField(
        _("completed"), **QUANTITY, default=Decimal(0), help_text=_("Good quantity reported complete so far.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices,
        help_text=_("PLANNED, RELEASED (to the floor), STARTED, ON_HOLD or CLOSED. All but CLOSED are open."),
    )
    facility = models.CharField(_("facility"), max_length=20, help_text=_("Facility code making the job."))
    line_code = models.CharField(
        _("line"), max_length=20,
        help_text=_("Work-center code of the line running the job; matches the portal line's ERP work center."),
    )
    created_date = models.DateField(_("created"), help_text=_("Date the job was created."))
    release_date = models.DateField(
        _("released"), null=True, blank=True, help_text=_("Date the job was released to the floor; empty if not yet.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, help_text=_("Date the job should finish."))
    closed_date = models.DateField(
        _("closed"), null=True, blank=True, help_text=_("Date the job was closed; empty while open.")
    )

    objects = JobQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_job"
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["status", "facility", "line_code"]),
            models.Index(fields=["part", "status"]),
            models.Index(fields=["due_date"]),
        ]

    def __str__(self) -> str:
        return self.job_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_JOB_STATUSES

    @property
    def remaining_quantity(self) -> Decimal:
        return max(self.quantity_required - self.quantity_completed, Decimal(0))


class JobMaterialTransaction(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the inventory transaction in the ERP.")
    )
    job = models.ForeignKey(
        Job, models.DO_NOTHING, db_constraint=False, db_column="job_number", related_name="material_transactions",
        verbose_name=_("job"), help_text=_("The job (erp_job.job_number)."),
    )
    component = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="component_part_number",
        related_name="job_transactions", verbose_name=_("component"),
        help_text=_("The material moved (erp_part.part_number)."),
    )
    lot_number = models.CharField(
        _("lot"), max_length=40, null=True, blank=True, db_index=True,
        help_text=_(
            "Lot moved: erp_inventory_lot.lot_number of the same part while any of the lot is on hand; "
            "empty if the part is not lot-controlled."
        ),
    )
    transaction_type = models.CharField(
        _("type"), max_length=8, choices=TransactionType.choices,
        help_text=_(
            "ISSUE (stock to job), DEISSUE (job back to stock), RELIEVE (consumed by good output at completion) "
            "or SCRAP (scrapped on the job)."
        ),
    )
    quantity = models.DecimalField(
        _("quantity"), **QUANTITY, help_text=_("Quantity moved, always positive; the type gives the direction.")
    )
    transaction_date = models.DateField(_("date"), help_text=_("Date of the transaction."))

    objects = ErpQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_job_material_transaction"
        verbose_name = _("job material transaction")
        verbose_name_plural = _("job material transactions")
        indexes = [
            models.Index(fields=["job", "component"]),
            models.Index(fields=["component", "transaction_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.job_id} {self.transaction_type} {self.component_id} × {self.quantity}"
