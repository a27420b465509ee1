"""Models of the Quality module. First slice: SOP failure tickets charged between departments (issue 12)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Department
from portal.workflow import Audience, EscalationLevel, EscalationRule, Transition, Workflow, WorkflowMixin


def _in_charged_department(ticket, user) -> str | None:
    if user.is_superuser or user.departments.filter(pk=ticket.charged_department_id).exists():
        return None
    return str(_("Only the charged department (%(dept)s) may answer this ticket.") % {
        "dept": ticket.charged_department})


def _heads(ticket) -> Audience:
    return Audience(users=list(ticket.charged_department.heads.all()))


class SopTicket(WorkflowMixin, models.Model):
    """One department charges another with an SOP failure; the charged department accepts or disputes it."""

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting response")
        ACCEPTED = "accepted", _("Accepted")
        DISPUTED = "disputed", _("Disputed")

    charging_department = models.ForeignKey(Department, models.PROTECT, related_name="+",
                                            verbose_name=_("charging department"))
    charged_department = models.ForeignKey(Department, models.PROTECT, related_name="+",
                                           verbose_name=_("charged department"))
    sop_reference = models.CharField(_("SOP reference"), max_length=50)
    description = models.TextField(_("description"))
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("raised by"))
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    workflow = Workflow(
        transitions=[
            Transition("accept", _("Accept"), sources=("open",), target="accepted", allowed=_in_charged_department,
                       style="success"),
            Transition("dispute", _("Dispute"), sources=("open",), target="disputed", allowed=_in_charged_department,
                       fields=("dispute_reason",), style="warning"),
        ],
        escalations=[EscalationRule("response", states=("open",), levels=[
            EscalationLevel(dt.timedelta(hours=24), notify=_heads, label=_("head of department")),
        ])],
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SOP ticket")
        verbose_name_plural = _("SOP tickets")

    def __str__(self) -> str:
        return f"SOP-{self.pk} {self.sop_reference}"
