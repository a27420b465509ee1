"""Per-user grid layout (hidden columns), stored on the server so it follows the user."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from scheduling.models import GridPreference


def hidden_columns(user) -> list[str]:
    preference = GridPreference.objects.filter(user=user).only("hidden_columns").first()
    return list(preference.hidden_columns) if preference else []


def save_hidden_columns(user, keys: Iterable[str], known: Iterable[str]) -> list[str]:
    """Store the columns ``user`` hides. Unknown keys are refused (ValueError), duplicates dropped, order kept."""
    known = list(known)
    if isinstance(keys, str):
        raise ValueError(_("Hidden columns must be a list of column names."))
    wanted: list[str] = []
    for key in keys:
        if not isinstance(key, str) or key not in known:
            raise ValueError(_("Unknown column “%(key)s”.") % {"key": str(key)[:40]})
        if key not in wanted:
            wanted.append(key)
    GridPreference.objects.update_or_create(user=user, defaults={"hidden_columns": wanted})
    return wanted
