"""The model side of a workflow: the time the record entered its current state, and its timeline."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkflowMixin(models.Model):
    """Mix into a model that declares ``workflow = Workflow(...)`` and a state CharField with choices.

    The state field is changed only by ``apply_transition`` (services.py); ``state_entered_at`` is the start of the
    current stay, which the escalation rules measure from.
    """

    state_entered_at = models.DateTimeField(_("in this state since"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True

    @property
    def state_value(self) -> str:
        return getattr(self, self.workflow.state_field)

    @property
    def state_label(self) -> str:
        return str(dict(self._meta.get_field(self.workflow.state_field).flatchoices).get(self.state_value, ""))

    def state_label_of(self, value: str) -> str:
        return str(dict(self._meta.get_field(self.workflow.state_field).flatchoices).get(value, value))

    def timeline(self):
        from portal.models import TimelineEntry

        ct = ContentType.objects.get_for_model(self, for_concrete_model=False)
        return TimelineEntry.objects.filter(content_type=ct, object_id=self.pk).select_related("user")
