"""What can be labelled, declared by the app that owns it (like reports and modules): the core prints labels and
never imports a domain app.

An app's ``AppConfig.label_kinds`` lists ``LabelKind``s (a code → label finder); ``AppConfig.label_sources`` lists
the portal lists whose filtered rows can be labelled (``LabelSource``). Finders and sources are dotted paths,
resolved when used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class LabelKind:
    key: str
    name: str
    finder: str  # dotted path: (codes: list[str]) -> (labels: list[Label], missing: list[str])
    order: int = 50

    def find(self, codes: list[str]):
        return import_string(self.finder)(codes)


@dataclass(frozen=True)
class LabelSource:
    """A portal list whose filtered rows can be labelled: the label kind, the list's own permission (a user gets
    labels only of rows they may list) and the codes of the filtered rows."""

    key: str  # the slug in /labels/from/<key>/
    kind: str
    permission: str
    codes: str  # dotted path: (request) -> queryset of codes (values_list flat), filtered as the list filters them

    @property
    def codes_for(self) -> Callable:
        return import_string(self.codes)


@cache
def label_kinds() -> dict[str, LabelKind]:
    found = [kind for config in apps.get_app_configs() for kind in getattr(config, "label_kinds", ())]
    return {kind.key: kind for kind in sorted(found, key=lambda kind: kind.order)}


@cache
def label_sources() -> dict[str, LabelSource]:
    return {source.key: source for config in apps.get_app_configs()
            for source in getattr(config, "label_sources", ())}


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.name) for kind in label_kinds().values()]
