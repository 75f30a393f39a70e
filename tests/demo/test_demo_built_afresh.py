"""The demo area built afresh by each test, for another reference day, time or size.

These tests need a database with no demo area in it, so they cannot share a module with the tests
that share one (``northbridge``; see tests/demo/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from seemehearme.areas.models import StaffUser
from seemehearme.cases.models import Referral
from seemehearme.demo.area import demo_area_create
from seemehearme.demo.featured import featured_child_get
from seemehearme.demo.intelligence import LINKS
from seemehearme.people.models import Child
from seemehearme.sharing.models import AgreementStatus, InformationSharingAgreement
from seemehearme.sharing.policy import relationship_to_child
from tests.demo.test_demo_intelligence import recorded_by_hand


def test_the_demo_is_dated_from_its_reference_day(db):
    as_of = dt.date(2025, 6, 30)
    area = demo_area_create(children=5, as_of=as_of).area
    child = featured_child_get()
    assert child.age_on(as_of) == 14
    ended = InformationSharingAgreement.objects.get(area=area, status=AgreementStatus.ENDED)
    assert ended.end_date == as_of - dt.timedelta(days=180)


def test_a_demo_built_early_in_the_morning_has_no_referral_made_later_that_day(db):
    nine = dt.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(nine, tick=False):
        area = demo_area_create(children=40).area
    received = list(Referral.objects.filter(area=area).values_list("received_at", flat=True))
    assert received
    assert max(received) <= nine
    # Today's referrals are still dated today, in the order they came.
    assert sum(1 for moment in received if moment.astimezone(nine.tzinfo).date() == nine.date())


def test_a_tiny_demo_area_still_gets_a_whole_picture(db):
    area = demo_area_create(children=5).area
    assert recorded_by_hand(area) == len(LINKS)


def test_in_the_demo_as_created_the_social_worker_is_key_worker_for_several_children(db):
    demo_area_create()  # the default size, as `smh demo` creates it
    amara = StaffUser.objects.get(username="amara.social")
    key_work = Child.objects.filter(
        relationships__user=amara, relationships__kind="key_worker"
    ).distinct()
    assert key_work.count() >= 5
    assert all(relationship_to_child(amara, child).allowed for child in key_work)
