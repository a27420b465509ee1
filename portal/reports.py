"""The reports hub's catalogue: apps declare their reports on their AppConfig; the hub lists those a user may open.

    class MrpConfig(AppConfig):
        reports = (Report("shortages", _("Purchasing shortage report"), "mrp:shortages", "cart-x", USE_MRP,
                          area=_("Materials"), description=_("...")),)

No edit of the hub is needed to add a report, and a user never sees a report they would get a 403 on.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.apps import apps

from .modules import reverse_or_empty


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    url_name: str
    icon: str
    permission: str
    area: str = ""
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse_or_empty(self.url_name)


def all_reports() -> list[Report]:
    found = [r for config in apps.get_app_configs() for r in getattr(config, "reports", ())]
    return sorted(found, key=lambda r: (r.order, str(r.area), str(r.title)))


def reports_for(user) -> list[tuple[str, list[Report]]]:
    """The user's reports grouped by area, in the declared order."""
    mine = [r for r in all_reports() if r.url and user.has_perm(r.permission)]
    mine.sort(key=lambda r: (str(r.area), r.order, str(r.title)))
    return [(area, list(items)) for area, items in groupby(mine, key=lambda r: str(r.area))]
