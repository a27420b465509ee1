"""What part of the plant a user works in: the one place that scopes floor lines and querysets by the user.

Fail closed. A user's floor lines are the active lines of their active departments. Roles that act plant-wide
hold ``portal.work_all_lines`` (admins, technicians, inspectors) and work on every line of their departments'
facilities, or of every facility when they belong to no department. Anyone else without a department sees no
line: the page says so and tells them to ask an administrator (``NO_LINES_HINT``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.commands import Forbidden
from portal.models import ProductionLine
from portal.roles import ALL_LINES, VIEW_REPORTS

NO_LINES_HINT = _("You are not in a department with lines yet, so there is nothing to record here. Ask a portal "
                  "administrator to add you to your department (Admin → Users → Departments).")


def lines_for(user, facility=None, *, retired: bool = False) -> QuerySet[ProductionLine]:
    """Active lines of active facilities that ``user`` works on (none for an anonymous user). ``retired=True``
    keeps deactivated lines: work on an open record of a line retired since (a ticket to finish) stays allowed."""
    lines = ProductionLine.objects.select_related("facility")
    if not retired:
        lines = lines.active().filter(facility__active=True)
    if facility is not None:
        lines = lines.filter(facility=facility)
    if not (user and user.is_authenticated):
        return lines.none()
    departments = user.departments.filter(active=True)
    if user.has_perm(ALL_LINES):
        if departments.exists():
            return lines.filter(facility__lines__departments__in=departments).distinct()
        return lines
    return lines.filter(departments__in=departments).distinct()


def history_lines_for(user) -> QuerySet[ProductionLine]:
    """Lines whose records ``user`` may read, deactivated ones included: retiring a work center must not hide its
    history from the reports (the floor pages offer ``lines_for`` only).

    As on the floor, a department member reads their department's lines (plant-wide roles: their facilities').
    Without a department, office roles that read the plant's reports (``portal.view_reports``: planners, finance,
    schedulers) and plant-wide roles read every line; anyone else none."""
    lines = ProductionLine.objects.select_related("facility")
    if not (user and user.is_authenticated):
        return lines.none()
    departments = user.departments.all()
    if departments.exists():
        if user.has_perm(ALL_LINES):
            return lines.filter(facility__lines__departments__in=departments).distinct()
        return lines.filter(departments__in=departments).distinct()
    return lines if user.has_perm(ALL_LINES) or user.has_perm(VIEW_REPORTS) else lines.none()


def scope_to_lines(queryset: QuerySet, user, line_field: str = "line") -> QuerySet:
    """Limit any queryset with a line foreign key to the lines whose records the user may read."""
    return queryset.filter(**{f"{line_field}__in": history_lines_for(user)})


def require_line(user, line: ProductionLine, field: str = "line", *, retired: bool = False) -> None:
    """Refuse (403) a write on a line the user does not work on, or a deactivated one (unless ``retired``: the
    record being worked on was opened before its line was retired)."""
    if line is None or not lines_for(user, retired=retired).filter(pk=line.pk).exists():
        raise Forbidden(_("You do not work on line %(line)s: ask an administrator to add it to your department.")
                        % {"line": getattr(line, "code", "?")}, field=field)


def facilities_for(user) -> QuerySet:
    """Active facilities where ``user`` works on at least one line (a record of a facility, not of a line: a
    customer return)."""
    from portal.models import Facility

    return Facility.objects.filter(pk__in=lines_for(user).values("facility")).order_by("code")


def require_facility(user, facility, field: str = "facility") -> None:
    """Refuse (403) a write at a facility where the user works on no line."""
    if facility is None or not facilities_for(user).filter(pk=facility.pk).exists():
        raise Forbidden(_("You do not work at %(facility)s: ask an administrator to add its lines to your "
                          "department.") % {"facility": getattr(facility, "code", "?")}, field=field)


def require_owner(user, owner_id: int | None, *, act_for: str, message: str) -> bool:
    """Refuse (403) unless ``user`` is the record's owner or holds ``act_for`` (a lead acting for an operator).

    Returns True when ``user`` acted for someone else, so the caller can audit it (``audit_acting_for``).
    """
    if owner_id is not None and owner_id == user.pk:
        return False
    if user.has_perm(act_for):
        return True
    raise Forbidden(message)
