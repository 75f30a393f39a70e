"""Addresses: put in one form ("Rd" for "Road", no punctuation or case), compared at the levels
the identity model scores, and fed from agency records to the engine by a link run."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from django.test import override_settings

from seemehearme.identity import linking
from seemehearme.identity.engine import link_records
from seemehearme.identity.matching import (
    FIELDS_BY_COLUMN,
    INPUT_SCHEMA,
    MISSING,
    explanation,
    gamma_level,
    prepare,
    stored_parameters,
)
from seemehearme.identity.models import LinkCandidate
from seemehearme.identity.scoring import score_pairs
from tests.identity.conftest import REVIEW_EVERYTHING

ADDRESS = FIELDS_BY_COLUMN["address"]
LEVELS = [level.label for level in ADDRESS.levels]


def _record(uid: int, address: str | None) -> dict:
    return {
        "uid": uid,
        "given_name": "Jordan",
        "family_name": "Testchild",
        "date_of_birth": dt.date(2012, 3, 4),
        "postcode": "ZZ1 1AA",
        "address": address,
    }


def _prepared(*addresses: str | None) -> pa.Table:
    rows = [_record(uid, address) for uid, address in enumerate(addresses, start=1)]
    return prepare(pa.Table.from_pylist(rows, schema=INPUT_SCHEMA))


def address_level(first: str | None, second: str | None) -> str:
    """The address level two records alike in everything else reach."""
    pairs = score_pairs(_prepared(first, second), parameters=stored_parameters(), threshold=0.0)
    assert pairs.num_rows == 1
    level = gamma_level("address", pairs["gamma_address"][0].as_py())
    return MISSING if level is None else LEVELS[level]


def test_addresses_are_put_in_one_form_with_their_house_number_and_street():
    prepared = _prepared(
        "12 Acacia Road", "12, acacia rd.", "Flat 3, 12 Acacia Road", "No. 7 St. John's Street"
    )
    rows = prepared.select(["address", "address_house", "address_street"]).to_pylist()
    assert rows == [
        {"address": "12 acacia rd", "address_house": "12 acacia rd", "address_street": "acacia rd"},
        {"address": "12 acacia rd", "address_house": "12 acacia rd", "address_street": "acacia rd"},
        {
            "address": "flat 3 12 acacia rd",
            "address_house": "12 acacia rd",
            "address_street": "acacia rd",
        },
        {
            "address": "7 st johns st",
            "address_house": "7 st johns st",
            "address_street": "st johns st",
        },
    ]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("12 Acacia Road", "12 Acacia Rd", "the same"),
        ("12 Acacia Road", "12 ACACIA ROAD.", "the same"),
        ("Flat 3, 12 Acacia Road", "12 Acacia Road", "the same house number and street"),
        (
            "12 Acacia Road",
            "12 Acaica Road",
            "the same house number and a street spelt very nearly the same",
        ),
        ("12 Acacia Road", "14 Acacia Road", "the same street"),
        ("12 Acacia Road", "12 Acacia Avenue", "different"),
        ("12 Acacia Road", "3 Mill Lane", "different"),
        ("12 Acacia Road", "", MISSING),
        (None, "12 Acacia Road", MISSING),
    ],
)
def test_address_levels(first, second, expected):
    assert address_level(first, second) == expected


def test_the_same_address_counts_for_more_than_the_same_street_and_missing_for_nothing():
    parameters = stored_parameters()
    same, house, _near, street, different = (
        parameters.weight("address", level) for level in range(len(LEVELS))
    )
    assert same > street > different
    assert house > street
    assert different < 0
    prepared = _prepared("12 Acacia Road", "")
    pairs = score_pairs(prepared, parameters=parameters, threshold=0.0)
    gammas = {column: pairs[f"gamma_{column}"][0].as_py() for column in FIELDS_BY_COLUMN}
    rows = {row["field"]: row for row in explanation(gammas, parameters, {})}
    assert rows["address"] == {
        "field": "address",
        "label": "Address",
        "level": MISSING,
        "weight": 0.0,
    }


def test_a_shared_address_does_not_link_brothers_and_sisters():
    # Two children of one household: the same family name, address and postcode, different
    # given names and dates of birth. However much the address adds, they stay apart.
    rows = [
        {**_record(1, "12 Acacia Road"), "given_name": "Jordan"},
        {
            **_record(2, "12 Acacia Rd"),
            "given_name": "Samira",
            "date_of_birth": dt.date(2014, 9, 1),
        },
    ]
    result = link_records(
        pa.Table.from_pylist(rows, schema=INPUT_SCHEMA),
        parameters=stored_parameters(),
        match_threshold=0.95,
        review_threshold=0.5,
    )
    placements = result.resolution.placements
    assert placements[1].new_group != placements[2].new_group


@override_settings(**REVIEW_EVERYTHING)
def test_a_link_run_compares_the_agency_records_addresses(place):
    place.person(place.school, address="12 Acacia Road")
    # Not alike enough to link without a reviewer: a date of birth a digit apart, no postcode.
    place.person(
        place.police,
        given_name="Jordon",
        postcode="",
        date_of_birth=dt.date(2012, 5, 17),
        address="12 acacia rd.",
    )

    linking.link_persons(area=place.area)

    candidate = LinkCandidate.objects.get()
    fields = {row["field"]: row for row in candidate.explanation}
    assert fields["address"]["level"] == "the same"
    assert fields["address"]["weight"] > 5
