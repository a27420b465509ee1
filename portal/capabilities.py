"""The portal's capabilities (the matrix's columns) grouped per module, as the per-user override form shows them.

Each app declares its groups on its AppConfig (``capability_groups = (CapabilityGroup(...),)``). A custom permission
(a model's ``Meta.permissions``) that no group names still appears, under its app's name, so a new capability is
never missing from the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class CapabilityGroup:
    key: str
    title: str  # a lazy translation
    permissions: tuple[str, ...] = field(default_factory=tuple)  # "app_label.codename"
    order: int = 100


def _custom_permission_labels() -> list[str]:
    labels = []
    for model in apps.get_models(include_auto_created=False):
        for codename, _name in model._meta.permissions:
            labels.append(f"{model._meta.app_label}.{codename}")
    return labels


def capability_groups() -> list[tuple[str, list]]:
    """[(group title, [Permission, ...]), ...] in display order; permissions not yet in the database are skipped."""
    from django.contrib.auth.models import Permission

    declared = sorted((g for config in apps.get_app_configs() for g in getattr(config, "capability_groups", ())),
                      key=lambda g: (g.order, g.key))
    labels = [label for group in declared for label in group.permissions]
    named = set(labels)
    leftovers: dict[str, list[str]] = {}
    for label in _custom_permission_labels():
        if label not in named:
            leftovers.setdefault(label.split(".")[0], []).append(label)
    everything = labels + [label for group in leftovers.values() for label in group]
    perms = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")
             .filter(codename__in=[label.split(".", 1)[1] for label in everything])}
    result = [(group.title, [perms[p] for p in group.permissions if p in perms]) for group in declared]
    for app_label, group_labels in leftovers.items():
        result.append((apps.get_app_config(app_label).verbose_name, [perms[p] for p in group_labels if p in perms]))
    return [(title, members) for title, members in result if members]


def capability_labels() -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for _title, members in capability_groups() for p in members}
