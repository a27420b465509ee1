"""Meta-test: every URL of the URLconf, for anonymous users and for each role of the matrix.

A page is opened only by the roles whose permissions include what the view declares; a view that declares
nothing (and is not explicitly open to every signed-in user, or public) fails this test, so a new page cannot
ship unguarded.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from portal.roles import ADMIN_PANEL, ROLES
from portal.testing.urlwalk import admin_model_urls, walk

# Public by design (no login): sign-in, health check, translations catalogue.
# metrics: own bearer-token check (test_operations); service-worker: the same script for everyone, no data;
# andon: a board's own revocable link token (production tests).
PUBLIC = {"login", "healthz", "javascript-catalog", "metrics", "service-worker", "andon-board", "andon-panel"}
# Visiting these with a test user would end the session under test.
NOT_WALKED = {"logout"}
# drf-spectacular serves the schema/docs with IsAuthenticated (settings.SPECTACULAR_SETTINGS).
API_SIGNED_IN = {"api-schema", "api-docs"}

URLS = [u for u in walk() if not u.is_admin and u.name.split(":")[-1] not in NOT_WALKED]


def _short(url):
    return url.name.split(":")[-1]


def _required(url) -> tuple[str, ...] | None:
    """What the view declares: a tuple of permissions, () for any signed-in user, None when it declares nothing."""
    view = url.view_class or url.callback
    if getattr(view, "open_to_all_users", False) or getattr(url.callback, "open_to_all_users", False):
        return ()
    if url.is_api and _short(url) in API_SIGNED_IN:
        return ()
    perms = getattr(view, "permission_required", None) or getattr(view, "required_permission", None)
    perms = perms or getattr(url.callback, "required_permissions", None)
    if not perms:
        return None
    return (perms,) if isinstance(perms, str) else tuple(perms)


def _fetch(client, path):
    response = client.get(path)
    if response.status_code == 405:  # POST-only endpoints: the access check must still hold
        response = client.post(path)
    return response


def test_walk_finds_the_urlconf():
    names = {_short(u) for u in URLS}
    assert {"home", "healthz", "profile", "api-me", "api-schema"} <= names
    assert len(URLS) > 15


@pytest.mark.parametrize("url", URLS, ids=lambda u: u.path)
def test_every_view_declares_who_may_open_it(url):
    if _short(url) in PUBLIC:
        return
    assert _required(url) is not None, (
        f"{url.path} ({url.name}) declares no permission: use CapabilityRequiredMixin/capability_required, "
        "SignedInMixin/open_to_all_users, or required_permission on API views"
    )


@pytest.mark.django_db(databases=["default", "erp"])
@pytest.mark.parametrize("url", URLS, ids=lambda u: u.path)
def test_anonymous_users_are_sent_to_login(client, erp_data, url):
    response = _fetch(client, url.path)
    if _short(url) in PUBLIC:
        assert response.status_code not in (401, 403, 500)
    elif url.is_api:
        assert response.status_code in (401, 403), url.path
    else:
        assert response.status_code == 302, url.path
        assert response["Location"].startswith("/accounts/login/"), url.path


@pytest.mark.django_db(databases=["default", "erp"])
@pytest.mark.parametrize("role", [*sorted(ROLES), None], ids=lambda r: r or "no-role")
def test_each_role_gets_exactly_the_pages_the_matrix_allows(client, erp_data, role_user, user_without_role, role):
    user = role_user(role) if role else user_without_role
    user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    client.force_login(user)
    wrong = []
    for url in URLS:
        required = _required(url)
        if required is None or _short(url) in PUBLIC:
            continue
        allowed = user.has_perms(required)
        status = _fetch(client, url.path).status_code
        if allowed and status in (401, 403, 500):
            wrong.append(f"{url.path}: {role} should open it, got {status}")
        elif not allowed and status != 403:
            wrong.append(f"{url.path}: {role} must get 403, got {status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*sorted(ROLES), None], ids=lambda r: r or "no-role")
def test_admin_pages_follow_the_matrix(client, role_user, user_without_role, role):
    user = role_user(role) if role else user_without_role
    client.force_login(user)
    panel = ADMIN_PANEL in ROLES.get(role, set())
    index = client.get("/admin/")
    assert index.status_code == (200 if panel else 403)
    wrong = []
    for path, model, action in admin_model_urls():
        perm = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        if action == "view":
            allowed = panel and (user.has_perm(perm) or user.has_perm(perm.replace(".view_", ".change_")))
        else:
            allowed = panel and user.has_perm(perm)
        status = client.get(path).status_code
        if status != (200 if allowed else 403):
            wrong.append(f"{path}: {role} expected {200 if allowed else 403}, got {status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_anonymous_admin_is_sent_to_the_portal_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


@pytest.mark.django_db
def test_per_user_override_opens_a_page_the_role_lacks(client, role_user):
    """A DowntimeTracker_User normally has no admin panel; a per-user permission grants exactly that."""
    user = role_user("DowntimeTracker_User")
    client.force_login(user)
    assert client.get("/admin/").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="access_admin_panel"))
    assert client.get("/admin/").status_code == 200
