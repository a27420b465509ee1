"""Derived figures that cannot be true, shown as such: one helper for every dashboard (OEE, andon, quality).

A share, a ratio or a factor such as OEE, availability, performance or quality lies between 0 and 100 %. One that
comes out above 100 % or below 0 is not a fact to paint green: it says an entry behind it is wrong (an implausible
quantity, a wrong ideal rate). ``fraction()`` marks it, and the one partial ``portal/partials/figure.html`` shows it
flagged "check data" with a link to the entries that cause it.
"""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 1e-9  # rounding of sums of minutes must not flag 100.0000001 %


@dataclass(frozen=True)
class Figure:
    """A fraction as a page shows it (0.83 is 83 %), ``impossible`` when outside its possible range."""

    value: float | None
    impossible: bool = False
    check_url: str = ""

    @property
    def percent(self) -> float | None:
        return None if self.value is None else round(self.value * 100, 1)

    def __str__(self) -> str:  # exports and plain text: the number as it is
        return "" if self.percent is None else f"{self.percent:g}"


def fraction(value: float | None, *, check_url: str = "", most: float = 1.0, least: float = 0.0) -> Figure:
    """``value`` (a fraction) flagged when it is above ``most`` or below ``least``."""
    if value is None:
        return Figure(None)
    impossible = value > most + TOLERANCE or value < least - TOLERANCE
    return Figure(float(value), impossible, check_url if impossible else "")


def impossible(value: float | None, *, most: float = 1.0, least: float = 0.0) -> bool:
    return fraction(value, most=most, least=least).impossible
