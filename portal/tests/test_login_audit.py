"""Logins in the one audit log (issue 33 §8): sign-ins, sign-outs, failed sign-ins and sessions ended by a newer
login (single-session enforcement) are audit entries beside the business changes, found by its filters."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.testing.fixtures import PASSWORD
from portal.testing.ldap import sign_in

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("admin:auditlog_logentry_changelist")


def _logins():
    return sorted((e.additional_data["login"], e.additional_data["username"], e.actor.username if e.actor else None)
                  for e in LogEntry.objects.filter(additional_data__has_key="login").select_related("actor"))


def test_sign_in_sign_out_failure_and_forced_logout_are_in_the_audit_log_and_its_filters(role_user):
    operator = role_user(roles.DOWNTIME_USER)
    auditor = role_user(roles.DOWNTIME_ADMIN)  # admin panel + the audit log (oversight)
    tablet, phone = Client(), Client()
    assert sign_in(tablet, operator.username, "wrong password").status_code == 200
    assert sign_in(tablet, operator.username, PASSWORD).status_code == 302
    assert sign_in(phone, operator.username, PASSWORD).status_code == 302  # ends the tablet's session
    phone.post(reverse("logout"))
    assert _logins() == sorted([
        ("failed", operator.username, operator.username), ("success", operator.username, operator.username),
        ("ended", operator.username, operator.username), ("success", operator.username, operator.username),
        ("logout", operator.username, operator.username)])
    entry = LogEntry.objects.get(additional_data__login="failed")
    assert entry.action == LogEntry.Action.ACCESS and entry.remote_addr == "127.0.0.1"
    assert entry.changes_dict == {"outcome": ["", "failed"]}

    office = Client()
    office.force_login(auditor)  # a sign-in too
    page = office.get(AUDIT_LOG, {"login": "all"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 6
    html = page.content.decode()
    assert "sign-in" in html.lower() and "Ended by a newer login" in html  # the filter and its choices
    # One kind of event, one user (the audit log's actor filter)
    assert office.get(AUDIT_LOG, {"login": "ended"}).context["cl"].result_count == 1
    assert office.get(AUDIT_LOG, {"login": "failed", "actor": str(operator.pk)}).context["cl"].result_count == 1
    assert office.get(AUDIT_LOG, {"login": "success", "actor": str(auditor.pk)}).context["cl"].result_count == 1
    assert office.get(AUDIT_LOG, {"login": "success", "actor": str(operator.pk)}).context["cl"].result_count == 2
    # Beside the business changes, in the same list
    assert office.get(AUDIT_LOG).context["cl"].result_count >= 6


def test_a_lockout_relabels_the_audit_entry_of_the_failure(role_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = role_user(roles.DOWNTIME_USER)
    for _ in range(2):
        sign_in(Client(), user.username, "wrong password")
    assert [login for login, *_ in _logins()] == sorted(["failed", "locked"])
