"""Account actions: scope, validation, audit. Views are thin, so the rules are proven here."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.org import actions
from phongtrao.org.enums import Role
from phongtrao.org.models import Membership, User

NEW_PASSWORD = "Khởi-tạo-2025!Xy"


def new_user(world, actor=None, **overrides):
    values = {
        "actor": actor or world.admin_a,
        "username": "nguyenvanan",
        "full_name": "Nguyễn Văn An",
        "rank": "Thượng úy",
        "position": "Cán bộ",
        "email": "an@example.vn",
        "phone": "0912345678",
        "unit": world.commune_a,
        "role": Role.OFFICER,
        "password": NEW_PASSWORD,
    }
    return actions.user_create(**{**values, **overrides})


def entries(code, obj=None):
    qs = AuditEntry.objects.filter(code=code)
    return qs.for_object(obj) if obj is not None else qs


# --- create ----------------------------------------------------------------------------------


def test_admin_creates_account_in_own_commune(world):
    user = new_user(world)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.full_name == "Nguyễn Văn An" and user.rank == "Thượng úy" and user.is_active
    assert not user.is_superuser and not user.is_staff
    membership = Membership.objects.get(user=user)
    assert (membership.unit, membership.role) == (world.commune_a, Role.OFFICER)
    entry = entries("org.user.created", user).get()
    assert entry.actor == world.admin_a
    assert entry.unit == world.commune_a and entry.unit_path == world.commune_a.path
    assert entry.new["unit"] == "CAX24305" and entry.new["role"] == "officer"
    assert NEW_PASSWORD not in str(entry.new) and "password" not in entry.new


def test_admin_cannot_create_in_another_province(world):
    before = User.objects.count()
    with pytest.raises(PermissionDenied):
        new_user(world, unit=world.commune_b)
    with pytest.raises(PermissionDenied):
        new_user(world, unit=world.province_b)
    assert User.objects.count() == before
    assert not entries("org.user.created").exists()


def test_admin_cannot_create_above_own_unit(world):
    with pytest.raises(PermissionDenied):
        new_user(world, unit=world.ministry)


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "commune_officer_a", "central"])
def test_non_admins_cannot_create(world, persona):
    with pytest.raises(PermissionDenied):
        new_user(world, actor=getattr(world, persona))
    assert not User.objects.filter(username="nguyenvanan").exists()


def test_superuser_creates_anywhere(world):
    user = new_user(world, actor=world.superuser, unit=world.commune_b)
    assert user.memberships.get().unit == world.commune_b


@pytest.mark.parametrize("weak", ["short1!A", "abcdefghijk", "Abcdefghijk1", "12345678901", "nguyenvanan1!A"])
def test_weak_password_refused_and_nothing_created(world, weak):
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        new_user(world, password=weak)
    assert "password" in caught.value.message_dict
    assert User.objects.count() == before
    assert not Membership.objects.filter(user__username="nguyenvanan").exists()
    assert not AuditEntry.objects.exists()


def test_username_unique_ignoring_case(world):
    with pytest.raises(ValidationError) as caught:
        new_user(world, username="Officer_A")
    assert "username" in caught.value.message_dict


def test_errors_are_reported_together_by_field(world):
    with pytest.raises(ValidationError) as caught:
        new_user(world, username="", full_name=" ", email="not-an-email", role="boss", password="x")
    assert set(caught.value.message_dict) == {"username", "full_name", "email", "role", "password"}


def test_username_must_be_unaccented(world):
    with pytest.raises(ValidationError) as caught:
        new_user(world, username="hùng")
    assert "username" in caught.value.message_dict


def test_inactive_unit_refused(world):
    world.commune_a2.is_active = False
    world.commune_a2.save()
    with pytest.raises(ValidationError) as caught:
        new_user(world, unit=world.commune_a2)
    assert "unit" in caught.value.message_dict


# --- update ----------------------------------------------------------------------------------


def test_update_audits_only_changed_fields(world):
    user = world.commune_officer_a
    actions.user_update(actor=world.admin_a, user=user, full_name=user.full_name, rank="Thiếu tá", phone="0900000000")
    user.refresh_from_db()
    assert user.rank == "Thiếu tá"
    entry = entries("org.user.updated", user).get()
    assert entry.old == {"rank": "", "phone": ""}
    assert entry.new == {"rank": "Thiếu tá", "phone": "0900000000"}
    assert entry.unit == world.commune_a


def test_update_without_change_writes_nothing(world):
    user = world.commune_officer_a
    actions.user_update(actor=world.admin_a, user=user, full_name=user.full_name, rank=user.rank)
    assert not entries("org.user.updated").exists()


def test_update_refreshes_sort_key(world):
    user = world.commune_officer_a
    actions.user_update(actor=world.admin_a, user=user, full_name="Trần Văn Anh")
    user.refresh_from_db()
    assert User.objects.order_by("sort_key").filter(pk__in=[user.pk, world.admin_a.pk]).first() == user


def test_update_cannot_touch_privilege_fields(world):
    with pytest.raises(TypeError):
        actions.user_update(actor=world.admin_a, user=world.officer_a, is_superuser=True)
    world.officer_a.refresh_from_db()
    assert not world.officer_a.is_superuser


def test_update_username_taken(world):
    with pytest.raises(ValidationError) as caught:
        actions.user_update(actor=world.admin_a, user=world.officer_a, username="ADMIN_A")
    assert "username" in caught.value.message_dict


def test_update_out_of_scope(world):
    with pytest.raises(PermissionDenied):
        actions.user_update(actor=world.admin_a, user=world.officer_b, rank="Đại úy")
    with pytest.raises(PermissionDenied):
        actions.user_update(actor=world.admin_a, user=world.superuser, rank="Đại úy")


def test_account_with_a_role_outside_the_subtree_is_not_manageable(world):
    Membership.objects.create(user=world.commune_officer_a, unit=world.commune_b, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        actions.user_update(actor=world.admin_a, user=world.commune_officer_a, rank="Đại úy")
    with pytest.raises(PermissionDenied):
        actions.user_set_password(actor=world.admin_a, user=world.commune_officer_a, password=NEW_PASSWORD)


# --- lock, password --------------------------------------------------------------------------


def test_lock_and_unlock_are_audited(world):
    user = world.officer_a
    actions.user_set_active(actor=world.admin_a, user=user, active=False)
    user.refresh_from_db()
    assert not user.is_active
    locked = entries("org.user.deactivated", user).get()
    assert (locked.old, locked.new, locked.unit) == ({"is_active": True}, {"is_active": False}, world.province_a)
    actions.user_set_active(actor=world.admin_a, user=user, active=False)  # already locked: no second entry
    assert entries("org.user.deactivated", user).count() == 1
    actions.user_set_active(actor=world.admin_a, user=user, active=True)
    user.refresh_from_db()
    assert user.is_active
    assert entries("org.user.activated", user).get().new == {"is_active": True}


def test_admin_cannot_lock_themself(world):
    with pytest.raises(ValidationError):
        actions.user_set_active(actor=world.admin_a, user=world.admin_a, active=False)
    world.admin_a.refresh_from_db()
    assert world.admin_a.is_active
    assert not AuditEntry.objects.exists()


def test_lock_out_of_scope(world):
    with pytest.raises(PermissionDenied):
        actions.user_set_active(actor=world.admin_a, user=world.officer_b, active=False)
    world.officer_b.refresh_from_db()
    assert world.officer_b.is_active


def test_set_password(world, password):
    user = world.commune_officer_a
    actions.user_set_password(actor=world.admin_a, user=user, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(password)
    entry = entries("org.user.password_set", user).get()
    assert entry.old is None and entry.new is None


def test_set_weak_password_refused(world, password):
    user = world.commune_officer_a
    with pytest.raises(ValidationError) as caught:
        actions.user_set_password(actor=world.admin_a, user=user, password="password")
    assert "password" in caught.value.message_dict
    user.refresh_from_db()
    assert user.check_password(password)
    assert not AuditEntry.objects.exists()


# --- memberships -----------------------------------------------------------------------------


def test_membership_add_and_remove(world):
    user = world.commune_officer_a
    membership = actions.membership_add(actor=world.admin_a, user=user, unit=world.commune_a2, role=Role.VIEWER)
    assert entries("org.membership.created", user).get().new == {"unit": "CAX24310", "role": "viewer"}
    assert entries("org.membership.created", user).get().unit == world.commune_a2
    with pytest.raises(ValidationError) as caught:
        actions.membership_add(actor=world.admin_a, user=user, unit=world.commune_a2, role=Role.LEADER)
    assert "unit" in caught.value.message_dict
    actions.membership_remove(actor=world.admin_a, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert entries("org.membership.removed", user).get().old == {"unit": "CAX24310", "role": "viewer"}


def test_membership_add_out_of_scope(world):
    with pytest.raises(PermissionDenied):
        actions.membership_add(actor=world.admin_a, user=world.commune_officer_a, unit=world.commune_b, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        actions.membership_add(actor=world.admin_a, user=world.officer_b, unit=world.commune_a, role=Role.VIEWER)
    assert world.commune_officer_a.memberships.count() == 1


def test_cannot_remove_last_membership(world):
    membership = world.commune_officer_a.memberships.get()
    with pytest.raises(ValidationError):
        actions.membership_remove(actor=world.admin_a, membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEntry.objects.exists()


def test_admin_cannot_remove_own_admin_role(world):
    actions.membership_add(actor=world.admin_a, user=world.admin_a, unit=world.commune_a, role=Role.OFFICER)
    own = world.admin_a.memberships.get(role=Role.ADMIN)
    with pytest.raises(ValidationError):
        actions.membership_remove(actor=world.admin_a, membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_membership_remove_out_of_scope(world):
    extra = Membership.objects.create(user=world.officer_b, unit=world.commune_b, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        actions.membership_remove(actor=world.admin_a, membership=extra)
    assert Membership.objects.filter(pk=extra.pk).exists()
