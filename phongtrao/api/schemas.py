"""Schemas shared by every router."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ValidationProblem(Schema):
    field: str
    message: str
    type: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[ValidationProblem]


ERRORS = {401: ErrorOut, 404: ErrorOut}
ERRORS_WITH_VALIDATION = {**ERRORS, 422: ValidationErrorOut}
