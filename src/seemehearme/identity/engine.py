"""Identity resolution on a table of records, without the database: prepare, link by identifier,
score with Splink, and resolve into children. ``seemehearme.identity.linking`` feeds it an area's
records and writes what it decides; ``bench/link_identities.py`` feeds it generated records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from seemehearme.identity.clustering import Link, Resolution, Via, resolve
from seemehearme.identity.matching import FIELDS_BY_COLUMN, Parameters, prepare
from seemehearme.identity.numbers import Details, alike_sql, nhs_fails_check
from seemehearme.identity.scoring import Backend, score_pairs

Step = Callable[[str], None]  # told the name of each step as it finishes

# Twins share a family name, a date of birth, an address and a school: only their given names
# (and often their genders) tell them apart; brothers and sisters share all but the date of
# birth and the given name. However high a pair scores, it is never linked without a reviewer
# when its given names are completely different (see ADR 0009), when its dates of birth are
# (``numbers.dates_conflict``), or when its genders differ and its given names are not the same
# (Oliver and Olivia). Splink numbers each field's levels from the most alike down to 0 for
# "different" (``matching.FIELDS``).
DIFFERENT = 0


def may_link_by_score(gammas: dict[str, int]) -> bool:
    """Whether a pair scoring above the match threshold may be linked without a reviewer."""
    given, dob = gammas["gamma_given_name"], gammas["gamma_dob"]
    if DIFFERENT in (given, dob):
        return False
    return given == GIVEN_SAME or gammas["gamma_gender"] != DIFFERENT


MISSING = -1  # Splink's level for a detail missing from either record
GIVEN_SAME = len(FIELDS_BY_COLUMN["given_name"].levels) - 1


@dataclass
class NumberEvidence:
    """What records' national numbers say (see ``seemehearme.identity.numbers``)."""

    links: list[Link]  # records with the same valid number and alike details: forced links
    held: list[tuple[int, int]]  # the same number but unalike details: kept apart, for review
    invalid_nhs: set[int]  # records whose NHS number fails its check digit (not used)
    # records whose number is held by several children (a placeholder: not used), and the
    # numbers by column (``shared_numbers``)
    shared: set[int] = field(default_factory=set)
    shared_values: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class EngineResult:
    prepared: pa.Table
    # scored pairs at or above the review threshold, and every held pair (scoring.PAIR_COLUMNS)
    pairs: pa.Table
    resolution: Resolution
    numbers: NumberEvidence


def _set_aside(prepared: pa.Table, column: str, drop: Callable[[str], bool]) -> set[int]:
    """The records whose ``column`` holds a value ``drop`` says to set aside."""
    return {
        uid
        for uid, value in zip(
            prepared["unique_id"].to_pylist(), prepared[column].to_pylist(), strict=True
        )
        if value and drop(value)
    }


def _without(prepared: pa.Table, column: str, uids: set[int]) -> pa.Table:
    """``prepared`` with ``column`` emptied on the records ``uids``."""
    if not uids:
        return prepared
    kept = [
        None if uid in uids else value
        for uid, value in zip(
            prepared["unique_id"].to_pylist(), prepared[column].to_pylist(), strict=True
        )
    ]
    index = prepared.schema.get_field_index(column)
    return prepared.set_column(index, column, pa.array(kept, pa.string()))


def without_invalid_nhs(prepared: pa.Table) -> tuple[pa.Table, set[int]]:
    """``prepared`` with NHS numbers that fail their check digit removed (so they neither link
    nor separate records, nor count in the score), and the records that had one."""
    invalid = _set_aside(prepared, "nhs_number", nhs_fails_check)
    return _without(prepared, "nhs_number", invalid), invalid


# A number held by this many records that cannot all be one child (each pair of them unalike:
# ``numbers.alike_sql``) is a placeholder or otherwise shared: it says nothing about who is who.
SHARED_BY = 3
# Beyond this many records holding one number it is treated as shared without comparing them.
HELD_BY_MANY = 50
NUMBER_COLUMNS = ("nhs_number", "upn")


def shared_numbers(prepared: pa.Table) -> dict[str, set[str]]:
    """For each number column, the values held by at least ``SHARED_BY`` records of which no two
    are alike (at least three different children), or by more than ``HELD_BY_MANY`` records:
    the placeholder an agency types when it does not know a child's number, or a number
    copied from child to child in one family."""
    con = duckdb.connect()
    con.register("prepared", prepared)
    found: dict[str, set[str]] = {}
    for column in NUMBER_COLUMNS:
        counts = con.sql(
            f"select {column}, count(*) from prepared where {column} is not null "  # noqa: S608
            f"group by 1 having count(*) >= {SHARED_BY}"
        ).fetchall()
        shared = {value for value, held_by in counts if held_by > HELD_BY_MANY}
        few = [value for value, held_by in counts if held_by <= HELD_BY_MANY]
        if few:
            con.register("few", pa.table({"value": pa.array(few, pa.string())}))
            rows = con.sql(
                f"select l.{column}, l.unique_id, r.unique_id from prepared l "  # noqa: S608
                f"join prepared r on l.{column} = r.{column} and l.unique_id < r.unique_id "
                f"where l.{column} in (select value from few) and not {alike_sql('l', 'r')}"
            ).fetchall()
            unalike: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
            for value, a, b in rows:
                unalike[value][a].add(b)
                unalike[value][b].add(a)
            shared.update(value for value, apart in unalike.items() if _three_apart(apart))
        found[column] = shared
    con.close()
    return found


def _three_apart(apart: dict[int, set[int]]) -> bool:
    """Whether three records are each unalike the other two (a triangle in ``apart``)."""
    return any(apart[b] & others for others in apart.values() for b in others)


def without_shared_numbers(
    prepared: pa.Table,
) -> tuple[pa.Table, set[int], dict[str, set[str]]]:
    """``prepared`` with shared numbers (``shared_numbers``) removed, the records that had one,
    and the numbers."""
    holders: set[int] = set()
    shared = shared_numbers(prepared)
    for column, values in shared.items():
        found = _set_aside(prepared, column, values.__contains__)
        prepared = _without(prepared, column, found)
        holders |= found
    return prepared, holders, shared


def identifier_links(prepared: pa.Table, *, new_uids: set[int] | None = None) -> NumberEvidence:
    """Records sharing an NHS number or a pupil number (with ``new_uids``, only pairs with a new
    record): a forced link for each such pair whose details agree (``numbers.alike_sql``);
    the others are held apart for a reviewer instead. ``prepared`` should already be
    ``without_invalid_nhs`` and ``without_shared_numbers``."""
    con = duckdb.connect()
    con.register("prepared", prepared)
    links: list[Link] = []
    held: set[tuple[int, int]] = set()
    new_only = ""
    if new_uids is not None:
        con.register("new_ids", pa.table({"uid": pa.array(sorted(new_uids), pa.int64())}))
        new_only = (
            "and (l.unique_id in (select uid from new_ids) "
            "or r.unique_id in (select uid from new_ids))"
        )
    for column in ("nhs_number", "upn"):
        rows = con.sql(
            f"select l.unique_id, r.unique_id, {alike_sql('l', 'r')} "  # noqa: S608 (fixed)
            f"from prepared l join prepared r on l.{column} = r.{column} "
            f"and l.unique_id < r.unique_id where l.{column} is not null {new_only}"
        ).fetchall()
        for a, b, alike in rows:
            if alike:
                links.append(Link(a, b, Via.IDENTIFIER))
            else:
                held.add((a, b))
    con.close()
    return NumberEvidence(links, sorted(held), set())


def alike(records: pa.Table, pairs: list[tuple[int, int]]) -> list[bool]:
    """For each pair of ``records`` (``matching.INPUT_SCHEMA``, by uid), whether their details
    agree enough for a shared number to join them (``numbers.alike_sql``)."""
    if not pairs:
        return []
    con = duckdb.connect()
    con.register("prepared", prepare(records))
    left, right = zip(*pairs, strict=True)
    con.register(
        "pairs",
        pa.table(
            {
                "n": pa.array(range(len(pairs)), pa.int64()),
                "a": pa.array(left, pa.int64()),
                "b": pa.array(right, pa.int64()),
            }
        ),
    )
    rows = con.sql(
        f"select p.n, {alike_sql('l', 'r')} from pairs p "  # noqa: S608 (fixed)
        "join prepared l on l.unique_id = p.a join prepared r on r.unique_id = p.b"
    ).fetchall()
    con.close()
    found = dict(rows)
    return [bool(found.get(n, True)) for n in range(len(pairs))]


def link_records(
    records: pa.Table,
    *,
    parameters: Parameters,
    match_threshold: float,
    review_threshold: float,
    backend: Backend = "duckdb",
    new_uids: set[int] | None = None,
    current: dict[int, int] | None = None,
    forced: Iterable[Link] = (),
    rejected: Iterable[tuple[int, int]] = (),
    mergeable: Collection[int] = (),
    step: Step | None = None,
) -> EngineResult:
    """Resolve ``records`` (``matching.INPUT_SCHEMA``). ``current`` maps records that already
    belong to a child to it; ``forced`` adds links (identifiers held by children, accepted
    pairs); ``rejected`` pairs are never left in one group; children in ``mergeable`` (by
    positive id) may be merged with another child their records now link to."""
    if backend == "spark" and new_uids is None:
        # A full run: every step on Spark. An incremental run scores on Spark but clusters here
        # (its few new records need the area's current children, which this process holds).
        from seemehearme.identity.spark_pipeline import link_records_on_spark

        return link_records_on_spark(
            records,
            parameters=parameters,
            match_threshold=match_threshold,
            review_threshold=review_threshold,
            current=current,
            forced=forced,
            rejected=rejected,
            mergeable=mergeable,
            step=step,
        ).collect()
    done = step or (lambda _name: None)
    prepared, invalid_nhs = without_invalid_nhs(prepare(records))
    prepared, shared, shared_values = without_shared_numbers(prepared)
    done("prepared")
    forced = list(forced)
    evidence = identifier_links(prepared, new_uids=new_uids)
    evidence.invalid_nhs = invalid_nhs
    evidence.shared, evidence.shared_values = shared, shared_values
    # A pair a reviewer has accepted is not held back again.
    accepted = {frozenset((link.a, link.b)) for link in forced if link.via is Via.ACCEPTED}
    evidence.held = [pair for pair in evidence.held if frozenset(pair) not in accepted]
    pairs = score_pairs(
        prepared,
        parameters=parameters,
        threshold=review_threshold,
        backend=backend,
        new_uids=new_uids,
    )
    pairs = _with_held_pairs(worth_review(pairs), prepared, evidence.held, parameters, backend)
    done("scored")
    links = linkable(pairs, match_threshold)
    scored = (
        Link(a, b, Via.SCORE, p)
        for a, b, p in zip(
            links["unique_id_l"].to_pylist(),
            links["unique_id_r"].to_pylist(),
            links["match_probability"].to_pylist(),
            strict=True,
        )
    )
    in_scope = prepared["unique_id"].to_pylist() if new_uids is None else sorted(new_uids)
    resolution = resolve(
        records=in_scope,
        current=current or {},
        links=[*evidence.links, *forced, *scored],
        rejected=[*rejected, *evidence.held],
        match_threshold=match_threshold,
        details=record_details(prepared),
        mergeable=mergeable,
    )
    done("resolved")
    return EngineResult(prepared, pairs, resolution, evidence)


def worth_review(pairs: pa.Table) -> pa.Table:
    """Only the scored pairs (``scoring.PAIR_COLUMNS``) that could be one child, so are worth
    a reviewer's time: not when the given names are different and no date of birth says they
    are alike (brothers and sisters), nor when the dates of birth are different and the given
    names are not the same (a date typed wrongly is likelier with the name right). None of the
    others could be linked by score either (``may_link_by_score``). Pairs held back by a number
    always go to review (``identifier_links``)."""
    given, dob = pairs["gamma_given_name"], pairs["gamma_dob"]
    siblings = pc.and_(
        pc.equal(given, DIFFERENT), pc.is_in(dob, value_set=pa.array([DIFFERENT, MISSING]))
    )
    born_apart = pc.and_(pc.equal(dob, DIFFERENT), pc.not_equal(given, GIVEN_SAME))
    return pairs.filter(pc.invert(pc.or_(siblings, born_apart)))


LINK_LEVELS = ("gamma_given_name", "gamma_dob", "gamma_gender")


def linkable(pairs: pa.Table, match_threshold: float) -> pa.Table:
    """The scored pairs at or above ``match_threshold`` that ``may_link_by_score``."""
    keep = [
        probability >= match_threshold
        and may_link_by_score(dict(zip(LINK_LEVELS, levels, strict=True)))
        for probability, *levels in zip(
            pairs["match_probability"].to_pylist(),
            *(pairs[name].to_pylist() for name in LINK_LEVELS),
            strict=True,
        )
    ]
    return pairs.filter(pa.array(keep, pa.bool_()))


def record_details(prepared: pa.Table) -> dict[int, Details]:
    """Each record's date of birth, names and valid numbers, for the clustering's checks."""
    columns = ("unique_id", "dob", "given_key", "family_name", "nhs_number", "upn")
    values = [prepared[column].to_pylist() for column in columns]
    return {
        uid: Details(dob, given_key, family, (nhs, upn))
        for uid, dob, given_key, family, nhs, upn in zip(*values, strict=True)
    }


def _with_held_pairs(
    pairs: pa.Table,
    prepared: pa.Table,
    held: list[tuple[int, int]],
    parameters: Parameters,
    backend: Backend,
) -> pa.Table:
    """Make sure every held pair (the same number, unalike details) is among the scored pairs,
    however low it scores, so that it reaches a reviewer: score the few missing ones again
    against the whole table with no threshold."""
    if not held:
        return pairs
    present = set(
        zip(pairs["unique_id_l"].to_pylist(), pairs["unique_id_r"].to_pylist(), strict=True)
    )
    missing = {pair for pair in held if pair not in present}
    if not missing:
        return pairs
    again = score_pairs(
        prepared,
        parameters=parameters,
        threshold=0.0,
        backend=backend,
        new_uids={uid for pair in missing for uid in pair},
    )
    wanted = [
        pair in missing
        for pair in zip(
            again["unique_id_l"].to_pylist(), again["unique_id_r"].to_pylist(), strict=True
        )
    ]
    return pa.concat_tables([pairs, again.filter(pa.array(wanted, pa.bool_()))])
