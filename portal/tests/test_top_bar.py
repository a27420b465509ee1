"""The top bar fits a desk screen whatever the role: a portal admin's fifteen modules ran 3,243 px wide at 1440 px
(the bell and the user menu off screen). The first five are inline, the rest under "More"."""

import re

import pytest

from portal.context_processors import NAV_INLINE
from portal.modules import modules_for


@pytest.mark.django_db
def test_a_portal_admin_gets_five_modules_inline_and_the_rest_under_more(client, role_user):
    admin = role_user("Production_Portal_Admin")
    modules = modules_for(admin)
    assert len(modules) > NAV_INLINE + 1
    client.force_login(admin)
    html = client.get("/reports/").content.decode()
    bar = html[html.index('id="mainNav"'):html.index("</nav>")]
    inline = re.findall(r'<a class="nav-link[^"]*"[^>]*href="([^"]+)"', bar)
    more = re.findall(r'<a class="dropdown-item[^"]*"[^>]*href="([^"]+)"', bar)
    module_urls = [m.url for m in modules]
    assert [u for u in inline if u in module_urls] == module_urls[:NAV_INLINE]
    assert [u for u in more if u in module_urls] == module_urls[NAV_INLINE:]  # every module still one tap away
    # the page's own module is marked, also when it sits under "More"
    page = client.get(modules[-1].url, follow=True)
    assert page.status_code == 200
    assert "dropdown-toggle active" in page.content.decode()


@pytest.mark.django_db
def test_an_operator_with_few_modules_has_no_more_menu(client, role_user):
    operator = role_user("DowntimeTracker_User")
    client.force_login(operator)
    modules = modules_for(operator)
    assert 0 < len(modules) <= NAV_INLINE + 1
    page = client.get(modules[0].url, follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{modules[0].url}"' in html
    assert "dropdown-toggle active" not in html and "bi-grid-3x3-gap" not in html
