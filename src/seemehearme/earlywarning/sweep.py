"""The early-warning sweep: evaluate the area's approved rules for many children at once.

CONTRACT (fixed; ``feeds.pipeline`` and identity resolution call it)::

    sweep(*, area, child_ids=None, as_of=None, progress=None) -> SweepResult

``child_ids=None`` sweeps every child of the area; a set sweeps only those children, and only
their flags change. Each indicator is one grouped query over ``feeds_agencyevent`` (events per
child in the indicator's window, with the count, first and last dates); the rules are then
applied to the returned (child, indicator) hits in Python. Nothing here loops over children
running queries.

What the sweep does with each (child, rule):

- met, no open flag: raise one (with the indicators and the events behind them) and give the
  area's triage team a ``flag_review`` working relationship with the child, unless the last
  flag for that rule was confirmed or dismissed and nothing new has happened or arrived since;
- met, open flag: refresh it (its indicators and evidence are rewritten if they changed);
- not met, open flag: it lapses ("no longer met before review"), and the triage team's
  ``flag_review`` relationship ends once the child has no open flag left.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from seemehearme.areas.models import Agency, Area
from seemehearme.earlywarning.models import (
    Flag,
    FlagEvidence,
    FlagIndicator,
    FlagStatus,
    RuleSet,
    RuleSetStatus,
)
from seemehearme.earlywarning.rules import (
    IndicatorSpec,
    RuleSetSpec,
    RuleSpec,
    SignRef,
    rules_check,
    sign_label,
    sign_texts,
)
from seemehearme.feeds.models import AgencyEvent, EventType
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship

Progress = Callable[[int], None]  # called with the number of steps done (see sweep_steps)
CHUNK = 500  # ids per IN (...) list: under SQLite's parameter limit as Django sets it
DECIDED = (FlagStatus.CONFIRMED, FlagStatus.DISMISSED)
EVENTS = f'"{AgencyEvent._meta.db_table}"'  # ANSI quoting: SQLite and PostgreSQL alike
FLAG_REVIEW_REASON = "Reviewing early-warning flags"
# Sweeping more children than this reads the whole area (as fast, and it keeps the number of
# query parameters bounded) but still changes only the children given.
READ_BY_ID_LIMIT = 1000

T = TypeVar("T")


@dataclass
class SweepResult:
    evaluated: int = 0  # children whose events were evaluated
    raised: int = 0  # new flags
    updated: int = 0  # open flags whose indicators or evidence changed
    lapsed: int = 0  # open flags no longer met


@dataclass(frozen=True)
class Hit:
    """One fired indicator for one child: its events in the window, summarised."""

    count: int
    first: dt.date
    last: dt.date
    id_sum: int  # a cheap fingerprint of which events they are
    recorded: dt.datetime  # when the newest of them reached the service


def current_rule_set(area: Area) -> RuleSet | None:
    """The area's newest approved rule set (approving a version retires the one before)."""
    return (
        RuleSet.objects.filter(area=area, status=RuleSetStatus.APPROVED)
        .order_by("-version", "-id")
        .first()
    )


def sweep_steps(rule_set: RuleSet) -> int:
    """How many steps a sweep with this rule set reports to ``progress``: one per indicator
    (reported together, after the indicators' query) and one for writing the flags."""
    return len(rule_set.rules.get("indicators", [])) + 1


def _chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _date(value: dt.date | str) -> dt.date:
    """A date from an aggregate (SQLite returns aggregates of dates as text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _datetime(value: dt.datetime | str) -> dt.datetime:
    """An aware datetime from an aggregate (SQLite returns text, in UTC)."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        assert parsed is not None
        value = parsed
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def window_start(as_of: dt.date, days: int) -> dt.date:
    """The first day of a window of ``days`` days ending on (and including) ``as_of``."""
    return as_of - dt.timedelta(days=days - 1)


class _Sweep:
    def __init__(
        self,
        *,
        area: Area,
        rule_set: RuleSet,
        spec: RuleSetSpec,
        child_ids: set[int] | None,
        as_of: dt.date,
        progress: Progress | None,
    ) -> None:
        self.area = area
        self.rule_set = rule_set
        self.spec = spec
        self.child_ids = child_ids  # the children whose flags may change (None: all)
        self.read_ids = (
            child_ids if child_ids is not None and len(child_ids) <= READ_BY_ID_LIMIT else None
        )
        self.as_of = as_of
        self.progress = progress or (lambda n: None)
        self.now = timezone.now()
        self.indicator_ids: dict[int, list[int]] = defaultdict(list)  # of open flags, by flag
        self.today = timezone.localdate()
        codes = {code for indicator in spec.indicators for code in indicator.event_types}
        self.type_ids = dict(EventType.objects.filter(code__in=codes).values_list("code", "pk"))
        self.agency_ids = (
            list(Agency.objects.filter(area=area).values_list("pk", flat=True)) or [0]
            if self.read_ids is None
            else []
        )

    # -- Scope: the whole area, or the given children -------------------------------------

    def scope(self, prefix: str = "") -> Q:
        """Rows to read: about the children given, or (for many) the whole area's
        (``prefix`` reaches the child's foreign key)."""
        if self.read_ids is None:
            return Q(**{f"{prefix}child__area_id": self.area.pk})
        return Q(**{f"{prefix}child_id__in": self.read_ids})

    def changes(self, child_id: int) -> bool:
        """Whether this sweep may change ``child_id``'s flags."""
        return self.child_ids is None or child_id in self.child_ids

    def cohort(self) -> set[int]:
        """The children to evaluate: the area's (or those given), less merged records."""
        children = Child.objects.filter(area=self.area, merged_into__isnull=True)
        if self.read_ids is not None:
            children = children.filter(pk__in=self.read_ids)
        return {pk for pk in children.values_list("pk", flat=True) if self.changes(pk)}

    # -- Evaluating --------------------------------------------------------------------------

    def hits(self, cohort: set[int]) -> dict[int, dict[str, Hit]]:
        """(child, indicator) pairs that fired: one grouped SELECT per indicator, sent as one
        UNION ALL statement (raw SQL: building a dozen ORM queries costs more than running
        them when one child is swept)."""
        parts: list[str] = []
        params: list[Any] = []
        for index, indicator in enumerate(self.spec.indicators):
            sql, part_params = self.indicator_sql(index, indicator)
            parts.append(sql)
            params.extend(part_params)
        found: dict[int, dict[str, Hit]] = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for index, child_id, n, first, last, id_sum, recorded in cursor.fetchall():
                if child_id in cohort:
                    code = self.spec.indicators[index].code
                    found[child_id][code] = Hit(
                        n, _date(first), _date(last), int(id_sum), _datetime(recorded)
                    )
        self.progress(len(self.spec.indicators))
        return found

    def condition_sql(self, indicator: IndicatorSpec, *, by_child: bool) -> tuple[str, list[Any]]:
        """The WHERE clause for the events that count towards ``indicator`` on ``as_of``
        (without the scope), and its parameters.

        ``by_child``: the query also names the children, so the ``(child, occurred_on)`` index
        should serve it. The unary ``+`` on ``event_type_id`` keeps SQLite (which has no
        statistics unless ANALYZE has run) from choosing ``(event_type, occurred_on)`` instead;
        PostgreSQL reads it the same way."""
        type_ids = [self.type_ids[c] for c in indicator.event_types if c in self.type_ids] or [0]
        type_column = "+event_type_id" if by_child else "event_type_id"
        where = [
            f"{type_column} IN ({', '.join(['%s'] * len(type_ids))})",
            "occurred_on >= %s",
            "occurred_on <= %s",
            "child_id IS NOT NULL",
        ]
        params: list[Any] = [
            *type_ids,
            window_start(self.as_of, indicator.window_days),
            self.as_of,
        ]
        if indicator.age_under is not None:
            where.append("age_at_event < %s")
            params.append(indicator.age_under)
        if indicator.age_at_least is not None:
            where.append("age_at_event >= %s")
            params.append(indicator.age_at_least)
        linked = []
        if indicator.linked_at_least is not None:
            linked.append("oldest_linked_age >= %s")
            params.append(indicator.linked_at_least)
        if indicator.linked_older_by is not None:
            linked.append("(age_at_event IS NOT NULL AND oldest_linked_age >= age_at_event + %s)")
            params.append(indicator.linked_older_by)
        if linked:
            where.append(f"({' OR '.join(linked)})")
        return " AND ".join(where), params

    def indicator_sql(self, index: int, indicator: IndicatorSpec) -> tuple[str, list[Any]]:
        """``SELECT index, child, count, first, last, id sum, newest arrival`` for the children
        in scope on whom ``indicator`` fires."""
        by_child = self.read_ids is not None
        where, params = self.condition_sql(indicator, by_child=by_child)
        # Scope: the given children, or the events of the area's agencies (an agency's persons
        # are resolved to children of its own area; the cohort check drops any others). The
        # area-wide form is served by (event_type, occurred_on); "+" keeps agency_id's own
        # index out of the way.
        scope = sorted(self.read_ids) if self.read_ids is not None else self.agency_ids
        column = "child_id" if by_child else "+agency_id"
        sql = (
            f"SELECT {index:d}, child_id, COUNT(*), MIN(occurred_on), MAX(occurred_on), "  # noqa: S608
            f"SUM(id), MAX(created_at) FROM {EVENTS} WHERE {where} "
            f"AND {column} IN ({', '.join(['%s'] * len(scope))}) "
            "GROUP BY child_id HAVING COUNT(*) >= %s"
        )
        return sql, [*params, *scope, indicator.min_count]

    def rule_indicators(self, rule: RuleSpec, fired: dict[str, Hit]) -> tuple[str, ...]:
        """The fired indicators that make ``rule`` met, or () if it is not met."""
        if rule.any_of:
            return tuple(code for code in rule.any_of if code in fired)
        start = window_start(self.as_of, rule.window_days or 1)
        used = tuple(
            indicator.code
            for indicator in self.spec.indicators
            if indicator.code in fired
            and indicator.evidences is not None
            and indicator.evidences.kind in rule.sign_kinds
            and fired[indicator.code].last >= start
        )
        signs = {self.spec.indicator(code).evidences for code in used}
        return used if len(signs) >= (rule.min_distinct_signs or 1) else ()

    def met(self, hits: dict[int, dict[str, Hit]]) -> dict[tuple[int, str], tuple[str, ...]]:
        result = {}
        for child_id, fired in hits.items():
            for rule in self.spec.rules:
                used = self.rule_indicators(rule, fired)
                if used:
                    result[(child_id, rule.code)] = used
        return result

    # -- What is there now ---------------------------------------------------------------

    def open_flags(self) -> dict[tuple[int, str], Flag]:
        flags = (
            Flag.objects.filter(self.scope(), status=FlagStatus.OPEN)
            .select_for_update(of=("self",))
            .only("pk", "child_id", "rule_code", "rule_label", "rule_set_id")
        )
        return {
            (flag.child_id, flag.rule_code): flag for flag in flags if self.changes(flag.child_id)
        }

    def stored_signatures(self) -> dict[int, set[tuple[Any, ...]]]:
        """What each open flag's indicators say now, to tell whether anything changed."""
        rows = list(
            FlagIndicator.objects.filter(
                self.scope("flag__"), flag__status=FlagStatus.OPEN
            ).values_list(
                "pk", "flag_id", "code", "label", "sign", "event_count", "first_on", "last_on"
            )
        )
        evidence = FlagEvidence.objects.order_by().values("indicator_id")
        if self.read_ids is None:  # the whole area: one grouped join
            batches = [
                evidence.filter(
                    self.scope("indicator__flag__"), indicator__flag__status=FlagStatus.OPEN
                )
            ]
        else:  # a few children: by indicator id, through its index
            batches = [
                evidence.filter(indicator_id__in=batch) for batch in _chunks(row[0] for row in rows)
            ]
        sums: dict[int, int] = {}
        for batch in batches:
            sums.update(batch.annotate(total=Sum("event_id")).values_list("indicator_id", "total"))
        signatures: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
        for pk, flag_id, code, label, sign, count, first, last in rows:
            self.indicator_ids[flag_id].append(pk)
            signatures[flag_id].add((code, label, sign, count, first, last, int(sums.get(pk, 0))))
        return signatures

    def last_decisions(self, keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], dt.datetime]:
        """When each (child, rule) was last confirmed or dismissed."""
        wanted = set(keys)
        if not wanted:
            return {}
        latest: dict[tuple[int, str], dt.datetime] = {}
        rows = Flag.objects.filter(
            self.scope(), status__in=DECIDED, decided_at__isnull=False
        ).values_list("child_id", "rule_code", "decided_at")
        for child_id, rule_code, decided_at in rows:
            key = (child_id, rule_code)
            if decided_at is None or key not in wanted:
                continue
            if key not in latest or decided_at > latest[key]:
                latest[key] = decided_at
        return latest

    # -- Writing -------------------------------------------------------------------------

    def signature(
        self, used: tuple[str, ...], fired: dict[str, Hit], signs: dict[SignRef, str]
    ) -> set[tuple[Any, ...]]:
        """What the flag's indicators would say now (compared with ``stored_signatures``)."""
        result = set()
        for code in used:
            indicator, hit = self.spec.indicator(code), fired[code]
            sign = sign_label(indicator.evidences, signs) if indicator.evidences else ""
            result.add((code, indicator.label, sign, hit.count, hit.first, hit.last, hit.id_sum))
        return result

    def evidence(self, wanted: dict[str, set[int]]) -> dict[tuple[int, str], list[int]]:
        """The events behind each (child, indicator) asked for: a query per indicator."""
        found: dict[tuple[int, str], list[int]] = defaultdict(list)
        with connection.cursor() as cursor:
            for code, child_ids in wanted.items():
                where, params = self.condition_sql(self.spec.indicator(code), by_child=True)
                for batch in _chunks(sorted(child_ids)):
                    cursor.execute(
                        f"SELECT child_id, id FROM {EVENTS} WHERE {where} "  # noqa: S608
                        f"AND child_id IN ({', '.join(['%s'] * len(batch))})",
                        [*params, *batch],
                    )
                    for child_id, pk in cursor.fetchall():
                        found[(child_id, code)].append(pk)
        return found

    def flag_fields(
        self, rule: RuleSpec, used: tuple[str, ...], fired: dict[str, Hit]
    ) -> dict[str, Any]:
        signs = {self.spec.indicator(code).evidences for code in used} - {None}
        return {
            "rule_set": self.rule_set,
            "rule_label": rule.label,
            "evaluated_at": self.now,
            "as_of": self.as_of,
            "signs_count": len(signs),
            "first_event_on": min(fired[code].first for code in used),
            "last_event_on": max(fired[code].last for code in used),
        }

    def write_indicators(
        self,
        flags: list[tuple[Flag, tuple[str, ...]]],
        hits: dict[int, dict[str, Hit]],
        signs: dict[SignRef, str],
    ) -> None:
        wanted: dict[str, set[int]] = defaultdict(set)
        for flag, used in flags:
            for code in used:
                wanted[code].add(flag.child_id)
        events = self.evidence(wanted)
        rows: list[tuple[FlagIndicator, list[int]]] = []
        for flag, used in flags:
            for code in used:
                indicator, hit = self.spec.indicator(code), hits[flag.child_id][code]
                rows.append(
                    (
                        FlagIndicator(
                            flag=flag,
                            code=code,
                            label=indicator.label,
                            sign=sign_label(indicator.evidences, signs)
                            if indicator.evidences
                            else "",
                            event_count=hit.count,
                            first_on=hit.first,
                            last_on=hit.last,
                        ),
                        events[(flag.child_id, code)],
                    )
                )
        FlagIndicator.objects.bulk_create([row for row, _ in rows], batch_size=CHUNK)
        FlagEvidence.objects.bulk_create(
            [
                FlagEvidence(indicator=row, event_id=event_id)
                for row, event_ids in rows
                for event_id in event_ids
            ],
            batch_size=2000,
        )

    def run(self) -> SweepResult:
        cohort = self.cohort()
        hits = self.hits(cohort)
        met = self.met(hits)
        open_flags = self.open_flags()
        stored = self.stored_signatures() if open_flags else {}
        decisions = self.last_decisions(key for key in met if key not in open_flags)
        signs = sign_texts(self.spec) if met else {}
        rules = {rule.code: rule for rule in self.spec.rules}

        to_raise: list[tuple[Flag, tuple[str, ...]]] = []
        changed: list[tuple[Flag, tuple[str, ...]]] = []
        unchanged: list[int] = []
        for (child_id, rule_code), used in met.items():
            fired = hits[child_id]
            fields = self.flag_fields(rules[rule_code], used, fired)
            flag = open_flags.get((child_id, rule_code))
            if flag is not None:
                same = (
                    flag.rule_set_id == self.rule_set.pk
                    and flag.rule_label == rules[rule_code].label
                    and stored.get(flag.pk, set()) == self.signature(used, fired, signs)
                )
                if same:
                    unchanged.append(flag.pk)
                else:
                    for name, value in fields.items():
                        setattr(flag, name, value)
                    changed.append((flag, used))
                continue
            decided_at = decisions.get((child_id, rule_code))
            if decided_at is not None and not any(
                fired[code].last > timezone.localdate(decided_at)
                or fired[code].recorded > decided_at
                for code in used
            ):
                continue  # decided, and nothing new since
            to_raise.append((Flag(child_id=child_id, rule_code=rule_code, **fields), used))
        lapsing = [flag for key, flag in open_flags.items() if key not in met]

        for batch in _chunks(unchanged):
            Flag.objects.filter(pk__in=batch).update(evaluated_at=self.now, as_of=self.as_of)
        if changed:
            stale = [pk for flag, _ in changed for pk in self.indicator_ids.get(flag.pk, [])]
            for batch in _chunks(stale):
                FlagEvidence.objects.filter(indicator_id__in=batch).delete()
                FlagIndicator.objects.filter(pk__in=batch).delete()
            Flag.objects.bulk_update(
                [flag for flag, _ in changed],
                [
                    "rule_set",
                    "rule_label",
                    "evaluated_at",
                    "as_of",
                    "signs_count",
                    "first_event_on",
                    "last_event_on",
                ],
                batch_size=CHUNK,
            )
        Flag.objects.bulk_create([flag for flag, _ in to_raise], batch_size=CHUNK)
        self.write_indicators(changed + to_raise, hits, signs)
        for batch in _chunks([flag.pk for flag in lapsing]):
            Flag.objects.filter(pk__in=batch, status=FlagStatus.OPEN).update(
                status=FlagStatus.LAPSED, as_of=self.as_of
            )
        self.relationships(
            raised={flag.child_id for flag, _ in to_raise},
            closed={flag.child_id for flag in lapsing},
            still_open={key[0] for key in open_flags if key in met},
        )
        self.progress(1)
        return SweepResult(
            evaluated=len(cohort), raised=len(to_raise), updated=len(changed), lapsed=len(lapsing)
        )

    def relationships(self, *, raised: set[int], closed: set[int], still_open: set[int]) -> None:
        """Access follows the work: the triage team reviews the children with open flags.

        The bulk form of ``people.services.relationship_ensure`` (same rule: one current
        ``flag_review`` relationship per child for the team, with no case), since a first
        sweep can raise thousands of flags at once."""
        team_id = self.area.triage_team_id
        if team_id is not None and raised:
            current = WorkingRelationship.objects.current(self.today).filter(
                kind=RelationshipKind.FLAG_REVIEW, team_id=team_id, case__isnull=True
            )
            have: set[int] = set()
            for batch in _chunks(sorted(raised)):
                have.update(current.filter(child_id__in=batch).values_list("child_id", flat=True))
            WorkingRelationship.objects.bulk_create(
                [
                    WorkingRelationship(
                        child_id=child_id,
                        kind=RelationshipKind.FLAG_REVIEW,
                        team_id=team_id,
                        started_on=self.today,
                        reason=FLAG_REVIEW_REASON,
                    )
                    for child_id in sorted(raised - have)
                ],
                batch_size=CHUNK,
            )
        done = closed - raised - still_open
        for batch in _chunks(sorted(done)):
            WorkingRelationship.objects.current(self.today).filter(
                child_id__in=batch, kind=RelationshipKind.FLAG_REVIEW
            ).update(ended_on=self.today)


def sweep(
    *,
    area: Area,
    child_ids: Iterable[int] | None = None,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Evaluate the area's approved rules for all its children, or only ``child_ids``."""
    ids = None if child_ids is None else {int(pk) for pk in child_ids}
    if ids is not None and not ids:
        return SweepResult()
    rule_set = current_rule_set(area)
    if rule_set is None:
        return SweepResult()
    spec = rules_check(rule_set.rules, stored=True)
    with transaction.atomic():
        # One sweep of an area at a time (PostgreSQL; SQLite serialises writers anyway).
        locked = Area.objects.select_for_update().get(pk=area.pk)
        return _Sweep(
            area=locked,
            rule_set=rule_set,
            spec=spec,
            child_ids=ids,
            as_of=as_of or timezone.localdate(),
            progress=progress,
        ).run()
