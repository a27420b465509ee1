from django.db import models
from django.utils.translation import gettext_lazy as _


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class DeactivatableModel(models.Model):
    """Configuration that other records point at: deactivated when retired, never deleted (history stays whole)."""

    active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        abstract = True
