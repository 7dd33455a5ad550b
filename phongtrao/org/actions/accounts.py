"""Accounts managed by unit administrators: create, edit, lock, passwords, roles, import.

An administrator manages the accounts whose every membership lies in a unit they administer
(a superuser manages all). Every action checks that, validates its input with messages keyed
by field, and writes its audit row in its own transaction. The audit `unit` is a unit the
account belongs to, so the unit's history and the "what changed" page show the change.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.spreadsheets import Column, ImportRejected, RowError, read_sheet
from phongtrao.common.text import fold, normalize

from ..enums import Role
from ..models import Membership, Unit, User
from ..queries import can_manage_user, forget_scope, is_unit_admin, scope_of, units_administered_by

# The profile fields an administrator may set; anything else (is_superuser, is_staff...) is not theirs.
PROFILE_FIELDS = ("username", "full_name", "rank", "position", "email", "phone")
REQUIRED_PROFILE_FIELDS = ("username", "full_name")

ACCOUNT_COLUMNS = [
    Column("username", "Tên đăng nhập"),
    Column("full_name", "Họ và tên", aliases=("Họ tên",)),
    Column("rank", "Cấp bậc", required=False),
    Column("position", "Chức vụ", required=False),
    Column("email", "Email", required=False, aliases=("Thư điện tử",)),
    Column("phone", "Số điện thoại", required=False, aliases=("Điện thoại",)),
    Column("unit_code", "Mã đơn vị"),
    Column("role", "Vai trò"),
    Column("password", "Mật khẩu khởi tạo", aliases=("Mật khẩu",)),
]
_HEADER = {column.key: column.header for column in ACCOUNT_COLUMNS}
_REQUIRED_COLUMNS = {column.key for column in ACCOUNT_COLUMNS if column.required}

# Role cells accept the Vietnamese labels (folded: no diacritics, lower case) and the codes.
ROLE_LABELS = {Role.VIEWER: "Xem", Role.OFFICER: "Cán bộ", Role.LEADER: "Lãnh đạo", Role.ADMIN: "Quản trị"}
_ROLE_BY_LABEL = {
    **{fold(label): role for role, label in ROLE_LABELS.items()},
    **{role.value: role for role in Role},
    "nguoi xem": Role.VIEWER,
    "lanh dao don vi": Role.LEADER,
    "quan tri don vi": Role.ADMIN,
    "quan tri vien": Role.ADMIN,
    "unit leader": Role.LEADER,
    "unit administrator": Role.ADMIN,
}

# Passwords are hashed with PBKDF2 (about 0.4 s each); an import of this many rows stays
# within a web request's time. Larger files are split by the user.
MAX_IMPORT_ROWS = 200

_ascii_username = ASCIIUsernameValidator()


# --- checks shared by the actions -----------------------------------------------------------


def _require_admin(actor) -> None:
    if not (actor.is_authenticated and actor.is_active and is_unit_admin(actor)):
        raise PermissionDenied


def _require_unit(actor, unit: Unit) -> None:
    """The unit lies in a subtree the actor administers."""
    _require_admin(actor)
    prefixes = scope_of(actor).administered_prefixes()
    if prefixes is not None and not any(unit.path.startswith(prefix) for prefix in prefixes):
        raise PermissionDenied


def _require_manageable(actor, user: User) -> None:
    """Every membership of the account lies in the actor's subtrees (never a superuser's)."""
    _require_admin(actor)
    if not can_manage_user(actor, user):
        raise PermissionDenied


def _role_errors(role: str) -> list[str]:
    return [] if role in Role.values else [_("Choose a valid role.")]


def _unit_errors(unit: Unit) -> list[str]:
    return [] if unit.is_active else [_("This unit is no longer active.")]


def _username_taken(username: str, *, exclude_pk: int | None = None) -> bool:
    others = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def _clean_profile(values: dict, *, user: User | None = None, check_unique: bool = True) -> tuple[dict, dict]:
    """Normalise and validate profile fields; return (cleaned values, errors by field)."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name, raw in values.items():
        value = normalize(str(raw or ""))
        if name == "email" and value:
            value = BaseUserManager.normalize_email(value)
        if not value and name in REQUIRED_PROFILE_FIELDS:
            errors[name] = [_("Enter a username.") if name == "username" else _("Enter the full name.")]
            continue
        try:
            field = User._meta.get_field(name)
            if not isinstance(field, models.Field):  # profile fields are concrete columns
                raise TypeError(name)
            field.clean(value, user)
            if name == "username":
                _ascii_username(value)
        except ValidationError as exc:
            errors[name] = exc.messages
            continue
        cleaned[name] = value
    username = cleaned.get("username")
    if username and check_unique and _username_taken(username, exclude_pk=user.pk if user else None):
        errors["username"] = [_("An account with this username already exists.")]
    return cleaned, errors


def _password_errors(password: str, profile: dict) -> list[str]:
    if not password:
        return [_("Enter a password.")]
    try:
        validate_password(password, user=User(**{k: v for k, v in profile.items() if k in PROFILE_FIELDS}))
    except ValidationError as exc:
        return exc.messages
    return []


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _home_unit(user: User) -> Unit | None:
    """The unit an account's own changes are filed under: its first membership."""
    membership = Membership.objects.filter(user=user).select_related("unit").order_by("pk").first()
    return membership.unit if membership else None


def _locked(user: User) -> User:
    """The account's row, locked until the transaction ends (serialises concurrent changes)."""
    return User.objects.select_for_update().get(pk=user.pk)


# --- single accounts -------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    unit: Unit,
    role: str,
    password: str,
    rank: str = "",
    position: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    _require_unit(actor, unit)
    values = {"username": username, "full_name": full_name, "rank": rank, "position": position, "email": email, "phone": phone}
    profile, errors = _clean_profile(values)
    checks = {"unit": _unit_errors(unit), "role": _role_errors(role), "password": _password_errors(password, profile)}
    errors.update({key: messages for key, messages in checks.items() if messages})
    _raise_if(errors)
    user = User(**profile)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": _("An account with this username already exists.")}) from exc
    Membership.objects.create(user=user, unit=unit, role=role)
    auditing.record(
        actor=actor,
        obj=user,
        code="org.user.created",
        unit=unit,
        new={**{k: v for k, v in profile.items() if v}, "unit": unit.code, "role": role},
    )
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields: str) -> User:
    """Change profile fields (username, full_name, rank, position, email, phone)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"user_update() cannot change {', '.join(sorted(unknown))}")
    _require_manageable(actor, user)
    locked = _locked(user)
    cleaned, errors = _clean_profile(fields, user=locked)
    _raise_if(errors)
    old, new = auditing.diff(auditing.snapshot(locked, list(cleaned)), cleaned)
    if not new:
        return locked
    for name, value in new.items():
        setattr(locked, name, value)
        setattr(user, name, value)
    try:
        with transaction.atomic():
            locked.save(update_fields=sorted({*new, "full_name", "sort_key"}))
    except IntegrityError as exc:
        raise ValidationError({"username": _("An account with this username already exists.")}) from exc
    user.sort_key = locked.sort_key
    auditing.record(actor=actor, obj=locked, code="org.user.updated", unit=_home_unit(locked), old=old, new=new)
    return locked


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Lock or unlock an account. An administrator cannot lock their own account."""
    _require_manageable(actor, user)
    if not active and user.pk == actor.pk:
        raise ValidationError(_("You cannot lock your own account."))
    locked = _locked(user)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    user.is_active = active
    auditing.record(
        actor=actor,
        obj=locked,
        code="org.user.activated" if active else "org.user.deactivated",
        unit=_home_unit(locked),
        old={"is_active": not active},
        new={"is_active": active},
    )
    return locked


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    """Set a new password (the user's open sessions end, as their password hash changes)."""
    _require_manageable(actor, user)
    locked = _locked(user)
    messages = _password_errors(password, auditing.snapshot(locked, PROFILE_FIELDS))
    if messages:
        raise ValidationError({"password": messages})
    locked.set_password(password)
    locked.save(update_fields=["password"])
    user.password = locked.password
    # Never the password or its hash in the audit log: the entry only says that it changed.
    auditing.record(actor=actor, obj=locked, code="org.user.password_set", unit=_home_unit(locked))
    return locked


# --- memberships -----------------------------------------------------------------------------


@transaction.atomic
def membership_add(*, actor, user: User, unit: Unit, role: str) -> Membership:
    _require_manageable(actor, user)
    _require_unit(actor, unit)
    _locked(user)
    checks = {"unit": _unit_errors(unit), "role": _role_errors(role)}
    errors = {key: messages for key, messages in checks.items() if messages}
    if "unit" not in errors and Membership.objects.filter(user=user, unit=unit).exists():
        errors["unit"] = [_("This account already has a role in this unit.")]
    _raise_if(errors)
    membership = Membership.objects.create(user=user, unit=unit, role=role)
    forget_scope(user)
    if user.pk == actor.pk:
        forget_scope(actor)
    auditing.record(actor=actor, obj=user, code="org.membership.created", unit=unit, new={"unit": unit.code, "role": role})
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Remove one role. An account keeps at least one; an administrator keeps their own admin role."""
    user = membership.user
    _require_manageable(actor, user)
    _require_unit(actor, membership.unit)
    _locked(user)
    if user.pk == actor.pk and membership.role == Role.ADMIN:
        raise ValidationError(_("You cannot remove your own administrator role."))
    if Membership.objects.filter(user=user).count() <= 1:
        raise ValidationError(_("An account must keep at least one role. Lock the account instead."))
    unit = membership.unit
    old = {"unit": unit.code, "role": membership.role}
    membership.delete()
    forget_scope(user)
    auditing.record(actor=actor, obj=user, code="org.membership.removed", unit=unit, old=old)


# --- import ----------------------------------------------------------------------------------


@dataclass
class _ImportRow:
    row: int
    profile: dict
    unit: Unit
    role: str
    password: str


def _hash_passwords(passwords: list[str]) -> list[str]:
    """PBKDF2 releases the GIL, so hashing on a few threads divides the wait by the cores."""
    workers = max(1, min(8, os.cpu_count() or 1, len(passwords)))
    if workers == 1:
        return [make_password(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(make_password, passwords))


def _import_units(actor, records: list[dict]) -> dict[str, Unit]:
    """The units named in the file that the actor administers, by upper-case code."""
    codes = {record["unit_code"].upper() for record in records if record.get("unit_code")}
    units = units_administered_by(actor).annotate(code_upper=Upper("code")).filter(code_upper__in=codes)
    return {unit.code.upper(): unit for unit in units}


def _existing_usernames(records: list[dict]) -> set[str]:
    names = {record["username"].lower() for record in records if record.get("username")}
    found = User.objects.annotate(username_lower=Lower("username")).filter(username_lower__in=names)
    return {name.lower() for name in found.values_list("username", flat=True)}


def _validate_import_row(row: int, record: dict, *, units, existing, seen) -> tuple[_ImportRow | None, list[RowError]]:
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(row, _HEADER[key], message))

    profile, field_errors = _clean_profile({k: record.get(k, "") for k in PROFILE_FIELDS}, check_unique=False)
    for key, messages in field_errors.items():
        if record.get(key) or key not in _REQUIRED_COLUMNS:  # an empty required cell is already reported
            error(key, " ".join(messages))
    username = profile.get("username", "").lower()
    if username in seen:
        error("username", _("The same username already appears in row %(row)s.") % {"row": seen[username]})
    elif username in existing:
        error("username", _("An account with this username already exists."))
    if username:
        seen.setdefault(username, row)
    code = record.get("unit_code", "")
    unit = units.get(code.upper())
    if code and unit is None:
        error("unit_code", _("No unit with the code “%(code)s” among the units you administer.") % {"code": code})
    elif unit is not None and not unit.is_active:
        error("unit_code", _("The unit “%(code)s” is no longer active.") % {"code": code})
    label = record.get("role", "")
    role = _ROLE_BY_LABEL.get(fold(label))
    if label and role is None:
        error(
            "role",
            _("Unknown role “%(value)s”: use %(labels)s.") % {"value": label, "labels": ", ".join(ROLE_LABELS.values())},
        )
    password = record.get("password", "")
    if password:
        for message in _password_errors(password, profile):
            error("password", message)
    if errors or unit is None or role is None or not password:
        return None, errors
    return _ImportRow(row, profile, unit, role, password), errors


def users_import(*, actor, uploaded) -> list[User]:
    """All or nothing: every row valid, or nothing written and the errors listed by row and column.

    Validation and password hashing run before the transaction opens, so the write lock (taken
    at BEGIN on SQLite) is held only for the inserts, not for seconds of PBKDF2.
    """
    _require_admin(actor)
    sheet = read_sheet(uploaded, ACCOUNT_COLUMNS, max_rows=MAX_IMPORT_ROWS)
    errors = list(sheet.errors)
    records = [record for _row, record in sheet.rows]
    units = _import_units(actor, records)
    existing = _existing_usernames(records)
    seen: dict[str, int] = {}
    clean: list[_ImportRow] = []
    for row, record in sheet.rows:
        item, row_errors = _validate_import_row(row, record, units=units, existing=existing, seen=seen)
        errors.extend(row_errors)
        if item is not None:
            clean.append(item)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    hashes = _hash_passwords([item.password for item in clean])
    created: list[User] = []
    current = 0
    try:
        with transaction.atomic():
            for item, hashed in zip(clean, hashes, strict=True):
                current = item.row
                user = User(**item.profile, password=hashed)
                user.save()
                Membership.objects.create(user=user, unit=item.unit, role=item.role)
                auditing.record(
                    actor=actor,
                    obj=user,
                    code="org.user.imported",
                    unit=item.unit,
                    new={**{k: v for k, v in item.profile.items() if v}, "unit": item.unit.code, "role": item.role},
                )
                created.append(user)
    except IntegrityError as exc:  # another request took a username between validation and insert
        message = _("An account with this username already exists.")
        raise ImportRejected([RowError(current, _HEADER["username"], message)]) from exc
    return created
