"""Background work of the Notifications module: the email channel."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification
from .services import email_recipients

log = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    if url.startswith("/") and settings.NOTIFICATIONS_BASE_URL:
        return settings.NOTIFICATIONS_BASE_URL.rstrip("/") + url
    return url if url.startswith(("http://", "https://")) else ""


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=60, max_retries=5)
def send_notification_email(notification_id: int, raise_number: int) -> int:
    """Emails the audience of one raise of a notification. Returns the number of messages sent.

    Idempotent: the raise is claimed on the row (``emailed_raise``) in the same transaction as the sending, so a
    duplicate or retried task sends nothing, and a failed send leaves the claim free for the retry. A
    notification that was resolved or cleared before the task ran is not emailed any more.
    """
    with transaction.atomic():
        # No select_related here: PostgreSQL cannot lock the nullable side of an outer join.
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or not notification.is_open or notification.emailed_raise >= raise_number:
            return 0
        messages = []
        for user in email_recipients(notification):
            # Subject prefix and footer in each reader's own language; title and text are as raised.
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {"notification": notification, "user": user, "link": _absolute(notification.url)}
                subject = render_to_string("notifications/email/subject.txt", context).strip()
                body = render_to_string("notifications/email/body.txt", context)
            messages.append(EmailMessage(" ".join(subject.split()), body, to=[user.email]))
        if messages:
            get_connection().send_messages(messages)
        notification.emailed_raise = raise_number
        notification.save(update_fields=["emailed_raise"])
    log.info("Notification %s raise %s emailed to %d user(s)", notification_id, raise_number, len(messages))
    return len(messages)
