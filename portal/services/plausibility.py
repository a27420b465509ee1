"""Plausible floor entries: one check for every quantity and every number a floor write carries.

A reject of 999,999,999 units or a mistyped order number spoils every dashboard that reads it. Each floor write's
service asks here, with the record's own context, before it writes (docs/floor-writes.md, "Plausible entries"):

* **Quantities** are whole numbers above 0 (``check_quantity``). The plausible limit comes from the record's own
  context, the most specific first: the order's or job's quantity, the line's capacity per shift
  (``line_capacity``), the item's stock; without any, ``PLAUSIBLE_QUANTITY_WITHOUT_CONTEXT``. Up to the limit
  plus ``PLAUSIBLE_MARGIN_PERCENT`` the entry is recorded; above it the writer confirms it with one more tap
  (``NeedsConfirmation``, flag ``confirm_quantity``); above ``IMPLAUSIBLE_FACTOR`` times the limit it is refused
  (``Invalid``): no plant moves ten times an order by accident.
* **Numbers the ERP or the plan must know** (an order, a job, a part: ``check_known``) are refused or confirmed as
  new with one tap, as the facility says (``Facility.unknown_numbers``); never created silently. When the ERP cannot
  be asked, the writer confirms.

Confirmations come as explicit flags (``confirm_quantity``...: the page's one more tap, the API's field of the same
name); ``Confirmations.audit`` records on the written record who confirmed what.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from portal.commands import Invalid, NeedsConfirmation

CONFIRM_QUANTITY = "confirm_quantity"
CONFIRM_NEW_ORDER = "confirm_new_order"
CONFIRM_NEW_JOB = "confirm_new_job"
CONFIRM_NEW_PART = "confirm_new_part"
FLAGS = (CONFIRM_QUANTITY, CONFIRM_NEW_ORDER, CONFIRM_NEW_JOB, CONFIRM_NEW_PART)


def margin_percent() -> int:
    return getattr(settings, "PLAUSIBLE_MARGIN_PERCENT", 10)


def refuse_factor() -> int:
    return getattr(settings, "IMPLAUSIBLE_FACTOR", 10)


def limit_without_context() -> int:
    return getattr(settings, "PLAUSIBLE_QUANTITY_WITHOUT_CONTEXT", 10_000)


@dataclass(frozen=True)
class Basis:
    """What the record's context says is plausible: ``limit`` units, because ``says`` ("order PO-1 is for 500")."""

    limit: int
    says: str


def _number(value) -> str:
    return f"{int(value):,}"


def order_basis(number: str, quantity) -> Basis | None:
    """The order's or job's quantity (None when unknown or 0)."""
    if not quantity or quantity <= 0:
        return None
    return Basis(int(quantity), _("order %(order)s is for %(qty)s") % {"order": number, "qty": _number(quantity)})


def stock_basis(part: str, on_hand) -> Basis | None:
    if not on_hand or on_hand <= 0:
        return None
    return Basis(int(on_hand), _("%(qty)s of %(part)s are in stock") % {"part": part, "qty": _number(on_hand)})


def line_capacity(line) -> Basis | None:
    """The line's largest capacity per shift (``ProductionCapacity``), None when none is set."""
    from portal.models import ProductionCapacity

    units = (ProductionCapacity.objects.filter(line=line, shift__active=True).order_by("-units_per_shift")
             .values_list("units_per_shift", flat=True).first())
    if not units:
        return None
    return Basis(units, _("line %(line)s makes at most %(qty)s per shift") % {"line": line.code,
                                                                               "qty": _number(units)})


def line_capacities(lines) -> dict[int, Basis]:
    """``line_capacity`` of many lines in one query: {line id: basis} (lines without a capacity left out)."""
    from django.db.models import Max

    from portal.models import ProductionCapacity

    codes = {line.pk: line.code for line in lines}
    rows = (ProductionCapacity.objects.filter(line_id__in=list(codes), shift__active=True).values("line_id")
            .annotate(units=Max("units_per_shift")).values_list("line_id", "units").order_by())
    return {line_id: Basis(units, _("line %(line)s makes at most %(qty)s per shift")
                           % {"line": codes[line_id], "qty": _number(units)}) for line_id, units in rows if units}


@dataclass
class Confirmations:
    """The confirmations a writer gave (flags set true) and the questions still open for this write."""

    given: frozenset[str] = frozenset()
    asked: dict[str, str] = field(default_factory=dict)
    confirmed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, data: Mapping[str, Any] | Iterable[str] | None) -> Confirmations:
        """From a payload's flags (``{"confirm_quantity": True}``, "on", "1"...) or an iterable of flag names."""
        if data is None:
            return cls()
        if isinstance(data, Mapping):
            return cls(frozenset(name for name, value in data.items()
                                 if name.startswith("confirm_") and _true(value)))
        return cls(frozenset(data))

    def ask(self, flag: str, question: str) -> None:
        if flag in self.given:
            self.confirmed[flag] = question
        else:
            self.asked[flag] = question

    def raise_open(self) -> None:
        """Refuse with every open question at once (409 ``needs_confirmation``): one tap confirms them all."""
        if self.asked:
            raise NeedsConfirmation(self.asked)

    def audit(self, record, actor) -> None:
        """Record on ``record``'s audit trail what ``actor`` confirmed (nothing when nothing was unusual)."""
        if not self.confirmed:
            return
        from auditlog.models import LogEntry

        LogEntry.objects.log_create(
            record, force_log=True, action=LogEntry.Action.UPDATE, changes={}, actor=actor,
            additional_data={"confirmed": dict(self.confirmed)})


def _true(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def plausible_limit(bases: Iterable[Basis | None]) -> Basis:
    """The most specific basis given (the first), or the portal's limit for a record without context."""
    for basis in bases:
        if basis is not None:
            return basis
    return Basis(limit_without_context(), _("that is more than is usually entered at once"))


def refused_above(bases: Iterable[Basis | None]) -> int:
    """The quantity above which an entry with this context is refused (and an older one is an outlier)."""
    return plausible_limit(bases).limit * (100 + margin_percent()) // 100 * refuse_factor()


def check_quantity(quantity, bases: Iterable[Basis | None], confirmations: Confirmations, *,
                   field: str = "quantity", noun: str = "") -> None:
    """Refuse a quantity that is not a whole number above 0 or far above the plausible limit (400 on ``field``);
    ask to confirm one above the limit (``confirm_quantity``)."""
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise Invalid(_("Enter a whole number above 0."), field=field)
    basis = plausible_limit(bases)
    allowed = basis.limit * (100 + margin_percent()) // 100
    if quantity <= allowed:
        return
    values = {"qty": _number(quantity), "noun": noun or _("units"), "basis": basis.says}
    if quantity > refused_above([basis]):
        raise Invalid(_("%(qty)s %(noun)s cannot be right: %(basis)s. Check the quantity.") % values, field=field)
    confirmations.ask(CONFIRM_QUANTITY, _("%(qty)s %(noun)s is more than expected: %(basis)s. Is it right?")
                      % values)


def check_known(known: bool | None, facility, confirmations: Confirmations, *, flag: str, field: str,
                what: str, number: str) -> None:
    """A number the ERP or the plan should know. ``known`` None: the ERP could not be asked (the writer confirms).
    Unknown: refused (400) or confirmed as new, as ``facility.unknown_numbers`` says."""
    if known:
        return
    values = {"what": what, "number": number}
    if known is None:
        confirmations.ask(flag, _("The ERP cannot be reached to check %(what)s %(number)s. Record it anyway?")
                          % values)
        return
    if getattr(facility, "unknown_numbers", "confirm") == "refuse":
        raise Invalid(_("%(what)s %(number)s is not known to the ERP or the plan: check it.") % values, field=field)
    confirmations.ask(flag, _("%(what)s %(number)s is not known to the ERP or the plan. Record it as new?") % values)
