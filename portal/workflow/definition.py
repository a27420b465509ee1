"""Declaring a workflow: its transitions, who may take them, what they need filled, and when a stay escalates.

Plain data classes, read by portal/workflow/services.py (transitions) and portal/workflow/escalation.py (the one
periodic task). See docs/workflow.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string

# elapsed(record, since, until) -> time that counts. Wall clock by default; a module may count only working time.
Clock = Callable[[Any, dt.datetime, dt.datetime], dt.timedelta]


def wall_clock(record: Any, since: dt.datetime, until: dt.datetime) -> dt.timedelta:
    return until - since


def hook(value: Any) -> Any:
    """A workflow hook given as a callable or as the dotted path of one (``"laser.services.drafts.on_escalate"``),
    resolved when it is used: a model declares its workflow without importing its own services (no circle)."""
    return import_string(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Transition:
    """A named move from any of ``sources`` to ``target``.

    ``permission``: "app.codename" the user must hold (None: any user who may open the record).
    ``allowed(record, user)``: an extra rule (e.g. "only the charged department"); returns None when allowed, or
    the sentence telling the user why not.
    ``fields``: model fields that must be filled for this move (sent with it, or already on the record).
    ``before(record, user, fields)``: runs inside the locked transaction before saving (set owners, counters).
    ``after(record, user)``: runs inside it after saving (notify, open a linked record).
    ``warn(record)``: a sentence when the move is possible but unusual (material short), or None. The move then
    needs the user's confirmation (``apply_transition(..., confirmed=True)``); the panel asks for it, the
    timeline keeps the sentence, and ``on_confirmed(record, user, warning)`` runs in the transaction (record who
    accepted what).
    Hooks (``before``, ``after``, a rule's ``on_escalate``, the workflow's ``clock``) are callables or dotted paths.
    Escalation notifications are cleared by the workflow itself when a record moves on: no hook is needed for it.
    """

    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    permission: str | None = None
    fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    allowed: Callable[[Any, Any], str | None] | None = None
    before: Callable[[Any, Any, Mapping[str, Any]], None] | str | None = None
    after: Callable[[Any, Any], None] | str | None = None
    warn: Callable[[Any], str | None] | str | None = None
    on_confirmed: Callable[[Any, Any, str], None] | str | None = None
    style: str = "primary"  # the button's Bootstrap colour

    def __post_init__(self) -> None:
        if isinstance(self.sources, str):
            object.__setattr__(self, "sources", (self.sources,))


@dataclass(frozen=True)
class Audience:
    """Who an escalation level notifies (notifications/services.py's audience)."""

    users: Iterable = ()
    groups: Iterable[str] = ()
    permissions: Iterable[str] = ()

    def __bool__(self) -> bool:
        return bool(list(self.users) or list(self.groups) or list(self.permissions))


@dataclass(frozen=True)
class EscalationLevel:
    """After ``after`` in the state (as the workflow's clock counts it), notify ``notify(record)``."""

    after: dt.timedelta
    notify: Callable[[Any], Audience]
    label: str | Promise = ""
    level: str = "warning"  # notification level


@dataclass(frozen=True)
class EscalationRule:
    """"In one of ``states`` longer than T: notify X, then Y": ``levels`` in increasing ``after``.

    ``levels`` may be a callable(record) -> levels, for thresholds configured per record or in the admin.
    """

    code: str
    states: tuple[str, ...]
    levels: Sequence[EscalationLevel] | Callable[[Any], Sequence[EscalationLevel]]
    on_escalate: Callable[[Any, int, EscalationLevel], None] | str | None = None

    def levels_for(self, record: Any) -> list[EscalationLevel]:
        levels = self.levels(record) if callable(self.levels) else self.levels
        return sorted(levels, key=lambda lv: lv.after)


@dataclass(frozen=True)
class Workflow:
    """A model's workflow: ``state_field`` holds the state (a CharField with choices on the model)."""

    transitions: Sequence[Transition]
    state_field: str = "state"
    escalations: Sequence[EscalationRule] = ()
    clock: Clock | str = wall_clock
    # Which records a user may see (department scoping); the transition view 404s outside it.
    visible_to: Callable[[Any, Any], Any] | None = None
    by_name: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"Two transitions share a name: {names}")
        object.__setattr__(self, "by_name", {t.name: t for t in self.transitions})

    def transition(self, name: str) -> Transition | None:
        return self.by_name.get(name)

    def elapsed(self, record: Any, since: dt.datetime, until: dt.datetime) -> dt.timedelta:
        """Time in the state as this workflow's clock counts it (wall clock, or working time)."""
        return hook(self.clock)(record, since, until)
