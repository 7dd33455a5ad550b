"""Schemas of the deadline reader endpoint (routers/deadlines.py)."""

import datetime
from typing import Literal

from ninja import Field, Schema

MAX_TEXT_LENGTH = 10_000


class DeadlineParseIn(Schema):
    text: str = Field(
        max_length=MAX_TEXT_LENGTH,
        description="Vietnamese text: a sentence, a conclusion notice, minutes (1–10,000 characters)",
        examples=["Yêu cầu đúng ngày 15/6 phải hoàn thành, ngay trong tuần này phải hoàn thành dự thảo."],
    )
    base_date: str | None = Field(
        None,
        description="The date the expressions are relative to (the meeting's): YYYY-MM-DD or dd/mm/yyyy; today when omitted",
        examples=["2023-05-23"],
    )


class DeadlineOut(Schema):
    date: datetime.date = Field(
        description="The deadline: the day (point), the last day (range_end), the first occurrence (recurrence)"
    )
    date_display: str = Field(description="The same day as dd/mm/yyyy")
    phrase: str = Field(description="The exact substring of the text that was read")
    kind: Literal["point", "range_end", "recurrence"]
    start: int = Field(description="Character offset of the phrase in the text")
    end: int
    recurrence: Literal["", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]
    day_of_period: int | None = Field(description="For recurrences: the day of the month, or the ISO weekday (weekly)")


class DeadlineParseOut(Schema):
    base_date: datetime.date
    deadlines: list[DeadlineOut]
    first: DeadlineOut | None
