"""A full-featured document used by the renderer tests."""

from datetime import date

from phongtrao.documents.model import (
    Align,
    Authority,
    Column,
    Document,
    Recipients,
    Secrecy,
    Section,
    Signature,
    Table,
    Urgency,
)

ALL_TONES = (
    "Tiếng Việt đủ dấu: à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ ì í ỉ ĩ ị "
    "ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ đ Đ."
)
BODY = (
    "Năm 2025, phong trào toàn dân bảo vệ an ninh Tổ quốc tiếp tục được triển khai sâu rộng, "
    "gắn với thực hiện Đề án 06 và xây dựng Công an xã, phường vững mạnh."
)


def sample_document(**changes) -> Document:
    table = Table(
        columns=(Column(0.6, Align.CENTER), Column(3), Column(1, Align.RIGHT)),
        header_rows=(("STT", "Tên đơn vị", "Số tài khoản"),),
        rows=tuple((str(i), f"Công an xã Tà Xùa {i}", str(i * 3)) for i in range(1, 41)),
    )
    values = {
        "parent_body": "Bộ Công an",
        "issuing_body": "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        "kind": "Báo cáo",
        "summary": "Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025",
        "symbol": "BC-BCA-V05",
        "number": 5,
        "place": "Hà Nội",
        "issued_on": date(2026, 1, 5),
        "addressees": ("Đồng chí Bộ trưởng Bộ Công an", "Ban Chỉ đạo phong trào"),
        "legal_bases": ("Căn cứ Luật Công an nhân dân năm 2018", "Căn cứ Nghị định số 30/2020/NĐ-CP;"),
        "sections": (
            Section("I. KẾT QUẢ ĐẠT ĐƯỢC", (BODY, ALL_TONES, table, "Trên đây là kết quả năm 2025.")),
            Section("II. PHƯƠNG HƯỚNG NĂM 2026", (BODY,)),
        ),
        "signature": Signature(
            position="Phó Cục trưởng", signer="Đại tá Nguyễn Thế Chi", authority=Authority.DEPUTY, principal="Cục trưởng"
        ),
        "recipients": Recipients(names=("Như trên", "Đồng chí Thứ trưởng (để báo cáo)"), drafting_unit="V05"),
        "urgency": Urgency.URGENT,
        "secrecy": Secrecy.CONFIDENTIAL,
    }
    values.update(changes)
    return Document(**values)
