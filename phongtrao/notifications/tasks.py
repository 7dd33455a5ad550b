"""Background work of notifications: the email copy of a notification (run by `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .enums import MAX_EMAIL_ATTEMPTS, EmailState
from .models import Notification

logger = logging.getLogger(__name__)


def absolute(url: str) -> str:
    """A link usable from a mail client: PHONGTRAO_SITE_URL (e.g. https://phongtrao.bca) + path."""
    if not url or "://" in url:
        return url
    return getattr(settings, "PHONGTRAO_SITE_URL", "").rstrip("/") + url


def compose(notification: Notification) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        brand = _("Phong Trào")
        subject = f"[{brand}] {notification.title}"
        parts = [notification.body.strip() or notification.title]
        if notification.url:
            parts.append(_("Open: %(url)s") % {"url": absolute(notification.url)})
        parts.append(
            "-- \n"
            + _("You receive this email because email notifications are on in your settings. Change them at %(url)s")
            % {"url": absolute(reverse("notifications:settings"))}
        )
    return EmailMessage(
        subject=" ".join(subject.split()),  # a subject is one line
        body="\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def send_email_now(notification_id: int) -> bool:
    """Send the email copy of one notification, once. True if sent by this call.

    The attempt is claimed first (attempts + 1 where attempts is still what was read), so two
    workers never send the same waiting email together. A failure is logged and kept on the row
    ("waiting", with the error); the nightly run retries it, up to MAX_EMAIL_ATTEMPTS.
    """
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.email_state != EmailState.PENDING:
        return False
    attempts = notification.email_attempts
    claimed = Notification.objects.filter(pk=notification.pk, email_state=EmailState.PENDING, email_attempts=attempts).update(
        email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return False
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.NONE)
        return False
    try:
        compose(notification).send()
    except Exception as exc:
        gave_up = attempts + 1 >= MAX_EMAIL_ATTEMPTS
        logger.exception(
            "Email of notification %s to %s failed (attempt %s%s)",
            notification.pk,
            recipient.email,
            attempts + 1,
            ", giving up" if gave_up else ", the nightly run will retry",
        )
        Notification.objects.filter(pk=notification.pk).update(
            email_error=f"{type(exc).__name__}: {exc}"[:2000],
            email_state=EmailState.FAILED if gave_up else EmailState.PENDING,
        )
        raise
    Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.SENT, emailed_at=timezone.now(), email_error="")
    return True


@task()
def send_notification_email(notification_id: int) -> bool:
    return send_email_now(notification_id)
