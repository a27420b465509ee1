"""Who is in a department: the one service that changes it (the admin's department page; production admins hold
``portal.assign_departments`` for it, seed 002)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from portal.audit import audit_decision
from portal.models import Department, User


def assign_members(department: Department, users: Iterable[User], actor) -> tuple[list[User], list[User]]:
    """Make ``users`` exactly the members of ``department``; returns (added, removed) and audits the change on the
    department (each user's own audit trail records it as a change of their departments too)."""
    wanted = {user.pk: user for user in users}
    with transaction.atomic():
        current = {user.pk: user for user in department.users.all()}
        added = [wanted[pk] for pk in wanted.keys() - current.keys()]
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        for user in added:
            user.departments.add(department)
        for user in removed:
            user.departments.remove(department)
        if added or removed:
            audit_decision(department, actor, "members assigned",
                           added=", ".join(sorted(u.username for u in added)),
                           removed=", ".join(sorted(u.username for u in removed)))
    return added, removed
