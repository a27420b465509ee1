"""The portal's own writer of what machines report: one user, ``machine-signals``, that can never sign in (no
usable password), works on every line and may complete a person's stop with the machine's times. Records it
writes say so ("recorded by machine-signals") and its keys keep each detected stop exactly once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from portal.roles import ALL_LINES

USERNAME = "machine-signals"


def _permission(codename: str) -> Permission:
    app_label, name = codename.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=name)


def machine_user(*extra_permissions: str):
    """The writer, created on first use, holding ``ALL_LINES`` and ``extra_permissions`` (codenames)."""
    User = get_user_model()  # noqa: N806
    user, created = User.objects.get_or_create(username=USERNAME, defaults={
        "first_name": "Machine signals", "is_active": True})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    wanted = {ALL_LINES, *extra_permissions}
    held = {f"{p.content_type.app_label}.{p.codename}" for p in user.user_permissions.select_related("content_type")}
    if wanted - held:
        user.user_permissions.add(*[_permission(codename) for codename in wanted - held])
        user = User.objects.get(pk=user.pk)  # a fresh permission cache
    return user
