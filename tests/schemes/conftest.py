import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phongtrao.schemes import actions
from phongtrao.schemes.models import Phase, Scheme

START = datetime.date(2025, 6, 2)  # a Monday


def pdf(name: str = "du-thao.pdf", size: int = 64) -> SimpleUploadedFile:
    content = (b"%PDF-1.4\n" + b"0" * size)[:size]
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def make_scheme(world):
    """make_scheme(owner, actor=..., lead=..., owners=[...]) -> a scheme from the standard template."""

    def make(owner=None, *, actor=None, lead=None, owners=None, title="Đề án thành phần số 1 thực hiện Nghị quyết 12-NQ/TW"):
        owner = owner or world.province_a
        actor = actor or {world.province_a.pk: world.officer_a, world.province_b.pk: world.officer_b}.get(
            owner.pk, world.superuser
        )
        return actions.scheme_create_from_template(
            actor=actor,
            owner=owner,
            lead=lead or owner,
            title=title,
            basis="Nghị quyết 12-NQ/TW",
            start=START,
            owners=owners,
        )

    return make


@pytest.fixture
def attach():
    """attach(phase, actor, kind=None) -> attach a small PDF of that kind (default: every missing kind)."""

    def do(phase: Phase, actor, kind: str | None = None):
        kinds = [kind] if kind is not None else phase.missing_documents()
        return [actions.document_attach(actor=actor, phase=phase, kind=k, file=pdf(), title=k) for k in kinds]

    return do


@pytest.fixture
def run_through(attach):
    """run_through(scheme, actor, upto) -> start, document and complete phases 1..upto in order."""

    def do(scheme: Scheme, actor, upto: int):
        for phase in scheme.phases.order_by("order")[:upto]:
            actions.phase_start(actor=actor, phase=phase, on=phase.planned_start)
            attach(phase, actor)
            actions.phase_complete(actor=actor, phase=phase, on=phase.deadline)

    return do
