"""Counting the national return's tables from the partnership's records.

Every figure is an aggregate query grouped by the table's dimensions (``values``/``annotate``/
``Count``), so a partnership of 100,000 children costs a handful of queries, not a loop over
children. The definitions are in ``tables.TABLES`` and ``docs/national-return.md``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.db.models import Case as CaseExpression
from django.db.models import CharField as CharFieldType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from seemehearme.areas.models import Area
from seemehearme.cases.models import (
    AbusePattern,
    Case,
    CasePattern,
    ClosureReason,
    Referral,
    Review,
    RiskLevel,
)
from seemehearme.earlywarning.equality import AGE_BANDS
from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.intelligence.models import Association, EntityKind, PersonOfConcern, Place
from seemehearme.intelligence.profile import (
    ADULT_AGE_BANDS,
    age_band_expression,
    aware,
    cases_in_period,
)
from seemehearme.people.models import Child
from seemehearme.returns.tables import TABLES_BY_ID, TableCounts, counts_from

BRITISH = frozenset(
    {"british", "english", "welsh", "scottish", "northern irish", "uk", "united kingdom"}
)
ChildRow = tuple[str, str, str, str, str, str]  # status, age band, gender, ethnicity, ...
PersonRow = tuple[str, str, str, str]  # age band, gender, ethnicity, nationality group


def _in_period(start: dt.date, end: dt.date, field: str) -> Q:
    return Q(**{f"{field}__gte": aware(start), f"{field}__lt": aware(end + dt.timedelta(1))})


def _top_levels() -> Q:
    """Risk levels that are the highest of their scheme (reference data: a few rows)."""
    top: dict[str, int] = {}
    for scheme, rank in RiskLevel.objects.values_list("scheme", "rank"):
        top[scheme] = max(rank, top.get(scheme, rank))
    condition = Q(pk__in=[])
    for scheme, rank in top.items():
        condition |= Q(scheme=scheme, rank=rank)
    return condition


def identified_children(area: Area, start: dt.date, end: dt.date) -> QuerySet[Child]:
    """The children the return counts, each annotated with ``status``."""
    cases = cases_in_period(area, start, end)
    top = RiskLevel.objects.filter(_top_levels()).values("pk")
    exploited = Q(Exists(cases.filter(child=OuterRef("pk"), risk_level__in=top))) | Q(
        Exists(
            Review.objects.filter(
                case__in=cases.values("pk"),
                case__child=OuterRef("pk"),
                held_on__gte=start,
                held_on__lte=end,
                risk_level_after__in=top,
            )
        )
    )
    referred = Referral.objects.filter(area=area, child=OuterRef("pk")).filter(
        _in_period(start, end, "received_at")
    )
    flagged = Flag.objects.filter(child=OuterRef("pk")).filter(
        _in_period(start, end, "raised_at") & ~Q(status=FlagStatus.DISMISSED)
    )
    return (
        Child.objects.filter(area=area, merged_into__isnull=True)
        .filter(Exists(cases.filter(child=OuterRef("pk"))) | Exists(referred) | Exists(flagged))
        .annotate(
            status=CaseExpression(
                When(exploited, then=Value("being_exploited")),
                default=Value("at_risk"),
                output_field=CharFieldType(),
            )
        )
    )


def child_rows(area: Area, start: dt.date, end: dt.date) -> dict[ChildRow, int]:
    """The identified children grouped by every dimension the return breaks them down by."""
    rows = (
        identified_children(area, start, end)
        .annotate(band=age_band_expression("date_of_birth", end, AGE_BANDS))
        .order_by()
        .values_list("status", "band", "gender", "ethnicity", "disability", "care_status")
        .annotate(n=Count("pk"))
    )
    return {tuple(row[:6]): row[6] for row in rows}  # type: ignore[misc]


def nationality_group(nationality: str) -> str:
    """British, another nationality, or not known, from the nationality as recorded."""
    words = " ".join(nationality.replace(",", " ").split()).lower()
    if not words:
        return "not_known"
    return "british" if words in BRITISH else "other"


def person_rows(area: Area, start: dt.date, end: dt.date) -> dict[PersonRow, int]:
    """Persons of concern linked to a child in the period, grouped by the return's dimensions."""
    linked = Association.objects.current().filter(
        area=area,
        child__isnull=False,
        reported_on__gte=start,
        reported_on__lte=end,
        entity__kind=EntityKind.PERSON,
    )
    rows = (
        PersonOfConcern.objects.filter(area=area, merged_into__isnull=True)
        .filter(pk__in=linked.values("entity"))
        .annotate(band=age_band_expression("date_of_birth", end, ADULT_AGE_BANDS, "unknown"))
        .order_by()
        .values_list("band", "gender", "ethnicity", "nationality")
        .annotate(n=Count("pk"))
    )
    found: dict[PersonRow, int] = defaultdict(int)
    for band, gender, ethnicity, nationality, n in rows:
        found[(band, gender, ethnicity, nationality_group(nationality))] += n
    return dict(found)


def children_tables(rows: Mapping[ChildRow, int]) -> dict[str, dict[tuple[str, ...], int]]:
    """The children tables' counts from ``child_rows`` (pure: the property tests use it)."""
    found: dict[str, dict[tuple[str, ...], int]] = defaultdict(lambda: defaultdict(int))
    names = (
        "children-age-band",
        "children-gender",
        "children-ethnicity",
        "children-disability",
        "children-care-status",
    )
    for (status, *values), n in rows.items():
        found["children"][(status,)] += n
        for name, value in zip(names, values, strict=True):
            found[name][(status, value)] += n
    return found


def persons_tables(rows: Mapping[PersonRow, int]) -> dict[str, dict[tuple[str, ...], int]]:
    """The perpetrator tables' counts from ``person_rows`` (pure)."""
    found: dict[str, dict[tuple[str, ...], int]] = defaultdict(lambda: defaultdict(int))
    for (band, gender, ethnicity, nationality), n in rows.items():
        found["perpetrators-age-gender"][(band, gender)] += n
        found["perpetrators-ethnicity"][(ethnicity,)] += n
        found["perpetrators-nationality"][(nationality,)] += n
    return found


def _grouped(queryset: QuerySet, field: str) -> dict[tuple[str, ...], int]:
    return {
        (code,): n
        for code, n in queryset.order_by().values_list(field).annotate(n=Count("pk"))
        if code is not None
    }


def count_tables(area: Area, start: dt.date, end: dt.date) -> dict[str, TableCounts]:
    """Every table's exact counts for ``area`` from ``start`` to ``end`` (inclusive)."""
    found: dict[str, Mapping[tuple[str, ...], int]] = {}
    found.update(children_tables(child_rows(area, start, end)))
    found.update(persons_tables(person_rows(area, start, end)))
    cases = cases_in_period(area, start, end)
    end_at = aware(end + dt.timedelta(1))
    patterns = (
        CasePattern.objects.filter(case__in=cases.values("pk"), recorded_at__lt=end_at)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=aware(start)))
        .order_by()
        .values_list("pattern__code")
        .annotate(n=Count("case__child", distinct=True))
    )
    found["patterns"] = {(code,): n for code, n in patterns}
    places = Association.objects.current().filter(
        area=area, child__isnull=False, reported_on__gte=start, reported_on__lte=end
    )
    found["places"] = _grouped(
        Place.objects.filter(merged_into__isnull=True, pk__in=places.values("entity")),
        "venue_type",
    )
    reviews = Review.objects.filter(
        case__area=area,
        case__child__merged_into__isnull=True,
        held_on__gte=start,
        held_on__lte=end,
    )
    change = CaseExpression(
        When(risk_level_after__rank__lt=F("risk_level_before__rank"), then=Value("lower")),
        When(risk_level_after__rank__gt=F("risk_level_before__rank"), then=Value("higher")),
        default=Value("same"),
        output_field=CharFieldType(),
    )
    found["review-risk"] = _grouped(reviews.annotate(change=change), "change")
    found["review-child-view"] = _grouped(reviews, "child_says_things_are")
    found["closures"] = _grouped(
        Case.objects.filter(
            area=area, child__merged_into__isnull=True, closed_at__gte=aware(start)
        ).filter(closed_at__lt=end_at),
        "closure_reason__code",
    )
    open_codes = {
        "patterns": _codes(AbusePattern.objects.filter(is_active=True)),
        "closures": _codes(ClosureReason.objects.filter(is_active=True)),
    }
    return {
        table_id: counts_from(definition, found.get(table_id, {}), open_codes.get(table_id, ()))
        for table_id, definition in TABLES_BY_ID.items()
    }


def _codes(queryset: QuerySet) -> list[str]:
    return list(queryset.values_list("code", flat=True))


def reference_names() -> dict[str, dict[str, str]]:
    """Names of the codes of the dimensions the partnership's reference data defines."""
    return {
        "pattern": dict(AbusePattern.objects.values_list("code", "name")),
        "closure_reason": dict(ClosureReason.objects.values_list("code", "name")),
    }
