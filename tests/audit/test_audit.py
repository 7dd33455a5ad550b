import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from phongtrao.audit.models import AuditEntry
from phongtrao.common import auditing
from phongtrao.org import actions


def test_every_action_writes_an_entry_with_old_and_new_values(world):
    actions.area_tags_set(actor=world.officer_a, area=world.area_commune_a2, tags=[world.region])
    entry = AuditEntry.objects.get()
    assert entry.code == "org.area.tags_changed"
    assert entry.actor == world.officer_a
    assert entry.object_repr == "Xã Ea Drông"
    assert entry.unit_path == world.commune_a2.path
    assert (entry.old, entry.new) == ({"tags": []}, {"tags": ["tay-nguyen"]})


def test_unchanged_tags_write_nothing(world):
    actions.area_tags_set(actor=world.officer_a, area=world.area_a, tags=[world.region])
    assert not AuditEntry.objects.exists()


def test_sentence_is_vietnamese(world):
    actions.area_tags_set(actor=world.officer_a, area=world.area_commune_a2, tags=[world.region])
    assert AuditEntry.objects.get().sentence == "Y Bhơ Niê đã thay đổi nhãn của Xã Ea Drông"


def test_record_refuses_without_recorder(world, monkeypatch):
    monkeypatch.setattr(auditing, "_registry", {})
    with pytest.raises(RuntimeError):
        auditing.record(actor=None, obj=world.area_a, code="x")


def test_history_panel_on_object_page(world, client_for):
    actions.area_tags_set(actor=world.officer_a, area=world.area_commune_a2, tags=[world.region])
    html = client_for(world.officer_a).get(reverse("org:area_detail", args=[world.area_commune_a2.pk])).content.decode()
    assert "Y Bhơ Niê đã thay đổi nhãn của Xã Ea Drông" in html


def test_changes_since_is_scoped_and_filtered(world, client_for):
    actions.area_tags_set(actor=world.officer_a, area=world.area_commune_a2, tags=[world.region])
    actions.residential_area_create(actor=world.officer_b, commune=world.area_commune_b, name="Bản Mới", division_type="ban")
    url = reverse("audit:changes")
    today = timezone.localdate().strftime("%d/%m/%Y")

    def codes(user, **params):
        response = client_for(user).get(url, {"since": today, **params})
        assert response.status_code == 200
        return sorted(e.code for e in response.context["page_obj"])

    assert codes(world.officer_a) == ["org.area.tags_changed"]
    assert codes(world.officer_b) == ["org.area.created"]
    assert codes(world.central) == ["org.area.created", "org.area.tags_changed"]
    assert codes(world.central, unit=world.province_b.code) == ["org.area.created"]
    # A unit outside the user's scope is not a valid filter: nothing is shown, and the form says why.
    response = client_for(world.officer_a).get(url, {"since": today, "unit": world.province_b.code})
    assert response.context["form"].errors["unit"]
    assert list(response.context["page_obj"]) == []
    # Tomorrow: rejected with a message; a date after the changes: nothing.
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(world.central).get(url, {"since": tomorrow})
    assert response.context["form"].errors["since"]


def test_changes_show_labels_not_codes(world, client_for):
    actions.residential_area_create(actor=world.officer_b, commune=world.area_commune_b, name="Bản Mới", division_type="ban")
    html = client_for(world.officer_b).get(reverse("audit:changes")).content.decode()
    assert "bản, buôn" in html and "Xã Tà Xùa" in html
    assert "ban;" not in html


def test_changes_page_rejects_malformed_date(world, client_for):
    response = client_for(world.central).get(reverse("audit:changes"), {"since": "31/02/2025"})
    assert response.status_code == 200
    assert response.context["form"].errors["since"]
