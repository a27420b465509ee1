"""SOP failure tickets: one department charges another, which accepts or disputes within the response time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Department
from portal.roles import VIEW_QUALITY
from portal.workflow import EscalationRule, Transition, TransitionRefused, Workflow, WorkflowMixin

from .escalation import (
    DEFAULT_ACTION_LEVELS,
    DEFAULT_DISPUTE_LEVELS,
    DEFAULT_SOP_LEVELS,
    QUALITY_ADMIN_PERMISSION,
    configured_levels,
)


def _in_charged_department(ticket, user) -> str | None:
    if user.is_superuser or user.departments.filter(pk=ticket.charged_department_id).exists():
        return None
    return str(_("Only the charged department (%(dept)s) may answer this ticket.") % {
        "dept": ticket.charged_department})


def _may_reassign(ticket, user) -> str | None:
    if (_in_charged_department(ticket, user) is None or user.has_perm(QUALITY_ADMIN_PERMISSION)
            or ticket.charged_department.heads.filter(pk=user.pk).exists()):
        return None
    return str(_("Only the charged department, its heads or a quality administrator may reassign this ticket."))


def _head_of_either(ticket, user) -> str | None:
    if user.is_superuser or user.has_perm(QUALITY_ADMIN_PERMISSION) or Department.heads.through.objects.filter(
            user_id=user.pk, department_id__in=[ticket.charged_department_id, ticket.charging_department_id]
    ).exists():
        return None
    return str(_("Only a head of %(a)s or %(b)s (or a quality administrator) may decide a dispute.") % {
        "a": ticket.charging_department, "b": ticket.charged_department})


def _in_charging_department(ticket, user) -> str | None:
    if (user.is_superuser or user.has_perm(QUALITY_ADMIN_PERMISSION)
            or user.departments.filter(pk=ticket.charging_department_id).exists()):
        return None
    return str(_("Only the charging department (%(dept)s) or a quality administrator may close this ticket.") % {
        "dept": ticket.charging_department})


def _charged_heads(ticket):
    return ticket.charged_department.heads.all()


def _charging_heads(ticket):
    return ticket.charging_department.heads.all()


def _check_reassignment(ticket, user, fields) -> None:
    before = type(ticket)._default_manager.filter(pk=ticket.pk).values_list("charged_department_id", flat=True)[0]
    if ticket.charged_department_id == before:
        raise TransitionRefused(str(_("Choose another department to reassign the ticket to.")),
                                {"charged_department": str(_("Choose another department."))})
    if ticket.charged_department_id == ticket.charging_department_id:
        raise TransitionRefused(str(_("A department cannot charge itself.")),
                                {"charged_department": str(_("A department cannot charge itself."))})
    ticket._reassigned_from = Department.objects.get(pk=before)


def _note_reassignment(ticket, user) -> None:
    from portal.workflow import add_comment

    add_comment(ticket, user, str(_("Reassigned from %(old)s to %(new)s: %(why)s") % {
        "old": ticket._reassigned_from, "new": ticket.charged_department, "why": ticket.reassignment_justification}))


def _dispute_to_heads(ticket, user) -> None:
    """The heads of both departments decide a dispute; without any heads, the quality administrators do."""
    from notifications import services as notifications

    from ..audience import fallback_audience

    heads = list({*_charged_heads(ticket), *_charging_heads(ticket)})
    notifications.raise_notification(
        "quality.dispute", ticket, key="dispute", url=ticket.get_absolute_url(), level="warning",
        **fallback_audience(heads), title=str(_("%(ticket)s disputed by %(dept)s: %(reason)s") % {
            "ticket": ticket, "dept": ticket.charged_department, "reason": ticket.dispute_reason[:120]}))


def _sop_levels(ticket):
    return configured_levels("sop", ticket, offset=dt.timedelta(0), defaults=DEFAULT_SOP_LEVELS,
                             charged_heads=_charged_heads, other_heads=_charging_heads)


def _dispute_levels(ticket):
    return configured_levels("sop_dispute", ticket, offset=dt.timedelta(0), defaults=DEFAULT_DISPUTE_LEVELS,
                             charged_heads=_charged_heads, other_heads=_charging_heads)


def _action_levels(ticket):
    return configured_levels("sop_action", ticket, offset=dt.timedelta(0), defaults=DEFAULT_ACTION_LEVELS,
                             charged_heads=_charged_heads, other_heads=_charging_heads)


def _visible(queryset, user):
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser or user.has_perm(VIEW_QUALITY):
        return queryset
    departments = list(user.departments.values_list("pk", flat=True)) + list(
        Department.heads.through.objects.filter(user_id=user.pk).values_list("department_id", flat=True))
    return queryset.filter(Q(charged_department__in=departments) | Q(charging_department__in=departments)
                           | Q(created_by=user))


class SopTicket(WorkflowMixin, models.Model):
    """One department charges another with an SOP failure; the charged department accepts or disputes it."""

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting response")
        ACCEPTED = "accepted", _("Accepted")
        DISPUTED = "disputed", _("Disputed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    charging_department = models.ForeignKey(Department, models.PROTECT, related_name="+",
                                            verbose_name=_("charging department"))
    charged_department = models.ForeignKey(Department, models.PROTECT, related_name="+",
                                           verbose_name=_("charged department"))
    sop_reference = models.CharField(_("SOP reference"), max_length=50)
    description = models.TextField(_("description"))
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    reassignment_justification = models.TextField(_("reassignment justification"), blank=True)
    head_decision = models.TextField(_("decision of the heads of department"), blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("raised by"))
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    workflow = Workflow(
        transitions=[
            Transition("accept", _("Accept"), sources=("open",), target="accepted", allowed=_in_charged_department,
                       style="success"),
            Transition("dispute", _("Dispute"), sources=("open",), target="disputed", allowed=_in_charged_department,
                       fields=("dispute_reason",), style="warning", after=_dispute_to_heads),
            Transition("reassign", _("Reassign to another department"), sources=("open",), target="open",
                       allowed=_may_reassign, fields=("charged_department", "reassignment_justification"),
                       before=_check_reassignment, after=_note_reassignment, style="secondary"),
            Transition("uphold", _("Uphold the charge"), sources=("disputed",), target="accepted",
                       allowed=_head_of_either, fields=("head_decision",), style="danger"),
            Transition("withdraw", _("Withdraw the charge"), sources=("disputed",), target="withdrawn",
                       allowed=_head_of_either, fields=("head_decision",), style="secondary"),
            Transition("close", _("Close"), sources=("accepted",), target="closed", allowed=_in_charging_department,
                       optional_fields=("closing_note",), style="primary"),
        ],
        # every open state escalates: the response, the heads' decision of a dispute, the action of an accepted one
        escalations=[EscalationRule("response", states=("open",), levels=_sop_levels),
                     EscalationRule("dispute", states=("disputed",), levels=_dispute_levels),
                     EscalationRule("action", states=("accepted",), levels=_action_levels)],
        visible_to=_visible,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SOP ticket")
        verbose_name_plural = _("SOP tickets")
        permissions = [
            ("view_quality", _("See quality records, lists and the quality dashboard")),
            ("raise_ticket", _("Charge a department with an SOP failure")),
            ("record_reject", _("Record internal rejects")),
            ("review_reject", _("Approve, reject and close internal rejects")),
            ("manage_returns", _("Record and disposition customer returns")),
            ("manage_ncr", _("Open and work NCRs and CAPAs")),
            ("administer_quality", _("Quality administrator: decide disputes, close any ticket, escalations")),
        ]

    def __str__(self) -> str:
        return f"SOP-{self.pk} {self.sop_reference}"

    def get_absolute_url(self) -> str:
        return reverse("quality:ticket-detail", args=[self.pk])
