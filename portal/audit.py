"""Audit trail registration: each app declares, on its AppConfig, which models are audited and which are exempt.

    class DowntimeConfig(AppConfig):
        audited = ({"model": "downtime.downtimeevent"}, {"model": "downtime.category", "m2m_fields": {"notify_groups"}})
        audit_exempt = {"downtime.offlinereceipt": "idempotency keys of queued tablet posts, not business data"}

Entries take django-auditlog's register() options. The core's own models stay in settings
(AUDITLOG_INCLUDE_TRACKING_MODELS / AUDIT_EXEMPT_MODELS). portal/tests/test_audit.py fails for a model of a
domain app that is neither audited nor exempt with a reason.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings


def register_app_audits() -> None:
    for config in apps.get_app_configs():
        for entry in getattr(config, "audited", ()):
            options = dict(entry)
            model = apps.get_model(options.pop("model"))
            if not auditlog.contains(model):
                auditlog.register(model, **options)


def exempt_reason(label: str) -> str | None:
    """Why a model is not audited (``app.model`` label), or None."""
    reasons = dict(settings.AUDIT_EXEMPT_MODELS)
    for config in apps.get_app_configs():
        reasons.update(getattr(config, "audit_exempt", {}))
    return reasons.get(label)


def audit_acting_for(record, actor, owner, what: str) -> None:
    """Record that ``actor`` did ``what`` on ``owner``'s record (a lead ending an operator's run, an admin logging
    work on a technician's ticket): the audit trail names both, whatever the record's own change entry says."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        record, force_log=True, action=LogEntry.Action.UPDATE, changes={}, actor=actor,
        additional_data={"acting_for": getattr(owner, "username", str(owner)), "what": what})


def audit_decision(record, actor, what: str, **data) -> None:
    """Record a decision on ``record`` that its field changes alone do not show (a quality administrator charging
    on behalf of another department): the audit trail keeps who, what and the values that mattered."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        record, force_log=True, action=LogEntry.Action.UPDATE, changes={}, actor=actor,
        additional_data={"what": what, **{k: str(v) for k, v in data.items()}})
