"""The year's result fields: organisers add, edit and (while unused) delete them; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.enums import ResultFieldGroup, ResultFieldKind
from phongtrao.festival.models import ResultField
from phongtrao.festival.results import fields as field_actions

from .test_results_entry import report


def participants(campaign) -> ResultField:
    return ResultField.objects.get(campaign=campaign, key="participants")


def test_an_organiser_adds_a_figure_at_the_end_with_a_key_from_its_label(world, campaign):
    field = field_actions.result_field_create(
        actor=world.central,
        campaign=campaign,
        label="Số buổi Diễn đàn Công an lắng nghe ý kiến nhân dân",
        group=ResultFieldGroup.PROPAGANDA,
        kind=ResultFieldKind.COUNT,
    )
    assert field.key == "so_buoi_dien_dan_cong_an_lang_nghe"
    assert field.order == ResultField.objects.filter(campaign=campaign).count() - 1
    twin = field_actions.result_field_create(
        actor=world.central, campaign=campaign, label="Số buổi diễn đàn công an lắng nghe", group="propaganda", kind="count"
    )
    assert twin.key == "so_buoi_dien_dan_cong_an_lang_nghe_2"
    assert (
        field_actions.result_field_create(
            actor=world.central, campaign=campaign, label="2023", group="outcomes", kind="count"
        ).key
        == "f_2023"
    )
    entry = AuditEntry.objects.filter(code="festival.result_field.created").first()
    assert entry.unit == world.v05


def test_labels_are_unique_ignoring_case_and_diacritics(world, campaign):
    with pytest.raises(ValidationError) as caught:
        field_actions.result_field_create(
            actor=world.central, campaign=campaign, label="so nguoi tham du", group="sites", kind="money"
        )
    assert set(caught.value.message_dict) == {"label"}
    with pytest.raises(ValidationError) as caught:
        field_actions.result_field_create(actor=world.central, campaign=campaign, label="Mới", group="x", kind="y", order=-1)
    assert set(caught.value.message_dict) == {"group", "kind", "order"}


def test_only_organisers_change_the_figures(world, campaign):
    for actor in (world.officer_a, world.commune_officer_a, world.partner_user):
        with pytest.raises(PermissionDenied):
            field_actions.result_field_create(actor=actor, campaign=campaign, label="X", group="outcomes", kind="count")
        with pytest.raises(PermissionDenied):
            field_actions.result_field_delete(actor=actor, field=participants(campaign))
    assert ResultField.objects.filter(campaign=campaign).count() == 17


def test_an_edit_is_audited_with_what_changed(world, campaign):
    field = participants(campaign)
    field_actions.result_field_update(
        actor=world.central,
        field=field,
        label="Số lượt người tham dự",
        group=field.group,
        kind=field.kind,
        order=field.order,
        required=False,
    )
    field.refresh_from_db()
    assert (field.key, field.label, field.required) == ("participants", "Số lượt người tham dự", False)
    entry = AuditEntry.objects.get(code="festival.result_field.changed")
    assert entry.old == {"result_field_label": "Số người tham dự", "result_field_required": True}
    assert entry.new == {"result_field_label": "Số lượt người tham dự", "result_field_required": False}


def test_a_figure_in_use_cannot_be_deleted_an_unused_one_can(world, campaign):
    report(world, campaign, participants=10, weapons=0)
    weapons = ResultField.objects.get(campaign=campaign, key="weapons")
    with pytest.raises(ValidationError):
        field_actions.result_field_delete(actor=world.central, field=weapons)  # a zero is a value
    posters = ResultField.objects.get(campaign=campaign, key="posters")
    field_actions.result_field_delete(actor=world.central, field=posters)
    assert not ResultField.objects.filter(pk=posters.pk).exists()
    assert ResultField.objects.filter(pk=weapons.pk).exists()
    assert AuditEntry.objects.filter(code="festival.result_field.deleted").count() == 1


def test_the_page_lists_adds_edits_and_deletes(world, campaign, client_for):
    report(world, campaign, participants=10)
    client = client_for(world.central)
    url = reverse("festival:result_fields", args=[2023])
    page = client.get(url).content.decode()
    assert page.count("data-field=") == 17
    assert reverse("festival:result_field_delete", args=[2023, participants(campaign).pk]) not in page  # in use
    response = client.post(url, {"label": "Số camera an ninh lắp mới", "group": "outcomes", "kind": "count", "required": "on"})
    assert response.status_code == 302
    new = ResultField.objects.get(campaign=campaign, label="Số camera an ninh lắp mới")
    assert new.required
    edit = reverse("festival:result_field_edit", args=[2023, new.pk])
    assert client.post(edit, {"label": "Số camera an ninh", "group": "outcomes", "kind": "count", "order": 3}).status_code == 302
    new.refresh_from_db()
    assert (new.label, new.order, new.required) == ("Số camera an ninh", 3, False)
    assert client.post(reverse("festival:result_field_delete", args=[2023, new.pk])).status_code == 302
    assert not ResultField.objects.filter(pk=new.pk).exists()
    refused = client.post(reverse("festival:result_field_delete", args=[2023, participants(campaign).pk]), follow=True)
    assert participants(campaign)
    assert list(refused.context["messages"])


def test_a_new_figure_is_in_the_template_and_the_form(world, campaign, client_for):
    field_actions.result_field_create(
        actor=world.central, campaign=campaign, label="Số camera an ninh", group="outcomes", kind="count"
    )
    page = client_for(world.officer_a).get(reverse("festival:result_create", args=[2023])).content.decode()
    assert "Số camera an ninh" in page and 'name="value_so_camera_an_ninh"' in page
