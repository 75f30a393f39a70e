"""Equality monitoring figures, worked out by hand here, with small numbers suppressed."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from seemehearme.earlywarning.equality import Figure, equality_report
from seemehearme.earlywarning.models import Flag, FlagStatus
from tests.earlywarning.factories import FlagFactory


def years_ago(world, years: int, days: int = 0) -> dt.date:
    return world.as_of.replace(year=world.as_of.year - years) - dt.timedelta(days=days)


def flag(world, child, status=FlagStatus.OPEN):  # type: ignore[no-untyped-def]
    decided = status in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED)
    return FlagFactory(
        child=child,
        rule_set=world.rule_set,
        status=status,
        decided_by=world.coordinator if decided else None,
        decided_at=timezone.now() if decided else None,
    )


def dimension(report, code):  # type: ignore[no-untyped-def]
    return {row.label: row for row in next(d for d in report.dimensions if d.code == code).rows}


def test_figures_by_gender_ethnicity_age_and_care_with_suppression(world):
    girls = [
        world.child(gender="female", ethnicity="white", date_of_birth=years_ago(world, 14))
        for _ in range(12)
    ]
    boys = [
        world.child(
            gender="male",
            ethnicity="black",
            care_status="looked_after",
            date_of_birth=years_ago(world, 16),
        )
        for _ in range(3)
    ]
    for child in girls + boys:
        world.event(child, "school-absence", world.ago(30), agency=world.school)
    for child, status in zip(
        girls[:6],
        [FlagStatus.CONFIRMED] * 5 + [FlagStatus.DISMISSED],
        strict=True,
    ):
        flag(world, child, status)
    flag(world, girls[6], FlagStatus.LAPSED)  # flagged, never decided
    flag(world, boys[0])
    # Not counted: a child with no event in the last year, a merged record, an old flag.
    quiet = world.child(gender="male")
    world.event(quiet, "school-absence", world.ago(400), agency=world.school)
    flag(world, quiet, FlagStatus.CONFIRMED)
    merged = world.child(gender="female", merged_into=girls[0])
    world.event(merged, "school-absence", world.ago(3), agency=world.school)
    old = flag(world, girls[11], FlagStatus.CONFIRMED)
    Flag.objects.filter(pk=old.pk).update(raised_at=timezone.now() - dt.timedelta(days=400))

    report = equality_report(area=world.area, end=world.as_of)

    total = report.total
    assert (total.cohort.value, total.flagged.value) == (15, 8)
    assert (total.decided.value, total.confirmed.value) == (6, 5)
    assert total.flag_rate_text == "53.3%"
    assert total.confirmation_rate_text == "83.3%"

    # 3 boys beside 15 children and 12 girls would be no secret: the girls' figure (and so
    # their flag rate) is hidden too. Confirmed and decided have no small count, so stay.
    gender = dimension(report, "gender")
    female, male = gender["Female"], gender["Male"]
    assert (str(female.cohort), str(female.flagged)) == ("not shown", "not shown")
    assert female.flag_rate_text == "not shown"
    assert (str(female.confirmed), str(female.decided)) == ("5", "6")
    assert female.confirmation_rate_text == "83.3%"
    assert (str(male.cohort), str(male.flagged)) == ("fewer than 5", "fewer than 5")
    assert male.flag_rate_text == "not shown"
    assert (str(male.decided), male.confirmation_rate_text) == ("0", "not shown")
    assert str(gender["Non-binary"].cohort) == "0"

    ethnicity = dimension(report, "ethnicity")
    assert str(ethnicity["White"].cohort) == "not shown"
    assert str(ethnicity["Black, Black British, Caribbean or African"].flagged) == "fewer than 5"

    age = dimension(report, "age")
    assert str(age["13 to 15"].cohort) == "not shown"
    assert str(age["16 to 17"].cohort) == "fewer than 5"
    assert str(age["Under 10"].cohort) == "0"

    care = dimension(report, "care")
    assert str(care["Looked after child"].cohort) == "fewer than 5"
    assert str(care["Not known to children's social care"].flagged) == "not shown"


def test_age_bands_turn_on_the_birthday(world):
    on_the_day = world.child(date_of_birth=years_ago(world, 13))
    day_before = world.child(date_of_birth=years_ago(world, 13, days=-1))
    for child in (on_the_day, day_before):
        world.event(child, "school-absence", world.ago(1), agency=world.school)
    age = dimension(equality_report(area=world.area, end=world.as_of), "age")
    assert age["13 to 15"].cohort.value == 1
    assert age["10 to 12"].cohort.value == 1


def test_figures_of_one_to_four_are_suppressed():
    assert [str(Figure(n)) for n in (0, 1, 4, 5, 1234)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,234",
    ]
