"""Moving a record through its workflow: the only way a state changes (docs/workflow.md).

``apply_transition`` locks the row (SELECT ... FOR UPDATE), re-reads it, and only then checks the source state,
the permission, the extra rule and the required fields, so of two people acting at once the second is checked
against what the first did and told so. The change, its timeline line and the audit entry commit together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from .definition import Transition, hook
from .signals import transitioned


class TransitionRefused(Exception):
    """A transition that may not happen now; ``message`` is for the user, ``field_errors`` maps field -> message.

    ``code`` names the kind of refusal as the portal's refusal contract does (portal/commands.py): "conflict" (the
    record's state), "forbidden" (who may take it) or "invalid" (its fields, an unknown action); the REST API
    answers 409, 403 or 400 with it (``as_refused``)."""

    def __init__(self, message: str, field_errors: Mapping[str, str] | None = None, code: str | None = None):
        self.message = message
        self.field_errors = dict(field_errors or {})
        self.code = code or ("invalid" if self.field_errors else "conflict")
        super().__init__(message)

    def as_refused(self):
        from portal.commands import Conflict, Forbidden, Invalid

        kind = {"forbidden": Forbidden, "invalid": Invalid}.get(self.code, Conflict)
        return kind(self.message, errors=self.field_errors or None)


class TransitionNeedsConfirmation(TransitionRefused):
    """A transition the user may take, but only after confirming ``message`` (its ``warn`` hook's sentence)."""


def _record_name(record: models.Model) -> str:
    return str(record._meta.verbose_name)


def _is_blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return not value
    return value is None


def refusal(record: models.Model, transition: Transition, user) -> str | None:
    """Why ``user`` may not take ``transition`` on ``record`` as it is now, or None. (Fields are checked later.)"""
    workflow = record.workflow
    state = getattr(record, workflow.state_field)
    if state not in transition.sources:
        last = record.timeline().filter(kind="transition").order_by("-at", "-pk").first()
        sources = get_text_list([record.state_label_of(s) for s in transition.sources], _("or"))
        params = {"action": transition.label, "record": _record_name(record), "state": record.state_label,
                  "sources": sources}
        if last is not None and last.to_state == state:
            params["who"] = str(last.user or _("the portal"))
            params["when"] = date_format(timezone.localtime(last.at), "SHORT_DATETIME_FORMAT")
            return _(
                "“%(action)s” is no longer possible: this %(record)s is now %(state)s (%(who)s, %(when)s). "
                "It is possible only while it is %(sources)s."
            ) % params
        return _("“%(action)s” is not possible: this %(record)s is %(state)s, and it is possible only while it is "
                 "%(sources)s.") % params
    if transition.permission and user is not None and not user.has_perm(transition.permission):
        return _("You may not “%(action)s” this %(record)s.") % {
            "action": transition.label, "record": _record_name(record)}
    if transition.allowed is not None:
        return transition.allowed(record, user)
    return None


def available_transitions(record: models.Model, user) -> list[Transition]:
    """The transitions ``user`` may take on ``record`` now (the buttons to show)."""
    return [t for t in record.workflow.transitions if refusal(record, t, user) is None]


def _record_timeline(record, **values) -> None:
    from portal.models import TimelineEntry

    ct = ContentType.objects.get_for_model(record, for_concrete_model=False)
    TimelineEntry.objects.create(content_type=ct, object_id=record.pk, **values)


@transaction.atomic
def apply_transition(record: models.Model, name: str, user, *, comment: str = "", confirmed: bool = False,
                     **fields: Any) -> models.Model:
    """Take transition ``name`` on ``record`` as ``user``, setting ``fields`` first. Returns the updated record.
    ``user`` None is the portal itself (a periodic task, e.g. a condition that went away): no permission is
    checked and the timeline line names no one.

    Raises ``TransitionRefused`` (nothing saved) when the transition is unknown, not possible from the current
    state (also when someone else moved the record a moment ago), not permitted, or a required field is blank;
    ``TransitionNeedsConfirmation`` when its ``warn`` hook has a warning and ``confirmed`` is not set (the warning
    is read on the locked row, so it is the one true now).
    """
    workflow = record.workflow
    transition = workflow.transition(name)
    if transition is None:
        raise TransitionRefused(_("“%(name)s” is not an action of a %(record)s.") % {
            "name": name, "record": _record_name(record)}, {"action": _("Unknown action.")}, code="invalid")
    unexpected = set(fields) - set(transition.fields) - set(transition.optional_fields)
    if unexpected:
        raise ValueError(f"{name}: fields not declared on the transition: {sorted(unexpected)}")
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
    reason = refusal(locked, transition, user)
    if reason:
        in_state = getattr(locked, workflow.state_field) in transition.sources
        raise TransitionRefused(reason, code="forbidden" if in_state else "conflict")
    for field_name, value in fields.items():
        setattr(locked, field_name, value.strip() if isinstance(value, str) else value)
    errors = {}
    for field_name in transition.fields:
        if _is_blank(getattr(locked, field_name, None)):
            try:
                label = locked._meta.get_field(field_name).verbose_name
            except FieldDoesNotExist:
                label = field_name
            errors[field_name] = _("%(field)s is required to “%(action)s”.") % {
                "field": str(label).capitalize(), "action": transition.label}
    if errors:
        raise TransitionRefused(" ".join(errors.values()), errors)
    warning = hook(transition.warn)(locked) if transition.warn is not None else None
    if warning and not confirmed:
        raise TransitionNeedsConfirmation(str(warning))
    if transition.before is not None:
        hook(transition.before)(locked, user, fields)
    if warning and transition.on_confirmed is not None:
        hook(transition.on_confirmed)(locked, user, str(warning))
    try:
        locked.clean_fields(exclude=[f.name for f in locked._meta.fields if f.name not in fields])
    except ValidationError as exc:
        field_errors = {k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()}
        raise TransitionRefused(" ".join(field_errors.values()), field_errors) from exc
    source = getattr(locked, workflow.state_field)
    now = timezone.now()
    setattr(locked, workflow.state_field, transition.target)
    locked.state_entered_at = now
    locked.save()
    text = comment.strip()
    if warning:  # what the user confirmed stays on the record's history
        text = "\n".join(filter(None, [_("Confirmed despite: %(warning)s") % {"warning": warning}, text]))
    _record_timeline(locked, kind="transition", transition=transition.name, from_state=source,
                     to_state=transition.target, text=text, user=user, at=now)
    # Every escalation of the stay that just ended is moot: listeners clear them (every level, every audience).
    transitioned.send(sender=type(locked), record=locked, transition=transition, source=source, user=user)
    if transition.after is not None:
        hook(transition.after)(locked, user)
    return locked


def add_comment(record: models.Model, user, text: str) -> None:
    """A comment on the record's timeline."""
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("Write a comment first."), {"text": _("This field is required.")})
    _record_timeline(record, kind="comment", text=text, user=user, at=timezone.now())


def record_escalation_line(record: models.Model, text: str, at) -> None:
    _record_timeline(record, kind="escalation", to_state=getattr(record, record.workflow.state_field), text=text,
                     at=at)
