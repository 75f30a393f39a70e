"""The access policy as a table: role x relationship x source agency x category x agreement
state -> allowed or denied. The expected answers are written out below, not computed by the code
under test; every combination is checked against a real database."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.models import AgreementStatus, BreakGlassAccess
from seemehearme.sharing.policy import can_view_item, relationship_to_child
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AreaFactory,
    ChildFactory,
    PanelFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    relate,
)

ROLES = [
    Role.PRACTITIONER,
    Role.CSE_COORDINATOR,
    Role.TEAM_MANAGER,
    Role.PANEL_MEMBER,
    Role.INTELLIGENCE_ANALYST,
    Role.DATA_PROTECTION_LEAD,
    Role.SYSTEM_ADMINISTRATOR,
]
RELATIONSHIPS = [
    "key_worker",
    "case_team",
    "referral_holder",
    "flag_review",
    "panel",
    "break_glass",
    "none",
    "ended",
    "break_glass_expired",
]
CASE_WORK = {"key_worker", "case_team", "referral_holder", "flag_review", "panel", "break_glass"}

# Which relationships open a child's record, for each role.
ACCESS: dict[str, set[str]] = {
    Role.PRACTITIONER: CASE_WORK,
    Role.CSE_COORDINATOR: CASE_WORK,
    Role.TEAM_MANAGER: CASE_WORK,
    Role.PANEL_MEMBER: CASE_WORK,
    Role.INTELLIGENCE_ANALYST: set(),  # pseudonymised data only
    Role.DATA_PROTECTION_LEAD: set(),  # agreements and logs, not records
    Role.SYSTEM_ADMINISTRATOR: set(),  # accounts, not records
}

SOURCES = ["own_agency", "other_agency"]
CATEGORIES = ["police-intelligence", "sexual-health"]  # the agreements cover only the first
STATES = [
    "active",
    "expired",
    "draft",
    "not_started",
    "other_purpose",
    "viewer_not_party",
    "suspended",
    "no_agreement",
]

# For a user who may open the record: which (source, category, state) items they see.
SHARED: dict[tuple[str, str, str], bool] = {}
for _category, _state in itertools.product(CATEGORIES, STATES):
    SHARED[("own_agency", _category, _state)] = True  # an agency always sees its own records
    SHARED[("other_agency", _category, _state)] = False
SHARED[("other_agency", "police-intelligence", "active")] = True  # the only sharing path


@pytest.fixture
def world(db):
    """One viewer agency; one other agency per agreement state; a user and a child for every
    role and relationship, each in a team of their own so relationships cannot leak."""
    area = AreaFactory()
    viewer_agency = AgencyFactory(area=area, name="Testshire Academy", kind=AgencyKind.SCHOOL)
    third = AgencyFactory(area=area, name="Testshire Housing", kind=AgencyKind.HOUSING)
    today = timezone.localdate()
    sources = {}
    for state in STATES:
        source = AgencyFactory(area=area, name=f"Police ({state})", kind=AgencyKind.POLICE)
        sources[state] = source
        common = {"area": area, "categories": ["police-intelligence"]}
        parties = [source, viewer_agency]
        if state == "active":
            AgreementFactory(parties=parties, **common)
        elif state == "expired":
            AgreementFactory(
                parties=parties,
                start_date=today - dt.timedelta(days=400),
                review_date=today - dt.timedelta(days=200),
                end_date=today - dt.timedelta(days=1),
                **common,
            )
        elif state == "draft":
            AgreementFactory(parties=parties, status=AgreementStatus.DRAFT, **common)
        elif state == "suspended":
            AgreementFactory(parties=parties, status=AgreementStatus.SUSPENDED, **common)
        elif state == "not_started":
            AgreementFactory(
                parties=parties,
                start_date=today + dt.timedelta(days=1),
                review_date=today + dt.timedelta(days=100),
                **common,
            )
        elif state == "other_purpose":
            AgreementFactory(parties=parties, purposes=["problem-profiling"], **common)
        elif state == "viewer_not_party":
            AgreementFactory(parties=[source, third], **common)

    cases = {}
    for role, relationship in itertools.product(ROLES, RELATIONSHIPS):
        team = TeamFactory(agency=viewer_agency)
        user = StaffUserFactory(team=team, agency=viewer_agency, role=role)
        child = ChildFactory(area=area)
        if relationship in {"key_worker", "case_team"}:
            relate(child, relationship, user=user)
        elif relationship == "referral_holder":
            relate(child, RelationshipKind.REFERRAL_HOLDER, team=team)
        elif relationship == "flag_review":
            relate(child, RelationshipKind.FLAG_REVIEW, team=team)
        elif relationship == "panel":
            panel = PanelFactory(area=area)
            panel.members.add(user)
            relate(child, RelationshipKind.PANEL, panel=panel)
        elif relationship == "ended":
            relate(
                child,
                RelationshipKind.KEY_WORKER,
                user=user,
                started_on=today - dt.timedelta(days=30),
                ended_on=today - dt.timedelta(days=1),
            )
        elif relationship.startswith("break_glass"):
            now = timezone.now()
            expired = relationship == "break_glass_expired"
            BreakGlassAccess.objects.create(
                user=user,
                child=child,
                reason="Child missing overnight; police need the care placement details now.",
                started_at=now - dt.timedelta(hours=10 if expired else 1),
                expires_at=now - dt.timedelta(hours=2) if expired else now + dt.timedelta(hours=3),
            )
        cases[(role, relationship)] = (user, child)
    return {"viewer_agency": viewer_agency, "sources": sources, "cases": cases}


def test_role_by_relationship_decides_who_opens_a_record(world):
    wrong = []
    for (role, relationship), (user, child) in world["cases"].items():
        expected = relationship in ACCESS[role]
        decision = relationship_to_child(user, child)
        if decision.allowed != expected:
            wrong.append(f"{role} / {relationship}: expected {expected}, got {decision}")
    assert not wrong, "\n".join(wrong)


def test_every_combination_of_role_relationship_source_category_and_agreement(world):
    wrong = []
    checked = 0
    categories = {code: category(code) for code in CATEGORIES}
    for (role, relationship), (user, child) in world["cases"].items():
        for source, code, state in itertools.product(SOURCES, CATEGORIES, STATES):
            agency = world["viewer_agency"] if source == "own_agency" else world["sources"][state]
            expected = relationship in ACCESS[role] and SHARED[(source, code, state)]
            decision = can_view_item(user, child, source_agency=agency, category=categories[code])
            checked += 1
            if decision.allowed != expected:
                wrong.append(
                    f"{role} / {relationship} / {source} / {code} / {state}: "
                    f"expected {expected}, got {decision.allowed} ({decision.basis})"
                )
    assert checked == len(ROLES) * len(RELATIONSHIPS) * len(SOURCES) * len(CATEGORIES) * len(STATES)
    assert not wrong, f"{len(wrong)} of {checked} wrong:\n" + "\n".join(wrong[:40])


def test_a_refusal_says_who_holds_the_item_and_why_it_is_withheld(world):
    user, child = world["cases"][(Role.PRACTITIONER, "key_worker")]
    source = world["sources"]["expired"]
    decision = can_view_item(
        user, child, source_agency=source, category=category("police-intelligence")
    )
    assert not decision.allowed
    assert decision.reason == (
        "Held by Police (expired); not shared with your agency under current agreements "
        "(police intelligence)."
    )


def test_a_shared_item_names_the_agreement_and_lawful_basis(world):
    user, child = world["cases"][(Role.PRACTITIONER, "case_team")]
    decision = can_view_item(
        user,
        child,
        source_agency=world["sources"]["active"],
        category=category("police-intelligence"),
    )
    assert decision.allowed
    assert decision.basis.startswith("agreement:ISA-TEST-")
    assert "Schedule 1 paragraph 18" in decision.reason


def test_break_glass_is_flagged_on_every_decision_it_allows(world):
    user, child = world["cases"][(Role.PRACTITIONER, "break_glass")]
    decision = can_view_item(
        user, child, source_agency=world["viewer_agency"], category=category("education")
    )
    assert decision.allowed
    assert decision.basis == "own_agency"
    assert decision.break_glass is not None
    assert decision.break_glass.reviewed_at is None


def test_a_revoked_break_glass_no_longer_opens_the_record(world):
    user, child = world["cases"][(Role.PRACTITIONER, "break_glass")]
    BreakGlassAccess.objects.filter(user=user, child=child).update(revoked_at=timezone.now())
    assert not relationship_to_child(user, child).allowed


def test_a_team_manager_sees_the_children_their_team_works_with(db):
    team = TeamFactory()
    manager = StaffUserFactory(team=team, agency=team.agency, role=Role.TEAM_MANAGER)
    worker = StaffUserFactory(team=team, agency=team.agency)
    child = ChildFactory(area=team.agency.area)
    assert not relationship_to_child(manager, child).allowed
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    decision = relationship_to_child(manager, child)
    assert decision.allowed
    assert decision.basis == "team_manager"


def test_staff_of_another_partnership_are_refused(db):
    child = ChildFactory()
    elsewhere = AreaFactory(name="Elsewhere Partnership", slug="elsewhere")
    team = TeamFactory(agency=AgencyFactory(area=elsewhere))
    user = StaffUserFactory(team=team, agency=team.agency)
    relate(child, RelationshipKind.KEY_WORKER, user=user)
    assert relationship_to_child(user, child).basis == "other_area"


def test_an_inactive_account_is_refused(db):
    user = StaffUserFactory(is_active=False)
    child = ChildFactory(area=user.agency.area)
    relate(child, RelationshipKind.KEY_WORKER, user=user)
    assert relationship_to_child(user, child).basis == "inactive_user"


def test_only_the_triage_team_reviews_early_warning_flags(db):
    from seemehearme.sharing.policy import can_review_flag

    area = AreaFactory()
    triage = TeamFactory(agency=AgencyFactory(area=area))
    area.triage_team = triage
    area.save()
    child = ChildFactory(area=area)
    relate(child, RelationshipKind.FLAG_REVIEW, team=triage)
    coordinator = StaffUserFactory(team=triage, role=Role.CSE_COORDINATOR)
    key_worker = StaffUserFactory(team=TeamFactory(agency=triage.agency))
    relate(child, RelationshipKind.KEY_WORKER, user=key_worker)
    analyst = StaffUserFactory(team=triage, role=Role.INTELLIGENCE_ANALYST)
    assert can_review_flag(coordinator, child).basis == "flag_review"
    assert can_review_flag(key_worker, child).basis == "not_triage_team"
    assert can_review_flag(analyst, child).basis == "role_without_case_access"
    other = ChildFactory(area=area)  # no flag_review for the team: break-glass reads only
    now = timezone.now()
    BreakGlassAccess.objects.create(
        user=coordinator,
        child=other,
        reason="Child missing overnight; police need the care placement details now.",
        started_at=now,
        expires_at=now + dt.timedelta(hours=1),
    )
    assert can_review_flag(coordinator, other).basis == "break_glass_read_only"
