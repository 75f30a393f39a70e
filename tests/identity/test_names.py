"""Given names: recognised variants (the nicknames package and the project's list), names that
sound the same, short forms, and given and family names the other way round, as the identity
model's Splink levels score them."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from seemehearme.identity import matching
from seemehearme.identity.matching import (
    COUNTED_WITH_GIVEN_NAME,
    FIELDS_BY_COLUMN,
    INPUT_SCHEMA,
    explanation,
    gamma_level,
    prepare,
    stored_parameters,
)
from seemehearme.identity.names import SOURCES, are_variants, name_groups, sound, variant_keys
from seemehearme.identity.scoring import score_pairs

GIVEN = FIELDS_BY_COLUMN["given_name"]
VARIANTS = GIVEN.levels[1].label
SWAPPED = GIVEN.levels[matching.SWAPPED_LEVEL].label
SOUNDS = GIVEN.levels[3].label
DIFFERENT = GIVEN.levels[-1].label
BORN = dt.date(2012, 3, 4)


def _record(uid: int, given: str, family: str = "Testchild", **details: object) -> dict:
    return {
        "uid": uid,
        "given_name": given,
        "family_name": family,
        "date_of_birth": BORN,
        "gender": "",
        "postcode": "ZZ1 1AA",
        "school": "",
        "nhs_number": "",
        "upn": "",
        **details,
    }


def _scored(*records: dict) -> pa.Table:
    prepared = prepare(pa.Table.from_pylist(list(records), schema=INPUT_SCHEMA))
    return score_pairs(prepared, parameters=stored_parameters(), threshold=0.0)


def given_level(first: str, second: str) -> str:
    """The given name level two records reach when all else about them is the same."""
    pairs = _scored(_record(1, first), _record(2, second))
    assert pairs.num_rows == 1, (first, second)
    level = gamma_level("given_name", pairs["gamma_given_name"][0].as_py())
    assert level is not None
    return GIVEN.levels[level].label


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Oluwaseun", "Seun"),
        ("Caitlin", "Katie"),
        ("Reece", "Rhys"),
        ("Aimee", "Amy"),
        ("Dillon", "Dylan"),
        ("Sofia", "Sophie"),
        ("Jakub", "Kuba"),
        ("Mohammed", "Muhammad"),
        ("Maxamed", "Mohamed"),
        ("Chukwuemeka", "Emeka"),
        ("Małgorzata", "Gosia"),
        ("Katarzyna", "Kasia"),
        ("Aleksandra", "Ola"),
        ("Siobhan", "Shivaun"),
        ("Bill", "William"),
        ("Al", "Alfred"),
        ("Al", "Albert"),
    ],
)
def test_the_variants_testing_found_missed_are_recognised(first, second):
    assert given_level(first, second) == VARIANTS
    assert given_level(second, first) == VARIANTS


@pytest.mark.parametrize(
    ("first", "second"), [("Jaxon", "Jackson"), ("Aidan", "Aiden"), ("Layla", "Leila")]
)
def test_names_no_list_knows_that_sound_the_same_reach_their_own_level(first, second):
    assert not are_variants(first.lower(), second.lower())
    assert sound(first.lower()) == sound(second.lower())
    assert given_level(first, second) == SOUNDS


def test_the_variants_found_missed_also_sound_the_same_where_they_should():
    for first, second in [("reece", "rhys"), ("aimee", "amy"), ("dillon", "dylan")]:
        assert sound(first) == sound(second)
    assert sound("sofia") == sound("sophie")


def test_a_short_form_is_like_a_name_only_when_it_is_a_recognised_variant_of_it():
    assert given_level("Cal", "Callum") == VARIANTS
    # Jaro-Winkler puts "cal" and "charles" at 0.83 ("spelt similarly" before model 2026.3).
    assert given_level("Cal", "Charles") == DIFFERENT
    # Short names that sound the same are not enough either ("Tom" and "Tim" both sound TM).
    assert given_level("Tom", "Tim") != SOUNDS


def test_twins_callum_and_charles_are_not_joined_through_a_record_of_cal():
    born = {"date_of_birth": BORN, "postcode": "ZZ1 1AA"}
    pairs = _scored(_record(1, "Callum", **born), _record(2, "Charles", **born))
    with_cal = _scored(
        _record(1, "Callum", **born), _record(2, "Charles", **born), _record(3, "Cal", **born)
    )
    by_pair = {
        (a, b): level
        for a, b, level in zip(
            with_cal["unique_id_l"].to_pylist(),
            with_cal["unique_id_r"].to_pylist(),
            with_cal["gamma_given_name"].to_pylist(),
            strict=True,
        )
    }
    assert pairs.num_rows == 1
    assert GIVEN.levels[gamma_level("given_name", by_pair[(1, 3)]) or 0].label == VARIANTS
    assert gamma_level("given_name", by_pair[(2, 3)]) == len(GIVEN.levels) - 1  # different


def test_given_and_family_names_the_other_way_round_reach_the_swap_level():
    # No date of birth or postcode in common: only the swapped-names blocking rule meets them.
    pairs = _scored(
        _record(1, "Amara", "Okafor", postcode=""),
        _record(2, "Okafor", "Amara", postcode="", date_of_birth=dt.date(2012, 4, 3)),
    )

    assert pairs.num_rows == 1
    gammas = {field: pairs[f"gamma_{field}"][0].as_py() for field in FIELDS_BY_COLUMN}
    assert GIVEN.levels[gamma_level("given_name", gammas["given_name"]) or 0].label == SWAPPED
    assert gammas["family_name"] == -1  # counted once, with the given name
    rows = {row["field"]: row for row in explanation(gammas, stored_parameters(), {})}
    assert rows["given_name"]["level"] == SWAPPED
    assert rows["given_name"]["weight"] > 5
    assert rows["family_name"]["level"] == COUNTED_WITH_GIVEN_NAME
    assert rows["family_name"]["weight"] == 0


def test_swapped_names_with_everything_else_the_same_score_as_a_match():
    pairs = _scored(_record(1, "Amara", "Okafor"), _record(2, "Okafor", "Amara"))
    assert pairs["match_probability"][0].as_py() > matching.MATCH_THRESHOLD


def test_a_missing_family_name_is_still_missing_not_swapped():
    pairs = _scored(_record(1, "Amara", "Okafor"), _record(2, "Amara", ""))
    gammas = {field: pairs[f"gamma_{field}"][0].as_py() for field in FIELDS_BY_COLUMN}
    rows = {row["field"]: row for row in explanation(gammas, stored_parameters(), {})}
    assert rows["family_name"]["level"] == matching.MISSING


def test_every_name_group_is_recorded_with_its_source_and_a_name_can_be_in_several():
    assert set(SOURCES) == {"nicknames", "project"}
    assert "Apache-2.0" in SOURCES["nicknames"]
    assert "review" in SOURCES["project"]
    assert len(variant_keys()["al"]) >= 3  # Albert, Alfred, Alexander...
    assert {"albert", "alfred", "alexander"} <= set(variant_keys()["al"])
    assert all(key in forms for key, forms in name_groups().items())
    assert all(form.isalpha() and form.islower() for form in variant_keys())
