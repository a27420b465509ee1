"""Where an upload waits between the import preview and its confirmation: the portal's database, per user.

django-import-export's default keeps it in the system temp folder under a name taken back from the confirmation
form, so anyone allowed to import could have any file there read and deleted. Here the name is a random token,
and reading or removing it needs the same user (set for the request by ``PortalImportMixin``) and the same model.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import secrets

from django.conf import settings
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

# The user of the import request being served; set by PortalImportMixin around the admin's import views.
current_importer: contextvars.ContextVar = contextvars.ContextVar("current_importer", default=None)


class PendingImportNotFound(LookupError):
    """No pending upload of this user and model under that token (someone else's, expired, or made up)."""


def expiry_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(minutes=settings.IMPORT_PENDING_MINUTES)


def pending_for(token: str, user, model: str):
    """The live pending upload ``token`` of ``user`` for ``model``, or None."""
    from portal.models import PendingImport

    if not token or user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        PendingImport.objects.filter(token=token, user=user, model=model, created_at__gte=expiry_cutoff())
        .only("pk", "token")
        .first()
    )


class PendingImportStorage(BaseStorage):
    """django-import-export temp storage backed by ``portal.PendingImport``; needs ``model_label``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.model_label: str = kwargs.get("model_label") or ""

    def _user(self):
        user = current_importer.get()
        if user is None or not user.is_authenticated:
            # Fail closed: an admin that does not use PortalImportMixin cannot import at all.
            raise PendingImportNotFound("imports must go through portal.imports.admin.PortalImportMixin")
        return user

    def save(self, data) -> None:
        from portal.models import PendingImport

        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        self.name = secrets.token_urlsafe(32)
        PendingImport.objects.create(token=self.name, user=self._user(), model=self.model_label, data=data,
                                     size=len(data))

    def read(self):
        from portal.models import PendingImport

        row = (
            PendingImport.objects.filter(
                token=self.name or "", user=self._user(), model=self.model_label, created_at__gte=expiry_cutoff()
            )
            .values_list("data", flat=True)
            .first()
        )
        if row is None:
            raise PendingImportNotFound(self.name)
        data = bytes(row)
        return data if "b" in (self.read_mode or "") else data.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        from portal.models import PendingImport

        PendingImport.objects.filter(token=self.name or "", user=self._user(), model=self.model_label).delete()


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete pending uploads older than IMPORT_PENDING_MINUTES; returns how many went."""
    from portal.models import PendingImport

    deleted, _ = PendingImport.objects.filter(created_at__lt=expiry_cutoff(now)).delete()
    return deleted
