"""Confirming a flag makes one early-warning referral for all the child's open flags;
dismissing needs a reason. Both record who and when, are only for the triage team, and end
the team's flag_review access."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.cases.models import Referral, ReferralSource
from seemehearme.dates import long_date
from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.earlywarning.services import flag_confirm, flag_dismiss
from seemehearme.earlywarning.sweep import sweep
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import AgreementFactory, StaffUserFactory, TeamFactory, relate

REASON = "Three missing episodes with older males seen; refer for a strategy discussion."


def current(child, kind):
    return WorkingRelationship.objects.current().filter(child=child, kind=kind)


@pytest.fixture
def flagged(world):
    """A child whose police-held missing episodes (shared with social care) and health-held
    sexual health attendance (not shared) raised two flags."""
    AgreementFactory(
        area=world.area,
        parties=[world.police, world.social_care],
        categories=["police-incidents"],
    )
    child = world.child()
    world.events(child, "missing-episode", [2, 20, 40])
    world.events(child, "sexual-health-attendance", [33], agency=world.health, age=13)
    sweep(area=world.area, as_of=world.as_of)
    assert set(Flag.objects.filter(child=child).values_list("rule_code", flat=True)) == {
        "missing-three-in-90-days",
        "sexual-health-under-16",
    }
    return child


def test_confirming_refers_the_child_with_what_the_confirmer_could_see(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="missing-three-in-90-days")
    referral = flag_confirm(flag=flag, by=world.coordinator, reason=REASON)
    assert referral.source == ReferralSource.EARLY_WARNING
    assert referral.referred_by == world.coordinator
    assert referral.holding_team == world.triage_team
    assert "Missing from home or care three or more times in 90 days: 3 events from " in (
        referral.concerns
    )
    assert "Testshire Police" in referral.concerns
    assert f"Why the flag was confirmed: {REASON}" in referral.concerns
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED
    assert flag.referral == referral
    assert flag.decided_by == world.coordinator
    assert flag.decided_at is not None
    assert flag.decision_reason == REASON
    assert current(flagged, RelationshipKind.REFERRAL_HOLDER).get().team == world.triage_team


def test_one_referral_answers_all_the_childs_open_flags(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="missing-three-in-90-days")
    referral = flag_confirm(flag=flag, by=world.coordinator, reason=REASON)

    assert Referral.objects.filter(child=flagged).count() == 1
    other = Flag.objects.get(child=flagged, rule_code="sexual-health-under-16")
    assert other.status == FlagStatus.CONFIRMED
    assert other.referral == referral
    assert other.decided_by == world.coordinator
    # Its explanation is in the referral as far as the confirmer may see it: the indicator
    # rests on health information not shared with social care, so it is counted, not named.
    assert "1 further indicator rests on information not shared" in referral.concerns
    assert "exual health" not in referral.concerns
    # No flag is left open, so the team's flag_review access ends.
    assert not current(flagged, RelationshipKind.FLAG_REVIEW).exists()


def test_the_referral_never_says_what_was_withheld_from_the_confirmer(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="sexual-health-under-16")
    referral = flag_confirm(flag=flag, by=world.coordinator, reason=REASON)
    concerns = referral.concerns
    assert "exual health" not in concerns
    assert "under 16" not in concerns
    assert long_date(world.ago(33)) not in concerns
    assert "1 further indicator rests on information not shared" in concerns
    # Sexual health is counted without naming who holds it.
    assert "1 item was withheld from the referrer's agency." in concerns
    assert "Testshire Health" not in concerns


def test_deciding_the_last_open_flag_ends_the_flag_review_access(world, flagged):
    for flag in Flag.objects.filter(child=flagged):
        flag_dismiss(flag=flag, by=world.manager, reason="Already known; plan in place.")
    assert not current(flagged, RelationshipKind.FLAG_REVIEW).exists()
    assert not relationship_to_child(world.coordinator, flagged).allowed


def test_dismissing_needs_a_reason_and_records_who_and_when(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="missing-three-in-90-days")
    for reason in ["", "   ", "too short"]:
        with pytest.raises(ValidationError) as error:
            flag_dismiss(flag=flag, by=world.coordinator, reason=reason)
        assert "dismiss_reason" in error.value.message_dict
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    flag_dismiss(flag=flag, by=world.coordinator, reason="  Episodes explained by a known plan. ")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED
    assert flag.decision_reason == "Episodes explained by a known plan."
    assert flag.decided_by == world.coordinator
    assert flag.referral is None
    assert not Referral.objects.filter(child=flagged).exists()


def test_confirming_needs_a_reason_too(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="missing-three-in-90-days")
    with pytest.raises(ValidationError):
        flag_confirm(flag=flag, by=world.coordinator, reason="")
    assert not Referral.objects.exists()


def test_only_the_triage_team_decides(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="missing-three-in-90-days")
    key_worker = StaffUserFactory(team=TeamFactory(agency=world.police))
    relate(flagged, RelationshipKind.KEY_WORKER, user=key_worker)
    stranger = StaffUserFactory(team=TeamFactory(agency=world.social_care))
    for user in (key_worker, stranger):
        with pytest.raises(PermissionDenied):
            flag_confirm(flag=flag, by=user, reason=REASON)
        with pytest.raises(PermissionDenied):
            flag_dismiss(flag=flag, by=user, reason=REASON)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    assert not Referral.objects.exists()


def test_a_closed_flag_cannot_be_decided_again(world, flagged):
    flag = Flag.objects.get(child=flagged, rule_code="missing-three-in-90-days")
    flag_dismiss(flag=flag, by=world.coordinator, reason="Episodes explained by a known plan.")
    with pytest.raises(ValidationError, match="already been closed"):
        flag_confirm(flag=flag, by=world.coordinator, reason=REASON)
    assert not Referral.objects.exists()
