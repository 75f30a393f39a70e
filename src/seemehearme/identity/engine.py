"""Identity resolution on a table of records, without the database: prepare, link by identifier,
score with Splink, and resolve into children. ``seemehearme.identity.linking`` feeds it an area's
records and writes what it decides; ``bench/link_identities.py`` feeds it generated records.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from seemehearme.identity.clustering import Link, Resolution, Via, resolve
from seemehearme.identity.matching import Parameters, prepare
from seemehearme.identity.scoring import Backend, score_pairs

Step = Callable[[str], None]  # told the name of each step as it finishes

# Twins share a family name, a date of birth, an address and a school: only their given names
# tell them apart. However high a pair scores, completely different given names are never
# linked without a reviewer (see ADR 0009).
GIVEN_NAMES_DIFFERENT = 0  # Splink's level number for the last ("different") level


@dataclass
class EngineResult:
    prepared: pa.Table
    pairs: pa.Table  # scored pairs at or above the review threshold (scoring.PAIR_COLUMNS)
    resolution: Resolution


def identifier_links(prepared: pa.Table, *, new_uids: set[int] | None = None) -> list[Link]:
    """Records sharing an NHS number or a pupil number, as a chain of forced links per number
    (enough to join them all). With ``new_uids``, only numbers held by a new record."""
    con = duckdb.connect()
    con.register("prepared", prepared)
    links: list[Link] = []
    if new_uids is not None:
        con.register("new_ids", pa.table({"uid": pa.array(sorted(new_uids), pa.int64())}))
    for column in ("nhs_number", "upn"):
        only_new = (
            f"and {column} in (select p.{column} from prepared p join new_ids n "  # noqa: S608
            "on n.uid = p.unique_id)"
            if new_uids is not None
            else ""
        )
        rows = con.sql(
            f"select list(unique_id order by unique_id) from prepared "  # noqa: S608 (fixed names)
            f"where {column} is not null {only_new} group by {column} having count(*) > 1"
        ).fetchall()
        for (ids,) in rows:
            links.extend(Link(a, b, Via.IDENTIFIER) for a, b in itertools.pairwise(ids))
    con.close()
    return links


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
    step: Step | None = None,
) -> EngineResult:
    """Resolve ``records`` (``matching.INPUT_SCHEMA``). ``current`` maps records that already
    belong to a child to it; ``forced`` adds links (identifiers held by children, accepted
    pairs); ``rejected`` pairs are never left in one group."""
    done = step or (lambda _name: None)
    prepared = prepare(records)
    done("prepared")
    by_identifier = identifier_links(prepared, new_uids=new_uids)
    pairs = score_pairs(
        prepared,
        parameters=parameters,
        threshold=review_threshold,
        backend=backend,
        new_uids=new_uids,
    )
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
    numbers: dict[int, tuple[str | None, ...]] = {
        uid: (nhs, upn)
        for uid, nhs, upn in zip(
            prepared["unique_id"].to_pylist(),
            prepared["nhs_number"].to_pylist(),
            prepared["upn"].to_pylist(),
            strict=True,
        )
        if nhs or upn
    }
    resolution = resolve(
        records=in_scope,
        current=current or {},
        links=[*by_identifier, *forced, *scored],
        rejected=rejected,
        match_threshold=match_threshold,
        numbers=numbers,
    )
    done("resolved")
    return EngineResult(prepared, pairs, resolution)
