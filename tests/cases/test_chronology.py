"""The chronology: every agency's entries in one timeline, each decided by the access policy."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases import chronology
from seemehearme.cases.chronology import Entry, child_chronology, register_source
from seemehearme.cases.models import (
    CaptureMethod,
    Decision,
    KeyWorkerAssignment,
    VoiceEntry,
    VoiceKind,
)
from seemehearme.cases.views import chronology as chronology_views
from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CaseFactory,
    ChildFactory,
    InformationItemFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    relate,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


D = dt.date


@pytest.fixture
def story():
    """Robyn's case: the council's social worker is key worker; her school and the police are
    on the case team. The council and the school share social care, education and the child's
    words; the police are not party to that agreement."""
    child = ChildFactory(given_name="Robyn", family_name="Eastmere")
    area = child.area
    council = AgencyFactory(area=area, name="Testshire Children's Services")
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    police = AgencyFactory(area=area, name="Northbridge Police", kind=AgencyKind.POLICE)
    AgreementFactory(
        area=area,
        parties=[council, school],
        categories=["social-care", "education", "child-voice"],
    )
    social_worker = StaffUserFactory(
        team=TeamFactory(agency=council), agency=council, first_name="Sam", last_name="Carter"
    )
    coordinator = StaffUserFactory(
        team=social_worker.team, agency=council, role=Role.CSE_COORDINATOR
    )
    teacher = StaffUserFactory(team=TeamFactory(agency=school), agency=school)
    officer = StaffUserFactory(team=TeamFactory(agency=police), agency=police)
    case = CaseFactory(child=child, opened_by=coordinator, opened_at=at(D(2026, 10, 1), 10))
    key_worker = relate(child, RelationshipKind.KEY_WORKER, user=social_worker, case=case)
    relate(child, RelationshipKind.CASE_TEAM, user=teacher, case=case)
    relate(child, RelationshipKind.CASE_TEAM, user=officer, case=case)

    InformationItemFactory(
        child=child,
        source_agency=school,
        category=category("education"),
        title="Attendance fell to 62%",
        occurred_on=D(2026, 9, 1),
    )
    for n in range(3):
        InformationItemFactory(
            child=child,
            source_agency=police,
            category=category("police-intelligence"),
            title=f"Intelligence report {n}: seen with older men",
            occurred_on=D(2026, 9, 10 + n),
        )
    ReferralFactory(
        child=child,
        referring_agency=school,
        referred_by=teacher,
        holding_team=social_worker.team,
        received_at=at(D(2026, 9, 20), 9),
        concerns="Collected from school by older men in different cars.",
    )
    VoiceEntry.objects.create(
        child=child,
        case=case,
        kind=VoiceKind.OWN_WORDS,
        words="They're my friends.\nThey look after me.",
        captured_how=CaptureMethod.IN_PERSON,
        captured_with="her form tutor",
        captured_where="school",
        said_on=D(2026, 9, 25),
        source_agency=school,
        recorded_by=teacher,
    )
    KeyWorkerAssignment.objects.create(
        case=case,
        user=social_worker,
        relationship=key_worker,
        started_at=at(D(2026, 10, 2), 11),
        reason="Already knows Robyn from a previous assessment.",
        child_told=True,
        child_told_how="Told her face to face at home.",
        assigned_by=coordinator,
    )
    Decision.objects.create(
        case=case,
        made_on=D(2026, 10, 5),
        made_by=social_worker,
        source_agency=council,
        summary="Robyn will be collected from school by her aunt",
        child_took_part=True,
        child_view="I'd rather my aunt than a taxi.",
        how_weighed="She chose who collects her.",
    )
    plan = PlanFactory(case=case, created_by=coordinator)
    PlanActionFactory(
        plan=plan,
        owner=officer,
        description="Serve a Child Abduction Warning Notice",
        created_at=at(D(2026, 10, 10), 15),
    )
    return {
        "child": child,
        "case": case,
        "police": police,
        "school": school,
        "council": council,
        "social_worker": social_worker,
        "teacher": teacher,
        "officer": officer,
    }


def url(child) -> str:
    return f"/children/{child.pk}/chronology"


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def entry_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [h3.get_text(" ", strip=True) for h3 in soup.select("main ol h3")]


def test_entries_from_every_source_are_merged_newest_first(story):
    worker, child = story["social_worker"], story["child"]
    timeline = child_chronology(
        user=worker, child=child, access=relationship_to_child(worker, child)
    )
    shown = [(row.source.kind, row.entry.title) for row in timeline.select().shown]
    assert shown == [
        ("decision", "Decision: Robyn will be collected from school by her aunt"),
        ("key-worker", "Key worker: Sam Carter"),
        ("case", "Case opened"),
        ("child-voice", "In their own words: face to face with her form tutor, school"),
        ("referral", "Referral from Eastmere Academy"),
        ("information", "Attendance fell to 62%"),
    ]


def test_a_second_key_worker_is_a_change(story):
    case, worker = story["case"], story["social_worker"]
    second = StaffUserFactory(team=worker.team, agency=worker.agency, first_name="Jo")
    relationship = relate(case.child, RelationshipKind.KEY_WORKER, user=second, case=case)
    KeyWorkerAssignment.objects.filter(case=case).update(ended_at=at(D(2026, 10, 20)))
    KeyWorkerAssignment.objects.create(
        case=case,
        user=second,
        relationship=relationship,
        started_at=at(D(2026, 10, 20)),
        reason="Sam has left the team.",
        child_told=False,
        assigned_by=worker,
    )
    timeline = child_chronology(
        user=worker, child=case.child, access=relationship_to_child(worker, case.child)
    )
    newest = timeline.select(kinds=["key-worker"]).shown[0].entry
    assert newest.title == f"Key worker changed to {second.display_name}"
    assert "The child has not been told yet." in newest.detail


def test_the_page_shows_what_is_shared_and_counts_what_is_withheld(story, verified_client):
    response = verified_client(story["teacher"]).get(url(story["child"]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Collected from school by older men in different cars." in text
    assert "Robyn will be collected from school by her aunt" in text
    assert "Intelligence report" not in text
    assert "Child Abduction Warning Notice" not in text
    assert (
        "3 entries held by Northbridge Police (police intelligence) are not shared with your "
        "agency." in text
    )
    assert (
        "1 entry held by Northbridge Police (social care) is not shared with your agency." in text
    )


def test_the_childs_words_are_shown_exactly_as_said(story, verified_client):
    response = verified_client(story["social_worker"]).get(url(story["child"]))
    quote = BeautifulSoup(response.content, "html.parser").select_one("main blockquote")
    assert quote is not None
    assert quote.get_text("\n", strip=True) == "They're my friends.\nThey look after me."


def test_an_agency_sees_its_own_entries(story, verified_client):
    text = page_text(verified_client(story["officer"]).get(url(story["child"])))
    assert "Intelligence report 2: seen with older men" in text
    assert "Action: Serve a Child Abduction Warning Notice" in text
    # The police are not party to the council and school's agreement.
    assert "Attendance fell to 62%" not in text
    assert "1 entry held by Eastmere Academy (education) is not shared" in text


def test_filter_by_agency(story, verified_client):
    response = verified_client(story["social_worker"]).get(
        url(story["child"]), {"agency": story["school"].pk}
    )
    assert entry_titles(response) == [
        "In their own words: face to face with her form tutor, school",
        "Referral from Eastmere Academy",
        "Attendance fell to 62%",
    ]
    # Withheld counts follow the filters too.
    assert "Northbridge Police" not in page_text(response)


def test_filter_by_type_and_agency_together(story, verified_client):
    client = verified_client(story["social_worker"])
    response = client.get(url(story["child"]), {"kind": ["referral", "decision"]})
    assert entry_titles(response) == [
        "Decision: Robyn will be collected from school by her aunt",
        "Referral from Eastmere Academy",
    ]
    assert "not shared with your agency" not in page_text(response)
    response = client.get(
        url(story["child"]), {"kind": ["referral", "decision"], "agency": story["council"].pk}
    )
    assert entry_titles(response) == ["Decision: Robyn will be collected from school by her aunt"]
    assert "1 entry matching the filters" in page_text(response)


def test_the_filters_send_only_agency_ids_and_entry_kinds(story, verified_client):
    response = verified_client(story["social_worker"]).get(url(story["child"]))
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("main form[method=get]")
    inputs = form.select("input")
    assert {i["name"] for i in inputs} == {"agency", "kind"}
    kinds = {source.kind for source in chronology.sources()}
    for i in inputs:
        assert i["value"].isdigit() if i["name"] == "agency" else i["value"] in kinds
    # Only agencies whose entries the user may see are offered.
    offered = {int(i["value"]) for i in inputs if i["name"] == "agency"}
    assert offered == {story["school"].pk, story["council"].pk}


def test_a_bad_filter_gets_a_clear_error_and_shows_nothing(story, verified_client):
    other_area_agency = AgencyFactory(area__slug="elsewhere", area__name="Elsewhere")
    client = verified_client(story["social_worker"])
    response = client.get(url(story["child"]), {"agency": other_area_agency.pk, "kind": "gossip"})
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert summary is not None
    assert "Choose agencies from the list" in summary.get_text()
    assert "Choose types of entry from the list" in summary.get_text()
    assert entry_titles(response) == []
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_ITEM).exists()


def test_every_decision_shown_or_counted_is_logged(story, verified_client):
    teacher, child = story["teacher"], story["child"]
    verified_client(teacher).get(url(child))
    entries = AccessLogEntry.objects.filter(user=teacher, child=child)
    record = entries.get(action=AccessAction.VIEW_RECORD)
    assert record.allowed
    assert record.subject == "Chronology"
    items = entries.filter(action=AccessAction.VIEW_ITEM)
    assert items.filter(allowed=True).count() == 6
    refused = items.filter(allowed=False)
    assert refused.count() == 4
    assert set(refused.values_list("basis", flat=True)) == {"no_agreement"}
    subjects = set(items.values_list("subject", flat=True))
    assert any(s.startswith("Chronology: referral ") for s in subjects)
    assert any("police-intelligence, Northbridge Police" in s for s in subjects)


def test_only_the_page_shown_is_logged(story, verified_client, monkeypatch):
    monkeypatch.setattr(chronology_views, "PAGE_SIZE", 2)
    worker, child = story["social_worker"], story["child"]
    response = verified_client(worker).get(url(child), {"page": 3})
    assert entry_titles(response) == [
        "Referral from Eastmere Academy",
        "Attendance fell to 62%",
    ]
    shown = AccessLogEntry.objects.filter(
        user=worker, child=child, action=AccessAction.VIEW_ITEM, allowed=True
    )
    assert sorted(shown.values_list("subject", flat=True)) == sorted(
        [
            f"Chronology: information item {child.items.get(title__startswith='Attendance').pk} "
            "(education, Eastmere Academy)",
            f"Chronology: referral {child.referrals.get().pk} (social-care, Eastmere Academy)",
        ]
    )


def test_a_stranger_is_refused_and_logged(story, verified_client):
    stranger = StaffUserFactory(team__agency__area=story["child"].area)
    response = verified_client(stranger).get(url(story["child"]))
    assert response.status_code == 403
    assert "Robyn" not in response.content.decode()
    assert "Attendance" not in response.content.decode()
    entry = AccessLogEntry.objects.get(user=stranger)
    assert (entry.allowed, entry.basis) == (False, "no_relationship")


def test_another_app_can_plug_in_a_source(story, monkeypatch):
    monkeypatch.setattr(chronology, "_SOURCES", dict(chronology._SOURCES))
    police = story["police"]

    def screenings(child):
        yield Entry(
            when=D(2026, 11, 1),
            title="Screening: significant risk",
            source_agency=police,
            category="police-incidents",
            ref="screening 1",
        )

    register_source("plug-in", "Plug-in", screenings)
    with pytest.raises(ImproperlyConfigured):
        register_source("plug-in", "Plug-in again", lambda child: [])
    officer, worker, child = story["officer"], story["social_worker"], story["child"]
    for_officer = child_chronology(
        user=officer, child=child, access=relationship_to_child(officer, child)
    )
    assert for_officer.select().shown[0].entry.title == "Screening: significant risk"
    for_worker = child_chronology(
        user=worker, child=child, access=relationship_to_child(worker, child)
    )
    assert [row.entry.ref for row in for_worker.select(kinds=["plug-in"]).refused] == [
        "screening 1"
    ]


def test_a_source_naming_an_unknown_category_fails_loudly(story, monkeypatch):
    monkeypatch.setattr(chronology, "_SOURCES", {})
    register_source(
        "broken",
        "Broken",
        lambda child: [
            Entry(
                when=D(2026, 1, 1),
                title="x",
                source_agency=story["police"],
                category="no-such-category",
                ref="x 1",
            )
        ],
    )
    worker, child = story["social_worker"], story["child"]
    with pytest.raises(ImproperlyConfigured):
        child_chronology(user=worker, child=child, access=relationship_to_child(worker, child))


def test_the_chronology_costs_the_same_queries_however_long_it_is(story):
    worker, child = story["social_worker"], story["child"]
    access = relationship_to_child(worker, child)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            child_chronology(user=worker, child=child, access=access).select()
        return len(captured)

    before = queries()
    for n in range(3):
        InformationItemFactory(child=child, source_agency=story["police"], title=f"More {n}")
        ReferralFactory(child=child, referring_agency=story["school"], referred_by=story["teacher"])
        PlanActionFactory(plan=story["case"].plan, owner=story["officer"])
    assert queries() == before


def test_screenings_and_meetings_are_in_the_chronology(story):
    from seemehearme.meetings.models import AgendaChild, Meeting, MeetingType
    from tests.screening.factories import ScreeningFactory

    worker, child = story["social_worker"], story["child"]
    ScreeningFactory(child=child, completed_by=worker, band_label="Moderate")
    meeting = Meeting.objects.create(
        area=child.area,
        meeting_type=MeetingType.objects.get(code="mace-child"),
        held_at=timezone.now(),
        location="Town hall",
        chair=worker,
        created_by=worker,
    )
    AgendaChild.objects.create(meeting=meeting, child=child, discussion="Synthetic discussion.")
    shown = (
        child_chronology(user=worker, child=child, access=relationship_to_child(worker, child))
        .select(kinds=["screening", "meeting"])
        .shown
    )
    titles = sorted(row.entry.title for row in shown)
    assert titles[0].endswith("(planned)")
    assert titles[1] == "Screening: Moderate"
