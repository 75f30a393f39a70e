"""The child search, the child record and break-glass access, through the real pages."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.models import BreakGlassAccess
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ChildFactory,
    InformationItemFactory,
    StaffUserFactory,
    TeamFactory,
    VoiceEntryFactory,
    category,
    relate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A school lead and a police officer on one child's case team, with items from both."""
    child = ChildFactory(
        given_name="Robyn", family_name="Eastmere", date_of_birth=dt.date(2011, 2, 3)
    )
    area = child.area
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    police = AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE)
    AgreementFactory(area=area, parties=[school, police], categories=["education", "child-voice"])
    teacher = StaffUserFactory(team=TeamFactory(agency=school), agency=school)
    officer = StaffUserFactory(team=TeamFactory(agency=police), agency=police)
    relate(child, RelationshipKind.CASE_TEAM, user=teacher)
    relate(child, RelationshipKind.CASE_TEAM, user=officer)
    InformationItemFactory(
        child=child,
        source_agency=police,
        category=category("police-intelligence"),
        title="Seen getting into a car with an older man",
        detail="Synthetic intelligence.",
    )
    VoiceEntryFactory(
        child=child,
        recorded_by=officer,
        captured_where="return interview",
        words="I just want people to stop asking me where I was.",
    )
    InformationItemFactory(
        child=child,
        source_agency=school,
        category=category("education"),
        title="Attendance fell to 62%",
        detail="",
    )
    return {"child": child, "teacher": teacher, "officer": officer}


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_record_shows_what_is_shared_and_says_what_is_withheld(story, verified_client):
    response = verified_client(story["teacher"]).get(f"/children/{story['child'].pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "Robyn Eastmere" in page
    assert "Attendance fell to 62%" in page
    assert "I just want people to stop asking me where I was." in page  # the child's own words
    assert "Seen getting into a car" not in page
    assert (
        "1 item: Held by Testshire Police; not shared with your agency under current "
        "agreements (police intelligence)." in page
    )


def test_the_source_agency_sees_its_own_intelligence(story, verified_client):
    page = text(verified_client(story["officer"]).get(f"/children/{story['child'].pk}/"))
    assert "Seen getting into a car with an older man" in page
    assert "Withheld from you" not in page


def test_opening_a_record_logs_the_record_and_every_item_decision(story, verified_client):
    teacher, child = story["teacher"], story["child"]
    verified_client(teacher).get(f"/children/{child.pk}/")
    entries = AccessLogEntry.objects.filter(user=teacher, child=child)
    assert entries.filter(action=AccessAction.VIEW_RECORD, allowed=True).count() == 1
    items = entries.filter(action=AccessAction.VIEW_ITEM)
    assert items.filter(allowed=True).count() == 2
    refused = items.get(allowed=False)
    assert refused.basis == "no_agreement"
    assert "police-intelligence" in refused.subject


def test_search_shows_children_you_work_with_and_logs_each_result(story, verified_client):
    response = verified_client(story["teacher"]).post("/children/", {"name": "robyn eastmere"})
    page = text(response)
    assert "Robyn Eastmere" in page
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH_RESULT, user=story["teacher"])
    assert entry.allowed
    assert entry.child == story["child"]


def test_search_without_a_relationship_only_counts_matches_unless_the_birth_date_is_given(
    story, verified_client
):
    stranger = StaffUserFactory(team__agency__area=story["child"].area)
    client = verified_client(stranger)
    page = text(client.post("/children/", {"name": "Eastmere"}))
    assert "Robyn" not in page
    assert "1 other child matches your search" in page
    assert not AccessLogEntry.objects.filter(user=stranger).exists()

    page = text(
        client.post(
            "/children/",
            {
                "name": "Eastmere",
                "date_of_birth_day": "3",
                "date_of_birth_month": "2",
                "date_of_birth_year": "2011",
            },
        )
    )
    assert "Robyn Eastmere, born 3 February 2011" in page
    assert "use break-glass access" in page
    # Name and date of birth were shown, so the log says so (not "Refused"), and why only those.
    logged = AccessLogEntry.objects.get(user=stranger)
    assert logged.allowed is True
    assert logged.basis == "exact_date_of_birth_match"
    assert logged.subject == "Search result: name and date of birth only"
    assert "record itself stays closed" in logged.reason


def test_a_search_puts_no_name_in_the_url_or_the_access_log(story, verified_client):
    client = verified_client(story["teacher"])
    assert client.get("/children/", {"name": "Robyn"}).status_code == 200  # GET shows the form
    assert not AccessLogEntry.objects.exists()  # ...and searches nothing
    client.post("/children/", {"name": "Robyn Eastmere"})
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH_RESULT)
    assert entry.path == "/children/"


def test_search_reports_bad_input_clearly(story, verified_client):
    client = verified_client(story["teacher"])
    page = text(
        client.post(
            "/children/",
            {
                "name": "R",
                "date_of_birth_day": "31",
                "date_of_birth_month": "2",
                "date_of_birth_year": "2011",
            },
        )
    )
    assert "There is a problem" in page
    assert "Enter at least 2 letters of the child's name" in page
    assert "Date of birth must be a real date" in page


def test_break_glass_needs_a_reason_and_is_flagged_for_review(story, verified_client):
    child = story["child"]
    stranger = StaffUserFactory(team__agency__area=child.area)
    client = verified_client(stranger)
    assert client.get(f"/children/{child.pk}/").status_code == 403

    response = client.post(f"/children/{child.pk}/break-glass", {"reason": "urgent", "hours": "2"})
    assert response.status_code == 200
    assert "at least 20 characters" in text(response)
    assert not BreakGlassAccess.objects.exists()

    reason = "Found by police at 2am with an adult; need to know who has parental responsibility."
    response = client.post(f"/children/{child.pk}/break-glass", {"reason": reason, "hours": "2"})
    assert response.status_code == 302
    glass = BreakGlassAccess.objects.get(user=stranger, child=child)
    assert glass.reviewed_at is None
    assert (
        dt.timedelta(hours=1, minutes=59)
        < glass.expires_at - glass.started_at
        <= dt.timedelta(hours=2)
    )

    page = text(client.get(f"/children/{child.pk}/"))
    assert "You are using break-glass access" in page
    assert "Robyn Eastmere" in page
    view = AccessLogEntry.objects.filter(user=stranger, action=AccessAction.VIEW_RECORD).latest(
        "id"
    )
    assert view.allowed
    assert view.break_glass


def test_breaking_the_glass_logs_the_refusal_and_the_grant_once_each(story, verified_client):
    child = story["child"]
    stranger = StaffUserFactory(team__agency__area=child.area)
    client = verified_client(stranger)
    assert client.get(f"/children/{child.pk}/").status_code == 403
    # Opening the form, and sending it with a mistake, refuses nothing: it shows no record.
    assert client.get(f"/children/{child.pk}/break-glass").status_code == 200
    client.post(f"/children/{child.pk}/break-glass", {"reason": "too short", "hours": "1"})
    reason = "Found by police at 2am with an adult; need to know who has parental responsibility."
    response = client.post(f"/children/{child.pk}/break-glass", {"reason": reason, "hours": "1"})
    assert response.status_code == 302

    entries = AccessLogEntry.objects.filter(user=stranger, child=child).order_by("id")
    assert [(entry.action, entry.allowed, entry.basis) for entry in entries] == [
        (AccessAction.VIEW_RECORD, False, "no_relationship"),
        (AccessAction.BREAK_GLASS, True, "break_glass"),
    ]
    assert entries.last().subject == "Break-glass access for 1 hour"


def test_a_role_that_cannot_break_the_glass_is_refused_once_and_told_why(story, verified_client):
    child = story["child"]
    lead = StaffUserFactory(team__agency__area=child.area, role=Role.DATA_PROTECTION_LEAD)

    response = verified_client(lead).get(f"/children/{child.pk}/break-glass")

    assert response.status_code == 403
    assert "Robyn" not in text(response)
    [entry] = AccessLogEntry.objects.filter(user=lead, child=child)
    assert (entry.action, entry.allowed) == (AccessAction.BREAK_GLASS, False)
    assert entry.basis == "role_without_case_access"


def test_break_glass_access_ends_when_it_expires(story, verified_client):
    child = story["child"]
    stranger = StaffUserFactory(team__agency__area=child.area)
    now = timezone.now()
    BreakGlassAccess.objects.create(
        user=stranger,
        child=child,
        reason="An emergency that has now passed, synthetic.",
        started_at=now - dt.timedelta(hours=3),
        expires_at=now - dt.timedelta(minutes=1),
    )
    assert verified_client(stranger).get(f"/children/{child.pk}/").status_code == 403


def test_the_record_shows_who_has_looked_at_it(story, verified_client):
    child = story["child"]
    verified_client(story["officer"]).get(f"/children/{child.pk}/")
    page = text(verified_client(story["teacher"]).get(f"/children/{child.pk}/access-history"))
    assert story["officer"].username in page
    assert "Viewed the child's record" in page
    assert "Allowed" in page
    assert "Refused" not in page  # nobody has been refused this record


def test_access_history_is_paged_fifty_at_a_time(story, verified_client):
    child = story["child"]
    client = verified_client(story["officer"])
    for _ in range(50):
        client.get(f"/children/{child.pk}/access-history")
    html = client.get(f"/children/{child.pk}/access-history").content.decode()
    assert 'aria-label="Pages of access history"' in html
    assert "?page=2" in html
    second = client.get(f"/children/{child.pk}/access-history", {"page": 2})
    assert second.status_code == 200
    assert 'aria-current="page">2<' in second.content.decode()


def test_a_child_in_another_partnership_is_not_found_and_the_attempt_is_logged(
    story, verified_client
):
    child = story["child"]
    elsewhere = StaffUserFactory(
        team__agency__area__slug="elsewhere", team__agency__area__name="Elsewhere"
    )
    client = verified_client(elsewhere)

    refused = client.get(f"/children/{child.pk}/")
    never_used = client.get(f"/children/{child.pk + 1000}/")

    assert refused.status_code == never_used.status_code == 404
    assert "Robyn" not in text(refused)
    assert "different partnership" not in text(refused)
    entry = AccessLogEntry.objects.get(user=elsewhere, child=child)
    assert not entry.allowed


def test_working_with_names_a_panel_once_however_many_listings_put_it_there(story, verified_client):
    from tests.factories import CaseFactory, PanelFactory

    child = story["child"]
    panel = PanelFactory(area=child.area, name="Testshire MACE panel")
    relate(child, RelationshipKind.PANEL, panel=panel)
    relate(child, RelationshipKind.PANEL, panel=panel, case=CaseFactory(child=child))
    response = verified_client(story["teacher"]).get(f"/children/{child.pk}/")
    html = BeautifulSoup(response.content, "html.parser")
    heading = html.find("h2", string=lambda s: s and s.startswith("Working with"))
    working_with = heading.find_next("ul").get_text(" ", strip=True)
    assert working_with.count("Multi-agency panel") == 1
    assert working_with.count("Testshire MACE panel") == 1


def test_the_access_history_does_not_name_items_the_reader_may_not_know_of(story, verified_client):
    child = story["child"]
    clinic = AgencyFactory(
        area=child.area, name="Testshire Sexual Health Service", kind=AgencyKind.HEALTH
    )
    InformationItemFactory(
        child=child,
        source_agency=clinic,
        category=category("sexual-health"),
        title="Clinic visit",
        detail="Synthetic.",
    )
    teacher = story["teacher"]
    client = verified_client(teacher)
    client.get(f"/children/{child.pk}/")  # the clinic's item is withheld from her, and logged
    assert AccessLogEntry.objects.filter(
        child=child, action=AccessAction.VIEW_ITEM, subject__contains="Sexual Health"
    ).exists()
    page = text(client.get(f"/children/{child.pk}/access-history"))
    assert "Viewed the child's record" in page
    assert "exual health" not in page.replace("sexual-health", "sexual health")
    assert "Sexual Health Service" not in page


def test_working_with_does_not_name_a_service_whose_involvement_is_sensitive(
    story, verified_client
):
    child = story["child"]
    clinic = AgencyFactory(
        area=child.area,
        name="Testshire Sexual Health Service",
        kind=AgencyKind.HEALTH,
        involvement_is_sensitive=True,
    )
    nurse = StaffUserFactory(team=TeamFactory(agency=clinic), agency=clinic)
    relate(child, RelationshipKind.CASE_TEAM, user=nurse)

    def working_with(user) -> str:
        response = verified_client(user).get(f"/children/{child.pk}/")
        html = BeautifulSoup(response.content, "html.parser")
        heading = html.find("h2", string=lambda s: s and s.startswith("Working with"))
        return heading.find_next("ul").get_text(" ", strip=True)

    teacher_sees = working_with(story["teacher"])
    assert "Sexual Health" not in teacher_sees
    assert nurse.display_name not in teacher_sees
    assert story["officer"].display_name in teacher_sees  # other agencies are still named
    assert "And 1 other professional whose service is not named to other agencies." in (
        teacher_sees
    )
    # Within the clinic, its own staff are named as usual.
    assert "Testshire Sexual Health Service" in working_with(nurse)


def test_the_case_team_does_not_name_a_service_whose_involvement_is_sensitive(
    story, verified_client
):
    from tests.factories import CaseFactory

    child = story["child"]
    case = CaseFactory(child=child)
    clinic = AgencyFactory(
        area=child.area,
        name="Testshire Sexual Health Service",
        kind=AgencyKind.HEALTH,
        involvement_is_sensitive=True,
    )
    nurse = StaffUserFactory(team=TeamFactory(agency=clinic), agency=clinic)
    for member in (story["teacher"], nurse):
        relate(child, RelationshipKind.CASE_TEAM, user=member, case=case)

    def case_team(user) -> str:
        response = verified_client(user).get(f"/cases/{case.pk}/")
        assert response.status_code == 200
        html = BeautifulSoup(response.content, "html.parser")
        heading = html.find("h2", id="team")
        return " ".join(
            tag.get_text(" ", strip=True)
            for tag in heading.find_next_siblings(["dl", "p"], limit=2)
        )

    teacher_sees = case_team(story["teacher"])
    assert story["teacher"].display_name in teacher_sees
    assert "Sexual Health" not in teacher_sees
    assert nurse.display_name not in teacher_sees
    assert "And 1 other professional whose service is not named" in teacher_sees
    assert "Testshire Sexual Health Service" in case_team(nurse)
