"""Fixtures for the whole suite. Each module listed owns one kind of fixture."""

pytest_plugins = [
    "portal.testing.fixtures",  # users per role, plant data, clients
    "erp.testing",  # ERP tables in the test ERP database, demo rows
    "portal.testing.ldap",  # a real OpenLDAP slapd standing in for Active Directory
    "portal.testing.services",  # real PostgreSQL / Redis / Celery worker on loopback
    "portal.testing.browser",  # headless Chromium (Playwright) against the live server
]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a page served in Spanish (a user's preference) activates
    it for the thread, and the next test on that worker must not inherit it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
