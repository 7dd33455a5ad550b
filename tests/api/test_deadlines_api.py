"""POST /api/v1/deadlines/parse: deadlines read from a text for any signed-in caller; 422 naming the
field for an empty or too long text and a bad base date; 401 for anonymous callers; CSRF for
sessions, none for tokens."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phongtrao.api.schemas_deadlines import MAX_TEXT_LENGTH

from .conftest import API, bearer

PATH = f"{API}/deadlines/parse"
ENGLISH = {"Accept-Language": "en"}
SEED_PARAGRAPH = (
    "Thứ trưởng Lê Quốc Hùng yêu cầu, đúng ngày 15/6 phải hoàn thành, báo cáo Văn phòng Bộ làm tờ trình. "
    "Đồng thời ấn định ngay trong tuần này phải hoàn thành dự thảo; các đơn vị báo cáo hằng tháng, trước ngày 20."
)


def post(user, payload, **extra):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.post(PATH, payload, content_type="application/json", **extra)


def problems(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {problem["field"].removeprefix("payload."): problem["message"] for problem in response.json()["errors"]}


def test_the_url_name():
    assert reverse("api:v1:deadlines_parse") == PATH


@pytest.mark.parametrize("persona", ["officer_a", "commune_officer_a", "partner_user", "central", "superuser"])
def test_any_signed_in_user_reads_a_deadline(world, persona):
    response = post(getattr(world, persona), {"text": "Hoàn thành trước ngày 30/9/2023.", "base_date": "2023-05-23"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["base_date"] == "2023-05-23"
    assert body["first"] == {
        "date": "2023-09-30",
        "date_display": "30/09/2023",
        "phrase": "trước ngày 30/9/2023",
        "kind": "point",
        "start": 11,
        "end": 31,
        "recurrence": "",
        "day_of_period": None,
    }
    assert body["deadlines"] == [body["first"]]


def test_several_deadlines_in_order_with_their_offsets(world):
    response = post(world.officer_a, {"text": SEED_PARAGRAPH, "base_date": "2023-05-23"})
    assert response.status_code == 200, response.content
    deadlines = response.json()["deadlines"]
    assert [(d["phrase"], d["date"], d["kind"]) for d in deadlines] == [
        ("đúng ngày 15/6", "2023-06-15", "point"),
        ("ngay trong tuần này", "2023-05-26", "range_end"),
        ("hằng tháng, trước ngày 20", "2023-06-20", "recurrence"),
    ]
    assert all(SEED_PARAGRAPH[d["start"] : d["end"]] == d["phrase"] for d in deadlines)
    assert (deadlines[2]["recurrence"], deadlines[2]["day_of_period"]) == ("monthly", 20)
    assert response.json()["first"] == deadlines[0]


def test_working_days_and_the_day_month_year_form_of_the_base_date(world):
    response = post(world.officer_a, {"text": "trong 10 ngay lam viec", "base_date": "05/02/2024"})
    assert response.status_code == 200, response.content
    assert response.json()["base_date"] == "2024-02-05"
    assert response.json()["first"]["date"] == "2024-02-26"  # the Tết break 08–14/02/2024 is skipped
    assert response.json()["first"]["date_display"] == "26/02/2024"


def test_without_a_base_date_today_is_used(world):
    response = post(world.officer_a, {"text": "chậm nhất ngày mai"})
    assert response.status_code == 200, response.content
    today = timezone.localdate()
    assert response.json()["base_date"] == f"{today}"
    assert response.json()["first"]["date"] == f"{today + datetime.timedelta(days=1)}"


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 06/03/2023 đã kiểm tra tại Ban cán sự đảng Bộ Giáo dục và Đào tạo.",
        "Kiểm tra việc thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư.",
        "Báo cáo kết quả thực hiện từ đầu năm 2023 đến nay, giai đoạn 2018 – 2023.",
        "Dự kiến năm nay sẽ lựa chọn 25-30 điểm tổ chức Ngày hội.",
    ],
)
def test_text_without_a_deadline(world, text):
    response = post(world.officer_a, {"text": text, "base_date": "2023-05-23"})
    assert response.status_code == 200, response.content
    assert response.json()["deadlines"] == []
    assert response.json()["first"] is None


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_an_empty_text_is_refused(world, text):
    response = post(world.officer_a, {"text": text, "base_date": "2023-05-23"}, headers=ENGLISH)
    assert problems(response) == {"text": "Enter the text to read deadlines from."}
    assert response.json()["detail"] == "Enter the text to read deadlines from."


def test_a_too_long_text_is_refused(world):
    response = post(world.officer_a, {"text": "a" * (MAX_TEXT_LENGTH + 1), "base_date": "2023-05-23"}, headers=ENGLISH)
    assert problems(response) == {"text": "“text” may have at most 10000 characters."}
    assert post(world.officer_a, {"text": "a" * MAX_TEXT_LENGTH, "base_date": "2023-05-23"}).status_code == 200


def test_a_missing_text_is_refused(world):
    response = post(world.officer_a, {"base_date": "2023-05-23"}, headers=ENGLISH)
    assert problems(response) == {"text": "“text” is required."}


@pytest.mark.parametrize("value", ["2023-13-01", "31/02/2023", "hôm qua", "23.05.2023", "2023/05/23", "23-05-2023"])
def test_a_bad_base_date_is_refused(world, value):
    response = post(world.officer_a, {"text": "trước ngày 30/9", "base_date": value}, headers=ENGLISH)
    assert problems(response) == {"base_date": "“base_date” must be a date written YYYY-MM-DD or dd/mm/yyyy."}


def test_a_base_date_outside_the_calendar_is_refused(world):
    response = post(world.officer_a, {"text": "trước ngày 30/9", "base_date": "1999-12-31"}, headers=ENGLISH)
    assert problems(response) == {"base_date": "Choose a date between 2000 and 2099."}


def test_a_base_date_of_the_wrong_type_is_refused(world):
    response = post(world.officer_a, {"text": "trước ngày 30/9", "base_date": 20230523}, headers=ENGLISH)
    assert set(problems(response)) == {"base_date"}


def test_messages_are_vietnamese_by_default(world):
    response = post(world.officer_a, {"text": "a" * (MAX_TEXT_LENGTH + 1), "base_date": "2023-05-23"})
    assert problems(response) == {"text": "Tham số “text” chỉ được dài tối đa 10000 ký tự."}


# --- authentication ---------------------------------------------------------------------------


def test_anonymous_callers_get_401(world):
    response = post(None, {"text": "trước ngày 30/9", "base_date": "2023-05-23"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    response = bearer("not-a-token").post(PATH, {"text": "trước ngày 30/9"}, content_type="application/json")
    assert response.status_code == 401
    assert Client().post(PATH).status_code == 401  # no body: refused before it is read
    assert Client().get(PATH).status_code in {401, 405}


def test_an_inactive_account_gets_401(world):
    world.officer_a.is_active = False
    world.officer_a.save(update_fields=["is_active"])
    assert post(world.officer_a, {"text": "trước ngày 30/9"}).status_code == 401


def test_only_post_is_served(world, client_for):
    assert client_for(world.officer_a).get(PATH).status_code == 405


def test_sessions_need_the_csrf_token_and_tokens_do_not(world, issue_token):
    payload = {"text": "Hoàn thành trước ngày 30/9/2023.", "base_date": "2023-05-23"}
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.officer_a)
    assert strict.post(PATH, payload, content_type="application/json").status_code == 403
    strict.get("/")  # the page sets the CSRF cookie, as in the browser
    token = strict.cookies["csrftoken"].value
    response = strict.post(PATH, payload, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    _, secret = issue_token(world.officer_a)
    response = bearer(secret).post(PATH, payload, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["first"]["date"] == "2023-09-30"
