"""The old Production Portal's addresses, as its users bookmarked them (seed 000), each a permanent redirect to
its page here with the query string kept, refused as that page refuses (portal/moved.py).

Module apps are referred to by URL name only: the core imports none of them. With or without the trailing slash,
as people typed them.
"""

from django.urls import re_path

from .moved import moved_to
from .roles import (
    ADMIN_PANEL,
    CUSTOMER_ANALYSIS,
    MANAGE_PERMISSIONS,
    REPORT_DOWNTIME,
    SHORTAGE_REPORT,
    UPDATE_SCHEDULING,
    VIEW_BOM,
    VIEW_PO,
    VIEW_REPORTS,
    VIEW_SCHEDULING,
    VIEW_USERS,
)

# (old path, today's URL name, the permissions of today's page)
PAGES = [
    ("mrp/summary", "mrp:customer-summary", (UPDATE_SCHEDULING,)),
    ("mrp/buyer-view", "mrp:shortages", (SHORTAGE_REPORT,)),
    ("jobs/open-jobs", "erp:job-list", (VIEW_REPORTS,)),
    ("bom", "erp:bom-list", (VIEW_BOM,)),
    ("po", "erp:po-list", (VIEW_PO,)),
    ("sales/customer-analysis", "erp:customer-analysis", (CUSTOMER_ANALYSIS,)),
    ("reports/hub", "reports-hub", (VIEW_REPORTS,)),
    ("reports/downtime-summary", "downtime:summary", (VIEW_REPORTS,)),
    ("reports/shipment-forecast", "mrp:shipment-forecast", (VIEW_REPORTS,)),
    ("reports/coc", "coc:search", (VIEW_REPORTS,)),
    ("downtime", "downtime:entry", (REPORT_DOWNTIME,)),
    ("scheduling", "scheduling:grid", (VIEW_SCHEDULING,)),
    ("admin/users", "user-activity", (VIEW_USERS,)),
    ("admin/permissions", "admin:permissions", (ADMIN_PANEL, MANAGE_PERMISSIONS)),
]
# The old admin panel's sections: today's admin list of the model, refused as the admin refuses it.
ADMIN_PAGES = [
    ("admin/facilities", "portal.facility"),
    ("admin/lines", "portal.productionline"),
    ("admin/capacity", "portal.productioncapacity"),
    ("admin/categories", "downtime.category"),
    ("admin/shifts", "portal.shift"),
    ("admin/audit-log", "auditlog.logentry"),
]


def _name(old: str) -> str:
    return "old-" + old.replace("/", "-")


def _pattern(old: str, exact_slash: bool) -> str:
    # Today's page may live at the old path plus "/" (/downtime -> /downtime/): only the bare path is old then.
    return rf"^{old}$" if exact_slash else rf"^{old}/?$"


# Old paths that are today's path without its final slash: only the bare form redirects.
_BARE_ONLY = {"reports/coc", "downtime", "scheduling", "admin/permissions"}

urlpatterns = [
    re_path(_pattern(old, old in _BARE_ONLY), moved_to(name, *perms), name=_name(old)) for old, name, perms in PAGES
] + [
    re_path(_pattern(old, False), moved_to(f"admin:{model.replace('.', '_')}_changelist", admin_model=model),
            name=_name(old))
    for old, model in ADMIN_PAGES
]
