"""The board's pages: who may open them, targets with their history, and the drill-down that
names a child only to a coordinator or manager who works with them, logging each one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from tests.board.conftest import Partnership, at, d
from tests.factories import StaffUserFactory

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.board.dashboard import MET, MISSED, NEAR, NO_DATA, NO_TARGET, rag
from seemehearme.board.indicators import BY_CODE, INDICATORS, Figure
from seemehearme.board.models import IndicatorTarget
from seemehearme.board.services import target_set
from seemehearme.sharing.pseudonyms import pseudonym

pytestmark = pytest.mark.django_db

OCTOBER_QUERY = "?length=month&ending=2026-10"


def _decisions(here: Partnership):
    """Two children with a decision each in October 2026: Zinnia with the coordinator as her
    key worker, Quentin with nobody the coordinator knows."""
    zinnia = here.child(given_name="Zinnia", family_name="Marchbank")
    quentin = here.child(given_name="Quentin", family_name="Oakenshaw")
    for child, took_part in ((zinnia, True), (quentin, False)):
        case = here.case(d(9, 1), child=child)
        here.decision(case, d(10, 12), took_part=took_part)
    here.key_worker(zinnia.cases.get(), d(9, 1), user=here.coordinator)
    return zinnia, quentin


def _lead(here: Partnership, role: str = Role.STRATEGIC_LEAD):
    return StaffUserFactory(team=here.team, role=role)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.INTELLIGENCE_ANALYST, Role.PANEL_MEMBER])
@pytest.mark.parametrize(
    "path",
    [
        "/board/",
        "/board/leadership/",
        "/board/indicators/child-view/",
        "/board/targets/",
        "/board/targets/child-view/",
    ],
)
def test_other_roles_are_refused(here, verified_client, role, path):
    response = verified_client(_lead(here, role)).get(path)
    assert response.status_code == 403


def test_the_strategic_lead_sees_every_indicator_with_its_definition(here, verified_client):
    _decisions(here)
    response = verified_client(_lead(here)).get("/board/" + OCTOBER_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    for indicator in BY_CODE.values():
        assert indicator.title in page
        assert indicator.denominator in page
    assert "50%" in page  # one of two decisions with the child
    assert "No data" in page  # nothing else was recorded
    assert "Marchbank" not in page


def test_the_strategic_lead_sees_pseudonyms_only_and_one_log_entry(here, verified_client):
    zinnia, quentin = _decisions(here)
    lead = _lead(here)
    response = verified_client(lead).get("/board/indicators/child-view/" + OCTOBER_QUERY)
    page = response.content.decode()
    assert response.status_code == 200
    for child in (zinnia, quentin):
        assert child.family_name not in page
        assert pseudonym(here.area, child.pk) in page
    entries = AccessLogEntry.objects.filter(user=lead)
    assert entries.count() == 1
    assert entries.get().child is None
    assert "2 children as pseudonyms, none named" in entries.get().subject


def test_a_coordinator_sees_by_name_only_the_children_they_work_with(here, verified_client):
    zinnia, quentin = _decisions(here)
    response = verified_client(here.coordinator).get(
        "/board/indicators/child-view/" + OCTOBER_QUERY
    )
    page = response.content.decode()
    assert "Zinnia Marchbank" in page
    assert "Oakenshaw" not in page
    assert pseudonym(here.area, quentin.pk) in page
    entries = AccessLogEntry.objects.filter(user=here.coordinator)
    assert {entry.child_id for entry in entries} == {zinnia.pk, None}
    assert entries.get(child=zinnia).basis == "key_worker"


def test_the_drill_down_leaves_out_other_partnerships(here, elsewhere, verified_client):
    _decisions(here)
    stranger = elsewhere.child(given_name="Ottoline", family_name="Farshore")
    elsewhere.decision(elsewhere.case(d(9, 1), child=stranger), d(10, 12), took_part=True)
    response = verified_client(_lead(here)).get("/board/indicators/child-view/" + OCTOBER_QUERY)
    assert pseudonym(elsewhere.area, stranger.pk) not in response.content.decode()
    assert pseudonym(here.area, stranger.pk) not in response.content.decode()


def test_targets_are_set_kept_with_history_and_shown_against_the_figure(here, verified_client):
    _decisions(here)
    lead = _lead(here)
    client = verified_client(lead)
    response = client.post(
        "/board/targets/child-view/", {"target_percent": "40", "reason": "Board, 1 October."}
    )
    assert response.status_code == 302
    client.post("/board/targets/child-view/", {"target_percent": "60", "reason": "Raised."})
    target = IndicatorTarget.objects.get(area=here.area, indicator="child-view")
    assert target.target_percent == 60
    assert [h.target_percent for h in target.history.order_by("history_date")] == [40, 60]
    page = client.get("/board/" + OCTOBER_QUERY).content.decode()
    assert "Just below target" in page  # 50% against 60%
    history = client.get("/board/targets/child-view/").content.decode()
    assert "Board, 1 October." in history
    assert "Raised." in history


def test_a_target_must_be_a_percentage(here, verified_client):
    response = verified_client(_lead(here)).post(
        "/board/targets/child-view/", {"target_percent": "140", "reason": "Too high."}
    )
    assert response.status_code == 200
    assert "The target must be 100 or less" in response.content.decode()
    assert not IndicatorTarget.objects.exists()


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD])
def test_only_the_strategic_lead_or_a_coordinator_sets_targets(here, verified_client, role):
    reader = _lead(here, role)
    assert verified_client(reader).get("/board/targets/").status_code == 200
    assert verified_client(reader).get("/board/targets/child-view/").status_code == 403
    with pytest.raises(PermissionDenied):
        target_set(reader, here.area, BY_CODE["child-view"], percent=50, reason="No.")
    target_set(here.coordinator, here.area, BY_CODE["child-view"], percent=50, reason="Yes.")


def test_red_amber_green_against_the_target():
    assert rag(Figure(3, 4), 75) == MET
    assert rag(Figure(3, 4), 85) == NEAR
    assert rag(Figure(3, 4), 86) == MISSED
    assert rag(Figure(3, 4), None) == NO_TARGET
    assert rag(Figure(0, 0), 50) == NO_DATA


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.code)
def test_every_indicator_page_answers_with_its_records(here, verified_client, indicator):
    """Whatever the rows (cases, referrals, flags, reviews...), the page lists their children."""
    zinnia, _ = _decisions(here)
    case = zinnia.cases.get()
    here.review(case, d(10, 3), next_due=d(10, 20), child_says="better")
    here.case(d(9, 1), closed=d(10, 5))
    received = at(d(10, 2))
    here.referral(received, triaged=received + dt.timedelta(hours=3))
    response = verified_client(here.coordinator).get(
        f"/board/indicators/{indicator.code}/" + OCTOBER_QUERY
    )
    assert response.status_code == 200
    page = response.content.decode()
    if indicator.code in {"one-key-worker", "child-view", "referral-triage", "closed-well"}:
        assert "in October 2026, newest first" in page
    if indicator.code in {"one-key-worker", "child-view"}:
        assert "Zinnia Marchbank" in page


def test_an_unknown_indicator_is_not_found(here, verified_client):
    assert verified_client(_lead(here)).get("/board/indicators/nonsense/").status_code == 404
