"""The optional email channel: queued after commit, once per raise, only to audience members with an address."""

import pytest
from celery.exceptions import Retry

from notifications import services
from notifications.models import Notification
from notifications.tasks import send_notification_email
from portal.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_on(settings):
    settings.NOTIFICATIONS_EMAIL_ENABLED = True
    settings.NOTIFICATIONS_BASE_URL = "https://portal.plant.local"
    return settings


def raise_downtime(facility, **kwargs):
    args = {"title": "Line 1 stopped", "body": "Jam at the press", "url": "/downtime/events/7/",
            "groups": ["DowntimeTracker_User"], "email": True, **kwargs}
    return services.raise_notification("downtime.notify", facility, **args)


def test_email_goes_out_once_after_commit(email_on, facility, operator, scheduler, outsider,
                                          django_capture_on_commit_callbacks, mailoutbox):
    no_address = UserFactory(username="noaddress", email="", roles=["DowntimeTracker_User"])
    with django_capture_on_commit_callbacks() as callbacks:
        n = raise_downtime(facility, users=[scheduler])
        assert mailoutbox == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()

    assert sorted(m.to[0] for m in mailoutbox) == sorted([operator.email, scheduler.email])
    assert no_address.email == "" and outsider.email not in {m.to[0] for m in mailoutbox}
    message = mailoutbox[0]
    assert message.subject == "Line 1 stopped"
    assert "Jam at the press" in message.body
    assert "https://portal.plant.local/downtime/events/7/" in message.body
    n.refresh_from_db()
    assert n.emailed_raise == 1

    # The same task delivered again (retry, duplicate) sends nothing.
    assert send_notification_email(n.pk, 1) == 0
    assert len(mailoutbox) == 2


def test_permission_holders_get_the_email(email_on, facility, scheduler, operator,
                                          django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        raise_downtime(facility, groups=[], permissions=["portal.view_scheduling"], level="warning")
    assert [m.to for m in mailoutbox] == [[scheduler.email]]
    assert mailoutbox[0].subject == "[Warning] Line 1 stopped"


def test_per_user_language_of_the_email_frame(email_on, facility, django_capture_on_commit_callbacks, mailoutbox):
    UserFactory(username="maria", language="es", roles=["DowntimeTracker_User"])
    with django_capture_on_commit_callbacks(execute=True):
        raise_downtime(facility)
    assert len(mailoutbox) == 1 and "Line 1 stopped" in mailoutbox[0].body


def test_repeat_raise_does_not_email_again_escalation_does(email_on, facility, operator,
                                                            django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        raise_downtime(facility)
    with django_capture_on_commit_callbacks(execute=True) as repeat:
        raise_downtime(facility, title="Line 1 still stopped")
    assert repeat == [] and len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        raise_downtime(facility, level="critical", title="Line 1 stopped for an hour")
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "[Critical] Line 1 stopped for an hour"


def test_no_email_when_the_channel_is_disabled(settings, facility, operator,
                                               django_capture_on_commit_callbacks, mailoutbox):
    settings.NOTIFICATIONS_EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        raise_downtime(facility)
    assert callbacks == [] and mailoutbox == []


def test_no_email_unless_asked(email_on, facility, operator, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        raise_downtime(facility, email=False)
    assert callbacks == [] and mailoutbox == []


def test_no_email_when_rolled_back(email_on, facility, operator, django_capture_on_commit_callbacks, mailoutbox):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        raise_downtime(facility)
        raise RuntimeError("the caller's transaction fails")
    assert callbacks == [] and mailoutbox == []
    assert not Notification.objects.exists()


def test_a_condition_cleared_before_the_task_runs_is_not_emailed(email_on, facility, operator,
                                                                 django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks() as callbacks:
        raise_downtime(facility)
    services.clear_condition("downtime.notify", facility)
    callbacks[0]()
    assert mailoutbox == []


def test_a_failing_mail_server_never_breaks_the_raising_request(email_on, facility, operator, monkeypatch,
                                                               django_capture_on_commit_callbacks, mailoutbox):
    """Eager Celery (no Redis): the send runs inside the on_commit callback; its failure is logged only."""
    from django.core.mail.backends.locmem import EmailBackend

    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: (_ for _ in ()).throw(OSError("down")))
    with django_capture_on_commit_callbacks(execute=True):
        n = raise_downtime(facility)
    n.refresh_from_db()
    assert n.emailed_raise == 0 and mailoutbox == []


def test_a_failed_send_leaves_the_raise_for_the_retry(email_on, facility, operator, monkeypatch,
                                                      django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks() as callbacks:
        n = raise_downtime(facility)
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: (_ for _ in ()).throw(OSError("down")))
    with pytest.raises(Retry):  # autoretry: the worker tries again later
        send_notification_email.apply(args=(n.pk, 1), throw=True)
    n.refresh_from_db()
    assert n.emailed_raise == 0
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    callbacks[0]()
    assert len(mailoutbox) == 1
