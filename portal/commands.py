"""The one receiver of floor writes: every page, offline replay and API call that records something on the floor
(downtime stops, production movements and corrections, quality rejects, maintenance tickets and their work,
laser runs) passes through ``receive()``. docs/floor-writes.md tells the whole contract; in order:

1. **Who may write it.** Login and the capability are checked by the view (``capability_required`` /
   ``HasCapability``); the writer's scope (``portal.services.scoping``) and ownership of the record are checked
   by the ``authorize`` callable, before anything else, so a refused writer learns nothing about other writes.
2. **The idempotency key, scoped to the writer.** The same key from another user is another command; a replay
   with the same payload answers the first outcome (``created`` False); the same key with another payload is
   refused (409). Two copies arriving at once: the second waits on the key's unique index and answers the first.
3. **Validation and the service, in one transaction** with the key, so a key is spent exactly when the write
   happened. A ``django.core.exceptions.ValidationError`` from the service is refused as 400 with its fields.
4. **One refusal contract**: ``Refused`` and its kinds carry the HTTP status (400 invalid input, 403 not allowed,
   404 not visible, 409 state or key conflict), a sentence in the user's language and the field errors. The API's
   exception handler (portal/api/exceptions.py) and ``refusal_response`` for pages answer the same JSON body:
   ``{"detail": sentence, "code": kind, <field>: [messages]...}``.

SQLite (the embedded default) serialises writers: a write that waited longer than the busy timeout is retried
here a few times before it becomes an error, so parallel tablets never see a 500.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

# The one header the offline queue (static/portal/offline-queue.js) sends with every command it posts: the page
# answers JSON in the refusal contract instead of HTML.
REPLAY_HEADER = "HTTP_X_OFFLINE_REPLAY"
LOCK_RETRIES = 5

_receiving: ContextVar[str | None] = ContextVar("portal_receiving", default=None)
_serving: ContextVar[str | None] = ContextVar("portal_serving_request", default=None)


# --- Refusals ------------------------------------------------------------------------------------------------

class Refused(Exception):
    """A floor write that was not made. ``message`` is shown to the user as it is; ``errors`` name the fields."""

    status = 400
    code = "invalid"

    def __init__(self, message: Any = "", *, field: str | None = None, errors: Mapping[str, Any] | None = None,
                 code: str | None = None, extra: Mapping[str, Any] | None = None):
        self.errors: dict[str, list[str]] = {
            name: [str(m) for m in (value if isinstance(value, list | tuple) else [value])]
            for name, value in (errors or {}).items()}
        message = str(message) if message else " ".join(m for ms in self.errors.values() for m in ms)
        if field and field not in self.errors:
            self.errors[field] = [message]
        self.message = message
        self.field = field
        self.extra = dict(extra or {})
        if code:
            self.code = code
        super().__init__(message)

    def body(self) -> dict[str, Any]:
        return {**self.errors, **self.extra, "detail": self.message, "code": self.code}

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> Invalid:
        if hasattr(exc, "error_dict"):
            errors = {("non_field_errors" if name == "__all__" else name): messages
                      for name, messages in exc.message_dict.items()}
            return Invalid(errors=errors)
        return Invalid(" ".join(exc.messages))


class Invalid(Refused):
    """400: the input is wrong; the message (and the field errors) say what to fix."""


class Forbidden(Refused):
    """403: the writer may not do this (scope, ownership, capability)."""

    status = 403
    code = "forbidden"


class NotFound(Refused):
    """404: the record is not there or not visible to the writer."""

    status = 404
    code = "not_found"


class Conflict(Refused):
    """409: valid input that the record's state refuses (already ended, balance too low, closed ticket...)."""

    status = 409
    code = "conflict"


class KeyReused(Conflict):
    code = "key_reused"


class Busy(Refused):
    """503: the database stayed locked by another writer (a long import on SQLite) through every retry. Nothing
    was written; the offline queue keeps the command and sends it again."""

    status = 503
    code = "busy"


class NeedsConfirmation(Conflict):
    """409: valid but unusual; recorded only when sent again with each named confirmation flag set.

    ``warnings`` maps the flag (``confirm_long``, ``confirm_overlap``...) to the sentence that asks for it.
    """

    code = "needs_confirmation"

    def __init__(self, warnings: Mapping[str, Any], **kwargs):
        self.warnings = {flag: str(text) for flag, text in warnings.items()}
        super().__init__(" ".join(self.warnings.values()),
                         extra={"needs_confirmation": self.warnings, **kwargs.pop("extra", {})}, **kwargs)


# --- Receiving a command -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Received:
    record: Any
    created: bool  # False: a replay of a key this writer already used; ``record`` is what it wrote then

    @property
    def status(self) -> int:
        return 201 if self.created else 200


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "read") or hasattr(value, "chunks"):  # an uploaded file: the same photo may come smaller
        return None
    return value


def fingerprint(payload: Mapping[str, Any]) -> str:
    """What a command says, reduced to a hash: model instances by pk, times in ISO form, files left out."""
    plain = {k: v for k, v in _plain(payload).items() if v not in (None, "", [], {})}
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


def normalise_key(key: Any, field: str = "idempotency_key") -> str | None:
    text = str(key).strip() if key is not None else ""
    if len(text) > 100:
        raise Invalid(_("The entry key is too long (at most 100 characters)."), field=field)
    return text or None


def is_lock_timeout(exc: BaseException) -> bool:
    """A writer that waited too long for another (SQLite's busy timeout, a PostgreSQL deadlock victim)."""
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and any(
        words in text for words in ("database is locked", "database table is locked", "deadlock detected",
                                    "could not serialize access"))


def with_lock_retry(write: Callable[[], Any]) -> Any:
    """Run ``write`` (its own transaction), again after a short random pause when it lost a lock race. Only at the
    outermost level: inside a transaction a failed statement has already spoilt it."""
    for attempt in range(LOCK_RETRIES):
        try:
            return write()
        except OperationalError as exc:
            if connection.in_atomic_block or not is_lock_timeout(exc):
                raise
            if attempt == LOCK_RETRIES - 1:
                log.error("write gave up waiting for a lock after %s tries (%s)", LOCK_RETRIES, exc)
                raise Busy(_("The database is busy with another job; nothing was recorded. Try again in a "
                             "minute (a queued entry is sent again by itself).")) from exc
            log.warning("write waited too long for a lock, retrying (%s)", exc)
            time.sleep(0.05 * (attempt + 1) + random.random() * 0.1)  # noqa: S311 - jitter, not security
    raise AssertionError("unreachable")


def _replay(row, payload_print: str, key_field: str):
    if row.fingerprint != payload_print:
        raise KeyReused(_("This entry key was already used for a different entry at %(when)s; nothing was "
                          "recorded. Send it as a new entry.") % {"when": _local_time(row.created_at)},
                        field=key_field)
    record = row.record
    if record is None:
        raise Conflict(_("This entry was recorded before and has since been deleted."))
    return Received(record, created=False)


def _local_time(moment: dt.datetime) -> str:
    from portal.services.localtime import format_local

    return format_local(moment, None, "Y-m-d H:i")


def receive(kind: str, *, user, key: Any, payload: Mapping[str, Any], perform: Callable[[], Any],
            authorize: Callable[[], None] | None = None, key_field: str = "idempotency_key") -> Received:
    """Apply one floor write exactly once (see the module's docstring for the order of the checks).

    ``kind`` names the command (``"production.movement"``); ``payload`` is what the writer sent that matters for
    its meaning (compared on a replay); ``perform`` validates and writes, returning the record it wrote;
    ``authorize`` raises ``Forbidden``/``NotFound`` when the writer may not send this command at all;
    ``key_field`` names the field a reused key is reported on (``end_key``...).
    """
    if authorize is not None:
        authorize()
    key = normalise_key(key, key_field)
    payload_print = fingerprint(payload)
    keys = None if key is None else _keys(user, kind, key)

    def write() -> Received:
        if keys is not None and (row := keys.first()) is not None:
            return _replay(row, payload_print, key_field)
        try:
            with transaction.atomic():
                row = None
                if key is not None:
                    from portal.models import CommandKey

                    row = CommandKey.objects.create(user=user, kind=kind, key=key, fingerprint=payload_print)
                token = _receiving.set(kind)
                try:
                    record = perform()
                finally:
                    _receiving.reset(token)
                if row is not None and record is not None:
                    row.content_type = ContentType.objects.get_for_model(type(record))
                    row.object_id = record.pk
                    row.save(update_fields=["content_type", "object_id"])
                return Received(record, created=True)
        except IntegrityError:
            # The same key committed by a parallel copy since our first look (PostgreSQL made us wait for it).
            if keys is not None and (row := keys.first()) is not None:
                return _replay(row, payload_print, key_field)
            raise
        except ValidationError as exc:
            raise Refused.from_validation_error(exc) from None

    return with_lock_retry(write)


def _keys(user, kind: str, key: str):
    from portal.models import CommandKey

    return CommandKey.objects.filter(user=user, kind=kind, key=key)


def key_used(user, kind: str, key: Any):
    """The record this writer's ``key`` already wrote (a replay), or None: for pages that skip work on a replay."""
    key = normalise_key(key)
    row = _keys(user, kind, key).first() if key else None
    return row.record if row else None


# --- Answers -------------------------------------------------------------------------------------------------

def wants_json(request: HttpRequest) -> bool:
    """The offline queue's replay (its one header) or a client asking for JSON: answer in the refusal contract."""
    return bool(request.META.get(REPLAY_HEADER)) or "application/json" in request.headers.get("Accept", "")


def refusal_response(refused: Refused) -> JsonResponse:
    return JsonResponse(refused.body(), status=refused.status)


def form_refusal(form) -> Invalid:
    """The 400 of a page's invalid form, with its fields: the same refusal an API caller gets."""
    return Refused.from_validation_error(ValidationError(form.errors.as_data()))


def show_on_form(form, refused: Refused) -> None:
    """A refusal back on the page's form: each field error on its visible field (once), the rest, or the sentence
    of a refusal without fields, above the form next to the button."""
    for field, messages in refused.errors.items():
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        if field not in form.errors or not visible:
            form.add_error(field if visible else None, messages)
    if not refused.errors:
        form.add_error(None, refused.message)


# --- Every floor write through the receiver: the marker and the guard ----------------------------------------

def floor_write(*kinds: str):
    """Mark a view (function, class) or a viewset action as a floor write that goes through ``receive`` with the
    named command kinds; portal/tests/test_floor_writes.py fails for a writing view of a floor app without it."""

    def mark(view):
        view.floor_commands = kinds
        return view

    return mark


def guard_floor_records(*models_: type[models.Model]) -> None:
    """Creating one of ``models_`` while serving a page or API request outside ``receive`` is a programming error
    (a view that skipped the receiver's scope, key and refusal rules): refuse it loudly. The admin (configuration
    and corrections by admins), commands, tasks and the demo builder are not floor writes and are not guarded."""
    from django.db.models.signals import pre_save

    def check(sender, instance, raw=False, **kwargs):
        if raw or not instance._state.adding or _receiving.get() or not _serving.get():
            return
        raise RuntimeError(f"{sender._meta.label} created by {_serving.get()} outside portal.commands.receive")

    for model in models_:
        pre_save.connect(check, sender=model, dispatch_uid=f"floor-guard-{model._meta.label}", weak=False)


class FloorWriteGuardMiddleware:
    """Tells ``guard_floor_records`` that a page or API request (not the admin) is being served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            return self.get_response(request)
        token = _serving.set(request.path)
        try:
            return self.get_response(request)
        finally:
            _serving.reset(token)
