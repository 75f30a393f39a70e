"""Compliance figures against the hand-worked partnership in conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest

from seemehearme.areas.models import Role
from seemehearme.workforce.models import SupervisionStandard
from seemehearme.workforce.selectors import (
    compliance,
    standings,
    trained_and_supervised,
    trained_and_supervised_on_each,
)
from tests.factories import StaffUserFactory
from tests.workforce.conftest import ON, supervised, trained


def names(figure) -> set[str]:
    return {person.first_name for person in figure.staff}


def compliant(figure) -> set[str]:
    return {s.staff.first_name for s in figure.included if s.compliant}


def by_label(figures) -> dict[str, tuple[int, int]]:
    return {f.label: (f.numerator, f.denominator) for f in figures}


def test_the_partnership_figure_counts_staff_in_scope_who_are_trained_and_supervised(
    partnership,
):
    figure = trained_and_supervised(partnership.area, ON)
    assert (figure.numerator, figure.denominator) == (3, 7)
    assert names(figure) == {"Ava", "Ben", "Cal", "Mia", "Dee", "Eli", "Fay"}
    assert compliant(figure) == {"Ava", "Mia", "Eli"}
    assert (figure.trained, figure.supervised) == (5, 5)
    assert figure.percent == 43


def test_figures_by_agency_role_and_team(partnership):
    report = compliance(partnership.area, ON)
    assert by_label(report.by_agency) == {
        "Testshire Children's Services": (2, 5),
        "Testshire Police": (1, 2),
    }
    assert by_label(report.by_role) == {"Practitioner": (2, 6), "Team manager": (1, 1)}
    assert by_label(report.by_team) == {
        "Exploitation Team (Testshire Children's Services)": (2, 4),
        "In Care Team (Testshire Children's Services)": (0, 1),
        "Exploitation Unit (Testshire Police)": (1, 2),
    }
    team = report.figure("team", str(partnership.in_care.pk))
    assert team is not None
    assert names(team) == {"Dee"}
    assert report.figure("agency", "999999") is None


def test_another_partnerships_inactive_and_out_of_scope_staff_are_not_counted(partnership):
    staff = names(trained_and_supervised(partnership.area, ON))
    assert "Xan" not in staff
    assert "Hal" not in staff
    assert "Gus" not in staff


def test_the_coordinator_with_no_records_is_in_scope_and_not_compliant(partnership):
    # Cora (CSE coordinator) has no course required in this fixture and no standard for the
    # role: she is out of scope until one applies.
    assert "Cora" not in names(trained_and_supervised(partnership.area, ON))
    SupervisionStandard.objects.create(role=Role.CSE_COORDINATOR, interval_days=31)
    figure = trained_and_supervised(partnership.area, ON)
    assert "Cora" in names(figure)
    assert "Cora" not in compliant(figure)


def test_expired_and_missing_training_are_named_with_the_date(partnership):
    ben, dee = standings([partnership.ben, partnership.dee], ON)
    assert [gap.words() for gap in ben.gaps] == ["Basic awareness: expired 3 March 2026"]
    # Dee's screening course was completed after the day of the figures.
    assert [gap.words() for gap in dee.gaps] == ["Using the screening tool: not recorded"]
    assert standings([partnership.dee], dt.date(2026, 7, 1))[0].trained


def test_training_stops_being_in_date_on_its_expiry_date(partnership):
    ava = partnership.ava  # basic completed 10 January 2026, valid 12 months
    assert standings([ava], dt.date(2027, 1, 9))[0].trained
    assert not standings([ava], dt.date(2027, 1, 10))[0].trained


def test_a_team_standard_overrides_the_roles_and_the_interval_includes_its_last_day(
    partnership,
):
    cal, eli = standings([partnership.cal, partnership.eli], ON)
    assert cal.interval_days == 14
    assert not cal.supervised
    assert eli.interval_days == 31
    assert eli.supervised
    last_day = partnership.eli.supervisions.get().held_on + dt.timedelta(days=31)
    assert standings([partnership.eli], last_day)[0].supervised
    assert not standings([partnership.eli], last_day + dt.timedelta(days=1))[0].supervised


def test_no_supervision_on_or_before_the_day_is_overdue(partnership):
    (fay,) = standings([partnership.fay], ON)
    assert fay.last_supervision is None
    assert not fay.supervised
    (fay,) = standings([partnership.fay], dt.date(2026, 7, 2))
    assert fay.supervised


def test_a_retired_course_is_no_longer_required(partnership):
    partnership.basic.is_active = False
    partnership.basic.save()
    (ben,) = standings([partnership.ben], ON)
    assert ben.trained


@pytest.mark.parametrize("count", [1, 50])
def test_compliance_costs_the_same_queries_for_1_or_50_staff(
    partnership, count, django_assert_num_queries
):
    team = partnership.police_unit
    for _ in range(count):
        person = StaffUserFactory(team=team)
        trained(person, partnership.basic, dt.date(2026, 2, 1))
        supervised(person, dt.date(2026, 6, 2), partnership.mia)
    with django_assert_num_queries(5):
        report = compliance(partnership.area, ON)
        assert report.overall.denominator == 7 + count


def test_the_trend_over_many_days_is_each_days_figure_in_the_same_five_queries(
    partnership, django_assert_num_queries
):
    days = [ON - dt.timedelta(days=30 * n) for n in range(12)] + [dt.date(2027, 1, 10)]
    with django_assert_num_queries(5):
        trend = trained_and_supervised_on_each(partnership.area, days)
    for day, figure in zip(days, trend, strict=True):
        alone = trained_and_supervised(partnership.area, day)
        assert (figure.numerator, figure.denominator) == (alone.numerator, alone.denominator)
        assert compliant(figure) == compliant(alone)
    # The figures differ over the year, so the comparison above is not of identical answers.
    assert len({(f.numerator, f.denominator) for f in trend}) > 1
