"""The pages: the partnership's return for those who may make it, the national picture only on
a national instance, and the list for inspectors naming only children the reader works with."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.people.models import RelationshipKind
from seemehearme.returns.imports import import_return
from seemehearme.returns.models import NationalReturn
from seemehearme.returns.synthetic import synthetic_return
from tests.factories import StaffUserFactory, relate
from tests.returns.conftest import END, START

PERIOD = {"date_from_day": "1", "date_from_month": "4", "date_from_year": "2026"}
PERIOD |= {"date_to_day": "31", "date_to_month": "3", "date_to_year": "2027"}


def _staff(area, role):
    return StaffUserFactory(role=role, team__agency__area=area)


@pytest.mark.parametrize(
    "role", [Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR, Role.DATA_PROTECTION_LEAD]
)
def test_the_return_preview_and_downloads(world, verified_client, role):
    client = verified_client(_staff(world, role))
    page = client.get(reverse("returns:local"), PERIOD)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Children identified as being exploited or at risk" in text
    assert "fewer than 5" in text
    assert "Exploited0" not in text
    entry = AccessLogEntry.objects.get()
    assert entry.child is None
    download = client.get(reverse("returns:download", kwargs={"kind": "json"}), PERIOD)
    assert download["Content-Disposition"].endswith(
        'national-return-E06000999-2026-04-01-to-2027-03-31.json"'
    )
    document = json.loads(download.content)
    assert document["period"] == {"start": "2026-04-01", "end": "2027-03-31"}
    csv_text = client.get(reverse("returns:download", kwargs={"kind": "csv"}), PERIOD)
    assert csv_text.content.decode().startswith("table,dimension_1,value_1")
    jsna = client.get(reverse("returns:download", kwargs={"kind": "jsna"}), PERIOD).content
    assert b"children,status,being_exploited,,,7,false,3.5" in jsna


def test_practitioners_and_analysts_cannot_make_the_return(world, verified_client):
    for role in (Role.PRACTITIONER, Role.INTELLIGENCE_ANALYST):
        client = verified_client(_staff(world, role))
        assert client.get(reverse("returns:local")).status_code == 403


def test_a_partnership_without_an_ons_code_is_told_how_to_set_it(world, verified_client):
    world.ons_code = ""
    world.save()
    client = verified_client(_staff(world, Role.STRATEGIC_LEAD))
    page = client.get(reverse("returns:local"), PERIOD)
    assert "has no ONS code" in page.content.decode()


def test_the_national_picture_is_only_on_a_national_instance(db, verified_client, settings):
    lead = StaffUserFactory(role=Role.STRATEGIC_LEAD)
    client = verified_client(lead)
    assert client.get(reverse("returns:national")).status_code == 403
    settings.SMH_NATIONAL_INSTANCE = True
    assert client.get(reverse("returns:national")).status_code == 200
    coordinator = verified_client(StaffUserFactory(role=Role.CSE_COORDINATOR))
    assert coordinator.get(reverse("returns:national")).status_code == 403


def test_the_national_picture_across_areas_and_over_time(db, verified_client, settings):
    settings.SMH_NATIONAL_INSTANCE = True
    years = [(dt.date(2025, 4, 1), dt.date(2026, 3, 31)), (START, END)]
    documents = [synthetic_return(n, start=s, end=e) for n in range(3) for s, e in years]
    for document in documents:
        import_return(json.dumps(document))
    client = verified_client(StaffUserFactory(role=Role.STRATEGIC_LEAD))
    page = client.get(reverse("returns:national"), {"period": "2026-04-01..2027-03-31"})
    text = page.content.decode()
    latest = [d for d in documents if d["period"]["start"] == "2026-04-01"]
    total = sum(
        cell["count"] or 0
        for d in latest
        for cell in next(t for t in d["tables"] if t["id"] == "children")["cells"]
        if cell["values"]["status"] == "total"
    )
    hidden = any(
        cell["suppressed"]
        for d in latest
        for cell in next(t for t in d["tables"] if t["id"] == "children")["cells"]
        if cell["values"]["status"] == "total"
    )
    expected = f"at least {total:,}" if hidden else f"{total:,}"
    assert f"across these areas: {expected}." in text
    for document in latest:
        assert document["area"]["name"] in text
        population = document["area"]["child_population"]
        identified = next(
            c["count"]
            for c in next(t for t in document["tables"] if t["id"] == "children")["cells"]
            if c["values"]["status"] == "total"
        )
        assert f"{identified * 10000 / population:.1f}" in text
    assert "1 April 2025 to 31 March 2026" in text


def test_returns_are_imported_through_the_page(db, verified_client, settings):
    settings.SMH_NATIONAL_INSTANCE = True
    client = verified_client(StaffUserFactory(role=Role.STRATEGIC_LEAD))
    document = synthetic_return(1, start=START, end=END)
    good = SimpleUploadedFile("r.json", json.dumps(document).encode(), "application/json")
    response = client.post(reverse("returns:national-import"), {"file": good})
    assert response.status_code == 302
    assert NationalReturn.objects.count() == 1
    document["area"]["name"] = "Changed"
    bad = SimpleUploadedFile("r.json", json.dumps(document).encode(), "application/json")
    page = client.post(reverse("returns:national-import"), {"file": bad})
    assert "The return was refused" in page.content.decode()
    assert "Integrity: the digest does not match" in page.content.decode()


def test_the_list_for_inspectors_names_only_children_the_reader_works_with(world, verified_client):
    coordinator = _staff(world, Role.CSE_COORDINATOR)
    known = world.children.get(given_name="Exploited0")
    relate(known, RelationshipKind.KEY_WORKER, user=coordinator)
    client = verified_client(coordinator)
    page = client.get(reverse("returns:inspection-list"), PERIOD)
    text = page.content.decode()
    assert "Exploited0 Testchild" in text
    assert "Exploited1" not in text
    assert "13 cases of children you do not work with are left out" in text
    logged = AccessLogEntry.objects.filter(user=coordinator)
    assert list(logged.values_list("child", "action")) == [(known.pk, AccessAction.LISTED)]
    download = client.get(reverse("returns:inspection-list"), {**PERIOD, "format": "csv"})
    assert "Exploited0 Testchild" in download.content.decode()
    assert logged.filter(action=AccessAction.EXPORT, child=known).count() == 1


def test_the_list_for_inspectors_is_refused_to_the_strategic_lead(world, verified_client):
    client = verified_client(_staff(world, Role.STRATEGIC_LEAD))
    assert client.get(reverse("returns:inspection-list")).status_code == 403
