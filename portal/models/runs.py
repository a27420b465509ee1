"""The shape every background run of a computation shares (the MRP run, the cost roll-up run): who asked, when it
was asked, started and finished, its status and what went wrong. Each app adds its own trigger choices and figures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# A queued or running run that has not started or reported for this long lost its worker: it stops blocking.
STALE_AFTER = dt.timedelta(minutes=30)
ABANDONED = gettext_noop("Abandoned: the worker stopped reporting progress.")  # stored in English, shown translated


class BackgroundRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "QUEUED", _("Queued")
        RUNNING = "RUNNING", _("Running")
        DONE = "DONE", _("Done")
        FAILED = "FAILED", _("Failed")

    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """Queued or started longer than ``STALE_AFTER`` ago: its worker is gone."""
        return (self.started_at or self.created_at) < (now or timezone.now()) - STALE_AFTER
