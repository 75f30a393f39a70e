"""Resolving an area's agency records to children, and writing what was decided.

CONTRACT (fixed; ``feeds.pipeline`` calls it)::

    link_persons(*, area, person_ids=None, backend="duckdb", started_by=None, progress=None)
        -> LinkOutcome  (.run: LinkRun, .affected_child_ids: set[int])

``person_ids=None`` resolves every agency person of the area; a set links only those persons
against everyone (quick for a handful). Afterwards every agency person has a child, except one
matching no one whose agencies gave no date of birth (a child needs one; counted as
``unresolved``). How the matching works: ``seemehearme.identity.engine`` and ADR 0009.

Records fed to the engine are the area's agency persons (id ``2 * pk``) and its children that no
agency person belongs to yet, such as a child first known through a referral (id
``2 * pk + 1``), so that feeds find them too.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyarrow as pa
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Area, StaffUser
from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity import matching
from seemehearme.identity.casework import children_without_case_work
from seemehearme.identity.clustering import Link, Via
from seemehearme.identity.engine import EngineResult, alike, link_records
from seemehearme.identity.likeness import likeness
from seemehearme.identity.models import (
    AgencyPerson,
    CandidateStatus,
    IdentityLink,
    LinkCandidate,
    LinkMethod,
    LinkRun,
    LinkRunStatus,
)
from seemehearme.identity.numbers import nhs_fails_check
from seemehearme.identity.scoring import BACKENDS, Backend
from seemehearme.people.models import AgencyIdentifier, Child, Ethnicity, Gender

logger = logging.getLogger(__name__)

# Identifier schemes as the rest of the service names them (see demo/children.py).
NHS_NUMBER_SCHEME = "NHS number"
UPN_SCHEME = "Unique pupil number"
LINK_STEPS = 5  # reported to ``progress``: loaded, prepared, scored, resolved, written
CHUNK = 500  # ids per IN (...) list
PERSON_FIELDS = (
    "pk",
    "agency_id",
    "source_person_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "postcode",
    "school",
    "nhs_number",
    "upn",
    "address",
    "child_id",
)
ASSIGN_TABLE = "smh_identity_assign"  # temporary: persons and the children they go to
LOCK_NAMESPACE = 4_0009  # PostgreSQL advisory lock: one link run per area at a time
FAILED = (
    "Linking stopped because of an unexpected error, so nothing from it was kept. Ask your "
    "system administrator to look at link run {pk} in the server's log."
)

Progress = Callable[[int], None]
T = TypeVar("T")


@dataclass
class LinkOutcome:
    run: LinkRun
    affected_child_ids: set[int] = field(default_factory=set)
    children_merged: int = 0
    unresolved: int = 0  # persons left without a child: no match and no date of birth
    invalid_nhs_numbers: int = 0  # persons whose NHS number fails its check digit (not used)
    # persons whose number is held by several different children (a placeholder: not used)
    shared_numbers: int = 0


def thresholds() -> tuple[float, float]:
    """(match, review) probabilities: settings ``SMH_IDENTITY_MATCH_THRESHOLD`` and
    ``SMH_IDENTITY_REVIEW_THRESHOLD``, 0.95 and 0.5 unless set."""
    match = float(
        getattr(django_settings, "SMH_IDENTITY_MATCH_THRESHOLD", matching.MATCH_THRESHOLD)
    )
    review = float(
        getattr(django_settings, "SMH_IDENTITY_REVIEW_THRESHOLD", matching.REVIEW_THRESHOLD)
    )
    if not 0 < review <= match <= 1:
        raise ValueError("Identity thresholds must satisfy 0 < review <= match <= 1")
    return match, review


def person_uid(pk: int) -> int:
    return 2 * pk


def child_record_uid(pk: int) -> int:
    return 2 * pk + 1


def _is_person(uid: int) -> bool:
    return uid > 0 and uid % 2 == 0


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def link_persons(
    *,
    area: Area,
    person_ids: Iterable[int] | None = None,
    backend: Backend = "duckdb",
    started_by: StaffUser | None = None,
    progress: Progress | None = None,
) -> LinkOutcome:
    """Resolve the area's agency persons (all, or ``person_ids`` and every record still
    without a child, against everyone) to children; see the module docstring.

    Records left without a child by an earlier run (no date of birth, nothing alike) are
    always tried again, so that a match arriving in a later import places them as one run
    over everything would."""
    if backend not in BACKENDS:
        raise ValueError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    match, review = thresholds()
    scope = None
    if person_ids is not None:
        scope = {int(pk) for pk in person_ids}
        scope.update(
            AgencyPerson.objects.filter(agency__area=area, child__isnull=True).values_list(
                "pk", flat=True
            )
        )
    run = LinkRun.objects.create(
        backend=backend,
        started_by=started_by,
        match_threshold=match,
        review_threshold=review,
        model={"area": area.pk, "scope": "full" if scope is None else "incremental"},
    )
    if scope is not None and not scope:
        return _finish(run, LinkOutcome(run=run))
    try:
        with transaction.atomic():
            _lock(area)
            outcome = _Run(area=area, run=run, scope=scope, backend=backend, progress=progress)()
    except Exception as error:
        # The traceback without the exception's message, which may quote a record's details.
        logger.error(
            "Link run %s failed with %s:\n%s",
            run.pk,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        run.status = LinkRunStatus.FAILED
        run.error = FAILED.format(pk=run.pk)
        run.finished_at = timezone.now()
        run.save()
        raise
    return _finish(run, outcome)


def _finish(run: LinkRun, outcome: LinkOutcome) -> LinkOutcome:
    run.status = LinkRunStatus.COMPLETED
    run.finished_at = timezone.now()
    run.save()
    return outcome


def _lock(area: Area) -> None:
    """One link run per area at a time (two would race to create the same children). SQLite
    lets one writer in at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, area.pk])


@dataclass
class _Records:
    table: pa.Table
    persons: dict[int, dict[str, Any]]  # by person pk
    current: dict[int, int]  # uid -> child id
    forced: list[Link]
    rejected: list[tuple[int, int]]  # pairs of persons a reviewer judged different
    held: list[tuple[int, int]]  # persons kept from the child holding their number (unalike)
    mergeable: set[int]  # children with no case work, which a run may merge (child ids)


def normalised_numbers(nhs: str, upn: str) -> tuple[str, str]:
    return "".join(ch for ch in nhs if ch.isdigit()), upn.strip().upper()


class _Run:
    def __init__(
        self,
        *,
        area: Area,
        run: LinkRun,
        scope: set[int] | None,
        backend: Backend,
        progress: Progress | None,
    ) -> None:
        self.area = area
        self.run = run
        self.scope = scope
        self.backend = backend
        self.progress = progress or (lambda _n: None)
        self.parameters = matching.stored_parameters()
        self.identifiers: list[tuple[int, int, str, str]] = []

    def __call__(self) -> LinkOutcome:
        records = self._load()
        self.progress(1)
        new_uids = None
        if self.scope is not None:
            new_uids = {person_uid(pk) for pk in self.scope if pk in records.persons}
        result = link_records(
            records.table,
            parameters=self.parameters,
            match_threshold=self.run.match_threshold,
            review_threshold=self.run.review_threshold,
            backend=self.backend,
            new_uids=new_uids,
            current=records.current,
            forced=records.forced,
            rejected=[*records.rejected, *records.held],
            mergeable=records.mergeable,
            step=lambda _name: self.progress(1),
        )
        outcome = self._write(records, result)
        self.progress(1)
        return outcome

    # --- reading --------------------------------------------------------------------------

    def _load(self) -> _Records:
        columns: dict[str, list[Any]] = {name: [] for name in matching.INPUT_SCHEMA.names}
        persons: dict[int, dict[str, Any]] = {}
        current: dict[int, int] = {}
        rows = AgencyPerson.objects.filter(agency__area=self.area).values_list(*PERSON_FIELDS)
        for values in rows.iterator(chunk_size=5_000):
            person = dict(zip(PERSON_FIELDS, values, strict=True))
            persons[person["pk"]] = person
            uid = person_uid(person["pk"])
            self._append(columns, uid, person)
            if person["child_id"] is not None:
                current[uid] = person["child_id"]

        self.identifiers = self._identifiers()
        numbers = self._child_numbers()
        unlinked = (
            Child.objects.filter(area=self.area, merged_into__isnull=True)
            .exclude(pk__in=AgencyPerson.objects.filter(child__isnull=False).values("child_id"))
            .values("pk", "given_name", "family_name", "date_of_birth", "gender", "postcode")
            .annotate(school_name=F("school__name"))
        )
        for child_values in unlinked.iterator(chunk_size=2_000):
            child: dict[str, Any] = dict(child_values)
            nhs, upn = numbers.get(child["pk"], ("", ""))
            # A child has no address of its own (only agency records do).
            child.update(school=child["school_name"] or "", nhs_number=nhs, upn=upn, address="")
            uid = child_record_uid(child["pk"])
            self._append(columns, uid, child)
            current[uid] = child["pk"]

        by_number, held = self._identifier_links(persons)
        forced = [*by_number, *self._decided(CandidateStatus.ACCEPTED)]
        rejected = [(link.a, link.b) for link in self._decided(CandidateStatus.REJECTED)]
        table = pa.table(columns, schema=matching.INPUT_SCHEMA)
        mergeable = children_without_case_work(area=self.area)
        return _Records(table, persons, current, forced, rejected, held, mergeable)

    @staticmethod
    def _append(columns: dict[str, list[Any]], uid: int, row: dict[str, Any]) -> None:
        columns["uid"].append(uid)
        for name in matching.INPUT_SCHEMA.names[1:]:
            columns[name].append(row[name])

    def _identifiers(self) -> list[tuple[int, int, str, str]]:
        """(child, agency, scheme, value) of every identifier the area's children hold."""
        return list(
            AgencyIdentifier.objects.filter(
                child__area=self.area, child__merged_into__isnull=True
            ).values_list("child_id", "agency_id", "scheme", "value")
        )

    def _child_numbers(self) -> dict[int, tuple[str, str]]:
        """Each child's NHS number and pupil number, as its identifiers give them."""
        numbers: dict[int, tuple[str, str]] = {}
        for child_id, _agency_id, scheme, value in self.identifiers:
            nhs, upn = numbers.get(child_id, ("", ""))
            if scheme == NHS_NUMBER_SCHEME and not nhs_fails_check(value):
                nhs = nhs or normalised_numbers(value, "")[0]
            elif scheme == UPN_SCHEME:
                upn = upn or normalised_numbers("", value)[1]
            numbers[child_id] = (nhs, upn)
        return numbers

    def _identifier_links(
        self, persons: dict[int, dict[str, Any]]
    ) -> tuple[list[Link], list[tuple[int, int]]]:
        """A person belongs to the child holding their agency's own reference for them (say a
        police person id recorded on a child before the police feed arrived), or holding their
        valid NHS number or pupil number when the person's details agree with the child's
        (``numbers.alike_sql``); others are kept apart (``(person uid, -child id)``), and the
        person's records that share the number go to a reviewer (``engine``)."""
        by_number: dict[tuple[str, str], set[int]] = defaultdict(set)
        by_reference: dict[tuple[int, str], set[int]] = defaultdict(set)
        for child_id, agency_id, scheme, value in self.identifiers:
            by_reference[(agency_id, value.strip())].add(child_id)
            if scheme == NHS_NUMBER_SCHEME and not nhs_fails_check(value):
                by_number[(scheme, normalised_numbers(value, "")[0])].add(child_id)
            elif scheme == UPN_SCHEME:
                by_number[(scheme, normalised_numbers("", value)[1])].add(child_id)
        if not by_reference:
            return [], []
        links: list[Link] = []
        to_check: list[tuple[int, int]] = []  # (person pk, child id) sharing only a number
        for pk, row in persons.items():
            if self.scope is not None and pk not in self.scope:
                continue
            nhs, upn = normalised_numbers(row["nhs_number"], row["upn"])
            if nhs_fails_check(nhs):
                nhs = ""
            by_agency = by_reference.get((row["agency_id"], row["source_person_id"]), set())
            numbered: set[int] = set()
            for key in ((NHS_NUMBER_SCHEME, nhs), (UPN_SCHEME, upn)):
                if key[1]:
                    numbered |= by_number.get(key, set())
            links.extend(Link(person_uid(pk), -child_id, Via.IDENTIFIER) for child_id in by_agency)
            to_check.extend((pk, child_id) for child_id in sorted(numbered - by_agency))
        held: list[tuple[int, int]] = []
        for (pk, child_id), is_alike in zip(
            to_check, self._alike_children(persons, to_check), strict=True
        ):
            if is_alike:
                links.append(Link(person_uid(pk), -child_id, Via.IDENTIFIER))
            else:
                held.append((person_uid(pk), -child_id))
        return links, held

    @staticmethod
    def _alike_children(
        persons: dict[int, dict[str, Any]], pairs: list[tuple[int, int]]
    ) -> list[bool]:
        """Whether each (person pk, child id) pair agrees enough for a shared number to join
        them (``numbers.alike_sql``), comparing the person with the child's given name and date
        of birth."""
        if not pairs:
            return []
        children = Child.objects.filter(pk__in={child_id for _pk, child_id in pairs}).values(
            "pk", "given_name", "date_of_birth"
        )
        columns: dict[str, list[Any]] = {name: [] for name in matching.INPUT_SCHEMA.names}
        blank: dict[str, Any] = {name: None for name in matching.INPUT_SCHEMA.names[1:]}
        for pk in sorted({pk for pk, _child_id in pairs}):
            _Run._append(columns, person_uid(pk), {**blank, **persons[pk]})
        for child in children:
            details = {
                **blank,
                "given_name": child["given_name"],
                "date_of_birth": child["date_of_birth"],
            }
            _Run._append(columns, child_record_uid(child["pk"]), details)
        table = pa.table(columns, schema=matching.INPUT_SCHEMA)
        return alike(
            table, [(person_uid(pk), child_record_uid(child_id)) for pk, child_id in pairs]
        )

    def _decided(self, status: str) -> Iterator[Link]:
        """Pairs a reviewer accepted (forced links) or rejected (forced apart)."""
        pairs = LinkCandidate.objects.filter(
            status=status, person_a__agency__area=self.area
        ).values_list("person_a_id", "person_b_id")
        for a, b in pairs:
            yield Link(person_uid(a), person_uid(b), Via.ACCEPTED)

    # --- writing --------------------------------------------------------------------------

    def _write(self, records: _Records, result: EngineResult) -> LinkOutcome:
        outcome = LinkOutcome(run=self.run)
        resolution = result.resolution
        group_child, unresolved = self._children_create(records, resolution.new_groups)
        outcome.unresolved = len(unresolved)
        outcome.invalid_nhs_numbers = sum(
            1
            for uid in result.numbers.invalid_nhs
            if _is_person(uid) and (self.scope is None or uid // 2 in self.scope)
        )
        outcome.shared_numbers = sum(
            1
            for uid in result.numbers.shared
            if _is_person(uid) and (self.scope is None or uid // 2 in self.scope)
        )

        merged = self._children_merge(resolution.merges)
        target: dict[int, int] = {}  # person pk -> child id
        links: list[IdentityLink] = []
        for uid, placement in resolution.placements.items():
            if not _is_person(uid) or uid in unresolved:
                continue
            pk = uid // 2
            child_id = (
                placement.child
                if placement.child is not None
                else group_child[placement.new_group or 0]
            )
            target[pk] = child_id
            links.append(
                IdentityLink(
                    person_id=pk,
                    child_id=child_id,
                    run=self.run,
                    method=_method(placement.via),
                    match_probability=placement.probability if placement.via is Via.SCORE else None,
                )
            )
        persons_assign(target)
        IdentityLink.objects.bulk_create(links, batch_size=1_000)
        identifiers_record(
            [(records.persons[pk], child_id) for pk, child_id in target.items()],
            shared=result.numbers.shared_values,
        )
        self._shared_flags(records, result)
        outcome.affected_child_ids = set(target.values()) | merged
        outcome.children_merged = len(resolution.merges)

        child_of = {pk: row["child_id"] for pk, row in records.persons.items()}
        child_of.update(
            {
                pk: resolution.merges[child]
                for pk, child in child_of.items()
                if child in resolution.merges
            }
        )
        child_of.update(target)
        sent = self._candidates(result, child_of, records)
        candidates_drop_moot(area=self.area)

        self.run.records = records.table.num_rows
        self.run.pairs_scored = result.pairs.num_rows
        self.run.links_made = sum(1 for link in links if link.method != LinkMethod.NEW_CHILD)
        self.run.children_created = len(group_child)
        self.run.sent_to_review = sent
        self.run.model = {
            **self.run.model,
            "parameters": self.parameters.as_dict(),
            "settings": matching.settings(
                records=records.table.num_rows, parameters=self.parameters
            )
            .get_settings(self.backend if self.backend == "duckdb" else "spark")
            .as_dict(),
            "unresolved": outcome.unresolved,
            "invalid_nhs_numbers": outcome.invalid_nhs_numbers,
            "shared_numbers": outcome.shared_numbers,
            "children_merged": outcome.children_merged,
        }
        return outcome

    def _children_merge(self, merges: dict[int, int]) -> set[int]:
        """Merge each child the clustering found to be another (``Resolution.merges``): its
        records, events and identifiers move, each record with a link saying so, which a
        reviewer can undo from the child's agency records. Returns the children changed."""
        from seemehearme.identity.services import child_merge  # services imports this module

        changed: set[int] = set()
        children = Child.objects.in_bulk([*merges, *merges.values()])
        for merged, survivor in sorted(merges.items()):
            changed |= child_merge(
                survivor=children[survivor],
                merged=children[merged],
                run=self.run,
                user=None,
                probability=None,
                method=LinkMethod.MERGED,
            )
        return changed

    def _children_create(
        self, records: _Records, groups: dict[int, list[int]]
    ) -> tuple[dict[int, int], set[int]]:
        """A new child for each group, from its records' details. Groups with no date of
        birth at all are left unresolved (a child must have one)."""
        rows = {
            group: sorted(
                (records.persons[uid // 2] for uid in uids if _is_person(uid)), key=_completeness
            )
            for group, uids in groups.items()
        }
        names = sorted({row["school"] for group in rows.values() for row in group if row["school"]})
        agencies = _school_agencies(self.area)
        schools = {
            name: agencies.get(key or "")
            for name, key in zip(names, matching.school_keys(names), strict=True)
        }
        made: dict[int, Child] = {}
        unresolved: set[int] = set()
        for group, uids in groups.items():
            details = _child_details(self.area, rows[group], schools)
            if details is None:
                unresolved.update(uids)
            else:
                made[group] = details
        Child.objects.bulk_create(list(made.values()), batch_size=500)
        return {group: child.pk for group, child in made.items()}, unresolved

    def _shared_flags(self, records: _Records, result: EngineResult) -> None:
        """Mark the area's records whose number is held by several children (worked out over
        all the area's records on every run) and unmark those whose number no longer is."""
        numbers = {
            pk: normalised_numbers(person["nhs_number"], person["upn"])
            for pk, person in records.persons.items()
        }
        for kind, (column, flag) in enumerate(
            (("nhs_number", "nhs_number_shared"), ("upn", "upn_shared"))
        ):
            values = result.numbers.shared_values.get(column, set())
            marked = {pk for pk, held in numbers.items() if held[kind] and held[kind] in values}
            in_area = AgencyPerson.objects.filter(agency__area=self.area)
            in_area.filter(**{flag: True}).exclude(pk__in=marked).update(**{flag: False})
            in_area.filter(pk__in=marked, **{flag: False}).update(**{flag: True})

    def _candidates(
        self, result: EngineResult, child_of: dict[int, int | None], records: _Records
    ) -> int:
        """One pending candidate for each two children whose records scored at least the
        review threshold, unless a reviewer has already judged them different or they are
        already waiting."""
        best: dict[tuple[int, int], dict[str, Any]] = {}
        rejected = {frozenset(pair) for pair in records.rejected}
        for row in result.pairs.to_pylist():
            a, b = row["unique_id_l"], row["unique_id_r"]
            if not (_is_person(a) and _is_person(b)) or frozenset((a, b)) in rejected:
                continue
            ca, cb = child_of.get(a // 2), child_of.get(b // 2)
            if ca is None or cb is None or ca == cb:
                continue
            key = (min(ca, cb), max(ca, cb))
            if key not in best or row["match_probability"] > best[key]["match_probability"]:
                best[key] = row
        if not best:
            return 0
        judged: set[tuple[int, int]] = set()
        waiting: dict[tuple[int, int], LinkCandidate] = {}
        existing = LinkCandidate.objects.filter(person_a__agency__area=self.area).exclude(
            status=CandidateStatus.ACCEPTED
        )
        for candidate in existing:
            ca = child_of.get(candidate.person_a_id)
            cb = child_of.get(candidate.person_b_id)
            if ca is None or cb is None:
                continue
            judged.add((min(ca, cb), max(ca, cb)))
            waiting[(candidate.person_a_id, candidate.person_b_id)] = candidate
        frequency = _name_frequencies(result)
        fresh: list[LinkCandidate] = []
        refreshed: list[LinkCandidate] = []
        for key, row in best.items():
            a, b = sorted((row["unique_id_l"] // 2, row["unique_id_r"] // 2))
            explanation = matching.explanation(
                {f.column: row[f"gamma_{f.column}"] for f in matching.FIELDS},
                self.parameters,
                {column: frequency[column].get(row["unique_id_l"]) for column in frequency},
            )
            same_pair = waiting.get((a, b))
            if same_pair is not None:
                if same_pair.status == CandidateStatus.PENDING:
                    same_pair.match_probability = row["match_probability"]
                    same_pair.match_weight = row["match_weight"]
                    same_pair.explanation = explanation
                    same_pair.likeness = likeness(explanation)
                    same_pair.run = self.run
                    refreshed.append(same_pair)
                continue
            if key in judged:
                continue
            fresh.append(
                LinkCandidate(
                    person_a_id=a,
                    person_b_id=b,
                    run=self.run,
                    match_probability=row["match_probability"],
                    match_weight=row["match_weight"],
                    explanation=explanation,
                    likeness=likeness(explanation),
                )
            )
        LinkCandidate.objects.bulk_create(fresh, batch_size=500)
        LinkCandidate.objects.bulk_update(
            refreshed, ["match_probability", "match_weight", "explanation", "likeness", "run"]
        )
        return len(fresh) + len(refreshed)


def _method(via: Via | None) -> str:
    return {
        None: LinkMethod.NEW_CHILD,
        Via.SCORE: LinkMethod.PROBABILISTIC,
        Via.IDENTIFIER: LinkMethod.IDENTIFIER,
        Via.ACCEPTED: LinkMethod.CLERICAL,
    }[via]


def _name_frequencies(result: EngineResult) -> dict[str, dict[int, float]]:
    """For each record, how common its given and family names are in the area."""
    tables = matching.term_frequencies(result.prepared)
    by_record: dict[str, dict[int, float]] = {}
    for column, table in tables.items():
        frequency = dict(
            zip(table[column].to_pylist(), table[f"tf_{column}"].to_pylist(), strict=True)
        )
        by_record[column] = {
            uid: frequency[name]
            for uid, name in zip(
                result.prepared["unique_id"].to_pylist(),
                result.prepared[column].to_pylist(),
                strict=True,
            )
            if name is not None
        }
    return by_record


def _school_agencies(area: Area) -> dict[str, Agency]:
    agencies = list(Agency.objects.filter(area=area, kind=AgencyKind.SCHOOL))
    keys = matching.school_keys([agency.name for agency in agencies])
    return {key: agency for key, agency in zip(keys, agencies, strict=True) if key}


def _completeness(row: dict[str, Any]) -> tuple[int, int]:
    filled = sum(
        1
        for name in ("date_of_birth", "postcode", "school", "nhs_number", "upn", "ethnicity")
        if row[name]
    )
    return (-filled, row["pk"])


def _child_details(
    area: Area, rows: list[dict[str, Any]], schools: dict[str, Agency | None]
) -> Child | None:
    """A new child from the most complete of its records (``rows``, most complete first),
    taking a date of birth, school and so on from any of them."""
    born: dt.date | None = next((r["date_of_birth"] for r in rows if r["date_of_birth"]), None)
    if born is None:
        return None
    best = rows[0]
    school = next((schools.get(r["school"]) for r in rows if schools.get(r["school"])), None)
    ethnicity = next((r["ethnicity"] for r in rows if r["ethnicity"] in Ethnicity.values), None)
    gender = next((r["gender"] for r in rows if r["gender"] != Gender.NOT_KNOWN), best["gender"])
    return Child(
        area=area,
        given_name=best["given_name"][:100],
        family_name=best["family_name"][:100],
        date_of_birth=born,
        gender=gender if gender in Gender.values else Gender.NOT_KNOWN,
        ethnicity=ethnicity or Ethnicity.NOT_KNOWN,
        postcode=next((r["postcode"] for r in rows if r["postcode"]), "").upper()[:10],
        school=school,
    )


# --- Writes shared with the review services ----------------------------------------------------


def persons_assign(target: dict[int, int]) -> None:
    """Give persons (pk -> child id) their child, and their events the same child, set-wise."""
    if len(target) <= CHUNK:
        by_child: dict[int, list[int]] = defaultdict(list)
        for pk, child_id in target.items():
            by_child[child_id].append(pk)
        for child_id, pks in by_child.items():
            AgencyPerson.objects.filter(pk__in=pks).update(child_id=child_id)
        person_child = AgencyPerson.objects.filter(pk=OuterRef("person_id")).values("child_id")
        AgencyEvent.objects.filter(person_id__in=list(target)).update(
            child_id=Subquery(person_child[:1])
        )
        return
    # Many at once (a first run over an area): through a temporary table, in portable SQL.
    quote = connection.ops.quote_name
    persons, events = quote(AgencyPerson._meta.db_table), quote(AgencyEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {ASSIGN_TABLE} "
            "(person_id bigint PRIMARY KEY, child_id bigint NOT NULL)"
        )
        try:
            for batch in chunks(list(target.items()), 5_000):
                cursor.executemany(f"INSERT INTO {ASSIGN_TABLE} VALUES (%s, %s)", batch)  # noqa: S608
            for table, key in ((persons, "id"), (events, "person_id")):
                cursor.execute(
                    f"UPDATE {table} SET child_id = (SELECT a.child_id FROM {ASSIGN_TABLE} a "  # noqa: S608
                    f"WHERE a.person_id = {table}.{key}) "
                    f"WHERE {key} IN (SELECT person_id FROM {ASSIGN_TABLE})"
                )
        finally:
            cursor.execute(f"DROP TABLE {ASSIGN_TABLE}")


def identifiers_record(
    persons: Iterable[tuple[dict[str, Any], int]], *, shared: dict[str, set[str]] | None = None
) -> None:
    """Keep each person's NHS number (if valid) and pupil number as their agency's identifiers
    for the child (if the agency has not already given that number to another child), except
    numbers ``shared`` by several children (``engine.shared_numbers``, by column)."""
    shared = shared or {}
    rows = []
    for person, child_id in persons:
        nhs, upn = normalised_numbers(person["nhs_number"], person["upn"])
        if nhs_fails_check(nhs) or nhs in shared.get("nhs_number", ()):
            nhs = ""  # not an identifier: see numbers.nhs_fails_check, engine.shared_numbers
        if upn in shared.get("upn", ()):
            upn = ""
        for scheme, value in ((NHS_NUMBER_SCHEME, nhs), (UPN_SCHEME, upn)):
            if value:
                rows.append(
                    AgencyIdentifier(
                        child_id=child_id,
                        agency_id=person["agency_id"],
                        scheme=scheme,
                        value=value,
                    )
                )
    AgencyIdentifier.objects.bulk_create(rows, batch_size=1_000, ignore_conflicts=True)


def candidates_drop_moot(*, area: Area) -> int:
    """Pending candidates whose two records now belong to one child need no decision."""
    moot = LinkCandidate.objects.filter(
        status=CandidateStatus.PENDING,
        person_a__agency__area=area,
        person_a__child_id=F("person_b__child_id"),
    )
    count, _ = moot.delete()
    return count
