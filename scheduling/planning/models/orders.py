"""Local production orders (planned -> released -> in progress -> done, on hold, cancelled) and their items."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Facility
from portal.roles import PLAN_ORDERS
from portal.workflow import Audience, EscalationLevel, EscalationRule, Transition, Workflow, WorkflowMixin

from .routing import Routing

PLAN = PLAN_ORDERS

OPEN_STATES = ("planned", "released", "in_progress", "on_hold")


def _planners(order) -> Audience:
    return Audience(permissions=[PLAN])


class PlanningOrder(WorkflowMixin, models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RELEASED = "released", _("Released")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ON_HOLD = "on_hold", _("On hold")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        MANUAL = "manual", _("By hand")
        ERP = "erp", _("ERP sales order / job")
        IMPORT = "import", _("Import")

    number = models.CharField(_("order number"), max_length=40, unique=True)
    facility = models.ForeignKey(Facility, models.PROTECT, related_name="+", verbose_name=_("facility"))
    routing = models.ForeignKey(Routing, models.PROTECT, related_name="orders", verbose_name=_("product family"))
    customer = models.CharField(_("customer"), max_length=100, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=3,
                                                validators=[MinValueValidator(1), MaxValueValidator(5)],
                                                help_text=_("1 = most urgent, 5 = least."))
    due_date = models.DateField(_("due date"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    erp_reference = models.CharField(_("ERP sales order or job"), max_length=40, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED, db_index=True)
    hold_reason = models.TextField(_("reason for the hold"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    workflow = Workflow(
        transitions=[
            Transition("release", _("Release to the floor"), sources=("planned",), target="released",
                       permission=PLAN, style="primary"),
            Transition("start", _("Start"), sources=("released",), target="in_progress", permission=PLAN),
            Transition("finish", _("Mark done"), sources=("in_progress",), target="done", permission=PLAN,
                       style="success"),
            Transition("hold", _("Put on hold"), sources=("planned", "released", "in_progress"), target="on_hold",
                       permission=PLAN, fields=("hold_reason",), style="warning"),
            Transition("resume", _("Resume"), sources=("on_hold",), target="planned", permission=PLAN),
            Transition("cancel", _("Cancel"), sources=("planned", "released", "on_hold"), target="cancelled",
                       permission=PLAN, fields=("cancel_reason",), style="danger"),
        ],
        escalations=[EscalationRule("on-hold", states=("on_hold",), levels=[
            EscalationLevel(dt.timedelta(days=2), notify=_planners, label=_("planners")),
        ])],
    )

    class Meta:
        ordering = ["due_date", "priority", "number"]
        verbose_name = _("planning order")
        verbose_name_plural = _("planning orders")
        permissions = [("view_planning", "Can view job planning"), ("plan_orders", "Can plan and schedule orders")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("planning:order", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class OrderItem(models.Model):
    order = models.ForeignKey(PlanningOrder, models.CASCADE, related_name="items", verbose_name=_("order"))
    product = models.CharField(_("product"), max_length=40)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    so_line_id = models.BigIntegerField(_("ERP sales order line ID"), null=True, blank=True, db_index=True,
                                        help_text=_("Links the item to the MRP run's material shortages."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("order item")
        verbose_name_plural = _("order items")

    def __str__(self) -> str:
        return f"{self.order} · {self.product} × {self.quantity}"
