"""Pairs sent for review that look like twins or brothers and sisters are said to, and wait
behind pairs that could be one child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from seemehearme.identity.likeness import Likeness, likeness
from seemehearme.identity.linking import link_persons
from seemehearme.identity.models import CandidateStatus, LinkCandidate
from seemehearme.identity.selectors import review_queue
from tests.identity.conftest import BORN, REVIEW_EVERYTHING
from tests.identity.test_pages import text


def row(field: str, level: str, weight: float) -> dict[str, object]:
    return {"field": field, "label": field, "level": level, "weight": weight}


@pytest.mark.parametrize(
    ("given", "family", "dob", "expected"),
    [
        (-3.0, 5.0, ("the same", 9.0), Likeness.TWINS),
        (-3.0, 5.0, ("different", -6.0), Likeness.SIBLINGS),
        (-3.0, 5.0, ("one digit different", 2.0), Likeness.SAME_CHILD),  # a typing mistake
        (4.0, 5.0, ("the same", 9.0), Likeness.SAME_CHILD),  # the same given name
        (-3.0, -2.0, ("the same", 9.0), Likeness.SAME_CHILD),  # another family
        (-3.0, 5.0, ("missing from one or both records", 0.0), Likeness.SAME_CHILD),
    ],
)
def test_likeness_reads_the_models_judgement_of_each_detail(given, family, dob, expected):
    explanation = [
        row("given_name", "x", given),
        row("family_name", "x", family),
        row("dob", dob[0], dob[1]),
    ]
    assert likeness(explanation) == expected


def test_a_pair_without_an_explanation_could_be_one_child():
    assert likeness([]) == Likeness.SAME_CHILD


def _names(candidate: LinkCandidate) -> frozenset[str]:
    return frozenset((candidate.person_a.given_name, candidate.person_b.given_name))


ONE_CHILD = frozenset(("Jordan", "Jordon"))
TWINS = frozenset(("Ellis", "Priya"))
SIBLINGS = frozenset(("Kofi", "Ama"))


@pytest.fixture
def family(place) -> dict[frozenset[str], LinkCandidate]:
    """Pairs for review: one child written two ways, twins (born on the same day as that child,
    at the same address), and a brother and sister (one's record carrying the other's NHS
    number: without it, a pair this unalike is not worth a reviewer's time)."""
    with override_settings(**REVIEW_EVERYTHING):
        place.person(place.school, given_name="Jordan", family_name="Testchild")
        place.person(  # as the pair fixture: one digit of the year and the postcode away
            place.health,
            given_name="Jordon",
            family_name="Testchild",
            postcode="",
            date_of_birth=dt.date(2012, 5, 17),
        )
        place.person(place.school, given_name="Ellis", family_name="Twinford", gender="male")
        place.person(place.health, given_name="Priya", family_name="Twinford", date_of_birth=BORN)
        place.person(
            place.school,
            given_name="Kofi",
            family_name="Sibwell",
            date_of_birth=dt.date(2009, 2, 3),
            nhs_number="9990000018",
        )
        place.person(
            place.health,
            given_name="Ama",
            family_name="Sibwell",
            date_of_birth=dt.date(2013, 9, 21),
            nhs_number="9990000018",
        )
        link_persons(area=place.area)
    pending = LinkCandidate.objects.filter(status=CandidateStatus.PENDING).select_related(
        "person_a", "person_b"
    )
    return {_names(candidate): candidate for candidate in pending}


def test_twins_and_siblings_are_judged_and_queued_after_one_child(place, family):
    assert family[ONE_CHILD].likeness == Likeness.SAME_CHILD
    assert family[TWINS].likeness == Likeness.TWINS
    assert family[SIBLINGS].likeness == Likeness.SIBLINGS
    order = [_names(candidate) for candidate in review_queue(area=place.area)]
    assert order.index(ONE_CHILD) < order.index(TWINS) < order.index(SIBLINGS)


def test_the_reviewer_is_told_a_pair_could_be_twins(place, family, verified_client):
    client = verified_client(place.reviewer)
    queue = text(client.get(reverse("identity:review-queue")))
    assert "Could be twins" in queue
    assert "Could be brothers or sisters" in queue
    page = text(client.get(reverse("identity:candidate", args=[family[TWINS].pk])))
    assert "These could be twins" in page
    other = text(client.get(reverse("identity:candidate", args=[family[ONE_CHILD].pk])))
    assert "could be twins" not in other.lower()
