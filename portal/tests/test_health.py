"""/healthz: open to monitoring without a login, honest about each dependency, and it leaks nothing."""

import pytest
from django.conf import settings as django_settings

from portal.testing.services import free_port

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def test_answers_anonymous_users_with_json_when_all_is_well(client, settings, erp_data):
    settings.REDIS_URL = ""  # no broker: tasks run eagerly, which is healthy
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "portal_db": "ok", "erp_db": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]  # a cached "ok" would hide an outage


@pytest.mark.redis
def test_reports_a_reachable_broker_as_ok(client, settings, redis_server):
    settings.REDIS_URL = redis_server.url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_an_unreachable_broker_is_down_and_answers_503(client, settings, erp_data):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "portal_db": "ok", "erp_db": "ok", "broker": "down"}


def test_says_nothing_about_hosts_urls_or_credentials(client, settings):
    secret = "s3cret-Broker-Pw"
    settings.REDIS_URL = f"redis://:{secret}@127.0.0.1:{free_port()}/0"
    body = client.get("/healthz").content.decode()
    leaks = [secret, "redis://", "127.0.0.1", "password", "sqlite", "postgres"]
    leaks += [str(db.get(key)) for db in django_settings.DATABASES.values() for key in ("HOST", "USER", "PASSWORD")]
    leaks = [word for word in leaks if word and word != "None"]
    assert not [word for word in leaks if word.lower() in body.lower()], body
    assert set(client.get("/healthz").json()) == {"status", "portal_db", "erp_db", "broker"}


def test_an_erp_without_the_contract_views_is_down(client, settings, erp_data, monkeypatch):
    """A bare SELECT 1 succeeds on an empty SQLite file: the check must read a contract view."""
    from erp.models import Part

    settings.REDIS_URL = ""
    monkeypatch.setattr(Part._meta, "db_table", "erp_view_that_is_not_there")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["erp_db"] == "down"
