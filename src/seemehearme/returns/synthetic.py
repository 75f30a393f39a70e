"""Synthetic returns, valid under the schema, for tests and ``bench/national_picture_bench.py``:
made-up counts for made-up areas, never a real partnership's figures."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from seemehearme.returns.build import children_tables, persons_tables
from seemehearme.returns.document import Identity, document_from
from seemehearme.returns.tables import TABLES, TableCounts, counts_from, protect

PATTERNS = ("boyfriend", "peer-on-peer", "online", "party", "organised")
CLOSURES = ("risk-reduced", "stepped-down", "moved-away", "turned-18")


def _pick(generator: random.Random, dimension_codes: list[str]) -> str:
    return generator.choice(dimension_codes)


def synthetic_counts(
    generator: random.Random, *, children: int, persons: int
) -> dict[str, TableCounts]:
    """Counts for every table from ``children`` made-up children and ``persons`` made-up
    persons of concern, so that shared totals agree as in a real return."""
    definitions = {definition.id: definition for definition in TABLES}

    def codes(table_id: str, position: int = 1) -> list[str]:
        definition = definitions[table_id]
        dimension = definition.dimensions[position if definition.columns else 0]
        return [code for code, _ in dimension.codes or ()]

    child_rows: dict[tuple[str, ...], int] = {}
    for _ in range(children):
        key = (
            "being_exploited" if generator.random() < 0.3 else "at_risk",
            _pick(generator, codes("children-age-band")),
            _pick(generator, codes("children-gender")),
            _pick(generator, codes("children-ethnicity")),
            _pick(generator, codes("children-disability")),
            _pick(generator, codes("children-care-status")),
        )
        child_rows[key] = child_rows.get(key, 0) + 1
    person_rows: dict[tuple[str, ...], int] = {}
    for _ in range(persons):
        person = (
            _pick(generator, codes("perpetrators-age-gender", 0)),
            _pick(generator, codes("perpetrators-age-gender", 1)),
            _pick(generator, codes("perpetrators-ethnicity")),
            _pick(generator, codes("perpetrators-nationality")),
        )
        person_rows[person] = person_rows.get(person, 0) + 1
    found: dict[str, Any] = {}
    found.update(children_tables(child_rows))  # type: ignore[arg-type]
    found.update(persons_tables(person_rows))  # type: ignore[arg-type]

    def spread(table_id: str, total: int, open_codes: tuple[str, ...] = ()) -> dict:
        options = open_codes or tuple(codes(table_id))
        result: dict[tuple[str, ...], int] = {}
        for _ in range(total):
            key = (generator.choice(options),)
            result[key] = result.get(key, 0) + 1
        return result

    found["patterns"] = spread("patterns", children // 2, PATTERNS)
    found["places"] = spread("places", children // 3)
    reviews = children * 2
    found["review-risk"] = spread("review-risk", reviews)
    found["review-child-view"] = spread("review-child-view", reviews)
    found["closures"] = spread("closures", children // 2, CLOSURES)
    open_codes = {"patterns": PATTERNS, "closures": CLOSURES}
    return {
        definition.id: counts_from(
            definition, found.get(definition.id, {}), open_codes.get(definition.id, ())
        )
        for definition in TABLES
    }


def synthetic_return(
    number: int,
    *,
    start: dt.date,
    end: dt.date,
    seed: int = 0,
    below: int = 5,
) -> dict[str, Any]:
    """The return of made-up area ``number`` (ONS-like code E0990NNNN) for a period."""
    generator = random.Random(f"{seed}-{number}-{start}")  # noqa: S311 - made-up figures
    population = generator.randint(20_000, 250_000)
    children = max(1, population // generator.randint(300, 900))
    tables = protect(
        synthetic_counts(generator, children=children, persons=children // 4), below=below
    )
    return document_from(
        tables,
        area=Identity(f"E0990{number:04d}", f"Synthetic area {number}", population),
        start=start,
        end=end,
        below=below,
        names={
            "pattern": {code: code.replace("-", " ").capitalize() for code in PATTERNS},
            "closure_reason": {code: code.replace("-", " ").capitalize() for code in CLOSURES},
        },
        generated_at=dt.datetime(end.year, end.month, end.day, 12, tzinfo=dt.UTC),
    )
