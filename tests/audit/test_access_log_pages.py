"""The data protection lead searches and downloads the access log; nobody else can see it, and
reading it is itself recorded."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.sharing.models import BreakGlassAccess
from seemehearme.sharing.policy import Decision
from tests.factories import AgencyFactory, AreaFactory, ChildFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
ALLOWED = Decision(True, "key_worker", "You are this child's key worker.")
DENIED = Decision(False, "no_relationship", "You do not have a working relationship.")


def record(user, child, *, decision=ALLOWED, action=AccessAction.VIEW_RECORD, at=None):
    when = at or dt.datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)
    with time_machine.travel(when, tick=False):
        return access_log_record(
            user=user, child=child, action=action, decision=decision, subject="Child's record"
        )


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("table tbody tr")
    ]


@pytest.fixture
def dpl():
    return StaffUserFactory(role=Role.DATA_PROTECTION_LEAD, username="dpl")


@pytest.fixture
def alice():
    return StaffUserFactory(username="alice.keyworker")


@pytest.fixture
def bob():
    return StaffUserFactory(username="bob.duty")


@pytest.fixture
def amy():
    return ChildFactory(given_name="Amy", family_name="Testchild")


@pytest.fixture
def ben():
    return ChildFactory(given_name="Ben", family_name="Testchild")


def test_only_the_data_protection_lead_sees_the_log(verified_client):
    for role in [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR]:
        client = verified_client(StaffUserFactory(role=role))
        assert client.get(reverse("audit:log")).status_code == 403
        assert client.get(reverse("audit:log-csv")).status_code == 403


def test_the_log_needs_a_signed_in_verified_user(client):
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_entries_are_shown_newest_first_with_who_which_child_and_why(
    verified_client, dpl, alice, amy
):
    record(alice, amy, at=dt.datetime(2026, 9, 1, 9, 0, tzinfo=LONDON))
    record(alice, amy, decision=DENIED, at=dt.datetime(2026, 9, 2, 9, 0, tzinfo=LONDON))

    response = verified_client(dpl).get(reverse("audit:log"))

    assert response.status_code == 200
    newest, oldest = rows(response)
    assert newest[0].startswith("2 September 2026")
    assert "alice.keyworker" in newest[1]
    assert alice.agency.name in newest[1]
    assert "Amy Testchild" in newest[2]
    assert f"ID {amy.pk}" in newest[2]
    assert newest[3] == "Viewed the child's record"
    assert newest[4] == "Child's record"
    assert newest[5] == "Refused"
    assert "No working relationship with the child" in newest[6]
    assert "no_relationship" not in newest[6]
    assert "You do not have a working relationship." in newest[6]
    assert oldest[5] == "Allowed"


def test_every_basis_is_shown_in_words(verified_client, dpl, alice, amy):
    for basis in ["case_team", "no_agreement", "agreement:TS-ISA-7"]:
        record(alice, amy, decision=Decision(basis != "no_agreement", basis, "Synthetic."))

    table = rows(verified_client(dpl).get(reverse("audit:log")))

    bases = [row[6] for row in table]
    assert bases[0].startswith("Shared under agreement TS-ISA-7")
    assert bases[1].startswith("Not shared under current agreements")
    assert bases[2].startswith("On the case team")
    assert not any("_" in basis for basis in bases)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"username": "ALICE"}, {("alice.keyworker", "Amy"), ("alice.keyworker", "Ben")}),
        ({"child": "<ben>"}, {("alice.keyworker", "Ben"), ("bob.duty", "Ben")}),
        ({"outcome": "denied"}, {("bob.duty", "Ben")}),
        ({"action": AccessAction.EXPORT}, {("alice.keyworker", "Ben")}),
        ({"break_glass": "on"}, {("bob.duty", "Ben")}),
        (
            {"date_from_day": "10", "date_from_month": "9", "date_from_year": "2026"},
            {("alice.keyworker", "Ben"), ("bob.duty", "Ben")},
        ),
        (
            {"date_to_day": "9", "date_to_month": "9", "date_to_year": "2026"},
            {("alice.keyworker", "Amy")},
        ),
        ({"username": "alice", "child": "<ben>"}, {("alice.keyworker", "Ben")}),
    ],
)
def test_filters(verified_client, dpl, alice, bob, amy, ben, query, expected):
    record(alice, amy, at=dt.datetime(2026, 9, 9, 23, 30, tzinfo=LONDON))
    record(
        alice, ben, action=AccessAction.EXPORT, at=dt.datetime(2026, 9, 10, 0, 30, tzinfo=LONDON)
    )
    started = dt.datetime(2026, 9, 12, 8, 0, tzinfo=LONDON)
    access = BreakGlassAccess.objects.create(
        user=bob,
        child=ben,
        reason="Missing overnight.",
        started_at=started,
        expires_at=started + dt.timedelta(hours=4),
    )
    withheld = Decision(False, "no_agreement", "Not shared.", break_glass=access)
    record(bob, ben, decision=withheld, at=dt.datetime(2026, 9, 12, 9, 0, tzinfo=LONDON))
    query = {key: str(ben.pk) if value == "<ben>" else value for key, value in query.items()}

    response = verified_client(dpl).get(reverse("audit:log"), query)

    assert response.status_code == 200
    shown = {(row[1].split()[0], row[2].split()[0]) for row in rows(response)}
    assert shown == expected


def test_a_to_date_before_the_from_date_is_an_error(verified_client, dpl, alice, amy):
    record(alice, amy)
    response = verified_client(dpl).get(
        reverse("audit:log"),
        {
            "date_from_day": "10",
            "date_from_month": "9",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "9",
            "date_to_year": "2026",
        },
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select(".govuk-error-summary li")] == [
        "Date to must be the same as or after date from"
    ]
    assert rows(response) == []


def test_entries_from_another_partnership_are_not_shown(verified_client, dpl, amy, alice):
    elsewhere = AreaFactory(name="Otherset Safeguarding Partnership", slug="otherset")
    outsider = StaffUserFactory(
        username="otherset.worker", team=TeamFactory(agency=AgencyFactory(area=elsewhere))
    )
    record(outsider, ChildFactory(area=elsewhere, given_name="Otherchild"))
    record(outsider, amy, decision=DENIED)  # tried to open one of ours: shown
    record(alice, amy)

    shown = rows(verified_client(dpl).get(reverse("audit:log")))

    assert len(shown) == 2
    assert not any("Otherchild" in row[2] for row in shown)


def test_the_log_is_paginated_fifty_to_a_page(verified_client, dpl, alice, amy):
    for minute in range(51):
        record(alice, amy, at=dt.datetime(2026, 9, 15, 10, minute, tzinfo=LONDON))
    client = verified_client(dpl)

    first = client.get(reverse("audit:log"), {"username": "alice"})
    second = client.get(reverse("audit:log"), {"username": "alice", "page": "2"})

    assert len(rows(first)) == 50
    assert len(rows(second)) == 1
    assert rows(second)[0][0] == "15 September 2026, 10:00:00"
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one(".govuk-pagination__next a")["href"]
    assert "username=alice" in next_link
    assert "page=2" in next_link


def test_reading_the_log_is_recorded_once_per_child_shown(verified_client, dpl, alice, amy, ben):
    record(alice, amy)
    record(alice, amy)
    record(alice, ben)

    client = verified_client(dpl)
    client.get(reverse("audit:log"))

    views = amy.access_log.filter(user=dpl)
    assert views.count() == 1
    assert views.get().action == AccessAction.VIEW_HISTORY
    assert ben.access_log.filter(user=dpl).count() == 1

    # Those entries are left out unless asked for, so looking again shows the same three.
    assert len(rows(client.get(reverse("audit:log")))) == 3
    with_reviews = rows(client.get(reverse("audit:log"), {"reviews": "include"}))
    assert sum("dpl" in row[1] for row in with_reviews) == 4


def test_the_download_has_the_filtered_rows_and_is_logged_as_an_export(
    verified_client, dpl, alice, bob, amy, ben
):
    record(alice, amy, at=dt.datetime(2026, 9, 1, 9, 0, tzinfo=LONDON))
    record(alice, ben, at=dt.datetime(2026, 9, 2, 9, 0, tzinfo=LONDON))
    record(bob, ben, decision=DENIED, at=dt.datetime(2026, 9, 3, 9, 0, tzinfo=LONDON))

    response = verified_client(dpl).get(reverse("audit:log-csv"), {"username": "alice"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["Member of staff"], row["Child"]) for row in table] == [
        ("alice.keyworker", "Ben Testchild"),
        ("alice.keyworker", "Amy Testchild"),
    ]
    assert table[0]["Child ID"] == str(ben.pk)
    assert table[0]["Outcome"] == "Allowed"
    assert table[0]["Basis"] == "Key worker"
    assert table[0]["Basis code"] == "key_worker"

    for child in (amy, ben):
        [export] = child.access_log.filter(user=dpl, action=AccessAction.EXPORT)
        assert export.allowed
        assert export.basis == "data_protection_review"
    # The file was read before the export was logged, so it does not list itself.
    assert not any(row["Member of staff"] == "dpl" for row in table)


def test_the_download_makes_formulas_harmless(verified_client, dpl, alice):
    sneaky = ChildFactory(given_name='=HYPERLINK("http://example.invalid")', family_name="X")
    record(alice, sneaky)

    response = verified_client(dpl).get(reverse("audit:log-csv"))

    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["Child"].startswith("'=")


# --- Finding a child's entries by name -----------------------------------------------------


def test_a_name_that_matches_one_child_shows_their_entries_without_the_name_in_the_address(
    verified_client, dpl, alice, amy, ben
):
    record(alice, amy)
    record(alice, ben)
    client = verified_client(dpl)

    response = client.post(reverse("audit:log") + "?username=alice", {"name": "tESTchild aMY"})

    assert response.status_code == 302
    assert "amy" not in response.url.lower()
    assert f"child={amy.pk}" in response.url
    assert "username=alice" in response.url
    shown = rows(client.get(response.url))
    assert [row[2].split()[0] for row in shown] == ["Amy"]
    found = amy.access_log.get(user=dpl, action=AccessAction.SEARCH_RESULT)
    assert found.basis == "data_protection_review"


def test_a_name_that_matches_several_children_lists_them_to_choose_from(
    verified_client, dpl, alice, amy, ben
):
    other_area = AreaFactory(slug="elsewhere", name="Elsewhere")
    elsewhere = ChildFactory(given_name="Cara", family_name="Testchild", area=other_area)
    client = verified_client(dpl)

    response = client.post(reverse("audit:log"), {"name": "TESTCHILD"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    page = soup.get_text(" ", strip=True)
    assert "2 children in your partnership match that name" in page
    assert "Amy Testchild" in page
    assert "Ben Testchild" in page
    assert "Cara" not in page
    link = soup.find("a", string=lambda text: text and text.startswith("Ben Testchild"))
    assert link["href"].endswith(f"?child={ben.pk}")
    assert not elsewhere.access_log.exists()
    assert ben.access_log.filter(user=dpl, action=AccessAction.SEARCH_RESULT).count() == 1


def test_a_name_that_matches_no_one_says_so_and_an_empty_one_is_an_error(verified_client, dpl):
    client = verified_client(dpl)
    nobody = BeautifulSoup(
        client.post(reverse("audit:log"), {"name": "Zzyzx"}).content, "html.parser"
    ).get_text(" ", strip=True)
    assert "No child in your partnership has a name that matches" in nobody

    empty = client.post(reverse("audit:log"), {"name": ""})
    assert empty.status_code == 400
    assert "Enter all or part of the child's name" in BeautifulSoup(
        empty.content, "html.parser"
    ).get_text(" ", strip=True)


def test_only_the_data_protection_lead_can_find_children_by_name(verified_client, amy):
    client = verified_client(StaffUserFactory(role=Role.TEAM_MANAGER))
    assert client.post(reverse("audit:log"), {"name": "Amy"}).status_code == 403
    assert not amy.access_log.exists()
