"""The one periodic evaluation of every workflow's escalation rules (portal.tasks.evaluate_escalations).

For each record in a rule's states, the workflow's clock measures the time since ``state_entered_at``; every level
whose threshold is reached (elapsed >= after) and not sent yet for this stay is sent: an ``Escalation`` row (unique
per record, rule, level and stay), a timeline line and a notification, all in one transaction per step. A second
run, or two runs at once, find the row and send nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .definition import EscalationLevel, EscalationRule, Workflow, hook
from .mixins import WorkflowMixin
from .services import record_escalation_line
from .signals import ESCALATION_KIND, escalated

logger = logging.getLogger(__name__)
KIND = ESCALATION_KIND


def workflow_models() -> list[type]:
    return [m for m in apps.get_models()
            if issubclass(m, WorkflowMixin) and isinstance(getattr(m, "workflow", None), Workflow)]


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}


def _send(record, rule: EscalationRule, index: int, level: EscalationLevel, elapsed: dt.timedelta,
          now: dt.datetime) -> bool:
    from portal.models import Escalation

    ct = ContentType.objects.get_for_model(record, for_concrete_model=False)
    state = getattr(record, record.workflow.state_field)
    try:
        with transaction.atomic():
            Escalation.objects.create(content_type=ct, object_id=record.pk, rule=rule.code, level=index, state=state,
                                      state_entered_at=record.state_entered_at, escalated_at=now)
            title = _("%(record)s has been %(state)s for %(elapsed)s (escalation level %(level)s)") % {
                "record": str(record), "state": record.state_label, "elapsed": _duration(elapsed),
                "level": index}
            text = _("Escalation level %(level)s%(label)s: %(state)s for %(elapsed)s.") % {
                "level": index, "label": f" ({level.label})" if level.label else "",
                "state": record.state_label, "elapsed": _duration(elapsed)}
            record_escalation_line(record, text, now)
            audience = level.notify(record)
            url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
            if audience:  # the bell and the email: the notifications app listens (portal imports no module app)
                escalated.send(sender=type(record), record=record, key=f"{rule.code}:{index}", title=title, url=url,
                               level=level.level, audience=audience)
            if rule.on_escalate is not None:
                hook(rule.on_escalate)(record, index, level)
    except IntegrityError:
        return False  # another run sent this step a moment ago
    return True


def reached(elapsed: dt.timedelta, level: EscalationLevel) -> bool:
    """The escalation's rule: a level is due exactly at its threshold (elapsed >= after)."""
    return elapsed >= level.after


# A record is "near" its first level once it has used this share of the time (amber on a board, before the red).
NEAR_SHARE = 0.75


@dataclass(frozen=True)
class Standing:
    """Where a record stands against its rule's first level: how long it has been in its state by the workflow's
    clock, the level's threshold (None: the state does not escalate) and ``status`` ("none", "ok", "near", "past")."""

    elapsed: dt.timedelta
    limit: dt.timedelta | None
    status: str


def standing(record, levels: list[EscalationLevel] | None = None, *, rule: EscalationRule | None = None,
             now: dt.datetime | None = None) -> Standing:
    """``record`` against the first level of ``levels`` (default: those of ``rule``, or of its workflow's first
    rule): past when the escalation would send it (``reached``), near from ``NEAR_SHARE`` of the threshold. A page
    that shows many records passes ``levels`` it built from thresholds read once (no query per record)."""
    workflow: Workflow = record.workflow
    now = now or timezone.now()
    elapsed = workflow.elapsed(record, record.state_entered_at, now) if record.state_entered_at else dt.timedelta(0)
    if levels is None:
        rule = rule or (workflow.escalations[0] if workflow.escalations else None)
        levels = rule.levels_for(record) if rule else []
    levels = sorted(levels, key=lambda lv: lv.after)
    if not levels:
        return Standing(elapsed, None, "none")
    first = levels[0]
    if reached(elapsed, first):
        status = "past"
    elif elapsed >= first.after * NEAR_SHARE:
        status = "near"
    else:
        status = "ok"
    return Standing(elapsed, first.after, status)


def evaluate_escalations(now: dt.datetime | None = None) -> int:
    """Send every escalation step that is due at ``now``; returns how many were sent."""
    from portal.models import Escalation

    now = now or timezone.now()
    sent = 0
    for model in workflow_models():
        workflow: Workflow = model.workflow
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for rule in workflow.escalations:
            records = list(model._default_manager.filter(**{f"{workflow.state_field}__in": rule.states},
                                                         state_entered_at__lte=now))
            done = set(Escalation.objects.filter(
                content_type=ct, rule=rule.code, object_id__in=[r.pk for r in records]
            ).values_list("object_id", "level", "state_entered_at"))
            for record in records:
                levels = rule.levels_for(record)
                if not levels:
                    continue
                elapsed = workflow.elapsed(record, record.state_entered_at, now)
                for index, level in enumerate(levels, start=1):
                    if not reached(elapsed, level):
                        break
                    if (record.pk, index, record.state_entered_at) in done:
                        continue
                    sent += _send(record, rule, index, level, elapsed, now)
    if sent:
        logger.info("escalations sent: %s", sent)
    return sent
