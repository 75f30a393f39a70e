"""The demo's agency feeds tell the stories the README promises, through the real importer,
identity resolution and early-warning sweep."""

from __future__ import annotations

import pytest

from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity.models import CandidateStatus, LinkCandidate
from seemehearme.people.models import Child

pytestmark = pytest.mark.django_db


def _child(area, given: str, family: str) -> Child:
    return Child.objects.get(
        area=area, given_name=given, family_name=family, merged_into__isnull=True
    )


def _open_flags(child: Child) -> set[str]:
    return set(
        Flag.objects.filter(child=child, status=FlagStatus.OPEN).values_list("rule_code", flat=True)
    )


def test_jayden_and_chloe_are_flagged_from_several_agencies_events(northbridge):
    jayden = _child(northbridge, "Jayden", "Mensah")
    chloe = _child(northbridge, "Chloe", "Whitmore")
    assert _open_flags(jayden)
    assert _open_flags(chloe)
    assert AgencyEvent.objects.filter(child=jayden).values("agency").distinct().count() >= 2
    assert AgencyEvent.objects.filter(child=chloe).values("agency").distinct().count() >= 2


def test_amir_has_one_missing_episode_too_few_and_no_flag(northbridge):
    amir = _child(northbridge, "Amir", "Hussain")
    assert AgencyEvent.objects.filter(child=amir, event_type__code="missing-episode").count() == 2
    assert not _open_flags(amir)


def test_kayleigh_and_kayley_wait_for_a_person_to_decide(northbridge):
    pending = LinkCandidate.objects.filter(
        status=CandidateStatus.PENDING, person_a__agency__area=northbridge
    ).select_related("person_a", "person_b")
    names = {
        frozenset({candidate.person_a.given_name, candidate.person_b.given_name})
        for candidate in pending
    }
    assert frozenset({"Kayleigh", "Kayley"}) in names


def test_maisies_police_missing_episodes_join_her_existing_record(northbridge):
    maisie = Child.objects.get(area=northbridge, given_name="Maisie", family_name="Fernhollow")
    missing = AgencyEvent.objects.filter(child=maisie, event_type__code="missing-episode")
    assert missing.count() == 2
