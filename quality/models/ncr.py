"""NCRs (containment first; closing needs root cause, corrective and preventive actions) and their CAPAs (closed
only after someone other than the owner records the effectiveness check). Overdue NCRs escalate."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Facility
from portal.roles import MANAGE_NCR
from portal.workflow import EscalationRule, Transition, Workflow, WorkflowMixin

from .escalation import DEFAULT_NCR_LEVELS, configured_levels

MANAGE = MANAGE_NCR


# Days from opening to the due date by severity, when the NCR is opened without one (QUALITY_NCR_DUE_DAYS
# overrides them per plant).
DEFAULT_DUE_DAYS = {"critical": 1, "major": 7, "minor": 30}


def due_days(severity: str) -> int:
    return int({**DEFAULT_DUE_DAYS, **getattr(settings, "QUALITY_NCR_DUE_DAYS", {})}[severity])


def _department_heads(ncr):
    return ncr.department.heads.all()


def _ncr_levels(ncr):
    due = ncr.due_at or ncr.due_from_severity()
    return configured_levels("ncr", ncr, offset=due - ncr.state_entered_at, defaults=DEFAULT_NCR_LEVELS,
                             charged_heads=_department_heads)


def _no_open_capas(ncr, user) -> str | None:
    if ncr.capas.exclude(state=Capa.State.CLOSED).exists():
        return str(_("Close its CAPAs first (each needs its effectiveness check)."))
    return None


class Ncr(WorkflowMixin, models.Model):
    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    class State(models.TextChoices):
        OPEN = "open", _("Open: containment needed")
        CONTAINED = "contained", _("Contained: investigating")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("facility"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="+", verbose_name=_("department"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("owner"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MAJOR,
                                help_text=_("Sets the due date when none is given (critical 1 day, major 7, "
                                            "minor 30)."))
    due_at = models.DateTimeField(_("due"), null=True, blank=True,
                                  help_text=_("Empty: set from the severity."))
    sop_ticket = models.ForeignKey("quality.SopTicket", models.PROTECT, null=True, blank=True, related_name="ncrs",
                                   verbose_name=_("from SOP ticket"))
    reject = models.ForeignKey("quality.InternalReject", models.PROTECT, null=True, blank=True, related_name="ncrs",
                               verbose_name=_("from internal reject"))
    customer_return = models.ForeignKey("quality.CustomerReturn", models.PROTECT, null=True, blank=True,
                                        related_name="ncrs", verbose_name=_("from customer return"))
    containment_action = models.TextField(_("immediate containment action"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    preventive_action = models.TextField(_("preventive action"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("opened by"))
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)

    workflow = Workflow(
        transitions=[
            Transition("contain", _("Record containment"), sources=("open",), target="contained", permission=MANAGE,
                       fields=("containment_action",), style="warning"),
            Transition("close", _("Close NCR"), sources=("contained",), target="closed", permission=MANAGE,
                       fields=("root_cause", "corrective_action", "preventive_action"), allowed=_no_open_capas,
                       style="success"),
        ],
        escalations=[EscalationRule("overdue", states=("open", "contained"), levels=_ncr_levels)],
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("NCR")
        verbose_name_plural = _("NCRs")

    def __str__(self) -> str:
        return f"NCR-{self.pk} {self.title}"

    def save(self, *args, **kwargs):
        # every NCR has a due date, so every NCR escalates when overdue (from the page, the API or the admin)
        if self.due_at is None:
            self.due_at = self.due_from_severity()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("quality:ncr-detail", args=[self.pk])

    def due_from_severity(self) -> dt.datetime:
        return (self.created_at or timezone.now()) + dt.timedelta(days=due_days(self.severity))

    @property
    def source(self):
        return self.sop_ticket or self.reject or self.customer_return


def _owner_or_manager(capa, user) -> str | None:
    if user.pk == capa.owner_id or user.has_perm(MANAGE):
        return None
    return str(_("Only the CAPA's owner or an NCR manager may mark it implemented."))


def _not_the_owner(capa, user) -> str | None:
    if user.pk == capa.owner_id:
        return str(_("The effectiveness check must be recorded by someone other than the owner (%(owner)s).") % {
            "owner": capa.owner})
    return None


def _mark_checked(capa, user, fields) -> None:
    capa.checked_by = user
    capa.checked_at = timezone.now()


class Capa(WorkflowMixin, models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        IMPLEMENTED = "implemented", _("Implemented: effectiveness check due")
        CLOSED = "closed", _("Closed: effective")

    ncr = models.ForeignKey(Ncr, models.CASCADE, related_name="capas", verbose_name=_("NCR"))
    action = models.TextField(_("action"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    implementation_note = models.TextField(_("implementation note"), blank=True)
    effectiveness_check = models.TextField(_("effectiveness check"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    workflow = Workflow(transitions=[
        Transition("implement", _("Mark implemented"), sources=("open",), target="implemented",
                   allowed=_owner_or_manager, fields=("implementation_note",)),
        Transition("verify", _("Record effective"), sources=("implemented",), target="closed", permission=MANAGE,
                   allowed=_not_the_owner, fields=("effectiveness_check",), before=_mark_checked, style="success"),
        Transition("ineffective", _("Not effective: reopen"), sources=("implemented",), target="open",
                   permission=MANAGE, allowed=_not_the_owner, fields=("effectiveness_check",), style="danger"),
    ])

    class Meta:
        ordering = ["ncr", "pk"]
        verbose_name = _("CAPA")
        verbose_name_plural = _("CAPAs")

    def __str__(self) -> str:
        return f"CAPA-{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("quality:ncr-detail", args=[self.ncr_id]) + f"#capa-{self.pk}"
