"""Schemas of the work endpoints (routers/work.py): assignments, progress reports, figures."""

import datetime

from ninja import Field, Schema

from phongtrao.work.enums import Category, Execution, Priority, ProgressMode, Recurrence, Verification

# --- assignments -------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str
    code: str


class AssignmentOut(Schema):
    id: int
    code: str
    title: str
    category: Category
    programme_id: int
    parent_id: int | None
    lead: UnitRef
    assigner: UnitRef
    priority: Priority
    start_date: datetime.date
    due_date: datetime.date
    original_due_date: datetime.date
    completed_on: datetime.date | None
    execution: Execution
    verification: Verification
    progress: int = Field(description="Percent, 0-100")


class CoordinatorOut(Schema):
    unit: UnitRef
    due_date: datetime.date | None
    progress: int
    completed_on: datetime.date | None


class AssignmentDetailOut(AssignmentOut):
    programme_title: str
    content: str
    basis: str
    progress_mode: ProgressMode
    weight: int
    recurrence: Recurrence
    closing_reason: str
    coordinators: list[CoordinatorOut]

    @staticmethod
    def resolve_programme_title(obj) -> str:
        return obj.programme.title

    @staticmethod
    def resolve_coordinators(obj) -> list:
        return list(obj.coordinators.select_related("unit"))


class AssignmentFilters(Schema):
    programme: int | None = Field(None, description="Id of a work programme")
    lead: int | None = Field(None, description="Id of the lead unit (that unit only)")
    execution: Execution | None = None
    verification: Verification | None = None
    due_from: datetime.date | None = Field(None, description="Deadline on or after this day (YYYY-MM-DD)")
    due_to: datetime.date | None = Field(None, description="Deadline on or before this day (YYYY-MM-DD)")
    q: str = Field("", max_length=100, description="Words of the title, or the number")


class CoordinatorIn(Schema):
    unit: int = Field(description="Id of the coordinating unit")
    due_date: datetime.date | None = Field(None, description="Its own deadline, at the latest the assignment's")


class AssignmentIn(Schema):
    programme: int = Field(description="Id of the work programme")
    parent: int | None = Field(None, description="Id of the parent assignment, for a sub-assignment")
    title: str = Field(max_length=500)
    lead: int = Field(description="Id of the lead unit")
    start_date: datetime.date
    due_date: datetime.date
    content: str = ""
    basis: str = ""
    category: Category = Category.TASK
    priority: Priority = Priority.NORMAL
    progress_mode: ProgressMode = ProgressMode.MANUAL
    weight: int = Field(1, ge=1, le=100)
    recurrence: Recurrence = Recurrence.NONE
    coordinators: list[CoordinatorIn] = Field(default_factory=list)


# --- progress ----------------------------------------------------------------------------------


class ProgressIn(Schema):
    progress: int = Field(ge=0, le=100, description="Percent done")
    text: str = Field(max_length=5000, description="What was done")
    unit: int | None = Field(None, description="Id of a coordinating unit reporting its own part; the lead unit by default")


class ProgressReportOut(Schema):
    id: int
    unit: UnitRef
    reported_on: datetime.date
    progress: int
    text: str
    reported_by: str

    @staticmethod
    def resolve_reported_by(obj) -> str:
        return obj.reported_by.get_full_name()


class CompleteIn(Schema):
    text: str = Field("", max_length=5000, description="What was done (optional)")


# --- figures -----------------------------------------------------------------------------------


class MetricsQuery(Schema):
    unit: int | None = Field(None, description="Id of the unit; the caller's default dashboard unit if omitted")
    date_from: datetime.date | None = Field(None, alias="from", description="First day of the period (YYYY-MM-DD)")
    date_to: datetime.date | None = Field(None, alias="to", description="Last day of the period (YYYY-MM-DD)")


class MetricSetOut(Schema):
    assigned: int
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_started: int
    on_time_rate: float | None = Field(description="done_on_time / (done_on_time + done_late), percent")


class PeriodOut(Schema):
    start: datetime.date
    end: datetime.date
    cutoff: datetime.date = Field(description="The day the state figures are taken: min(to, today)")


class MetricRowOut(Schema):
    unit: UnitRef
    own: bool = Field(description="True: the assignments the unit leads itself; False: a child unit's whole subtree")
    metrics: MetricSetOut


class MetricsOut(Schema):
    unit: UnitRef
    period: PeriodOut
    metrics: MetricSetOut
    rows: list[MetricRowOut] = Field(description="The unit's own row, then one per child unit; they add up to `metrics`")
