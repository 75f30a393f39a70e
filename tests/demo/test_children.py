"""The synthetic children: the same seed gives the same children, and the mix is plausible."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter

import pytest
from django.db import transaction
from faker import Faker

from seemehearme.areas.models import Agency, AgencyKind, Area, Panel
from seemehearme.demo.children import NHS_NUMBER, AreaDirectory, child_draw, seed_children
from seemehearme.demo.population import FAKER_LOCALES
from seemehearme.demo.structure import AGENCIES, DEMO_AREA_NAME
from seemehearme.identity.models import LinkMethod
from seemehearme.people.identifiers import nhs_number_is_valid
from seemehearme.people.models import (
    AgencyIdentifier,
    CareStatus,
    Child,
    Disability,
    Ethnicity,
    Gender,
    InformationItem,
    WorkingRelationship,
)
from tests.demo.conftest import EMPTY_AS_OF

AS_OF = EMPTY_AS_OF  # the day `empty_northbridge` (tests/demo/conftest.py) is built as of


def _digest(children) -> str:
    rows = [
        (
            c.given_name,
            c.family_name,
            c.date_of_birth.isoformat(),
            c.gender,
            c.ethnicity,
            c.address,
            c.postcode,
            c.school.name if c.school else "",
            c.care_status,
            c.first_language,
            tuple(
                (i.title, i.occurred_on.isoformat())
                for i in c.items.order_by("occurred_on", "title")
            ),
        )
        for c in children
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _seed_and_digest(area: Area, *, seed: int, count: int = 300, batch_size: int = 2000) -> str:
    """Seed into a clean slate, digest, then roll back as if the database were fresh."""
    with transaction.atomic():
        seed_children(area=area, count=count, seed=seed, as_of=AS_OF, batch_size=batch_size)
        digest = _digest(Child.objects.filter(area=area).select_related("school").order_by("pk"))
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_gives_the_same_children(empty_northbridge):
    first = _seed_and_digest(empty_northbridge, seed=7)
    again = _seed_and_digest(empty_northbridge, seed=7)
    assert first == again


def test_a_different_seed_gives_different_children(empty_northbridge):
    assert _seed_and_digest(empty_northbridge, seed=7) != _seed_and_digest(
        empty_northbridge, seed=8
    )


def test_the_batch_size_does_not_change_who_is_seeded(empty_northbridge):
    assert _seed_and_digest(empty_northbridge, seed=7, count=120) == _seed_and_digest(
        empty_northbridge, seed=7, count=120, batch_size=13
    )


def _seeded(area):
    """The area's children, leaving out those the demo's agency feeds brought in."""
    return Child.objects.filter(area=area).exclude(identity_links__method=LinkMethod.NEW_CHILD)


def test_seeding_again_adds_new_children_rather_than_repeating_the_first(empty_northbridge):
    seed_children(area=empty_northbridge, count=60, seed=3, as_of=AS_OF)
    seed_children(area=empty_northbridge, count=60, seed=3, as_of=AS_OF, batch_size=25)
    children = list(_seeded(empty_northbridge).order_by("pk"))
    assert len(children) == 60 + 60 + 1  # and the featured child
    people = Counter((c.given_name, c.family_name, c.date_of_birth) for c in children)
    assert people.most_common(1)[0][1] == 1
    nhs = AgencyIdentifier.objects.filter(child__area=empty_northbridge, scheme=NHS_NUMBER)
    assert nhs.count() == len(children)
    assert nhs.values("value").distinct().count() == len(children)


@pytest.fixture(scope="module")
def two_thousand() -> list[Child]:
    """2,000 children drawn exactly as seeding draws them, without a database (fast)."""
    directory = AreaDirectory(
        area=Area(name=DEMO_AREA_NAME, slug="northbridge"),
        agencies={spec.name: Agency(name=spec.name, kind=spec.kind) for spec in AGENCIES},
        teams={},
        categories={},
        panel=Panel(name="MACE"),
    )
    fakers = {locale: Faker(locale) for locale in FAKER_LOCALES}
    return [
        child_draw(
            rng=random.Random(f"42:{n}"),
            fakers=fakers,
            directory=directory,
            as_of=AS_OF,
            sequence=n,
        ).child
        for n in range(1, 2001)
    ]


def _share(children, predicate) -> float:
    return sum(1 for c in children if predicate(c)) / len(children)


def test_children_are_mostly_aged_10_to_17_with_a_few_younger(two_thousand):
    ages = Counter(c.age_on(AS_OF) for c in two_thousand)
    assert set(ages) <= set(range(8, 18))
    assert ages[8] + ages[9] > 0
    assert (ages[8] + ages[9]) / len(two_thousand) < 0.08
    assert sum(ages[a] for a in range(13, 18)) / len(two_thousand) > 0.6


def test_girls_are_the_majority_but_boys_are_present(two_thousand):
    assert 0.62 < _share(two_thousand, lambda c: c.gender == Gender.GIRL) < 0.78
    assert 0.2 < _share(two_thousand, lambda c: c.gender == Gender.BOY) < 0.36
    others = {Gender.NON_BINARY, Gender.NOT_KNOWN}
    assert 0 < _share(two_thousand, lambda c: c.gender in others) < 0.05


def test_the_ethnic_mix_resembles_an_english_city(two_thousand):
    white = _share(two_thousand, lambda c: c.ethnicity == Ethnicity.WHITE)
    assert 0.55 < white < 0.75
    groups = Counter(c.ethnicity for c in two_thousand)
    assert {Ethnicity.ASIAN, Ethnicity.BLACK, Ethnicity.MIXED, Ethnicity.OTHER} <= set(groups)


def test_looked_after_children_are_over_represented_and_most_are_not_known_to_care(two_thousand):
    looked_after = _share(two_thousand, lambda c: c.care_status == CareStatus.LOOKED_AFTER)
    assert 0.05 < looked_after < 0.2  # against about 0.7% of all children in England
    assert _share(two_thousand, lambda c: c.care_status == CareStatus.NONE) > 0.5


def test_about_a_fifth_have_a_disability_or_special_educational_needs(two_thousand):
    assert 0.13 < _share(two_thousand, lambda c: c.disability != Disability.NONE) < 0.3


def test_most_speak_english_as_a_first_language_but_not_all(two_thousand):
    assert 0.8 < _share(two_thousand, lambda c: c.first_language == "English") < 0.97


def test_addresses_are_in_the_fictional_nb_postcode_area(two_thousand):
    pattern = re.compile(r"^NB[1-9] [1-9][ABDEFGHJLNPQRSTUWXYZ]{2}$")
    assert all(pattern.match(c.postcode) for c in two_thousand)
    assert all(c.address.endswith(", Northbridge") for c in two_thousand)


def test_every_child_goes_to_a_school_agency_or_none(two_thousand):
    schools = {c.school.kind for c in two_thousand if c.school}
    assert schools == {AgencyKind.SCHOOL}
    assert 0 < _share(two_thousand, lambda c: c.school is None) < 0.06
    primary = [c for c in two_thousand if c.school and c.school.name == "Fairfield Primary School"]
    assert all(c.age_on(AS_OF) <= 10 for c in primary)


def test_a_proportion_have_items_from_every_kind_of_agency_and_relationships(
    empty_northbridge,
):
    seed_children(area=empty_northbridge, count=400, seed=42, as_of=AS_OF)
    children = _seeded(empty_northbridge).exclude(family_name="Fernhollow")
    items = InformationItem.objects.filter(child__in=children)
    with_items = items.values("child").distinct().count()
    assert 0.35 < with_items / children.count() < 0.65
    assert set(items.values_list("source_agency__kind", flat=True)) == set(AgencyKind.values)
    related = WorkingRelationship.objects.filter(child__in=children)
    assert set(related.values_list("kind", flat=True)) == {
        "key_worker",
        "case_team",
        "referral_holder",
        "panel",
    }
    values = AgencyIdentifier.objects.filter(scheme=NHS_NUMBER).values_list("value", flat=True)
    assert len(values) == children.count() + 1
    assert not any(nhs_number_is_valid(v) for v in values)
