"""SOP tickets between departments: raising one (page and API alike) and who is told.

The charging department is the raiser's own department; only a quality administrator may charge on behalf of
another one, and that choice is audited. The charged department's members (who may accept or dispute) and its
heads are notified when the ticket is raised; a department without heads falls back to the quality
administrators, so a ticket or a dispute never reaches nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.audit import audit_decision
from portal.commands import Forbidden, Invalid
from portal.models import Department, User
from portal.roles import ADMINISTER_QUALITY

from ..audience import fallback_audience
from ..models import SopTicket

RAISED_KIND = "quality.ticket_raised"


def may_charge_for_others(user) -> bool:
    return user.is_superuser or user.has_perm(ADMINISTER_QUALITY)


def own_departments(user) -> QuerySet[Department]:
    return Department.objects.active().filter(users=user).order_by("name")


def charging_choices(user) -> QuerySet[Department]:
    """The departments ``user`` may charge on behalf of: their own; every active one for a quality administrator."""
    return Department.objects.active().order_by("name") if may_charge_for_others(user) else own_departments(user)


def responders(department: Department) -> list[User]:
    """Who is told about a ticket charged to ``department``: its active members (they may accept or dispute) and
    its heads."""
    members = User.objects.filter(is_active=True).filter(departments=department)
    heads = department.heads.filter(is_active=True)
    return list({*members, *heads})


def raise_ticket(user, data: Mapping[str, Any]) -> SopTicket:
    """Raise an SOP ticket as ``user``. ``data``: ``charged_department``, ``sop_reference``, ``description`` and
    optionally ``charging_department`` (the raiser's own when they have one; another one only for a quality
    administrator, audited). Refuses 403 for a department the raiser may not charge for, 400 otherwise."""
    charged = data.get("charged_department")
    charging = data.get("charging_department")
    own = list(own_departments(user))
    if charging is None:
        if len(own) != 1 and not (own and may_charge_for_others(user)):
            if not own:
                raise Forbidden(_("You are not in a department, so you cannot charge one. Ask an administrator to "
                                  "add you to yours."), field="charging_department")
            raise Invalid(_("Choose which of your departments is charging."), field="charging_department")
        charging = own[0]
    if charging not in own and not may_charge_for_others(user):
        raise Forbidden(_("You may charge only on behalf of your own department (%(own)s).") % {
            "own": ", ".join(d.name for d in own) or "—"}, field="charging_department")
    if not charging.active or charged is None or not charged.active:
        raise Invalid(_("Choose an active department."), field="charged_department" if charging.active
                      else "charging_department")
    if charging == charged:
        raise Invalid(_("A department cannot charge itself."), field="charged_department")
    sop_reference = (data.get("sop_reference") or "").strip()
    description = (data.get("description") or "").strip()
    errors = {name: _("This field is required.") for name, value in
              (("sop_reference", sop_reference), ("description", description)) if not value}
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        ticket = SopTicket.objects.create(charging_department=charging, charged_department=charged,
                                          sop_reference=sop_reference[:50], description=description,
                                          created_by=user)
        if charging not in own:
            audit_decision(ticket, user, "charged on behalf of another department",
                           charging_department=charging.name, raiser_departments=", ".join(d.name for d in own))
        notify_raised(ticket)
    return ticket


def notify_raised(ticket: SopTicket) -> None:
    from notifications import services as notifications

    notifications.raise_notification(
        RAISED_KIND, ticket, key="raised", url=ticket.get_absolute_url(), level="warning",
        title=_("%(ticket)s: %(charging)s charges %(charged)s (%(sop)s). Accept or dispute it.") % {
            "ticket": ticket, "charging": ticket.charging_department, "charged": ticket.charged_department,
            "sop": ticket.sop_reference},
        body=ticket.description[:500], **fallback_audience(responders(ticket.charged_department)))
