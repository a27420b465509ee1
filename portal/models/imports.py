from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingImport(models.Model):
    """An uploaded import file kept between the preview (dry run) and the confirmation.

    Kept in the portal's own database, not the shared system temp folder: the confirmation names the upload by
    an unguessable token that is honoured only for the user who uploaded it and for the same model, and every
    web node of a cluster sees it. Expired rows are purged by ``portal.tasks.purge_pending_imports``.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    model = models.CharField(_("model"), max_length=100, help_text=_("app_label.model of the import."))
    data = models.BinaryField(_("data"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return f"{self.model} ({self.size} bytes)"
