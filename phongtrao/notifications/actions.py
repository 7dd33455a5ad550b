"""Every state change of notifications, and the API other apps call: `notify` and `notify_many`.

Notifications are created when the caller's transaction commits (an action that rolls back
notifies nobody), and their email copy is sent by a background task, so no request waits for
the mail server. A failed email stays "waiting" and is retried by the nightly run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.auditing import snapshot
from phongtrao.org.models import User

from .enums import MAX_EMAIL_ATTEMPTS, EmailState, OverdueRepeat
from .models import Notification, NotificationSettings, format_reminder_days, parse_reminder_days

logger = logging.getLogger(__name__)

CHUNK = 500
TITLE_MAX = 500
URL_MAX = 500
KEY_MAX = 200


@dataclass(frozen=True)
class Message:
    """One notification to be delivered to one person (what `notify_many` takes)."""

    recipient_id: int
    code: str
    title: str
    body: str = ""
    url: str = ""
    content_type_id: int | None = None
    object_id: int | None = None
    dedupe_key: str = ""


def _user_ids(recipients) -> list[int]:
    seen: dict[int, None] = {}
    for recipient in recipients:
        pk = recipient if isinstance(recipient, int) else getattr(recipient, "pk", None)
        if pk is not None:
            seen[pk] = None
    return list(seen)


def object_reference(obj) -> tuple[int | None, int | None]:
    """(content type id, object id) of a model instance, for Message; (None, None) without one."""
    if obj is None or not isinstance(obj.pk, int):
        return None, None
    return ContentType.objects.get_for_model(type(obj)).pk, obj.pk


def notify(*, recipients, code: str, title, body="", url: str = "", obj=None, dedupe_key: str | None = None) -> None:
    """Notify people (users or user ids) when the current transaction commits.

    `title` is a whole sentence (already translated), `url` a path inside the site. With a
    `dedupe_key`, a person who already has a notification with that key gets no second one.
    Inactive accounts are skipped. Email follows each person's settings.
    """
    content_type_id, object_id = object_reference(obj)
    messages = [
        Message(
            recipient_id=pk,
            code=code,
            title=str(title),
            body=str(body),
            url=url or "",
            content_type_id=content_type_id,
            object_id=object_id,
            dedupe_key=dedupe_key or "",
        )
        for pk in _user_ids(recipients)
    ]
    notify_many(messages)


def notify_many(messages: Iterable[Message]) -> None:
    """Deliver many messages (each with its own text) when the current transaction commits."""
    batch = list(messages)
    if batch:
        transaction.on_commit(partial(deliver, batch), robust=True)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _recipients(ids: list[int]) -> dict[int, bool]:
    """Active recipients -> whether they get email (an address, and email not turned off).
    One query per 500 people."""
    found: dict[int, bool] = {}
    for chunk in _chunks(ids):
        rows = User.objects.filter(pk__in=chunk, is_active=True).values_list("pk", "email", "notification_settings__email")
        for pk, email, wanted in rows:
            found[pk] = bool(email) and wanted is not False
    return found


def _already_sent(keys: list[str]) -> set[tuple[int, str]]:
    sent: set[tuple[int, str]] = set()
    for chunk in _chunks(keys):
        sent.update(Notification.objects.filter(dedupe_key__in=chunk).values_list("recipient_id", "dedupe_key"))
    return sent


def _insert(rows: list[Notification]) -> list[Notification]:
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows, batch_size=CHUNK)
    except IntegrityError:
        # Another run delivered some of the same keys meanwhile: insert one by one, skipping those.
        created = []
        for row in rows:
            row.pk = None
            row._state.adding = True
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(row)
        return created


def deliver(messages: list[Message]) -> list[Notification]:
    """Create the notifications now and queue their emails. Returns the ones created.

    A constant number of queries per 500 messages; messages whose (recipient, key) was already
    delivered are skipped, so running the same reminders twice notifies once.
    """
    unique: dict[tuple[int, str], Message] = {}
    plain: list[Message] = []
    for message in messages:
        if message.dedupe_key:
            unique.setdefault((message.recipient_id, message.dedupe_key[:KEY_MAX]), message)
        else:
            plain.append(message)
    people = _recipients(_user_ids(m.recipient_id for m in [*unique.values(), *plain]))
    sent = _already_sent(sorted({key for _pk, key in unique}))
    now = timezone.now()
    rows = []
    for (recipient_id, key), message in unique.items():
        if (recipient_id, key) not in sent:
            rows.append(_row(message, key, people, now))
    rows.extend(_row(message, "", people, now) for message in plain)
    created = _insert([row for row in rows if row is not None])
    queue_emails([row.pk for row in created if row.email_state == EmailState.PENDING])
    return created


def _row(message: Message, key: str, people: dict[int, bool], now) -> Notification | None:
    wants_email = people.get(message.recipient_id)
    if wants_email is None:  # unknown or inactive account
        return None
    return Notification(
        recipient_id=message.recipient_id,
        code=message.code[:100],
        title=message.title[:TITLE_MAX],
        body=message.body,
        url=message.url[:URL_MAX],
        content_type_id=message.content_type_id,
        object_id=message.object_id,
        dedupe_key=key,
        created_at=now,
        email_state=EmailState.PENDING if wants_email else EmailState.NONE,
    )


def queue_emails(notification_ids: list[int]) -> int:
    """Queue one email task per notification. A failure to queue is logged; the row stays
    "waiting" and `retry_unsent_emails` (the nightly run) queues it again."""
    from .tasks import send_notification_email

    queued = 0
    for pk in notification_ids:
        try:
            send_notification_email.enqueue(pk)
        except Exception:
            logger.exception("Could not queue the email of notification %s; the nightly run will retry it", pk)
        else:
            queued += 1
    return queued


def retry_unsent_emails(*, older_than_minutes: int = 10) -> int:
    """Queue again the emails still waiting (a failed send, a lost task). Fresh ones are left
    to the task already queued for them."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    waiting = Notification.objects.filter(
        email_state=EmailState.PENDING, created_at__lt=cutoff, email_attempts__lt=MAX_EMAIL_ATTEMPTS
    ).order_by("pk")
    return queue_emails(list(waiting.values_list("pk", flat=True)))


def prune_read_notifications(*, older_than_days: int = 365) -> int:
    """Delete notifications read more than a year ago (the nightly run). Their dedupe keys carry
    dates, so nothing deleted here can be sent again."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    deleted, _per_model = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted


def mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (not audited: it changes nothing but the inbox)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user) -> int:
    if not user.is_authenticated:
        raise PermissionDenied
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


SETTINGS_FIELDS = ("reminder_days", "overdue_repeat", "email", "daily_digest")


@transaction.atomic
def settings_update(
    *, actor, user, reminder_days: str, overdue_repeat: str, email: bool, daily_digest: bool
) -> NotificationSettings:
    """A person changes their own notification settings. Bad input changes nothing."""
    if not actor.is_authenticated or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied
    try:
        days = parse_reminder_days(reminder_days)
    except ValidationError as exc:
        raise ValidationError({"reminder_days": exc.messages}) from exc
    if overdue_repeat not in OverdueRepeat.values:
        raise ValidationError({"overdue_repeat": _("Choose how often to be reminded while an assignment is overdue.")})
    current = NotificationSettings.objects.select_for_update().filter(user=user).first()
    old = snapshot(current, SETTINGS_FIELDS) if current else None
    obj = current or NotificationSettings(user=user)
    obj.reminder_days = format_reminder_days(days)
    obj.overdue_repeat = overdue_repeat
    obj.email = bool(email)
    obj.daily_digest = bool(daily_digest)
    obj.save()
    new = snapshot(obj, SETTINGS_FIELDS)
    if old != new:
        auditing.record(actor=actor, obj=obj, code="notifications.settings.updated", unit=None, old=old, new=new)
    return obj
