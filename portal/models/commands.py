from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommandKey(models.Model):
    """A floor write received with an idempotency key (portal/commands.py): stored with the write, in its
    transaction, so the key is spent exactly when the write happened.

    Keys are the writer's own: the same key from another user is another command and never finds this row. The
    fingerprint of what the command said tells a replay (same payload: the first outcome again) from a reused key
    (another payload: refused with 409).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    kind = models.CharField(_("command"), max_length=60)
    key = models.CharField(_("key"), max_length=100)
    fingerprint = models.CharField(_("payload fingerprint"), max_length=64)
    content_type = models.ForeignKey(ContentType, models.CASCADE, null=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="portal_commandkey_once")]
        verbose_name = _("received command")
        verbose_name_plural = _("received commands")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def record(self):
        if self.content_type_id is None or self.object_id is None:
            return None
        return self.content_type.model_class()._default_manager.filter(pk=self.object_id).first()
