"""Each version 1 rule fires at its threshold and not one below: counts, windows, ages and the
linked adult. Thresholds are written out here, not read from the rules under test."""

from __future__ import annotations

import pytest

from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.earlywarning.sweep import sweep


def open_rules(child) -> set[str]:
    return set(
        Flag.objects.filter(child=child, status=FlagStatus.OPEN).values_list("rule_code", flat=True)
    )


def swept(world, child) -> set[str]:
    sweep(area=world.area, child_ids={child.pk}, as_of=world.as_of)
    return open_rules(child)


MISSING = "missing-three-in-90-days"
ABSENCE = "persistent-school-absence"
SEXUAL_HEALTH = "sexual-health-under-16"
OLDER_ADULT = "found-with-older-adult"
SIGNS = "three-or-more-warning-signs"


@pytest.mark.parametrize(
    ("days_ago", "fires"),
    [
        ([0, 40, 89], True),  # the 90th day back is in the window
        ([0, 40, 90], False),  # one day older is not
        ([0, 40], False),  # two episodes are not three
        ([0, 0, 1, 50], True),
    ],
)
def test_three_missing_episodes_in_90_days(world, days_ago, fires):
    child = world.child()
    world.events(child, "missing-episode", days_ago)
    assert (MISSING in swept(world, child)) is fires


def test_absent_episodes_are_not_missing_episodes(world):
    child = world.child()
    world.events(child, "absent-episode", [1, 2, 3, 4])
    assert MISSING not in swept(world, child)


def test_events_after_the_sweep_day_do_not_count(world):
    child = world.child()
    world.events(child, "missing-episode", [0, 1, -1])
    assert MISSING not in swept(world, child)


@pytest.mark.parametrize(
    ("days_ago", "fires"),
    [
        (list(range(10)), True),
        (list(range(9)), False),
        ([*range(9), 59], True),  # the 60th day back counts
        ([*range(9), 60], False),
    ],
)
def test_persistent_school_absence_is_ten_absences_in_60_days(world, days_ago, fires):
    child = world.child()
    world.events(child, "school-absence", days_ago, agency=world.school)
    assert (ABSENCE in swept(world, child)) is fires


@pytest.mark.parametrize(
    ("age", "days_ago", "fires"),
    [
        (15, 10, True),
        (13, 364, True),  # a year's window
        (13, 365, False),
        (16, 10, False),  # not under 16
        (None, 10, False),  # age not recorded: the age condition is not met
    ],
)
def test_sexual_health_attendance_under_16(world, age, days_ago, fires):
    child = world.child()
    world.events(child, "sexual-health-attendance", [days_ago], agency=world.health, age=age)
    assert (SEXUAL_HEALTH in swept(world, child)) is fires


@pytest.mark.parametrize(
    ("age", "linked_age", "fires"),
    [
        (14, 18, True),  # an adult
        (14, 17, False),  # a minor three years older
        (12, 17, True),  # five years older
        (12, 16, False),  # four years older
        (15, None, False),  # no linked person's age
        (None, 17, False),  # the child's age unknown and the linked person not an adult
        (None, 30, True),
    ],
)
def test_found_with_an_older_adult(world, age, linked_age, fires):
    child = world.child()
    world.events(child, "found-with-adult", [3], age=age, linked_age=linked_age)
    assert (OLDER_ADULT in swept(world, child)) is fires


def test_found_with_an_adult_counts_for_180_days(world):
    child, older = world.child(), world.child()
    world.events(child, "found-with-adult", [179], linked_age=30)
    world.events(older, "found-with-adult", [180], linked_age=30)
    sweep(area=world.area, child_ids={child.pk, older.pk}, as_of=world.as_of)
    assert OLDER_ADULT in open_rules(child)
    assert OLDER_ADULT not in open_rules(older)


def test_three_different_warning_signs_in_180_days(world):
    child = world.child()
    world.events(child, "self-harm", [10], agency=world.health)
    world.events(child, "substance-misuse", [100], agency=world.health)
    world.events(child, "online-concern", [179])
    assert swept(world, child) == {SIGNS}
    flag = Flag.objects.get(child=child, rule_code=SIGNS)
    assert flag.signs_count == 3
    assert set(flag.indicators.values_list("code", flat=True)) == {
        "self-harm",
        "substance-misuse",
        "online-concern",
    }


def test_two_signs_are_not_three(world):
    child = world.child()
    world.events(child, "self-harm", [10], agency=world.health)
    world.events(child, "substance-misuse", [100], agency=world.health)
    world.events(child, "online-concern", [180])  # outside the window
    assert SIGNS not in swept(world, child)


def test_two_indicators_of_one_sign_count_once(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])  # two indicators, both sign 1
    world.events(child, "self-harm", [10], agency=world.health)
    assert swept(world, child) == {MISSING}
    world.events(child, "gifts-or-money", [5], agency=world.social_care)
    assert swept(world, child) == {MISSING, SIGNS}


def test_a_sign_needs_its_own_threshold(world):
    child = world.child()
    world.events(child, "ae-attendance", [20], agency=world.health)  # one A&E visit is not two
    world.events(child, "self-harm", [10], agency=world.health)
    world.events(child, "mental-health", [10], agency=world.health)
    assert SIGNS not in swept(world, child)
    world.events(child, "ae-attendance", [30], agency=world.health)
    assert SIGNS in swept(world, child)


def test_a_sign_from_a_longer_indicator_counts_only_with_an_event_in_the_rule_window(world):
    child = world.child()
    # Sexual health under 16 looks back a year, but the signs rule looks back 180 days.
    world.events(child, "sexual-health-attendance", [200], agency=world.health, age=14)
    world.events(child, "self-harm", [10], agency=world.health)
    world.events(child, "arrest", [10])
    assert swept(world, child) == {SEXUAL_HEALTH}
    world.events(child, "pregnancy-or-termination", [20], agency=world.health)
    assert swept(world, child) == {SEXUAL_HEALTH, SIGNS}
