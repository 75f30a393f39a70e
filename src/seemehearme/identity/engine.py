"""Identity resolution on a table of records, without the database: prepare, link by identifier,
score with Splink, and resolve into children. ``seemehearme.identity.linking`` feeds it an area's
records and writes what it decides; ``bench/link_identities.py`` feeds it generated records.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from seemehearme.identity.clustering import Link, Resolution, Via, resolve
from seemehearme.identity.matching import Parameters, prepare
from seemehearme.identity.numbers import Details, alike_sql, nhs_fails_check
from seemehearme.identity.scoring import Backend, score_pairs

Step = Callable[[str], None]  # told the name of each step as it finishes

# Twins share a family name, a date of birth, an address and a school: only their given names
# tell them apart. However high a pair scores, completely different given names are never
# linked without a reviewer (see ADR 0009).
GIVEN_NAMES_DIFFERENT = 0  # Splink's level number for the last ("different") level


@dataclass
class NumberEvidence:
    """What records' national numbers say (see ``seemehearme.identity.numbers``)."""

    links: list[Link]  # records with the same valid number and alike details: forced links
    held: list[tuple[int, int]]  # the same number but unalike details: kept apart, for review
    invalid_nhs: set[int]  # records whose NHS number fails its check digit (not used)


@dataclass
class EngineResult:
    prepared: pa.Table
    # scored pairs at or above the review threshold, and every held pair (scoring.PAIR_COLUMNS)
    pairs: pa.Table
    resolution: Resolution
    numbers: NumberEvidence


def without_invalid_nhs(prepared: pa.Table) -> tuple[pa.Table, set[int]]:
    """``prepared`` with NHS numbers that fail their check digit removed (so they neither link
    nor separate records, nor count in the score), and the records that had one."""
    values = prepared["nhs_number"].to_pylist()
    uids = prepared["unique_id"].to_pylist()
    invalid = {
        uid for uid, value in zip(uids, values, strict=True) if value and nhs_fails_check(value)
    }
    if not invalid:
        return prepared, invalid
    kept = [None if uid in invalid else value for uid, value in zip(uids, values, strict=True)]
    column = prepared.schema.get_field_index("nhs_number")
    return prepared.set_column(column, "nhs_number", pa.array(kept, pa.string())), invalid


def identifier_links(prepared: pa.Table, *, new_uids: set[int] | None = None) -> NumberEvidence:
    """Records sharing an NHS number or a pupil number (with ``new_uids``, only pairs with a new
    record): a forced link for each such pair unless the two disagree on both date of birth
    and given name (``numbers.alike_sql``), which are held apart for a reviewer instead.
    ``prepared`` should already be ``without_invalid_nhs``."""
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
    """For each pair of ``records`` (``matching.INPUT_SCHEMA``, by uid), whether they do not
    disagree on both date of birth and given name (``numbers.alike_sql``)."""
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
    done("prepared")
    forced = list(forced)
    evidence = identifier_links(prepared, new_uids=new_uids)
    evidence.invalid_nhs = invalid_nhs
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
    pairs = _with_held_pairs(pairs, prepared, evidence.held, parameters, backend)
    done("scored")
    scored = (
        Link(a, b, Via.SCORE, p)
        for a, b, p, given in zip(
            pairs["unique_id_l"].to_pylist(),
            pairs["unique_id_r"].to_pylist(),
            pairs["match_probability"].to_pylist(),
            pairs["gamma_given_name"].to_pylist(),
            strict=True,
        )
        if p >= match_threshold and given != GIVEN_NAMES_DIFFERENT
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
