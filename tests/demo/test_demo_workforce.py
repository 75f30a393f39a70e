"""The demo's training and supervision: mostly in date, with the gaps docs/demo.md names."""

from __future__ import annotations

from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.workforce.selectors import standings, trained_and_supervised


def test_the_demo_staff_are_mostly_trained_and_supervised_with_a_few_gaps(northbridge):
    today = timezone.localdate()
    figure = trained_and_supervised(northbridge, today)
    assert 0 < figure.numerator < figure.denominator
    assert figure.numerator >= figure.denominator * 0.7
    dan, ben, amara = standings(
        [
            StaffUser.objects.get(username=name)
            for name in ("dan.police", "ben.outreach", "amara.social")
        ],
        today,
    )
    assert [gap.course.code for gap in dan.gaps] == ["information-sharing"]
    assert dan.gaps[0].expired_on is not None
    assert dan.supervised
    assert ben.trained
    assert not ben.supervised
    assert amara.compliant
