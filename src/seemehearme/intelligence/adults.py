"""Persons of concern from agencies' feeds: the adults linked to children in feed events become
agency records of adults (``AdultRecord``), resolved across agencies to persons of concern, each
with an association to the child for every event.

Resolution is deliberately simple and explainable, and separate from children's identity
resolution: records of the same agency with the same reference are one record; otherwise records
that share a family name and date of birth, or a given name (short forms allowed for) and a
family name or a date of birth, are compared on given name, family name and date of birth with
the levels and trained weights of the identity model (``seemehearme.identity.matching``). Sure
pairs join the same person; unsure pairs wait for an analyst (``AdultMatchCandidate``), whose
decision binds every later run. Persons are never merged automatically: that is an analyst's
decision, with a history that lets it be split again (``seemehearme.intelligence.persons``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from seemehearme.areas.models import Area
from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity import matching
from seemehearme.identity.linking import chunks, thresholds
from seemehearme.intelligence.models import (
    INTELLIGENCE_CATEGORY,
    AdultMatchCandidate,
    AdultRecord,
    Association,
    CandidateStatus,
    Concern,
    HandlingCode,
    IntelligenceAssessment,
    PersonOfConcern,
    Relationship,
    SourceEvaluation,
)
from seemehearme.people.models import age_on
from seemehearme.sharing.models import InformationCategory

ADULT_AGE = 18
# Words in a linked person's role that say they are an adult suspected of harm, when the feed
# gives no date of birth. A date of birth always decides: someone under 18 on the day is a child.
SUSPECT_WORDS = ("suspect", "offender", "perpetrator", "abuser", "exploiter", "groomer")
FACILITATOR_WORDS = ("driver", "facilitat", "host", "landlord")
ADULT_WORDS = ("adult", *SUSPECT_WORDS)

# The grading given to a link taken from an agency's feed: the feed is an untested source (2),
# reporting what it was told or found, not known directly to the person who wrote the feed (C),
# shareable under the partnership's agreements (P).
FEED_GRADING = {
    "source_evaluation": SourceEvaluation.UNTESTED,
    "intelligence_assessment": IntelligenceAssessment.KNOWN_INDIRECTLY,
    "handling_code": HandlingCode.PERMITTED,
}
COMPARED = ("given_name", "family_name", "dob")  # the identity model's fields adults have
BLOCKS = (("family_name", "dob"), ("given_key", "family_name"), ("given_key", "dob"))
# The prior is the identity model's for a set of at least this many records, so that a
# partnership with a handful of adult records does not start out believing any two of them are
# likely the same person (the model's prior for n records is about 1.7 / n).
PRIOR_RECORDS = 1_000
# A pair is sure only when, besides scoring at or above the match threshold, both names agree at
# least at these levels (0: the same; given name 1: recognised variants, as Bill and William;
# family name 1: spelt very nearly the same) and the dates of birth are known and the same.
SURE_LEVELS = {"given_name": 1, "family_name": 1, "dob": 0}


@dataclass
class AdultsOutcome:
    """What one run did, in counts (never names)."""

    events: int = 0
    records_created: int = 0
    records_updated: int = 0
    children_left_out: int = 0  # linked people under 18 on the day
    waiting_for_child: int = 0  # events not yet resolved to a child
    associations_created: int = 0
    persons_created: int = 0
    records_joined: int = 0  # records that joined an existing person of concern
    sent_to_review: int = 0
    person_ids: set[int] = field(default_factory=set)


# --- From events to records -------------------------------------------------------------------


def is_adult(entry: dict[str, Any], occurred_on: dt.date) -> bool:
    """Is a ``linked_people`` entry an adult? 18 or over on the day if the feed gives a date of
    birth; otherwise if the role says so ("adult of concern", "suspect", "offender"...)."""
    born = _date(entry.get("date_of_birth"))
    if born is not None:
        return age_on(born, occurred_on) >= ADULT_AGE
    role = str(entry.get("role") or "").lower()
    return any(word in role for word in ADULT_WORDS)


def relationship_for(role: str) -> str:
    """The association's relationship, from the role as the feed wrote it."""
    words = role.lower()
    if any(word in words for word in SUSPECT_WORDS):
        return Relationship.SUSPECTED_ABUSE
    if "driver" in words:
        return Relationship.TRANSPORTED
    return Relationship.SEEN_WITH


def concern_for(role: str) -> str:
    words = role.lower()
    if any(word in words for word in SUSPECT_WORDS):
        return Concern.SUSPECT
    if any(word in words for word in FACILITATOR_WORDS):
        return Concern.FACILITATOR
    return Concern.ASSOCIATE


def derived_key(given: str, family: str, born: dt.date | None) -> str:
    """A stable key for a linked person the feed gave no id for: a digest of their names (in
    lower case, letters only) and date of birth, so the same details always make the same key."""
    parts = [re.sub(r"[^a-z]", "", text.lower()) for text in (given, family)]
    text = "|".join([*parts, born.isoformat() if born else ""])
    return "derived-" + hashlib.sha256(text.encode()).hexdigest()[:24]


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass
class _Seen:
    """One adult as the events of one run describe them (latest event's details win)."""

    given: str
    family: str
    born: dt.date | None
    role: str
    derived: bool
    first: dt.date
    last: dt.date
    links: list[tuple[int, int, dt.date, str, str]] = field(default_factory=list)
    # (event id, child id, occurred on, role, event reference)


@transaction.atomic
def adults_from_events(
    area: Area,
    *,
    event_ids: Iterable[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> AdultsOutcome:
    """Turn the adults linked to children in ``area``'s feed events (or in ``event_ids``) into
    agency records of adults, resolve those records to persons of concern, and record an
    association between the person and the child for each event, graded ``FEED_GRADING``.

    Idempotent: running it again changes nothing unless the events changed. Events whose person
    is not yet resolved to a child are left for a later run. ``progress`` is called with the
    number of events read."""
    outcome = AdultsOutcome()
    events = AgencyEvent.objects.filter(agency__area=area).exclude(linked_people=[])
    scopes = [events] if event_ids is None else [
        events.filter(pk__in=batch) for batch in chunks(sorted(set(event_ids)), 5000)
    ]  # fmt: skip
    seen: dict[tuple[int, str], _Seen] = {}
    fields = ("pk", "agency_id", "source_id", "occurred_on", "child_id", "linked_people")
    rows = (row for scope in scopes for row in scope.values_list(*fields).iterator(2000))
    for pk, agency_id, source_id, occurred_on, child_id, linked in rows:
        outcome.events += 1
        if progress:
            progress(1)
        for entry in linked or []:
            if not isinstance(entry, dict):
                continue
            if not is_adult(entry, occurred_on):
                outcome.children_left_out += 1
                continue
            given = str(entry.get("given_name") or "").strip()[:100]
            family = str(entry.get("family_name") or "").strip()[:100]
            if not (given or family):
                continue  # nobody to name: an id alone cannot be matched or shown
            if child_id is None:
                outcome.waiting_for_child += 1
                continue
            born = _date(entry.get("date_of_birth"))
            role = str(entry.get("role") or "").strip()[:100]
            reference = str(entry.get("person_id") or "").strip()[:100]
            key = (agency_id, reference or derived_key(given, family, born))
            adult = seen.get(key)
            if adult is None:
                adult = seen[key] = _Seen(
                    given, family, born, role, not reference, occurred_on, occurred_on
                )
            elif occurred_on >= adult.last:  # the latest event's details win
                adult.given, adult.family, adult.born, adult.role = given, family, born, role
                adult.last = occurred_on
            else:
                adult.first = min(adult.first, occurred_on)
            adult.links.append((pk, child_id, occurred_on, role, source_id))
    records = _records_save(area, seen, outcome)
    resolve_adults(area, outcome=outcome)
    _associations_save(area, seen, records, outcome)
    return outcome


def _records_save(
    area: Area, seen: dict[tuple[int, str], _Seen], outcome: AdultsOutcome
) -> dict[tuple[int, str], int]:
    """Create or update the records; returns their ids by (agency, key)."""
    existing: dict[tuple[int, str], AdultRecord] = {}
    keys = list(seen)
    for batch in chunks(keys):
        query = Q()
        for agency_id, key in batch:
            query |= Q(agency_id=agency_id, source_key=key)
        for record in AdultRecord.objects.filter(query):
            existing[(record.agency_id, record.source_key)] = record
    new: list[AdultRecord] = []
    changed: list[AdultRecord] = []
    for (agency_id, key), adult in seen.items():
        known = existing.get((agency_id, key))
        if known is None:
            new.append(
                AdultRecord(
                    area=area,
                    agency_id=agency_id,
                    source_key=key,
                    key_derived=adult.derived,
                    given_name=adult.given,
                    family_name=adult.family,
                    date_of_birth=adult.born,
                    role=adult.role,
                    first_seen=adult.first,
                    last_seen=adult.last,
                )
            )
            continue
        record = known
        before = (record.given_name, record.family_name, record.date_of_birth, record.role,
                  record.first_seen, record.last_seen)  # fmt: skip
        if adult.last >= record.last_seen:
            record.given_name, record.family_name = adult.given, adult.family
            record.date_of_birth, record.role = adult.born, adult.role
        record.first_seen = min(record.first_seen, adult.first)
        record.last_seen = max(record.last_seen, adult.last)
        after = (record.given_name, record.family_name, record.date_of_birth, record.role,
                 record.first_seen, record.last_seen)  # fmt: skip
        if after != before:
            changed.append(record)
    if new:
        bulk_create_with_history(new, AdultRecord, batch_size=1000)
        outcome.records_created = len(new)
    if changed:
        bulk_update_with_history(
            changed,
            AdultRecord,
            ["given_name", "family_name", "date_of_birth", "role", "first_seen", "last_seen"],
            batch_size=1000,
        )
        outcome.records_updated = len(changed)
    ids: dict[tuple[int, str], int] = {}
    for batch in chunks(keys):
        query = Q()
        for agency_id, key in batch:
            query |= Q(agency_id=agency_id, source_key=key)
        for pk, agency_id, key in AdultRecord.objects.filter(query).values_list(
            "pk", "agency_id", "source_key"
        ):
            ids[(agency_id, key)] = pk
    return ids


def _associations_save(
    area: Area,
    seen: dict[tuple[int, str], _Seen],
    records: dict[tuple[int, str], int],
    outcome: AdultsOutcome,
) -> None:
    """One association person -> child per (event, adult), unless one exists (or was withdrawn:
    someone decided it was wrong)."""
    person_of = dict(
        AdultRecord.objects.filter(pk__in=list(records.values())).values_list("pk", "person_id")
    )
    wanted: dict[tuple[int, int, int], tuple[int, dt.date, str, str]] = {}
    for (agency_id, key), adult in seen.items():
        person_id = person_of[records[(agency_id, key)]]
        for event_id, child_id, occurred_on, role, reference in adult.links:
            wanted.setdefault(
                (event_id, child_id, person_id), (agency_id, occurred_on, role, reference)
            )
    existing: set[tuple[int, int, int]] = set()
    for batch in chunks({event_id for event_id, _, _ in wanted}):
        existing.update(
            Association.objects.filter(event_id__in=batch, child__isnull=False).values_list(
                "event_id", "child_id", "entity_id"
            )
        )
    category = InformationCategory.objects.get(code=INTELLIGENCE_CATEGORY)
    new = [
        Association(
            area=area,
            entity_id=person_id,
            child_id=child_id,
            relationship=relationship_for(role),
            event_id=event_id,
            source_agency_id=agency_id,
            category=category,
            source_reference=reference[:100],
            reported_on=occurred_on,
            recorded_by=None,
            **FEED_GRADING,
        )
        for (event_id, child_id, person_id), (agency_id, occurred_on, role, reference) in (
            wanted.items()
        )
        if (event_id, child_id, person_id) not in existing
    ]
    if new:
        bulk_create_with_history(new, Association, batch_size=1000)
    outcome.associations_created = len(new)


# --- Resolving records to persons of concern -------------------------------------------------


@dataclass(frozen=True)
class PairScore:
    """How alike two records are: the identity model's level for each compared field, the
    weight it carries, and the probability they are the same person."""

    first: int
    second: int
    levels: dict[str, int | None]
    probability: float

    def explanation(self) -> list[dict[str, Any]]:
        """Each field's level in words and its weight, as the identity review queue shows."""
        parameters = matching.stored_parameters()
        rows = []
        for column in COMPARED:
            found = matching.FIELDS_BY_COLUMN[column]
            level = self.levels[column]
            if level is None:
                rows.append({"field": column, "label": found.label, "level": matching.MISSING,
                             "weight": 0.0})  # fmt: skip
                continue
            rows.append(
                {
                    "field": column,
                    "label": found.label,
                    "level": found.levels[level].label,
                    "weight": round(parameters.weight(column, level), 2),
                }
            )
        return rows

    def names_and_birth_agree(self) -> bool:
        """Do both names and the date of birth agree closely enough to join automatically?"""
        return all(
            (level := self.levels[column]) is not None and level <= most
            for column, most in SURE_LEVELS.items()
        )


# The identity model's levels for given name, family name and date of birth, in its order
# (``matching.FIELDS``), as DuckDB conditions on a pair's left (l_) and right (r_) values.
_SWAPPED = "l.given_name = r.family_name AND l.family_name = r.given_name"
_LONG_ENOUGH = f"least(length(l.given_name), length(r.given_name)) >= {matching.SHORT_FORM}"
# When a field counts for nothing besides either value missing (``matching.Field.nothing_when``):
# swapped names are counted once, by the given name.
NOTHING_WHEN = {"family_name": _SWAPPED}
LEVELS_SQL = {
    "given_name": [
        "l.given_name = r.given_name",
        "len(list_intersect(l.given_variants, r.given_variants)) >= 1",
        _SWAPPED,
        "l.given_sound = r.given_sound AND greatest(length(l.given_name), "
        f"length(r.given_name)) >= {matching.SHORT_FORM}",
        "(instr(l.given_name, r.given_name) = 1 OR instr(r.given_name, l.given_name) = 1) "
        f"AND {_LONG_ENOUGH}",
        f"jaro_winkler_similarity(l.given_name, r.given_name) >= 0.92 AND {_LONG_ENOUGH}",
        "damerau_levenshtein(l.given_name, r.given_name) <= 1",
        f"jaro_winkler_similarity(l.given_name, r.given_name) >= 0.8 AND {_LONG_ENOUGH}",
        "true",
    ],
    "family_name": [
        "l.family_name = r.family_name",
        "jaro_winkler_similarity(l.family_name, r.family_name) >= 0.92",
        "(instr(l.family_name, r.family_name) > 0 OR instr(r.family_name, l.family_name) > 0) "
        "AND least(length(l.family_name), length(r.family_name)) >= 4",
        "jaro_winkler_similarity(l.family_name, r.family_name) >= 0.8",
        "true",
    ],
    "dob": [
        "l.dob = r.dob",
        "l.dob_year = r.dob_year AND l.dob_month = r.dob_day AND l.dob_day = r.dob_month",
        "levenshtein(l.dob, r.dob) <= 1",
        "abs(l.dob_days - r.dob_days) <= 31",
        "true",
    ],
}
for _column, _conditions in LEVELS_SQL.items():  # the identity model and this must agree
    assert len(_conditions) == len(matching.FIELDS_BY_COLUMN[_column].levels), _column
    assert (_column in NOTHING_WHEN) == bool(matching.FIELDS_BY_COLUMN[_column].nothing_when)


def _level_sql(column: str) -> str:
    cases = " ".join(
        f"WHEN {condition} THEN {index}" for index, condition in enumerate(LEVELS_SQL[column])
    )
    nothing = f"l.{column} IS NULL OR r.{column} IS NULL"
    if column in NOTHING_WHEN:
        nothing = f"{nothing} OR ({NOTHING_WHEN[column]})"
    return f"CASE WHEN {nothing} THEN NULL {cases} END"


def _prepared(records: list[dict[str, Any]]) -> pa.Table:
    table = pa.table(
        {
            "uid": pa.array([r["pk"] for r in records], pa.int64()),
            "given_name": pa.array([r["given_name"] for r in records], pa.string()),
            "family_name": pa.array([r["family_name"] for r in records], pa.string()),
            "date_of_birth": pa.array([r["date_of_birth"] for r in records], pa.date32()),
            **{
                name: pa.array([None] * len(records), pa.string())
                for name in ("gender", "postcode", "school", "nhs_number", "upn", "address")
            },
        },
        schema=matching.INPUT_SCHEMA,
    )
    return matching.prepare(table)


def score_pairs(records: list[dict[str, Any]], pairs: set[tuple[int, int]]) -> list[PairScore]:
    """Score ``pairs`` of record ids (each a dict with pk, given_name, family_name and
    date_of_birth) with the identity model's levels and trained weights. The prior is the
    identity model's for a set of this many records, or ``PRIOR_RECORDS`` if more; term
    frequencies are not used (a partnership's adults are too few for them to mean much)."""
    if not pairs:
        return []
    parameters = matching.stored_parameters()
    con = duckdb.connect()
    try:
        con.register("prepared", _prepared(records))
        con.register(
            "pairs",
            pa.table(
                {
                    "a": pa.array([a for a, _ in pairs], pa.int64()),
                    "b": pa.array([b for _, b in pairs], pa.int64()),
                }
            ),
        )
        levels = ", ".join(f"{_level_sql(column)} AS {column}" for column in COMPARED)
        found = con.sql(
            f"SELECT p.a, p.b, {levels} FROM pairs p "  # noqa: S608 (fixed conditions)
            "JOIN prepared l ON l.unique_id = p.a JOIN prepared r ON r.unique_id = p.b"
        ).fetchall()
    finally:
        con.close()
    chance = matching.prior(records=max(len(records), PRIOR_RECORDS), parameters=parameters)
    prior_weight = math.log2(chance / (1 - chance))
    scores = []
    for a, b, *values in found:
        levels_by = dict(zip(COMPARED, values, strict=True))
        weight = prior_weight + sum(
            parameters.weight(column, level)
            for column, level in levels_by.items()
            if level is not None
        )
        probability = 1 / (1 + 2 ** (-weight))
        scores.append(PairScore(a, b, levels_by, probability))
    return scores


def _blocks(prepared: pa.Table) -> dict[int, list[tuple[str, ...]]]:
    rows = prepared.select(["unique_id", "given_key", "family_name", "dob"]).to_pylist()
    keys: dict[int, list[tuple[str, ...]]] = {}
    for row in rows:
        keys[row["unique_id"]] = [
            (str(number), *(row[column] for column in block))
            for number, block in enumerate(BLOCKS)
            if all(row[column] for column in block)
        ]
    return keys


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@transaction.atomic
def resolve_adults(area: Area, *, outcome: AdultsOutcome | None = None) -> AdultsOutcome:
    """Resolve ``area``'s unresolved adult records to persons of concern.

    Oldest record first, each joins the person of the record it most surely matches (at or
    above the identity match threshold, with both names and the date of birth agreeing
    (``SURE_LEVELS``), not of the same agency under another reference, and no rejected pair
    with any of that person's records); otherwise it becomes a new person of concern held by
    its agency. Pairs between the review and match thresholds, and sure pairs the rules kept
    apart, go to the review queue unless already decided."""
    outcome = outcome or AdultsOutcome()
    records: list[dict[str, Any]] = [
        dict(row)
        for row in AdultRecord.objects.filter(area=area).values(
            "pk", "agency_id", "source_key", "key_derived", "given_name", "family_name",
            "date_of_birth", "role", "person_id",
        )
    ]  # fmt: skip
    unresolved = [record for record in records if record["person_id"] is None]
    if not unresolved:
        return outcome
    by_id = {record["pk"]: record for record in records}
    keys = _blocks(_prepared(records))
    index: dict[tuple[str, ...], list[int]] = {}
    for pk, record_keys in keys.items():
        for key in record_keys:
            index.setdefault(key, []).append(pk)
    pairs = {
        _ordered(record["pk"], other)
        for record in unresolved
        for key in keys[record["pk"]]
        for other in index[key]
        if other != record["pk"]
    }
    scores = {(score.first, score.second): score for score in score_pairs(records, pairs)}
    if len(pairs) > len(scores):  # pairs whose records were both prepared always score
        raise RuntimeError("Some adult record pairs could not be scored")
    status = {
        (first, second): value
        for first, second, value in AdultMatchCandidate.objects.filter(area=area).values_list(
            "first_id", "second_id", "status"
        )
    }
    match, review = thresholds()
    partners: dict[int, list[PairScore]] = {}
    for score in scores.values():
        partners.setdefault(score.first, []).append(score)
        partners.setdefault(score.second, []).append(score)
    members: dict[int, set[int]] = {}
    for record in records:
        if record["person_id"] is not None:
            members.setdefault(record["person_id"], set()).add(record["pk"])
    to_review: list[PairScore] = []
    changed: dict[int, int] = {}  # record -> person
    for record in sorted(unresolved, key=lambda r: r["pk"]):
        pk = record["pk"]
        rejected_with = {
            other
            for (first, second), value in status.items()
            if value == CandidateStatus.REJECTED and pk in (first, second)
            for other in (first, second)
            if other != pk
        }
        best: tuple[float, int] | None = None
        for score in partners.get(pk, []):
            other = by_id[score.second if score.first == pk else score.first]
            person = other["person_id"]
            if person is None or score.probability < review:
                continue
            kept_apart = status.get(_ordered(pk, other["pk"])) == CandidateStatus.REJECTED or any(
                member in rejected_with for member in members.get(person, ())
            )
            if kept_apart:
                continue
            accepted = status.get(_ordered(pk, other["pk"])) == CandidateStatus.ACCEPTED
            sure = accepted or (
                score.probability >= match
                and score.names_and_birth_agree()
                and not _same_agency_other_reference(record, other)
            )
            if sure and (best is None or score.probability > best[0]):
                best = (score.probability, person)
            elif not sure:
                to_review.append(score)
        if best is not None:
            person_id = best[1]
            outcome.records_joined += 1
        else:
            person_id = _person_create(area, record).pk
            outcome.persons_created += 1
        record["person_id"] = person_id
        members.setdefault(person_id, set()).add(pk)
        outcome.person_ids.add(person_id)
        changed[pk] = person_id
        # Sure pairs with another person's records: persons are only merged by an analyst.
        for score in partners.get(pk, []):
            other = by_id[score.second if score.first == pk else score.first]
            if (
                other["person_id"] not in (None, person_id)
                and score.probability >= match
                and score not in to_review
            ):
                to_review.append(score)
    for batch in chunks(changed):
        loaded = list(AdultRecord.objects.filter(pk__in=batch))
        for loaded_record in loaded:
            loaded_record.person_id = changed[loaded_record.pk]
        bulk_update_with_history(loaded, AdultRecord, ["person"], batch_size=1000)
    new_candidates = []
    for score in to_review:
        pair = (score.first, score.second)
        first, second = by_id[score.first], by_id[score.second]
        if (
            pair in status
            or first["person_id"] == second["person_id"]
            or first["person_id"] is None
            or second["person_id"] is None
        ):
            continue
        status[pair] = CandidateStatus.PENDING
        new_candidates.append(
            AdultMatchCandidate(
                area=area,
                first_id=score.first,
                second_id=score.second,
                probability=score.probability,
                explanation=score.explanation(),
            )
        )
    if new_candidates:
        bulk_create_with_history(new_candidates, AdultMatchCandidate, batch_size=1000)
        outcome.sent_to_review += len(new_candidates)
    return outcome


def _same_agency_other_reference(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Two records one agency keeps under two of its own references: the agency says they are
    two people, so only an analyst may say otherwise."""
    return (
        first["agency_id"] == second["agency_id"]
        and not first["key_derived"]
        and not second["key_derived"]
    )


def _person_create(area: Area, record: dict[str, Any]) -> PersonOfConcern:
    person = PersonOfConcern(
        area=area,
        source_agency_id=record["agency_id"],
        category=InformationCategory.objects.get(code=INTELLIGENCE_CATEGORY),
        given_name=record["given_name"],
        family_name=record["family_name"],
        date_of_birth=record["date_of_birth"],
        concern=concern_for(record["role"]),
        recorded_by=None,
    )
    person.save()
    return person
