"""Walk every URL pattern. Any URL that names a child, or a record about one (a case, a
referral...), must go through the access gate, which checks the policy and writes the log.
URLs with an id that is not about one child must be listed below with the reason."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from seemehearme.audit.models import AccessLogEntry
from seemehearme.people.models import Child, RelationshipKind
from tests.factories import CaseFactory, ChildFactory, ReferralFactory, StaffUserFactory, relate

# Ids that do not identify a child's record, and why.
NOT_ABOUT_ONE_CHILD = {
    "agreement_id": "information-sharing agreements: no child data",
    "access_id": "break-glass reviews: the data protection lead's page, logged there",
    "meeting_id": "a meeting concerns several children: meetings.access checks and logs each child",
    "system_id": "an agency system and its API token (data protection lead): no child data",
    "batch_id": "an import's status, counts and problems (line, column, reason), for the agency "
    "that sent it: no child data",
    "linkcandidate_id": "a possible identity match concerns two children: identity.views checks "
    "can_review_identity and logs both children",
    "entity_id": "an entry of the intelligence register: its children are shown by name only "
    "through a working relationship, each logged, else by pseudonym in one entry naming none "
    "(intelligence.register_views)",
    "association_id": "withdrawing an intelligence association: names no child",
    "profile_id": "a saved problem profile: counts of the partnership, no child named or listed "
    "(intelligence.profile_views checks can_use_intelligence and logs one entry naming no child)",
    "assessment_id": "a partnership's self-assessment (assurance): no child data",
    "entry_id": "one expectation of a self-assessment (assurance): no child data",
    "plan_id": "a partnership's or agency's action plan (assurance): no child data",
    "action_id": "an action of a partnership's or agency's plan (assurance): no child data",
    "recommendation_id": "a recommendation made to the partnership (assurance): no child data",
    "agency_id": "an agency's response to a recommendation (assurance): no child data",
    "activity_id": "young people's participation in the strategy: counts and words, no child named "
    "(participation.views checks can_see_participation)",
    "questionnaire_id": "a progress questionnaire for agencies: no child data",
    "question_id": "a question of a progress questionnaire: no child data",
    "round_id": "a round of a progress questionnaire and its report: agencies' answers, no child",
    "response_id": "one agency's answers to a progress questionnaire: no child data",
    "request_id": "a subject access request, for the data protection lead only: "
    "dataprotection.access.can_handle_subject_access checks and logs the child on every view",
    "item_id": "an item of a subject access request: as request_id",
    "user_id": "a team member's worklist, for their own team manager only: each child listed is "
    "checked by the access policy and logged (cases.views.worklists.team_member_page)",
}

# How to make a record for each kind of id, returning (id, child).
OBJECT_FACTORIES: dict[str, Callable[[], tuple[int, Child]]] = {}


def _factory(kwarg: str):
    def register(make):
        OBJECT_FACTORIES[kwarg] = make
        return make

    return register


@_factory("child_id")
def _child():
    child = ChildFactory()
    return child.pk, child


@_factory("case_id")
def _case():
    case = CaseFactory()
    return case.pk, case.child


@_factory("referral_id")
def _referral():
    referral = ReferralFactory()
    return referral.pk, referral.child


@_factory("screening_id")
def _screening():
    from tests.screening.factories import ScreeningFactory

    screening = ScreeningFactory()
    return screening.pk, screening.child


@_factory("protectionplan_id")
def _protection_plan():
    from tests.factories import PlanFactory

    plan = PlanFactory()
    return plan.pk, plan.case.child


@_factory("planaction_id")
def _plan_action():
    from tests.factories import PlanActionFactory

    action = PlanActionFactory()
    return action.pk, action.plan.case.child


@_factory("flag_id")
def _flag():
    from tests.earlywarning.factories import FlagFactory

    flag = FlagFactory()
    return flag.pk, flag.child


@_factory("familysupportoffer_id")
def _family_support_offer():
    from seemehearme.participation.models import FamilySupportKind, FamilySupportOffer

    case = CaseFactory()
    offer = FamilySupportOffer.objects.create(
        case=case,
        kind=FamilySupportKind.objects.order_by("pk").first(),
        offered_to="mother",
        offered_on=case.opened_at.date(),
        agency=case.opened_by.agency,
        recorded_by=case.opened_by,
    )
    return offer.pk, case.child


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "namespace", None) == "admin":
                continue  # the admin site registers no child data (tests/areas/test_admin.py)
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def id_routes():
    found = []
    for route, pattern in _walk(get_resolver()):
        ids = re.findall(r"<int:(\w+_id)>", route)
        if ids:
            found.append(pytest.param(route, pattern, ids, id=route))
    return found


def guarded_routes():
    return [
        pytest.param(route, pattern, id=route)
        for route, pattern in _walk(get_resolver())
        if getattr(pattern.callback, "child_access_checked", False)
    ]


def test_the_walk_finds_the_child_urls():
    routes = [param.values[0] for param in guarded_routes()]
    assert "children/<int:child_id>/" in routes
    assert len(routes) >= 3


@pytest.mark.parametrize(("route", "pattern", "ids"), id_routes())
def test_every_url_with_an_id_is_guarded_or_explained(route, pattern, ids):
    if getattr(pattern.callback, "child_access_checked", False):
        return
    unexplained = [name for name in ids if name not in NOT_ABOUT_ONE_CHILD]
    assert not unexplained, (
        f"{route} takes {unexplained} but is not wrapped by sharing.access.child_view; wrap it, "
        "or add the id to NOT_ABOUT_ONE_CHILD with the reason it shows no child's data"
    )


def _url(route: str, kwarg: str, pk: int) -> str:
    return "/" + route.replace(f"<int:{kwarg}>", str(pk))


def _record_for(pattern) -> tuple[str, int, Child]:
    kwarg = pattern.callback.child_url_kwarg
    assert kwarg in OBJECT_FACTORIES, f"add a factory for {kwarg} to OBJECT_FACTORIES"
    pk, child = OBJECT_FACTORIES[kwarg]()
    return kwarg, pk, child


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), guarded_routes())
def test_every_child_url_refuses_and_logs_a_stranger(route, pattern, verified_client):
    kwarg, pk, child = _record_for(pattern)
    stranger = StaffUserFactory(team__agency__area=child.area)
    response = verified_client(stranger).get(_url(route, kwarg, pk))
    assert child.given_name not in response.content.decode()
    entries = AccessLogEntry.objects.filter(child=child, user=stranger)
    if pattern.name == "break-glass":
        # The break-glass request page is the one way in without a relationship. It shows
        # nothing about the child and refuses nothing, so it writes no refusal beside the grant
        # (tests/people/test_child_pages.py checks the grant is logged).
        assert response.status_code == 200
        assert not entries.exists()
        return
    entry = entries.latest("id")
    assert entry.allowed is False
    assert entry.basis == "no_relationship"
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), guarded_routes())
def test_every_child_url_logs_an_allowed_view(route, pattern, verified_client):
    kwarg, pk, child = _record_for(pattern)
    worker = StaffUserFactory(team__agency__area=child.area)
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    response = verified_client(worker).get(_url(route, kwarg, pk))
    assert response.status_code in {200, 302, 405}
    if pattern.name == "break-glass":
        # Someone who already has access is sent to the record, whose page logs the view.
        assert response.status_code == 302
        assert not AccessLogEntry.objects.filter(child=child, user=worker).exists()
        return
    entry = AccessLogEntry.objects.filter(child=child, user=worker).earliest("id")
    assert entry.allowed is True
    assert entry.basis == "key_worker"
    assert entry.path == _url(route, kwarg, pk)
