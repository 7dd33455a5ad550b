"""Schemas of the meetings endpoints (routers/meetings.py): directive extraction."""

import datetime

from ninja import Field, Schema


class ExtractIn(Schema):
    text: str = Field(description="The text of the conclusions: an article, minutes or a conclusion notice (at most 2 MB).")
    meeting_date: datetime.date = Field(description="The date of the meeting: relative deadlines are counted from it.")


class UnitRefOut(Schema):
    unit_id: int
    code: str
    name: str


class DeadlineOut(Schema):
    date: datetime.date
    phrase: str = Field(description="The words of the text, e.g. “ngay trong tuần này”.")
    kind: str = Field(description="point, range_end or recurrence")
    recurrence: str = ""


class ProposedDirectiveOut(Schema):
    sentence: str = Field(description="The sentence (or the part of it) the directive comes from.")
    action: str
    responsible: UnitRefOut | None = Field(description="The lead unit, when the text names one the caller can name.")
    responsible_group: str = Field("", description="A group of units named instead of one (e.g. local_police).")
    coordinators: list[UnitRefOut]
    deadline: DeadlineOut | None
    confidence: float = Field(description="0 to 1")
    reasons: list[str] = Field(description="The cues that made it a directive.")
