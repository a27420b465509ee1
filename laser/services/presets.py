"""Machine-setting presets: a manager's edit saves a new version; older versions stay as the runs used them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from ..models import Preset

SETTINGS = ("power_w", "speed_mm_min", "gas", "pressure_bar", "nozzle_mm", "focus_mm", "notes")


def save_new_version(*, material_type: str, thickness_mm, values: dict, user) -> Preset:
    """Store the settings as the next version for the material and thickness (retried on a parallel save)."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                latest = Preset.objects.filter(material_type=material_type, thickness_mm=thickness_mm).aggregate(
                    v=Max("version"))["v"] or 0
                return Preset.objects.create(material_type=material_type, thickness_mm=thickness_mm,
                                             version=latest + 1, created_by=user,
                                             **{k: values[k] for k in SETTINGS if k in values})
        except IntegrityError:
            continue
    raise RuntimeError("could not store a new preset version after three attempts")
