"""Maintenance tickets (work orders) and the work recorded on them: labour, parts, photos, checklist.

Their idempotency keys are kept by the core receiver (``portal.CommandKey``, scoped to the writer): see
maintenance/services/commands.py and docs/floor-writes.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Machine, ProductionLine
from portal.photos import ALLOWED_EXTENSIONS, upload_to, validate_photo
from portal.roles import MANAGE_MAINTENANCE, WORK_MAINTENANCE
from portal.workflow import Audience, EscalationLevel, EscalationRule, Transition, Workflow, WorkflowMixin

from .config import Priority
from .plans import PreventivePlan

WORK = WORK_MAINTENANCE
MANAGE = MANAGE_MAINTENANCE
OPEN_STATES = ("open", "assigned", "in_progress", "on_hold")
RESPONSE_STATES = ("open", "assigned")


def technician_q() -> models.Q:
    """Users who hold the technician capability (through a role or their own grant): who a ticket may go to."""
    app_label, codename = WORK.split(".")
    return models.Q(is_active=True) & (
        models.Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
        | models.Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label))


WORK_HOOKS = "maintenance.services.work"  # the workflow's start/pause/finish hooks, by path: models import no service


def _mine_or_manager(ticket, user) -> str | None:
    if ticket.assigned_to_id in (None, user.pk) or user.has_perm(MANAGE):
        return None
    return str(_("This ticket is assigned to %(name)s.") % {
        "name": ticket.assigned_to.get_full_name() or ticket.assigned_to.get_username()})


def _before_verify(ticket, user, fields) -> None:
    ticket.verified_by = user
    ticket.verified_at = timezone.now()


def _before_reopen(ticket, user, fields) -> None:
    ticket.finished_at = None


def _escalation_audience(ticket) -> Audience:
    users = [ticket.assigned_to] if ticket.assigned_to_id else []
    return Audience(users=users, permissions=[MANAGE])


def _remaining_levels(ticket, target_hours, label) -> list[EscalationLevel]:
    """One level at the SLA target, measured from the opening although the clock counts from this stay's start."""
    if target_hours is None:
        return []
    spent = Ticket.workflow.elapsed(ticket, ticket.opened_at, ticket.state_entered_at)  # working time
    left = max(dt.timedelta(hours=float(target_hours)) - spent, dt.timedelta(0))
    return [EscalationLevel(left, notify=_escalation_audience, label=label, level="critical")]


def _response_levels(ticket) -> list[EscalationLevel]:
    if ticket.responded_at or ticket.response_breached_at:
        return []
    return _remaining_levels(ticket, ticket.priority.response_hours, _("response SLA"))


def _resolution_levels(ticket) -> list[EscalationLevel]:
    if ticket.sla_breached_at:  # escalated once: a later stay of the same ticket does not notify again
        return []
    return _remaining_levels(ticket, ticket.priority.resolution_hours, _("resolution SLA"))


def _mark_response_breach(ticket, index, level) -> None:
    Ticket.objects.filter(pk=ticket.pk, response_breached_at__isnull=True).update(response_breached_at=timezone.now())


def _mark_resolution_breach(ticket, index, level) -> None:
    Ticket.objects.filter(pk=ticket.pk, sla_breached_at__isnull=True).update(sla_breached_at=timezone.now())


class Ticket(WorkflowMixin, models.Model):
    """A maintenance ticket (work order) for a machine, or a line when the machine is not known yet."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        ON_HOLD = "on_hold", _("On hold")
        DONE = "done", _("Done")
        VERIFIED = "verified", _("Verified")
        CANCELLED = "cancelled", pgettext_lazy("maintenance ticket", "Cancelled")

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Reported")
        DOWNTIME = "downtime", _("Downtime stop")
        PLAN = "plan", _("Preventive plan")

    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="maintenance_tickets",
                             verbose_name=_("line"))
    machine = models.ForeignKey(Machine, models.PROTECT, null=True, blank=True, related_name="maintenance_tickets",
                                verbose_name=_("machine"))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.CORRECTIVE)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    priority = models.ForeignKey(Priority, models.PROTECT, related_name="tickets", verbose_name=_("priority"))
    problem = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=4000)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reported by"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="maintenance_tickets", verbose_name=_("technician"),
                                    limit_choices_to=technician_q)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    responded_at = models.DateTimeField(_("work started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("verified by"))
    # Due moments computed once at opening from the priority's targets and the plant's working time.
    response_due = models.DateTimeField(_("response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    response_breached_at = models.DateTimeField(_("response SLA missed at"), null=True, blank=True)
    sla_breached_at = models.DateTimeField(_("resolution SLA missed at"), null=True, blank=True)
    hold_reason = models.CharField(pgettext_lazy("maintenance ticket", "reason for the hold"), max_length=300,
                                   blank=True)
    resolution = models.TextField(_("what was done"), blank=True, max_length=4000)
    reopen_reason = models.CharField(_("reason to reopen"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("reason to cancel"), max_length=300, blank=True)
    labour_minutes = models.PositiveIntegerField(_("labour (minutes)"), default=0)
    repair_minutes = models.PositiveIntegerField(
        _("repair time (minutes)"), null=True, blank=True,
        help_text=_("Wall-clock time from opening to finishing, stored at the finish for MTTR."))
    plan = models.ForeignKey(PreventivePlan, models.PROTECT, null=True, blank=True, related_name="tickets",
                             verbose_name=_("preventive plan"))
    slot = models.CharField(_("due slot"), max_length=60, blank=True,
                            help_text=_("Which due date or meter reading of the plan opened this ticket."))
    # The reporter's key (the core receiver keeps the key itself); unique per reporter, never across users.
    idempotency_key = models.UUIDField(_("idempotency key"), null=True, blank=True, editable=False)

    workflow = Workflow(
        transitions=[
            Transition("assign", _("Assign"), sources=("open", "assigned", "on_hold"), target="assigned",
                       permission=MANAGE, fields=("assigned_to",), style="secondary"),
            Transition("start", pgettext_lazy("maintenance action", "Start"), sources=("open", "assigned", "on_hold"),
                       target="in_progress",
                       permission=WORK, allowed=_mine_or_manager, before=f"{WORK_HOOKS}.start_hook", style="success"),
            Transition("pause", _("Pause"), sources=("in_progress",), target="on_hold", permission=WORK,
                       allowed=_mine_or_manager, fields=("hold_reason",), before=f"{WORK_HOOKS}.pause_hook",
                       style="warning"),
            Transition("finish", _("Finish"), sources=("in_progress",), target="done", permission=WORK,
                       allowed=_mine_or_manager, fields=("resolution",), before=f"{WORK_HOOKS}.finish_hook",
                       style="primary"),
            Transition("verify", _("Verify"), sources=("done",), target="verified", permission=MANAGE,
                       before=_before_verify, style="success"),
            Transition("reopen", _("Reopen"), sources=("done",), target="assigned", permission=MANAGE,
                       fields=("reopen_reason",), before=_before_reopen, style="warning"),
            Transition("cancel", _("Cancel"), sources=("open", "assigned", "on_hold"), target="cancelled",
                       permission=MANAGE, fields=("cancel_reason",), style="danger"),
        ],
        escalations=[
            EscalationRule("maintenance-response", states=RESPONSE_STATES, levels=_response_levels,
                           on_escalate=_mark_response_breach),
            EscalationRule("maintenance-resolution", states=OPEN_STATES, levels=_resolution_levels,
                           on_escalate=_mark_resolution_breach),
        ],
        clock="maintenance.services.sla.ticket_working_time",  # SLA clocks count working time only
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        permissions = [
            ("report_ticket", "Report a maintenance ticket"),
            ("work_tickets", "Work maintenance tickets (technician)"),
            ("manage_tickets", "Assign, verify and cancel maintenance tickets"),
            ("view_maintenance", "View maintenance tickets, history and dashboards"),
        ]
        constraints = [
            # one ticket per plan and due slot: the periodic task may run twice (or twice at once)
            models.UniqueConstraint(fields=["plan", "slot"], condition=models.Q(plan__isnull=False),
                                    name="uniq_maintenance_plan_slot"),
            # stops of a flagged downtime category never open a second ticket while one is open for the line
            models.UniqueConstraint(fields=["line"],
                                    condition=models.Q(source="downtime", state__in=OPEN_STATES),
                                    name="uniq_open_downtime_ticket_per_line"),
            # another user may legitimately send the same key: a key is the reporter's own
            models.UniqueConstraint(fields=["reported_by", "idempotency_key"],
                                    condition=models.Q(idempotency_key__isnull=False),
                                    name="uniq_maintenance_report_key_per_user"),
        ]
        indexes = [
            models.Index(fields=["machine", "kind", "opened_at"], name="maint_ticket_machine_kind"),
            models.Index(fields=["state", "line"], name="maint_ticket_state_line"),
            models.Index(fields=["assigned_to", "state"], name="maint_ticket_assignee"),
        ]
        verbose_name = _("maintenance ticket")
        verbose_name_plural = _("maintenance tickets")

    def __str__(self) -> str:
        return f"MT-{self.pk} {self.problem}"

    def get_absolute_url(self) -> str:
        return reverse("maintenance:ticket", args=[self.pk])

    @property
    def facility(self):
        return self.line.facility

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def past_sla(self, now: dt.datetime | None = None) -> bool:
        """Past the resolution target: still open after the due moment, or finished after it."""
        if self.sla_breached_at or self.resolution_due is None:
            return bool(self.sla_breached_at)
        end = self.finished_at if self.finished_at else (now or timezone.now())
        return end > self.resolution_due


class LabourEntry(models.Model):
    """Time a technician worked on a ticket: a session from start to pause/finish, or minutes entered."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="labour", verbose_name=_("ticket"))
    technician = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("technician"))
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("labour entry")
        verbose_name_plural = _("labour entries")

    def __str__(self) -> str:
        return f"{self.technician} {self.minutes} min"


class PartUsed(models.Model):
    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="parts", verbose_name=_("ticket"))
    part_number = models.CharField(_("part"), max_length=40)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, default=Decimal(1),
                                   validators=[MinValueValidator(Decimal("0.01"))])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.part_number}"


class TicketPhoto(models.Model):
    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="photos", verbose_name=_("ticket"))
    image = models.ImageField(_("photo"), upload_to=upload_to("maintenance/photos"),
                              validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), validate_photo])
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class ChecklistItem(models.Model):
    """A step of a preventive ticket's checklist, ticked with who and when."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="checklist", verbose_name=_("ticket"))
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    text = models.CharField(_("step"), max_length=200)
    text_es = models.CharField(_("step (Spanish)"), max_length=200, blank=True, default="")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("done by"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class DowntimeLink(models.Model):
    """A downtime stop of a flagged category and the ticket it opened or joined (a stop belongs to one ticket)."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="downtime_links", verbose_name=_("ticket"))
    event = models.OneToOneField("downtime.DowntimeEvent", models.CASCADE, related_name="maintenance_link",
                                 verbose_name=_("downtime event"))
    opened_ticket = models.BooleanField(_("opened the ticket"), default=False)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        ordering = ["linked_at", "pk"]
        verbose_name = _("downtime link")
        verbose_name_plural = _("downtime links")

    def __str__(self) -> str:
        return f"{self.ticket} ← {self.event}"
