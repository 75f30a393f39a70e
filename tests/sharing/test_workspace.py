"""The analyst's workspace: children as pseudonyms, never named, filtered, downloaded, logged."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.sharing.models import PseudonymKey
from seemehearme.sharing.pseudonyms import pseudonym, rotate
from seemehearme.sharing.workspace import postcode_district
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    CaseFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
)
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory

pytestmark = pytest.mark.django_db

URL = "/sharing/workspace/children/"


@pytest.fixture
def area():
    return AreaFactory()


def staff(area, role):
    return StaffUserFactory(role=role, team=TeamFactory(agency=AgencyFactory(area=area)))


def years_ago(years: int, days: int = 30) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


@pytest.fixture
def distinctive(area):
    return ChildFactory(
        area=area,
        given_name="Zephyrine",
        family_name="Quillborough",
        known_as="Zephy",
        date_of_birth=years_ago(14),
        postcode="NB3 4QT",
        address="17 Wrenfield Close, Northbridge",
        gender="female",
        ethnicity="black",
        care_status="looked_after",
    )


def test_the_same_child_keeps_the_same_pseudonym(area, distinctive):
    code = pseudonym(area, distinctive.pk)
    assert code == pseudonym(area, distinctive.pk)
    assert len(code) == len("C-7K4Q-2M9X")
    assert code.startswith("C-")
    assert PseudonymKey.objects.filter(area=area).count() == 1  # made once, on first use


def test_the_same_id_has_a_different_pseudonym_in_another_partnership(area):
    other = AreaFactory(name="Otherton Partnership", slug="otherton")
    assert pseudonym(area, 12345) != pseudonym(other, 12345)


def test_rotating_the_key_changes_every_pseudonym(area, distinctive):
    before = pseudonym(area, distinctive.pk)
    rotate(area)
    assert pseudonym(area, distinctive.pk) != before
    assert list(PseudonymKey.objects.filter(area=area).values_list("version", flat=True)) == [2, 1]


def test_smh_pseudonyms_rotate_starts_a_new_version_and_prints_no_key(area, distinctive):
    before = pseudonym(area, distinctive.pk)
    secret = PseudonymKey.objects.get(area=area).secret
    result = CliRunner().invoke(cli.app, ["pseudonyms-rotate", "--area", area.slug])
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output
    assert secret not in result.output
    assert PseudonymKey.objects.get(area=area, version=2).secret not in result.output
    assert pseudonym(area, distinctive.pk) != before


def test_smh_pseudonyms_rotate_refuses_an_unknown_partnership():
    result = CliRunner().invoke(cli.app, ["pseudonyms-rotate", "--area", "Nowhere"])
    assert result.exit_code != 0
    assert "No partnership called 'Nowhere'" in result.output


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("NB3 4QT", "NB3"), ("nb34qt", "NB3"), ("SW1A 1AA", "SW1A"), ("", ""), ("NB3", "")],
)
def test_postcode_district_is_the_outward_code_only(postcode, district):
    assert postcode_district(postcode) == district


def test_the_page_shows_pseudonyms_and_broad_details_and_never_identifies(
    area, distinctive, verified_client
):
    analyst = staff(area, Role.INTELLIGENCE_ANALYST)
    CaseFactory(child=distinctive)
    person = AgencyPersonFactory(child=distinctive, agency=analyst.agency)
    AgencyEventFactory(person=person, occurred_on=timezone.localdate() - dt.timedelta(days=5))
    AgencyEventFactory(person=person, occurred_on=timezone.localdate() - dt.timedelta(days=200))
    ChildFactory(
        area=AreaFactory(name="Otherton Partnership", slug="otherton"), given_name="Otherarea"
    )  # another partnership's child

    response = verified_client(analyst).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    code = pseudonym(area, distinctive.pk)
    row = next(r for r in BeautifulSoup(html, "html.parser").select("tbody tr") if code in r.text)
    cells = [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
    assert cells == [
        code,
        "13 to 15",
        "Female",
        "Black, Black British, Caribbean or African",
        "Looked after child",
        "NB3",
        "Yes",
        "Category 2: medium risk",
        "1",
    ]
    assert "1 child" in text
    assert "Otherarea" not in text
    _assert_nothing_identifying(html, distinctive)

    download = verified_client(analyst).get(reverse("sharing:workspace-children-csv"))
    assert download.status_code == 200
    body = download.content.decode()
    _assert_nothing_identifying(body, distinctive)
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0][0] == "Pseudonym"
    assert lines[1] == [*cells[:6], "Yes", "Category 2: medium risk", "1"]


def _assert_nothing_identifying(content: str, child) -> None:
    """Nothing in the text, the attributes or the file names or dates the child, or gives
    more of the postcode than the district."""
    lowered = content.lower()
    for word in ("zephyrine", "quillborough", "zephy ", "wrenfield", "4qt", "nb34qt"):
        assert word not in lowered, word
    born = child.date_of_birth
    for form in (born.isoformat(), f"{born.day} {born:%B %Y}", f"{born:%d/%m/%Y}"):
        assert form not in content, form
    assert f"/children/{child.pk}" not in content


def test_filters_by_age_band_gender_and_risk(area, distinctive, verified_client):
    analyst = staff(area, Role.INTELLIGENCE_ANALYST)
    CaseFactory(child=distinctive)
    boy = ChildFactory(area=area, gender="male", date_of_birth=years_ago(16))
    young = ChildFactory(area=area, gender="female", date_of_birth=years_ago(11))
    client = verified_client(analyst)

    def codes(**query):
        response = client.get(URL, query)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        return {row.th.get_text(strip=True) for row in soup.select("tbody tr")}

    def code(child):
        return pseudonym(area, child.pk)

    assert codes() == {code(distinctive), code(boy), code(young)}
    assert codes(age_band="10-12") == {code(young)}
    assert codes(age_band="16-17") == {code(boy)}
    assert codes(gender="female") == {code(distinctive), code(young)}
    risk_id = distinctive.cases.get().risk_level_id
    assert codes(risk=str(risk_id)) == {code(distinctive)}
    assert codes(risk="none") == {code(boy), code(young)}
    assert codes(gender="male", age_band="13-15") == set()


def test_each_view_and_download_is_logged_once_naming_no_child(area, distinctive, verified_client):
    analyst = staff(area, Role.INTELLIGENCE_ANALYST)
    client = verified_client(analyst)
    client.get(URL)
    client.get(reverse("sharing:workspace-children-csv"))
    entries = list(AccessLogEntry.objects.filter(user=analyst).order_by("pk"))
    assert [(e.action, e.child_id, e.allowed, e.basis) for e in entries] == [
        (AccessAction.LISTED, None, True, "pseudonymised_listing"),
        (AccessAction.EXPORT, None, True, "pseudonymised_listing"),
    ]
    assert "1 pseudonymised children" in entries[0].subject


def test_the_data_protection_lead_may_see_it_and_the_menu_offers_it(area, verified_client):
    lead = staff(area, Role.DATA_PROTECTION_LEAD)
    response = verified_client(lead).get(URL)
    assert response.status_code == 200
    home = verified_client(staff(area, Role.INTELLIGENCE_ANALYST)).get("/")
    menu = BeautifulSoup(home.content, "html.parser").get_text(" ", strip=True)
    assert "Analyst's workspace" in menu


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.CSE_COORDINATOR,
        Role.TEAM_MANAGER,
        Role.PANEL_MEMBER,
        Role.SYSTEM_ADMINISTRATOR,
    ],
)
def test_everyone_else_is_refused_in_words(area, distinctive, verified_client, role):
    user = staff(area, role)
    client = verified_client(user)
    for url in (URL, reverse("sharing:workspace-children-csv")):
        response = client.get(url)
        assert response.status_code == 403
        text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
        assert "for intelligence analysts and the data protection lead" in text
    assert "Analyst" not in client.get("/").content.decode().split("<main")[-1]


def test_the_data_protection_lead_reads_the_listing_entry_in_words(
    area, distinctive, verified_client
):
    analyst = staff(area, Role.INTELLIGENCE_ANALYST)
    verified_client(analyst).get(URL, {"gender": "female"})
    lead = staff(area, Role.DATA_PROTECTION_LEAD)
    response = verified_client(lead).get(reverse("audit:log"), {"username": analyst.username})
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Pseudonymised listing: no child named" in text
    assert "analyst's workspace: 1 pseudonymised children (page 1)" in text
    assert "Quillborough" not in text


def test_the_list_is_paginated_and_the_download_has_every_child(area, verified_client):
    analyst = staff(area, Role.INTELLIGENCE_ANALYST)
    ChildFactory.create_batch(51, area=area)
    client = verified_client(analyst)
    first = BeautifulSoup(client.get(URL).content, "html.parser")
    second = BeautifulSoup(client.get(URL, {"page": 2}).content, "html.parser")
    assert len(first.select("tbody tr")) == 50
    assert len(second.select("tbody tr")) == 1
    assert "51 children" in first.get_text(" ", strip=True)
    download = client.get(reverse("sharing:workspace-children-csv"), {"page": 2})
    assert len(download.content.decode().strip().splitlines()) == 52  # header and every child
