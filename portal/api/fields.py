"""REST fields for plant-local time (see portal/services/localtime.py and docs/time-zones.md).

Output: ``FacilityDateTimeField(zone="line.facility")`` writes ISO 8601 with the facility's own UTC offset
(``2026-03-09T14:05:00-04:00`` for Atlanta), so the wall-clock part is what the plant reads and the instant is
exact. Input: ``WallClockDateTimeField`` keeps a time without an offset as given, and ``localize_input`` reads it
in the facility's zone once the serializer knows the facility (a time with an offset is taken as it is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.lists.columns import resolve
from portal.services import localtime


@extend_schema_field(OpenApiTypes.DATETIME)
class FacilityDateTimeField(serializers.DateTimeField):
    """A read-only date-time in the zone of the facility its object belongs to (``zone``: dotted path from the
    object to the Facility or to a zone name; empty: the portal's zone)."""

    def __init__(self, *, zone: str = "", erp_facility: str = "", **kwargs):
        self.zone = zone
        self.erp_facility = erp_facility  # instead of ``zone``: dotted path to an ERP facility code (ERP rows)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        value = super().get_attribute(instance)
        if not isinstance(value, dt.datetime):
            return value
        if self.erp_facility:
            return localtime.to_local(value, localtime.erp_facility_zone(resolve(instance, self.erp_facility)))
        return localtime.to_local(value, resolve(instance, self.zone) if self.zone else None)

    def to_representation(self, value: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.isoformat()  # already in the facility's zone: keep its offset
        return super().to_representation(value)


@extend_schema_field(OpenApiTypes.DATETIME)
class WallClockDateTimeField(serializers.DateTimeField):
    """Input: ISO 8601 with an offset (an exact instant) or without one (the facility's wall-clock time, made
    aware by ``localize_input``). Never read in the server's zone."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        return value


def localize_input(attrs: dict, names: Iterable[str], source: localtime.Zoned) -> dict:
    """Make the naive ``names`` of validated ``attrs`` aware in the zone of ``source`` (400 for a skipped hour)."""
    errors = {}
    for name in names:
        value = attrs.get(name)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            try:
                attrs[name] = localtime.make_aware(value, source)
            except localtime.NonexistentLocalTime as skipped:
                errors[name] = skipped.message
    if errors:
        raise serializers.ValidationError(errors)
    return attrs
