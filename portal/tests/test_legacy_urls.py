"""The old portal's bookmarked addresses (issue 33 §3): each answers a permanent redirect to its page here, query
string kept, for a role that may open the page; a role that may not is refused exactly as the page refuses it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal import roles

pytestmark = pytest.mark.django_db(databases=["default", "erp"])

# Every path the issue lists, with today's page
OLD = {
    "/mrp/summary": "mrp:customer-summary", "/mrp/buyer-view": "mrp:shortages", "/jobs/open-jobs": "erp:job-list",
    "/bom/": "erp:bom-list", "/po/": "erp:po-list", "/sales/customer-analysis": "erp:customer-analysis",
    "/reports/hub": "reports-hub", "/reports/downtime-summary": "downtime:summary",
    "/reports/shipment-forecast": "mrp:shipment-forecast", "/reports/coc": "coc:search",
    "/downtime": "downtime:entry", "/scheduling": "scheduling:grid",
    "/admin/facilities": "admin:portal_facility_changelist", "/admin/lines": "admin:portal_productionline_changelist",
    "/admin/capacity": "admin:portal_productioncapacity_changelist",
    "/admin/categories": "admin:downtime_category_changelist", "/admin/shifts": "admin:portal_shift_changelist",
    "/admin/users": "user-activity", "/admin/permissions": "admin:permissions",
    "/admin/audit-log": "admin:auditlog_logentry_changelist",
}
ROLES = [roles.SCHEDULING_USER, roles.SCHEDULING_ADMIN, roles.DOWNTIME_USER, roles.DOWNTIME_ADMIN,
         roles.PORTAL_ADMIN, roles.FINANCE, roles.PRODUCTION_OPERATOR, None]


def test_every_old_path_redirects_for_who_may_open_its_page_and_is_refused_as_its_page_for_others(
        client, erp_data, role_user, user_without_role):
    opened, refused, wrong = set(), set(), []
    for role in ROLES:
        user = role_user(role) if role else user_without_role
        client.force_login(get_user_model().objects.get(pk=user.pk))
        for old, name in OLD.items():
            target = reverse(name)
            page = client.get(target).status_code
            response = client.get(old, {"facility": "2", "q": "a b"})
            if page == 403:
                refused.add(old)
                if response.status_code != 403:
                    wrong.append(f"{old} for {role}: the page refuses (403), the old path answered "
                                 f"{response.status_code}")
            else:
                opened.add(old)
                if response.status_code != 301 or response["Location"] != f"{target}?facility=2&q=a+b":
                    wrong.append(f"{old} for {role}: {response.status_code} {response.get('Location')}")
    assert not wrong, "\n".join(wrong)
    # Each path was seen both ways: allowed for some role, refused for another
    assert opened == set(OLD) and refused == set(OLD)


def test_with_or_without_the_final_slash_and_anonymous_users_sign_in_first(client, role_user):
    assert client.get("/mrp/buyer-view").status_code == 302  # sign-in first, as every page
    client.force_login(role_user(roles.SCHEDULING_USER))
    for old in ("/mrp/buyer-view", "/mrp/buyer-view/", "/bom", "/bom/"):
        assert client.get(old).status_code == 301, old
    # Today's pages are not shadowed by the old paths
    assert client.get("/downtime/").status_code in (200, 403)
    assert client.get("/reports/coc/").status_code == 200
