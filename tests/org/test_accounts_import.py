"""Account import: all or nothing, errors by row number and column."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from phongtrao.audit.models import AuditEntry
from phongtrao.common.spreadsheets import ImportRejected
from phongtrao.org import actions
from phongtrao.org.enums import Role
from phongtrao.org.models import Membership, User

HEADERS = ["Tên đăng nhập", "Họ và tên", "Cấp bậc", "Chức vụ", "Email", "Mã đơn vị", "Vai trò", "Mật khẩu khởi tạo"]
GOOD_ROWS = [
    ["hoang.van.binh", "Hoàng Văn Bình", "Trung úy", "Cán bộ", "binh@example.vn", "CAX24305", "Cán bộ", "Binh-khoi-tao-25!"],
    ["le.thi.cuc", "Lê Thị Cúc", "Thiếu tá", "Trưởng Công an xã", "", "cax24310", "Lãnh đạo", "Cuc-khoi-tao-25!"],
    ["y.dung", "Y Dũng Niê", "", "", "", "CAT66", "viewer", "Dung-khoi-tao-25!"],
]


def xlsx(rows, headers=HEADERS, name="tai-khoan.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def rejected(world, rows, **kwargs) -> list:
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected) as caught:
        actions.users_import(actor=world.admin_a, uploaded=xlsx(rows, **kwargs))
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == before
    return caught.value.errors


def located(errors) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in errors}


def test_import_creates_every_row_with_its_audit_entry(world):
    created = actions.users_import(actor=world.admin_a, uploaded=xlsx(GOOD_ROWS))
    assert [u.username for u in created] == ["hoang.van.binh", "le.thi.cuc", "y.dung"]
    roles = {m.user.username: (m.unit, m.role) for m in Membership.objects.filter(user__in=created).select_related("user")}
    assert roles == {
        "hoang.van.binh": (world.commune_a, Role.OFFICER),
        "le.thi.cuc": (world.commune_a2, Role.LEADER),
        "y.dung": (world.province_a, Role.VIEWER),
    }
    binh = User.objects.get(username="hoang.van.binh")
    assert binh.check_password("Binh-khoi-tao-25!") and binh.rank == "Trung úy" and binh.email == "binh@example.vn"
    audit = AuditEntry.objects.filter(code="org.user.imported")
    assert audit.count() == 3
    assert {(e.object_id, e.unit_id) for e in audit} == {(str(u.pk), m.unit_id) for u in created for m in u.memberships.all()}
    assert not any("Binh-khoi-tao" in str(e.new) for e in audit)


def test_vietnamese_role_labels_and_codes(world):
    rows = [
        [f"user{i}", f"Người {i}", "", "", "", "CAX24305", label, "Khoi-tao-2025!"]
        for i, label in enumerate(["Xem", "CÁN BỘ", "lanh dao", "Quản trị", "admin", "officer"])
    ]
    created = actions.users_import(actor=world.admin_a, uploaded=xlsx(rows))
    assert [u.memberships.get().role for u in created] == ["viewer", "officer", "leader", "admin", "admin", "officer"]


def test_out_of_scope_unit_code_in_row_4_rejects_everything(world):
    rows = [*GOOD_ROWS[:2], ["sai.don.vi", "Lò Văn Sai", "", "", "", "CAX03868", "Cán bộ", "Sai-khoi-tao-25!"]]
    errors = rejected(world, rows)
    assert located(errors) == {(4, "Mã đơn vị")}
    assert "CAX03868" in str(errors[0])


def test_unknown_unit_code_reported_like_an_unseen_one(world):
    errors = rejected(world, [[*GOOD_ROWS[0][:5], "KHONGCO", *GOOD_ROWS[0][6:]]])
    assert located(errors) == {(2, "Mã đơn vị")}


def test_duplicate_username_in_file_and_in_database(world):
    rows = [
        GOOD_ROWS[0],
        ["HOANG.VAN.BINH", "Hoàng Văn Bình", "", "", "", "CAX24305", "Cán bộ", "Binh2-khoi-tao-25!"],
        ["Officer_A", "Trùng Tên", "", "", "", "CAX24305", "Cán bộ", "Trung-khoi-tao-25!"],
    ]
    errors = rejected(world, rows)
    assert located(errors) == {(3, "Tên đăng nhập"), (4, "Tên đăng nhập")}
    assert "2" in errors[0].message  # names the row where the username first appears


def test_every_problem_listed_by_row_and_column(world):
    rows = [
        GOOD_ROWS[0],
        ["", "Thiếu Tên Đăng Nhập", "", "", "", "CAX24305", "Cán bộ", "Thieu-khoi-tao-25!"],
        ["sai.vai.tro", "Sai Vai Trò", "", "", "", "CAX24305", "Trưởng phòng", "Vaitro-khoi-tao-25!"],
        ["mat.khau.yeu", "Mật Khẩu Yếu", "", "", "", "CAX24305", "Cán bộ", "12345678"],
        ["email.sai", "Email Sai", "", "", "khong-phai-email", "CAX24305", "Cán bộ", "Email-khoi-tao-25!"],
    ]
    errors = rejected(world, rows)
    assert located(errors) == {
        (3, "Tên đăng nhập"),
        (4, "Vai trò"),
        (5, "Mật khẩu khởi tạo"),
        (6, "Email"),
    }
    assert "12345678" not in " ".join(str(e) for e in errors)  # never echo a password
    assert [e.row for e in errors] == sorted(e.row for e in errors)


def test_missing_column_rejected(world):
    errors = rejected(world, [row[:-1] for row in GOOD_ROWS], headers=HEADERS[:-1])
    assert "Mật khẩu khởi tạo" in {e.column for e in errors}


def test_binary_file_named_xlsx_rejected(world):
    before = User.objects.count()
    fake = SimpleUploadedFile("tai-khoan.xlsx", b"\x00\x01\x02binary garbage" * 50)
    with pytest.raises(ImportRejected) as caught:
        actions.users_import(actor=world.admin_a, uploaded=fake)
    assert caught.value.errors[0].row == 0
    assert "xlsx" in str(caught.value.errors[0])
    assert User.objects.count() == before


def test_too_many_rows_rejected(world, monkeypatch):
    monkeypatch.setattr("phongtrao.org.actions.accounts.MAX_IMPORT_ROWS", 2)
    errors = rejected(world, GOOD_ROWS)
    assert errors[0].row == 4


def test_non_admin_cannot_import(world):
    with pytest.raises(PermissionDenied):
        actions.users_import(actor=world.officer_a, uploaded=xlsx(GOOD_ROWS))
    assert not User.objects.filter(username="hoang.van.binh").exists()
