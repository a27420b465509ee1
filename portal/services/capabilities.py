"""Per-user capability overrides: grants beyond what the user's roles (AD groups) give."""

from __future__ import annotations

from auditlog.context import set_actor
from django.contrib.auth.models import Permission
from django.db import transaction

from portal.capabilities import capability_labels


def _label(perm: Permission) -> str:
    return f"{perm.content_type.app_label}.{perm.codename}"


def role_grants(user) -> dict[str, list[str]]:
    """capability label -> names of the user's groups (roles) granting it."""
    grants: dict[str, list[str]] = {}
    for group in user.groups.prefetch_related("permissions__content_type"):
        for perm in group.permissions.all():
            grants.setdefault(_label(perm), []).append(group.name)
    return grants


def user_overrides(user) -> set[str]:
    return {_label(p) for p in user.user_permissions.select_related("content_type")}


@transaction.atomic
def set_capability_overrides(user, wanted: set[str], actor) -> tuple[set[str], set[str]]:
    """Make ``user``'s own capability grants exactly ``wanted`` (capabilities their roles already give are not
    stored again). Other per-user permissions are left alone. The change is audited (auditlog records the m2m
    change of ``user_permissions``) with ``actor`` as its author. Returns (added, removed) labels."""
    capabilities = capability_labels()
    unknown = set(wanted) - capabilities
    if unknown:
        raise ValueError(f"not a capability: {', '.join(sorted(unknown))}")
    wanted = set(wanted) - set(role_grants(user))
    current = user_overrides(user) & capabilities
    added, removed = wanted - current, current - wanted
    by_label = {_label(p): p for p in Permission.objects.select_related("content_type")
                .filter(codename__in=[label.split(".", 1)[1] for label in added | removed])}
    with set_actor(actor):
        if removed:
            user.user_permissions.remove(*[by_label[label] for label in removed])
        if added:
            user.user_permissions.add(*[by_label[label] for label in added])
    if hasattr(user, "_perm_cache"):
        del user._perm_cache
    if hasattr(user, "_user_perm_cache"):
        del user._user_perm_cache
    return added, removed
