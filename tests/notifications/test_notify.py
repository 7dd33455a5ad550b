"""The notify() API, delivery once per key, email by background task, and the settings rules."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from phongtrao.audit.models import AuditEntry
from phongtrao.notifications import actions
from phongtrao.notifications.enums import MAX_EMAIL_ATTEMPTS, EmailState, OverdueRepeat
from phongtrao.notifications.models import Notification, NotificationSettings
from phongtrao.notifications.queries import settings_for, unread_count

FAILING = {"default": {"BACKEND": "tests.notifications.failing_mail.FailingBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def emails(world):
    for user in (world.officer_a, world.leader_a, world.officer_b):
        user.email = f"{user.username}@congan.example"
        user.save(update_fields=["email"])
    return world


def _notify(recipients, key=None, title="Nhiệm vụ “Tổ chức Ngày hội” đến hạn ngày 04/05/2026"):
    actions.notify(recipients=recipients, code="test.event", title=title, body="Nội dung", url="/work/", dedupe_key=key)


# --- settings ---------------------------------------------------------------------------------


def test_defaults_without_a_row_and_reading_writes_nothing(world):
    current = settings_for(world.officer_a)
    assert (current.days, current.overdue_repeat, current.email, current.daily_digest) == (
        (5, 1),
        OverdueRepeat.DAILY,
        True,
        True,
    )
    assert current.pk is None
    assert not NotificationSettings.objects.exists()


@pytest.mark.parametrize("bad", ["5,x", "5;-1", "40", "1,2,3,4,5,6", "1.5"])
def test_bad_reminder_days_are_refused_and_nothing_is_saved(world, bad):
    with pytest.raises(ValidationError) as caught:
        actions.settings_update(
            actor=world.officer_a,
            user=world.officer_a,
            reminder_days=bad,
            overdue_repeat=OverdueRepeat.WEEKLY,
            email=False,
            daily_digest=False,
        )
    assert "reminder_days" in caught.value.message_dict
    assert not NotificationSettings.objects.exists()
    assert not AuditEntry.objects.filter(code="notifications.settings.updated").exists()


def test_bad_input_leaves_saved_settings_unchanged(world):
    saved = actions.settings_update(
        actor=world.officer_a, user=world.officer_a, reminder_days="3", overdue_repeat="never", email=True, daily_digest=True
    )
    with pytest.raises(ValidationError):
        actions.settings_update(
            actor=world.officer_a,
            user=world.officer_a,
            reminder_days="3,x",
            overdue_repeat="daily",
            email=False,
            daily_digest=False,
        )
    with pytest.raises(ValidationError):
        actions.settings_update(
            actor=world.officer_a,
            user=world.officer_a,
            reminder_days="2",
            overdue_repeat="hourly",
            email=False,
            daily_digest=False,
        )
    saved.refresh_from_db()
    assert (saved.reminder_days, saved.overdue_repeat, saved.email) == ("3", "never", True)


def test_reminder_days_are_normalised_and_the_change_audited(world):
    saved = actions.settings_update(
        actor=world.officer_a,
        user=world.officer_a,
        reminder_days=" 1, 5 ,5,0",
        overdue_repeat="weekly",
        email=False,
        daily_digest=True,
    )
    assert saved.reminder_days == "5,1,0"
    assert saved.days == (5, 1, 0)
    entry = AuditEntry.objects.get(code="notifications.settings.updated")
    assert entry.actor == world.officer_a
    assert entry.new["reminder_days"] == "5,1,0"
    # Saving the same values again records nothing new.
    actions.settings_update(
        actor=world.officer_a,
        user=world.officer_a,
        reminder_days="5,1,0",
        overdue_repeat="weekly",
        email=False,
        daily_digest=True,
    )
    assert AuditEntry.objects.filter(code="notifications.settings.updated").count() == 1


def test_nobody_changes_another_persons_settings(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.settings_update(
            actor=world.leader_a, user=world.officer_a, reminder_days="1", overdue_repeat="never", email=False, daily_digest=False
        )
    assert not NotificationSettings.objects.exists()


# --- notify -----------------------------------------------------------------------------------


def test_notify_creates_rows_on_commit_only(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a, world.leader_a.pk, world.officer_a])
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["leader_a", "officer_a"]
    assert unread_count(world.officer_a) == 1
    assert unread_count(world.officer_b) == 0


def test_a_rolled_back_action_notifies_nobody(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _notify([world.officer_a])
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()


def test_the_same_key_is_delivered_once(world, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            _notify([world.officer_a, world.leader_a], key="work.due.1.2026-05-04.1")
    assert Notification.objects.count() == 2
    # Without a key every event is its own notification.
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a])
        _notify([world.officer_a])
    assert Notification.objects.filter(recipient=world.officer_a).count() == 3


def test_inactive_accounts_get_nothing(world, django_capture_on_commit_callbacks):
    world.officer_a.is_active = False
    world.officer_a.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a, world.leader_a])
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["leader_a"]


def test_deliver_skips_keys_delivered_concurrently(world):
    """A row inserted by another run between the check and the insert is skipped, not an error."""
    message = actions.Message(recipient_id=world.officer_a.pk, code="x", title="Một", dedupe_key="k1")
    Notification.objects.create(recipient=world.officer_a, code="x", title="Một", dedupe_key="k1")
    created = actions._insert([Notification(recipient_id=world.officer_a.pk, code="x", title="Một", dedupe_key="k1")])
    assert created == []
    assert actions.deliver([message]) == []
    assert Notification.objects.count() == 1


# --- email ------------------------------------------------------------------------------------


def test_email_is_sent_by_the_task_with_the_title_as_subject(emails, django_capture_on_commit_callbacks):
    world = emails
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a, world.commune_officer_a])  # the commune officer has no address
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer_a@congan.example"]
    assert "Nhiệm vụ “Tổ chức Ngày hội” đến hạn ngày 04/05/2026" in message.subject
    assert "\n" not in message.subject
    assert "/work/" in message.body
    sent = Notification.objects.get(recipient=world.officer_a)
    assert sent.email_state == EmailState.SENT
    assert sent.emailed_at is not None
    assert Notification.objects.get(recipient=world.commune_officer_a).email_state == EmailState.NONE


def test_no_email_when_turned_off(emails, django_capture_on_commit_callbacks):
    world = emails
    actions.settings_update(
        actor=world.officer_a, user=world.officer_a, reminder_days="1", overdue_repeat="daily", email=False, daily_digest=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a])
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.NONE


def test_a_failing_mail_server_loses_nothing_and_is_retried(emails, django_capture_on_commit_callbacks, caplog):
    world = emails
    with override_settings(MAILERS=FAILING), django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a])
    notification = Notification.objects.get()
    assert notification.email_state == EmailState.PENDING
    assert notification.email_attempts == 1
    assert "SMTP server unreachable" in notification.email_error
    assert notification.read_at is None  # still in the inbox
    assert any("failed" in record.getMessage() for record in caplog.records)
    assert mail.outbox == []

    with override_settings(MAILERS=LOCMEM):
        assert actions.retry_unsent_emails(older_than_minutes=0) == 1
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert len(mail.outbox) == 1
    # Nothing is sent twice.
    assert actions.retry_unsent_emails(older_than_minutes=0) == 0
    assert len(mail.outbox) == 1


def test_a_mail_that_keeps_failing_is_given_up_but_stays_visible(emails, django_capture_on_commit_callbacks):
    world = emails
    with override_settings(MAILERS=FAILING):
        with django_capture_on_commit_callbacks(execute=True):
            _notify([world.officer_a])
        for _ in range(MAX_EMAIL_ATTEMPTS + 2):
            actions.retry_unsent_emails(older_than_minutes=0)
    notification = Notification.objects.get()
    assert notification.email_state == EmailState.FAILED
    assert notification.email_attempts == MAX_EMAIL_ATTEMPTS
    assert unread_count(world.officer_a) == 1


def test_fresh_waiting_emails_are_left_to_their_own_task(emails):
    Notification.objects.create(recipient=emails.officer_a, code="x", title="Một", email_state=EmailState.PENDING)
    assert actions.retry_unsent_emails() == 0
    assert mail.outbox == []


def test_mark_read_only_for_the_recipient(world, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.officer_a, world.officer_b])
    mine = Notification.objects.get(recipient=world.officer_a)
    with pytest.raises(PermissionDenied):
        actions.mark_read(user=world.officer_b, notification=mine)
    actions.mark_read(user=world.officer_a, notification=mine)
    assert unread_count(world.officer_a) == 0
    assert actions.mark_all_read(user=world.officer_b) == 1
    assert unread_count(world.officer_b) == 0


def test_only_notifications_read_long_ago_are_pruned(world):
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(days=400)
    old_read = Notification.objects.create(recipient=world.officer_a, code="x", title="Cũ", read_at=long_ago)
    Notification.objects.create(recipient=world.officer_a, code="x", title="Mới đọc", read_at=timezone.now())
    Notification.objects.create(recipient=world.officer_a, code="x", title="Cũ chưa đọc", created_at=long_ago)
    assert actions.prune_read_notifications() == 1
    assert not Notification.objects.filter(pk=old_read.pk).exists()
    assert Notification.objects.count() == 2
