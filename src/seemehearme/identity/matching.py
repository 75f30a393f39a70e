"""The identity-matching model: how two agency records are compared, and how much each kind of
agreement or disagreement counts.

Records are first *prepared* (names, postcodes, addresses and school names put in one form,
given names given their groups of recognised variants and how they sound, see ``names``) with
DuckDB, whatever backend scores them. Splink then compares each pair that shares a *blocking
key* field by field. Every field reaches one *level*
(for a date of birth: the same, day and month swapped, one digit different, within a month,
different, or missing) and each level has two probabilities: how often records of the same child
reach it (m) and how often records of different children do (u). The model's parameters are
trained once and kept with the code in ``parameters.json`` (see ADR 0009 and
``seemehearme.identity.training``); ``MODEL_VERSION`` names the definition they belong to.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import SettingsCreator, block_on
from splink import comparison_level_library as cll
from splink.blocking_rule_library import CustomRule
from splink.comparison_library import CustomComparison
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

from seemehearme.identity.names import (
    NAMES_VERSION,
    SCHOOL_NOISE_WORDS,
    canonical_key,
    sound,
    variant_keys,
)

MODEL_VERSION = "2026.4"
# Default thresholds (settings SMH_IDENTITY_MATCH_THRESHOLD and SMH_IDENTITY_REVIEW_THRESHOLD
# override them): link at or above the first; between the two, ask a reviewer.
MATCH_THRESHOLD = 0.95
REVIEW_THRESHOLD = 0.5
PARAMETERS_FILE = Path(__file__).with_name("parameters.json")

# What a record looks like before preparation (persons from the database, or the benchmark's
# generated records). Missing text is empty or null; a missing date is null.
INPUT_SCHEMA = pa.schema(
    [
        ("uid", pa.int64()),
        ("given_name", pa.string()),
        ("family_name", pa.string()),
        ("date_of_birth", pa.date32()),
        ("gender", pa.string()),
        ("postcode", pa.string()),
        ("school", pa.string()),
        ("nhs_number", pa.string()),
        ("upn", pa.string()),
        ("address", pa.string()),  # the first line or lines of the home address
    ]
)


@dataclass(frozen=True)
class Level:
    """One level of one field: what it means in plain words, and how to make its Splink
    condition (made afresh for each model, since Splink's creators hold their m and u)."""

    label: str
    condition: Callable[[], ComparisonLevelCreator]
    # For an exact match whose worth depends on how common the value is among the records
    # being linked: the column whose term frequency adjusts it (see ``TF_COLUMNS``).
    frequency: str | None = None


@dataclass(frozen=True)
class Field:
    """One compared field. ``column`` is also the Splink comparison's name (``gamma_<column>``
    in its output)."""

    column: str
    label: str
    levels: tuple[Level, ...]  # most to least alike; a "different" level last; no null level
    # When the field counts for nothing (Splink's null level): by default when either record
    # lacks it. SQL on the pair's columns (``<column>_l``, ``<column>_r``) to widen it.
    nothing_when: str | None = None


def _custom(sql: str) -> Callable[[], ComparisonLevelCreator]:
    # Plain SQL that DuckDB and Spark both understand, so it needs no translation.
    return lambda: cll.CustomLevel(sql)


def _exact(column: str) -> Callable[[], ComparisonLevelCreator]:
    return lambda: cll.ExactMatchLevel(column)


def _exact_frequency(column: str) -> Callable[[], ComparisonLevelCreator]:
    """An exact match that counts for more when the value is rare among the records being
    linked (a term frequency adjustment: its u is how often the value occurs, the
    ``tf_<column>`` Splink works out over the whole table). Used for names, and for postcodes
    and schools, whose chance agreement falls as an area (and the number of its streets and
    schools) grows, so that no u trained on one size of area fits another."""
    return lambda: cll.ExactMatchLevel(column).configure(
        tf_adjustment_column=column, tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MINIMUM
    )


def _similar(column: str, at_least: float) -> Callable[[], ComparisonLevelCreator]:
    return lambda: cll.JaroWinklerLevel(column, at_least)


class SharesAny(ComparisonLevelCreator):
    """Two records' lists (``<column>_l``, ``<column>_r``) share at least one value, in each
    backend's own words: ``list_has_any`` on DuckDB, ``arrays_overlap`` on Spark. (Splink's
    ArrayIntersectLevel builds the whole intersection for every pair, which is slower.)"""

    def __init__(self, column: str) -> None:
        self.column = column

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        left, right = f"{self.column}_l", f"{self.column}_r"
        if sql_dialect.sql_dialect_str == "duckdb":
            return f"list_has_any({left}, {right})"
        if sql_dialect.sql_dialect_str == "spark":
            return f"arrays_overlap({left}, {right})"
        raise ValueError(f"No list overlap for the {sql_dialect.sql_dialect_str} backend")

    def create_label_for_charts(self) -> str:
        return f"{self.column} share a value"


def _different() -> ComparisonLevelCreator:
    return cll.ElseLevel()


def _starts_with(column: str, shortest: int) -> str:
    return (
        f"(instr({column}_l, {column}_r) = 1 OR instr({column}_r, {column}_l) = 1) "
        f"AND least(length({column}_l), length({column}_r)) >= {shortest}"
    )


# A given name shorter than this is a short form ("Cal", "Amy", "Rhys"): it only counts as like
# another name when the two are recognised variants (a level above the spelling levels), or
# for "sounds the same" and "one typing mistake apart", which look at every letter. "Cal" and
# "Callum" are variants; "Cal" and "Charles" are not alike, though Jaro-Winkler scores them
# 0.83 (as "Tom" and "Tim" sound the same to Double Metaphone: both must be this long for it).
SHORT_FORM = 5
LONG_ENOUGH = f"least(length(given_name_l), length(given_name_r)) >= {SHORT_FORM}"
# The two records have the given and family names the other way round.
SWAPPED = "given_name_l = family_name_r AND family_name_l = given_name_r"


def _similar_long(at_least: float) -> Callable[[], ComparisonLevelCreator]:
    """Given names spelt alike by Jaro-Winkler, both at least ``SHORT_FORM`` letters long."""
    return lambda: cll.And(
        cll.JaroWinklerLevel("given_name", at_least), cll.CustomLevel(LONG_ENOUGH)
    )


FIELDS: tuple[Field, ...] = (
    Field(
        "given_name",
        "Given name",
        (
            Level("the same", _exact_frequency("given_name"), "given_name"),
            Level(
                "recognised variants of one name (a short form, nickname or other spelling: "
                "Bill and William, Seun and Oluwaseun)",
                lambda: SharesAny("given_variants"),
            ),
            Level(
                "swapped with the family name (each record's given name is the other's "
                "family name; this counts for both names)",
                _custom(SWAPPED),
            ),
            Level(
                "sound the same (Jaxon and Jackson)",
                _custom(
                    "given_sound_l = given_sound_r "
                    f"AND greatest(length(given_name_l), length(given_name_r)) >= {SHORT_FORM}"
                ),
            ),
            Level(
                "one is the start of the other",
                _custom(_starts_with("given_name", SHORT_FORM)),
            ),
            Level("spelt very nearly the same", _similar_long(0.92)),
            Level(
                "one typing mistake apart (a letter changed, missing, added or two swapped)",
                lambda: cll.DamerauLevenshteinLevel("given_name", 1),
            ),
            Level("spelt similarly", _similar_long(0.8)),
            Level("different", _different),
        ),
    ),
    Field(
        "family_name",
        "Family name",
        (
            Level("the same", _exact_frequency("family_name"), "family_name"),
            Level("spelt very nearly the same", _similar("family_name", 0.92)),
            Level(
                "one contains the other (a double-barrelled name)",
                _custom(
                    "(instr(family_name_l, family_name_r) > 0 "
                    "OR instr(family_name_r, family_name_l) > 0) "
                    "AND least(length(family_name_l), length(family_name_r)) >= 4"
                ),
            ),
            Level("spelt similarly", _similar("family_name", 0.8)),
            Level("different", _different),
        ),
        # Swapped names are counted once, by the given name's level.
        nothing_when=SWAPPED,
    ),
    Field(
        "dob",
        "Date of birth",
        (
            Level("the same", _exact("dob")),
            Level(
                "the same with the day and month swapped",
                _custom(
                    "dob_year_l = dob_year_r AND dob_month_l = dob_day_r "
                    "AND dob_day_l = dob_month_r"
                ),
            ),
            Level("one digit different", lambda: cll.LevenshteinLevel("dob", 1)),
            Level("within a month", _custom("abs(dob_days_l - dob_days_r) <= 31")),
            Level("different", _different),
        ),
    ),
    Field(
        "gender",
        "Gender",
        (
            Level("the same", _exact("gender")),
            Level("different", _different),
        ),
    ),
    Field(
        "postcode",
        "Postcode",
        (
            Level("the same", _exact_frequency("postcode"), "postcode"),
            Level(
                "in the same sector (the same street or a few)",
                _exact_frequency("postcode_sector"),
                "postcode_sector",
            ),
            Level(
                "in the same district",
                _exact_frequency("postcode_district"),
                "postcode_district",
            ),
            Level("different", _different),
        ),
    ),
    Field(
        "address",
        "Address",
        (
            Level("the same", _exact_frequency("address"), "address"),
            Level(
                "the same house number and street",
                _exact_frequency("address_house"),
                "address_house",
            ),
            Level(
                "the same house number and a street spelt very nearly the same",
                lambda: cll.And(
                    cll.ExactMatchLevel("address_number"),
                    cll.JaroWinklerLevel("address_street", 0.92),
                ),
            ),
            Level("the same street", _exact_frequency("address_street"), "address_street"),
            Level("different", _different),
        ),
    ),
    Field(
        "school",
        "School",
        (
            Level("the same", _exact_frequency("school"), "school"),
            Level("different", _different),
        ),
    ),
    Field(
        "nhs_number",
        "NHS number",
        (
            Level("the same", _exact("nhs_number")),
            Level("different", _different),
        ),
    ),
    Field(
        "upn",
        "Unique pupil number",
        (
            Level("the same", _exact("upn")),
            Level("different", _different),
        ),
    ),
)
FIELDS_BY_COLUMN = {field.column: field for field in FIELDS}
# The given name's level for swapped names (``explanation`` says the family name is counted
# there rather than missing).
SWAPPED_LEVEL = 2
assert FIELDS_BY_COLUMN["given_name"].levels[SWAPPED_LEVEL].label.startswith("swapped")
MISSING = "missing from one or both records"
COUNTED_WITH_GIVEN_NAME = "swapped with the given name: counted there"
TF_MINIMUM = 1e-5  # the rarest a name counts as, however rare it is in the area

# Pairs are only compared when they share one of these. Each rule asks for two things to agree
# exactly, so a record with one mistake (or one missing detail) still meets its match through
# another rule. The NHS and pupil number rules put records with the same number side by side
# for the explanation; they are linked before scoring anyway. ``given_variants`` is a list (a
# name's groups of recognised variants, or the name itself): the rule with it pairs records
# whose lists share a value (Splink explodes the list), so any two variants born the same day
# meet. The other name rules use ``given_key``, one of those groups, which two variants do not
# always share: exploding the lists there too raised recall at a million records by 0.0003 but
# took 4.5 GB of memory instead of 3.3 GB (docs/performance.md).
BLOCKING_COLUMNS: tuple[tuple[str, ...], ...] = (
    ("nhs_number",),
    ("upn",),
    ("dob", "given_variants"),
    ("dob", "given_start"),
    ("dob", "family_name"),
    ("given_key", "family_name"),
    ("given_start", "family_name"),
    ("family_name", "postcode"),
    ("given_key", "postcode"),
    ("given_start", "postcode"),
    ("dob", "postcode"),
    ("dob", "given_sound"),
)
EXPLODED = "given_variants"
# And records with the given and family names swapped (one rule, as the names are compared).
SWAPPED_BLOCK = "l.given_name = r.family_name AND l.family_name = r.given_name"


def blocking_rules() -> list[BlockingRuleCreator | dict[str, Any]]:
    """``BLOCKING_COLUMNS`` and ``SWAPPED_BLOCK`` as Splink blocking rules."""
    rules: list[BlockingRuleCreator | dict[str, Any]] = [
        block_on(*columns, arrays_to_explode=[EXPLODED] if EXPLODED in columns else None)
        for columns in BLOCKING_COLUMNS
    ]
    return [*rules, CustomRule(SWAPPED_BLOCK)]


# --- Preparation --------------------------------------------------------------------------------

_NOISE = "|".join(SCHOOL_NOISE_WORDS)
SCHOOL_SQL = (
    "nullif(trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace("
    "lower(strip_accents(coalesce({column}, ''))), '\\bsaint\\b', 'st', 'g'), '''', '', 'g'), "
    "'[^a-z0-9]+', ' ', 'g'), '\\b(" + _NOISE + ")\\b', ' ', 'g'), ' +', ' ', 'g')), '')"
)
# Addresses: the words agencies shorten or write two ways, each in one form ("12 Acacia Road"
# and "12 acacia rd." are the same address once prepared); "no" and "number" go.
ADDRESS_WORDS: dict[str, str] = {
    "road": "rd",
    "street": "st",
    "saint": "st",
    "avenue": "ave",
    "av": "ave",
    "lane": "ln",
    "drive": "dr",
    "close": "cl",
    "crescent": "cres",
    "court": "ct",
    "place": "pl",
    "gardens": "gdns",
    "terrace": "ter",
    "square": "sq",
    "grove": "gr",
    "parade": "pde",
    "walk": "wk",
    "apartment": "flat",
    "apt": "flat",
    "no": "",
    "number": "",
}
# The words that end a street's name, once shortened.
STREET_TYPES = (
    *("rd", "st", "ave", "ln", "dr", "cl", "cres", "ct", "pl", "gdns"),
    *("ter", "sq", "gr", "pde", "wk", "way", "row", "mews", "rise"),
)


def _address_sql(column: str) -> str:
    """SQL putting an address in the form compared: lower case, no accents or punctuation,
    a house number's letter joined to it ("12 A" is "12a"), ``ADDRESS_WORDS`` shortened."""
    sql = f"lower(strip_accents(coalesce({column}, '')))"
    sql = f"regexp_replace(regexp_replace({sql}, '''', '', 'g'), '[^a-z0-9]+', ' ', 'g')"
    sql = f"regexp_replace({sql}, '\\b([0-9]+) ([a-z])\\b', '\\1\\2', 'g')"
    for word, short in ADDRESS_WORDS.items():
        sql = f"regexp_replace({sql}, '\\b{word}\\b', '{short}', 'g')"
    return f"nullif(trim(regexp_replace({sql}, ' +', ' ', 'g')), '')"


# The house number and the street's name in a prepared address (without a flat's number): the
# first number followed by one to three words and a street type ("12 mill hill rd": "mill hill
# rd"), or else by one word ("12 acacia": "acacia").
HOUSE = "\\b([0-9]+[a-z]?) ((?:[a-z]+ ){1,3}?(?:" + "|".join(STREET_TYPES) + ")\\b|[a-z]+)"
WITHOUT_FLAT = "regexp_replace(c.address, '\\bflat [0-9]+[a-z]?\\b', '')"
# Letters that lose nothing but an accent in English spelling yet have no decomposition for
# strip_accents (Małgorzata, Paweł, Søren): read as their plain letter.
_PLAIN = "translate({column}, 'łøđı', 'lodi')"
_GIVEN = _PLAIN.format(
    column="split_part(lower(strip_accents(trim(coalesce(given_name, '')))), ' ', 1)"
)
_FAMILY = _PLAIN.format(column="lower(strip_accents(coalesce(family_name, '')))")
CLEAN_SQL = f"""
    select
        uid as unique_id,
        nullif(regexp_replace({_GIVEN}, '[^a-z]', '', 'g'), '') as given_name,
        nullif(regexp_replace({_FAMILY}, '[^a-z]', '', 'g'), '') as family_name,
        date_of_birth,
        case when gender in ('female', 'male', 'non_binary', 'other') then gender end as gender,
        upper(regexp_replace(coalesce(postcode, ''), '[^A-Za-z0-9]', '', 'g')) as postcode_raw,
        {SCHOOL_SQL.format(column="school")} as school_raw,
        nullif(regexp_replace(coalesce(nhs_number, ''), '[^0-9]', '', 'g'), '') as nhs_number,
        nullif(upper(trim(coalesce(upn, ''))), '') as upn,
        {_address_sql("address")} as address
    from records
"""  # noqa: S608 (a fixed statement: no values in it)
PREPARE_SQL = f"""
select
    * exclude (address_number, address_street),
    nullif(address_number, '') as address_number,
    nullif(address_street, '') as address_street,
    case when address_number <> '' then address_number || ' ' || address_street end
        as address_house
from (select
    c.unique_id,
    c.given_name,
    n.given_variants,
    n.given_key,
    n.given_sound,
    left(c.given_name, 3) as given_start,
    c.family_name,
    strftime(c.date_of_birth, '%Y-%m-%d') as dob,
    year(c.date_of_birth) as dob_year,
    month(c.date_of_birth) as dob_month,
    day(c.date_of_birth) as dob_day,
    datediff('day', date '1970-01-01', c.date_of_birth) as dob_days,
    c.gender,
    case when length(c.postcode_raw) between 5 and 7
        then left(c.postcode_raw, length(c.postcode_raw) - 3) || ' '
            || right(c.postcode_raw, 3) end as postcode,
    case when length(c.postcode_raw) between 5 and 7
        then left(c.postcode_raw, length(c.postcode_raw) - 2) end as postcode_sector,
    case when length(c.postcode_raw) between 5 and 7
        then left(c.postcode_raw, length(c.postcode_raw) - 3) end as postcode_district,
    c.school_raw as school,
    c.nhs_number,
    c.upn,
    c.address,
    regexp_extract({WITHOUT_FLAT}, '{HOUSE}', 1) as address_number,
    regexp_extract({WITHOUT_FLAT}, '{HOUSE}', 2) as address_street
from __smh_cleaned c
left join __smh_given_names n on n.given_name = c.given_name)
"""  # noqa: S608 (a fixed statement: no values in it)


def given_names(names: list[str]) -> pa.Table:
    """The lookup table of given names (distinct, prepared): each name's groups of recognised
    variants (``names.variant_keys``; the name itself when it is in none), one key for it
    (``names.canonical_key``) and how it sounds (``names.sound``). Worked out in Python once
    per distinct name, so the scoring SQL only compares columns, on any backend."""
    keys = variant_keys()
    sounds = [_sound(name) for name in names]
    return pa.table(
        {
            "given_name": pa.array(names, pa.string()),
            "given_variants": pa.array(
                [list(keys.get(name, (name,))) for name in names], pa.list_(pa.string())
            ),
            "given_key": pa.array([canonical_key(name) for name in names], pa.string()),
            "given_sound": pa.array([code or None for code in sounds], pa.string()),
        }
    )


@cache
def _sound(name: str) -> str:
    return sound(name)


def prepare(records: pa.Table, *, connection: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Put records (``INPUT_SCHEMA``) into the form the model compares."""
    con = connection or duckdb.connect()
    con.register("records", records)
    try:
        con.execute(f"create or replace temp table __smh_cleaned as {CLEAN_SQL}")
        distinct = con.sql(
            "select distinct given_name from __smh_cleaned where given_name is not null"
        ).fetchall()
        con.register("__smh_given_names", given_names(sorted(row[0] for row in distinct)))
        return con.sql(PREPARE_SQL).to_arrow_table()
    finally:
        con.unregister("records")
        con.execute("drop table if exists __smh_cleaned")
        with contextlib.suppress(duckdb.Error):
            con.unregister("__smh_given_names")


# The columns whose term frequencies adjust an exact-match level (``Level.frequency``).
TF_COLUMNS = tuple(
    level.frequency for field in FIELDS for level in field.levels if level.frequency is not None
)


# How many records' worth of weight the trained u of a postcode or school level carries when a
# value's frequency is worked out: see ``term_frequencies``. Names are counted plainly, as
# Splink does (their chance agreement does not depend on the size of the area).
TF_PRIOR_RECORDS = 1_000
TF_SHRUNK = (
    "postcode",
    "postcode_sector",
    "postcode_district",
    "school",
    "address",
    "address_house",
    "address_street",
)


def term_frequencies(
    prepared: pa.Table, parameters: Parameters | None = None
) -> dict[str, pa.Table]:
    """How common each value is among the records: ``{column: (column, tf_column)}`` for
    ``TF_COLUMNS``, the lookup tables Splink uses for the levels' term frequency adjustment
    (a value's u: the chance that a record of another child has it).

    A value's frequency is counted over the records being linked. For postcodes and schools
    (``TF_SHRUNK``), whose trained u it replaces, it is shrunk towards that u as if
    ``TF_PRIOR_RECORDS`` more records had been seen: over a million records the count decides;
    in an area of a few records, where the pair being scored is most of the count, the trained u
    does (``(count + K u) / (records + K)``)."""
    trained = parameters or stored_parameters()
    prior_u = {
        level.frequency: trained.u[field.column][index]
        for field in FIELDS
        for index, level in enumerate(field.levels)
        if level.frequency in TF_SHRUNK
    }
    con = duckdb.connect()
    con.register("prepared", prepared)
    tables = {}
    for column in TF_COLUMNS:
        pseudo = TF_PRIOR_RECORDS if column in prior_u else 0
        tables[column] = con.sql(
            f"select {column}, (count(*) + {pseudo * prior_u.get(column, 0.0)!r}) "  # noqa: S608
            f"/ {prepared.num_rows + pseudo} as tf_{column} "
            f"from prepared where {column} is not null group by {column}"
        ).to_arrow_table()
    con.close()
    return tables


def school_keys(names: list[str]) -> list[str | None]:
    """School names in the form records' schools are compared in (to find a school agency)."""
    con = duckdb.connect()
    con.register("names", pa.table({"name": pa.array(names, pa.string())}))
    sql = f"select {SCHOOL_SQL.format(column='name')} from names"  # noqa: S608 (fixed)
    keys = [row[0] for row in con.sql(sql).fetchall()]
    con.close()
    return keys


# --- Parameters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    """Trained m and u probabilities for each field's levels (in ``FIELDS`` order, without the
    missing level), and how many other records of the same child a record has on average,
    which sets the prior for an area of any size."""

    version: str
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    matches_per_record: float
    trained: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "names_version": NAMES_VERSION,
            "matches_per_record": self.matches_per_record,
            "trained": self.trained,
            "m": self.m,
            "u": self.u,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parameters:
        return cls(
            version=data["version"],
            m={k: [float(p) for p in v] for k, v in data["m"].items()},
            u={k: [float(p) for p in v] for k, v in data["u"].items()},
            matches_per_record=float(data["matches_per_record"]),
            trained=dict(data.get("trained", {})),
        )

    def weight(self, column: str, level: int) -> float:
        """The level's match weight: log2(m / u), positive towards a match."""
        m, u = self.m[column][level], self.u[column][level]
        return math.log2(max(m, 1e-12) / max(u, 1e-12))


@cache
def stored_parameters() -> Parameters:
    """The parameters kept with the code (``parameters.json``)."""
    data = json.loads(PARAMETERS_FILE.read_text())
    parameters = Parameters.from_dict(data)
    if parameters.version != MODEL_VERSION:
        raise RuntimeError(
            f"parameters.json is for model {parameters.version}, the code is {MODEL_VERSION}: "
            "train the model again (bench/link_identities.py --train)"
        )
    return parameters


def prior(*, records: int, parameters: Parameters) -> float:
    """The chance that two records picked at random are the same child, in a set of this
    many records: each record has ``matches_per_record`` partners among ``records - 1``."""
    if records < 2:
        return 0.5
    return min(parameters.matches_per_record / (records - 1), 0.5)


def settings(*, records: int, parameters: Parameters | None) -> SettingsCreator:
    """The Splink settings for scoring ``records`` records; without parameters, an untrained
    model (for training)."""
    comparisons: list[ComparisonCreator | dict[str, Any]] = []
    for field in FIELDS:
        null: ComparisonLevelCreator = cll.NullLevel(field.column)
        if field.nothing_when:
            null = cll.CustomLevel(
                f"{field.column}_l IS NULL OR {field.column}_r IS NULL OR ({field.nothing_when})"
            ).configure(is_null_level=True, label_for_charts=MISSING)
        levels: list[ComparisonLevelCreator | dict[str, Any]] = [null]
        for index, level in enumerate(field.levels):
            condition = level.condition()
            options: dict[str, Any] = {"label_for_charts": level.label}
            if parameters is not None:
                options["m_probability"] = parameters.m[field.column][index]
                options["u_probability"] = parameters.u[field.column][index]
            levels.append(condition.configure(**options))
        comparisons.append(
            CustomComparison(
                comparison_levels=levels,
                output_column_name=field.column,
                comparison_description=field.label,
            )
        )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=prior(
            records=records, parameters=parameters or _untrained()
        ),
        retain_matching_columns=True,  # gives the comparison levels (gamma_*)
        retain_intermediate_calculation_columns=False,
    )


def _untrained() -> Parameters:
    return Parameters(version=MODEL_VERSION, m={}, u={}, matches_per_record=1.0, trained={})


# --- Explanation ------------------------------------------------------------------------------


def gamma_level(column: str, gamma: int) -> int | None:
    """Splink's comparison vector value for a field as our level index (None: missing).

    Splink numbers the levels from the most alike (highest) down to 0 for the last, with -1
    for the null level."""
    if gamma < 0:
        return None
    return len(FIELDS_BY_COLUMN[column].levels) - 1 - gamma


def explanation(
    gammas: dict[str, int], parameters: Parameters, name_frequency: dict[str, float | None]
) -> list[dict[str, Any]]:
    """What each field contributed to a pair's score, in ``FIELDS`` order, for the reviewer:
    ``[{"field", "label", "level", "weight"}]`` where weight is log2(m / u), 0 when missing.

    An exact match on a name, postcode or school counts for more when the value is rare:
    ``name_frequency`` gives how common the pair's values are (``term_frequencies``, by
    ``TF_COLUMNS`` column), as Splink used."""
    rows: list[dict[str, Any]] = []
    swapped = gamma_level("given_name", int(gammas["given_name"])) == SWAPPED_LEVEL
    for field in FIELDS:
        level = gamma_level(field.column, int(gammas[field.column]))
        if level is None:
            said = COUNTED_WITH_GIVEN_NAME if swapped and field.nothing_when else MISSING
            rows.append({"field": field.column, "label": field.label, "level": said, "weight": 0.0})
            continue
        weight = parameters.weight(field.column, level)
        tf_column = field.levels[level].frequency
        frequency = name_frequency.get(tf_column) if tf_column else None
        if frequency:
            weight = math.log2(parameters.m[field.column][level] / max(frequency, TF_MINIMUM))
        rows.append(
            {
                "field": field.column,
                "label": field.label,
                "level": field.levels[level].label,
                "weight": round(weight, 2),
            }
        )
    return rows
