"""The problem profile: the partnership's picture of child exploitation over a period, in counts.

``build_profile`` works out, for the analyst's partnership and a period (the last three months
by default), the sections a problem profile has: the level and nature of exploitation, victims,
offenders, groups and gangs, gang-associated girls, high-risk places, the links between
victims, perpetrators and places, trends against the period before, disruption and its results,
and the quality of the data. Every figure is an aggregate query (``values``/``annotate``/
``Count``): nothing loops over children in Python, so it stays fast on a partnership of 100,000
children and millions of events (``bench/profile_bench.py``).

Cases, children and agency events are counted over the whole partnership: counts only, shown to
those who work with intelligence, the same trust as the pseudonymised workspace. Intelligence
(persons of concern, groups, places, associations) is what the reader's agency may see
(``intelligence.selectors``). No child is named or listed: children are only counted.

Two versions: ``restricted``, for the panel, with every number; ``board``, with small numbers
hidden so that none can be worked out (``intelligence.disclosure``). Findings are sentences
numbered F1, F2... drawn from the published figures, so the board's findings hide what its
tables hide.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case as CaseExpression
from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length, Replace, Substr, Upper
from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser
from seemehearme.cases.models import Case, CasePattern
from seemehearme.earlywarning.equality import AGE_BANDS
from seemehearme.feeds.models import AgencyEvent
from seemehearme.intelligence.figures import FigureTable
from seemehearme.intelligence.models import (
    Association,
    Concern,
    EntityKind,
    Group,
    GroupKind,
    PersonOfConcern,
    ProblemProfile,
    ProfileFinding,
    Relationship,
    VenueType,
)
from seemehearme.intelligence.selectors import visible_associations, visible_entities
from seemehearme.people.models import CareStatus, Child, Disability, Ethnicity, Gender
from seemehearme.plans.models import ActionStatus, PlanAction
from seemehearme.sharing.policy import can_use_intelligence, require

DEFAULT_MONTHS = 3
RESTRICTED = "restricted"
BOARD = "board"
VERSIONS = {RESTRICTED: "Restricted (for the panel)", BOARD: "Board (small numbers hidden)"}
TOP_PLACES = 10
MEMBERSHIP = (Relationship.MEMBER, Relationship.LEADS)
ADULT_AGE_BANDS = [
    ("under-18", "Under 18", 0, 18),
    ("18-24", "18 to 24", 18, 25),
    ("25-34", "25 to 34", 25, 35),
    ("35-44", "35 to 44", 35, 45),
    ("45-plus", "45 or over", 45, None),
]
NOT_KNOWN = "Not known"
GROUP_SIZES: list[tuple[str, str, int, int | None]] = [
    ("0", "No members recorded", 0, 1),
    ("1-4", "1 to 4", 1, 5),
    ("5-9", "5 to 9", 5, 10),
    ("10-plus", "10 or more", 10, None),
]
KIND_LABELS = {"child": "Child", **dict(EntityKind.choices)}


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last three months up to today: from the day after the same date three months ago."""
    end = today or timezone.localdate()
    month = end.month - DEFAULT_MONTHS
    year = end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(end.day, 28)
    return dt.date(year, month, day) + dt.timedelta(days=1), end


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before ``start`` to ``end``."""
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)


def aware(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day``, local time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_expression(
    field_name: str, on: dt.date, bands: list, unknown: str = ""
) -> CaseExpression:
    """The band of the date of birth in ``field_name`` on ``on``, worked out in SQL."""
    whens = []
    if unknown:
        whens.append(When(**{f"{field_name}__isnull": True}, then=Value(unknown)))
    whens += [
        When(**{f"{field_name}__gt": _years_before(on, upper)}, then=Value(code))
        for code, _, _, upper in bands
        if upper is not None
    ]
    return CaseExpression(*whens, default=Value(bands[-1][0]), output_field=CharField())


def postcode_district_expression(field_name: str) -> Any:
    """The outward code of the postcode in ``field_name`` ("NB3" for "nb3 4qx"), in SQL; use
    only where the compact postcode has five characters or more (as ``postcode_district``)."""
    compact = Upper(Replace(field_name, Value(" "), Value("")))
    return Substr(compact, 1, Length(compact) - 3)


def cases_in_period(area: Area, start: dt.date, end: dt.date) -> QuerySet[Case]:
    """The partnership's cases open at some time from ``start`` to ``end``."""
    return Case.objects.filter(
        area=area, child__merged_into__isnull=True, opened_at__lt=aware(end + dt.timedelta(1))
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=aware(start)))


def events_of(area: Area) -> QuerySet[AgencyEvent]:
    """The agency events of the partnership's agencies."""
    return AgencyEvent.objects.filter(agency__area=area)


def linked_associations(user: StaffUser, start: dt.date, end: dt.date) -> QuerySet[Association]:
    """Associations ``user`` may see, reported from ``start`` to ``end``, whose entities they
    may see too (an association is shown only with both its ends)."""
    entities = visible_entities(user).values("pk")
    return visible_associations(user).filter(
        Q(other__isnull=True) | Q(other__in=entities),
        entity__in=entities,
        reported_on__gte=start,
        reported_on__lte=end,
    )


def _active(associations: QuerySet[Association]) -> Q:
    """Entities at either end of one of ``associations`` (IN rather than EXISTS: PostgreSQL
    hashes each list once instead of probing the associations for every entity)."""
    return Q(pk__in=associations.values("entity")) | Q(
        pk__in=associations.filter(other__isnull=False).values("other")
    )


@dataclass
class Headline:
    """The figures compared between this period and the one before."""

    cases_opened: int
    children_with_cases: int
    events: int
    associations: int
    persons: int
    places: int
    disruption_actions: int


def event_counts(
    area: Area, start: dt.date, end: dt.date, previous_start: dt.date, previous_end: dt.date
) -> dict[str, int]:
    """The agency event counts the profile needs, in one pass over the events of both periods
    (events are millions of rows, and no index starts with the date)."""
    this_period = Q(occurred_on__gte=start)
    return (
        events_of(area)
        .filter(occurred_on__gte=previous_start, occurred_on__lte=end)
        .aggregate(
            now=Count("pk", filter=this_period),
            before=Count("pk", filter=Q(occurred_on__lte=previous_end)),
            no_postcode=Count("pk", filter=this_period & Q(postcode="")),
            no_child=Count("pk", filter=this_period & Q(child__isnull=True)),
        )
    )


def headline(
    user: StaffUser, area: Area, start: dt.date, end: dt.date, *, events: int | None = None
) -> Headline:
    """The measures compared between periods; ``events`` if already counted."""
    associations = linked_associations(user, start, end)
    cases = cases_in_period(area, start, end)
    return Headline(
        cases_opened=cases.filter(opened_at__gte=aware(start)).count(),
        children_with_cases=cases.values("child").distinct().count(),
        events=events
        if events is not None
        else events_of(area).filter(occurred_on__gte=start, occurred_on__lte=end).count(),
        associations=associations.count(),
        persons=PersonOfConcern.objects.filter(
            pk__in=visible_entities(user, EntityKind.PERSON).values("pk")
        )
        .filter(_active(associations))
        .count(),
        places=associations.filter(child__isnull=False, entity__kind=EntityKind.PLACE)
        .values("entity")
        .distinct()
        .count(),
        disruption_actions=_disruption_actions(area, start, end).count(),
    )


def _disruption_actions(area: Area, start: dt.date, end: dt.date) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(
        plan__case__area=area,
        disruption_tactic__isnull=False,
        created_at__gte=aware(start),
        created_at__lt=aware(end + dt.timedelta(1)),
    )


@dataclass
class Section:
    key: str
    title: str
    summary: str
    tables: list[FigureTable] = field(default_factory=list)


@dataclass
class ProfileFigures:
    """The profile's exact counts, before a version is chosen."""

    area: Area
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    sections: list[Section]

    def table(self, key: str) -> FigureTable:
        return next(t for s in self.sections for t in s.tables if t.key == key)


def build_profile(*, user: StaffUser, start: dt.date, end: dt.date) -> ProfileFigures:
    """The problem profile of ``user``'s partnership for ``start`` to ``end`` (inclusive)."""
    assert user.agency is not None
    area = user.agency.area
    previous_start, previous_end = previous_period(start, end)
    associations = linked_associations(user, start, end)
    events = event_counts(area, start, end, previous_start, previous_end)
    sections = [
        _level_and_nature(area, start, end),
        _victims(area, start, end),
        _offenders(user, associations, end),
        _groups(user, associations),
        _gang_associated_girls(user, associations, end),
        _places(associations),
        _links(associations),
        _trends(user, area, start, end, previous_start, previous_end, events),
        _disruption(area, start, end),
        _data_quality(area, start, end, events),
    ]
    return ProfileFigures(area, start, end, previous_start, previous_end, sections)


def _choice_rows(counts: dict[str, int], choices: list[tuple[str, str]]) -> list:
    return [(str(label), [counts.get(code, 0)]) for code, label in choices]


def _level_and_nature(area: Area, start: dt.date, end: dt.date) -> Section:
    cases = cases_in_period(area, start, end)
    end_at = aware(end + dt.timedelta(1))
    figures = cases.aggregate(
        active=Count("pk"),
        opened=Count("pk", filter=Q(opened_at__gte=aware(start))),
        closed=Count("pk", filter=Q(closed_at__lt=end_at)),
        open_at_end=Count("pk", filter=Q(closed_at__isnull=True) | Q(closed_at__gte=end_at)),
    )
    levels = (
        cases.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end_at))
        .order_by()
        .values("risk_level__scheme", "risk_level__rank", "risk_level__name")
        .annotate(n=Count("pk"))
        .order_by("risk_level__scheme", "-risk_level__rank")
    )
    current = CasePattern.objects.filter(removed_at__isnull=True, case__in=cases.values("pk"))
    patterns = (
        current.order_by()
        .values("pattern__name", "pattern__order")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "pattern__order", "pattern__name")
    )
    no_pattern = cases.exclude(
        Exists(CasePattern.objects.filter(removed_at__isnull=True, case=OuterRef("pk")))
    ).count()
    return Section(
        "level",
        "Level and nature of exploitation",
        "Cases of the partnership's children open at some time in the period, the risk level of "
        "those open at its end (their level now), and the patterns of abuse recorded on them.",
        [
            FigureTable(
                "cases",
                "Cases",
                "Cases",
                ["Number"],
                [
                    ("Open at some time in the period", [figures["active"]]),
                    ("Opened in the period", [figures["opened"]]),
                    ("Closed in the period", [figures["closed"]]),
                    ("Open at the end of the period", [figures["open_at_end"]]),
                ],
            ),
            FigureTable(
                "risk",
                "Risk level of cases open at the end of the period",
                "Risk level",
                ["Cases"],
                [(row["risk_level__name"], [row["n"]]) for row in levels],
                kind="breakdown",
                total_label="All open cases",
            ),
            FigureTable(
                "patterns",
                "Patterns of abuse recorded",
                "Pattern of abuse",
                ["Cases"],
                [(row["pattern__name"], [row["n"]]) for row in patterns]
                + [("No pattern recorded", [no_pattern])],
                note="A case can have more than one pattern, so these do not add up to the cases.",
            ),
        ],
    )


def _victims(area: Area, start: dt.date, end: dt.date) -> Section:
    cases = cases_in_period(area, start, end)
    children = (
        Child.objects.filter(area=area, merged_into__isnull=True)
        .filter(Exists(cases.filter(child=OuterRef("pk"))))
        .annotate(band=age_band_expression("date_of_birth", end, AGE_BANDS))
        .order_by()
        .values("gender", "ethnicity", "disability", "care_status", "band")
        .annotate(n=Count("pk"))
    )
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    gender_band: dict[tuple[str, str], int] = defaultdict(int)
    for row in children:
        for name in ("gender", "ethnicity", "disability", "care_status", "band"):
            by[name][row[name]] += row["n"]
        gender_band[(row["gender"], row["band"])] += row["n"]
    bands = [(code, label) for code, label, _, _ in AGE_BANDS]

    def breakdown(key: str, title: str, header: str, name: str, choices: list) -> FigureTable:
        return FigureTable(
            key,
            title,
            header,
            ["Children"],
            _choice_rows(by[name], choices),
            kind="breakdown",
            total_label="All children",
        )

    return Section(
        "victims",
        "Victims",
        "Children with a case open at some time in the period, by age at its end, gender, "
        "ethnicity, disability and care status. Counted, never named.",
        [
            FigureTable(
                "victims-gender-age",
                "Children by gender and age",
                "Gender",
                [label for _, label in bands],
                [
                    (str(label), [gender_band.get((code, band), 0) for band, _ in bands])
                    for code, label in Gender.choices
                ],
                kind="two_way",
                total_label="All children",
            ),
            breakdown("victims-age", "Children by age", "Age", "band", bands),
            breakdown("victims-gender", "Children by gender", "Gender", "gender", Gender.choices),
            breakdown(
                "victims-ethnicity",
                "Children by ethnicity",
                "Ethnicity",
                "ethnicity",
                Ethnicity.choices,
            ),
            breakdown(
                "victims-disability",
                "Children by disability",
                "Disability",
                "disability",
                Disability.choices,
            ),
            breakdown(
                "victims-care",
                "Children by care status",
                "Care status",
                "care_status",
                CareStatus.choices,
            ),
        ],
    )


def _offenders(user: StaffUser, associations: QuerySet[Association], end: dt.date) -> Section:
    persons = (
        PersonOfConcern.objects.filter(
            pk__in=visible_entities(user, EntityKind.PERSON).values("pk")
        )
        .filter(_active(associations))
        .annotate(band=age_band_expression("date_of_birth", end, ADULT_AGE_BANDS, "unknown"))
        .order_by()
        .values("concern", "gender", "ethnicity", "nationality", "band")
        .annotate(n=Count("pk"))
    )
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in persons:
        for name in ("concern", "gender", "ethnicity", "band"):
            by[name][row[name]] += row["n"]
        by["nationality"][row["nationality"].strip() or NOT_KNOWN] += row["n"]
    nationalities = sorted(by["nationality"].items(), key=lambda item: (-item[1], item[0]))
    bands = [(code, label) for code, label, _, _ in ADULT_AGE_BANDS] + [("unknown", NOT_KNOWN)]

    def breakdown(key: str, title: str, header: str, rows: list) -> FigureTable:
        return FigureTable(
            key, title, header, ["Persons"], rows, kind="breakdown", total_label="All persons"
        )

    return Section(
        "offenders",
        "Offenders",
        "Persons of concern linked to anyone or anything by an association reported in the "
        "period, as the national audit of group-based exploitation asks: concern, gender, "
        "ethnicity, nationality and age at the period's end.",
        [
            breakdown(
                "offenders-concern",
                "Persons of concern by concern",
                "Concern",
                _choice_rows(by["concern"], Concern.choices),
            ),
            breakdown(
                "offenders-gender",
                "Persons of concern by gender",
                "Gender",
                _choice_rows(by["gender"], Gender.choices),
            ),
            breakdown(
                "offenders-ethnicity",
                "Persons of concern by ethnicity",
                "Ethnicity",
                _choice_rows(by["ethnicity"], Ethnicity.choices),
            ),
            breakdown(
                "offenders-nationality",
                "Persons of concern by nationality",
                "Nationality",
                [(name, [n]) for name, n in nationalities],
            ),
            breakdown(
                "offenders-age",
                "Persons of concern by age",
                "Age",
                _choice_rows(by["band"], bands),
            ),
        ],
    )


def _members(user: StaffUser) -> QuerySet[Association]:
    """Current associations (any date) saying an entity is a member or leader of a group."""
    entities = visible_entities(user).values("pk")
    return visible_associations(user).filter(
        relationship__in=MEMBERSHIP,
        other__kind=EntityKind.GROUP,
        entity__in=entities,
        other__in=entities,
    )


def _groups(user: StaffUser, associations: QuerySet[Association]) -> Section:
    members = _members(user)
    groups = (
        Group.objects.filter(pk__in=visible_entities(user, EntityKind.GROUP).values("pk"))
        .filter(_active(associations))
        .annotate(
            size=Count(
                "associations_to__entity",
                filter=Q(associations_to__in=members.values("pk")),
                distinct=True,
            )
        )
    )
    kinds = dict(groups.order_by().values_list("group_kind").annotate(n=Count("pk", distinct=True)))
    sizes: dict[str, int] = defaultdict(int)
    for size in groups.values_list("size", flat=True):  # one number per group: a few hundred
        code = next(
            code
            for code, _, low, high in GROUP_SIZES
            if size >= low and (high is None or size < high)
        )
        sizes[code] += 1
    patterns = (
        Group.patterns.through.objects.filter(group__in=groups.values("pk"))
        .order_by()
        .values("abusepattern__name")
        .annotate(n=Count("group", distinct=True))
        .order_by("-n", "abusepattern__name")
    )
    return Section(
        "groups",
        "Groups and gangs",
        "Groups, gangs and networks linked by an association reported in the period: their "
        "kind, the patterns of abuse they are thought to show, and their size (members and "
        "leaders recorded, at any date).",
        [
            FigureTable(
                "groups-kind",
                "Groups by kind",
                "Kind",
                ["Groups"],
                _choice_rows(kinds, GroupKind.choices),
                kind="breakdown",
                total_label="All groups",
            ),
            FigureTable(
                "groups-size",
                "Groups by size",
                "Members",
                ["Groups"],
                [(label, [sizes.get(code, 0)]) for code, label, _, _ in GROUP_SIZES],
                kind="breakdown",
                total_label="All groups",
            ),
            FigureTable(
                "groups-patterns",
                "Patterns of abuse groups are thought to show",
                "Pattern of abuse",
                ["Groups"],
                [(row["abusepattern__name"], [row["n"]]) for row in patterns],
                note="A group can show more than one pattern.",
            ),
        ],
    )


def _gang_associated_girls(
    user: StaffUser, associations: QuerySet[Association], end: dt.date
) -> Section:
    members = _members(user)
    groups = visible_entities(user, EntityKind.GROUP).values("pk")
    linked = associations.filter(child__isnull=False).filter(
        Q(entity__in=groups) | Q(entity__in=members.values("entity"))
    )
    children = (
        Child.objects.filter(merged_into__isnull=True, pk__in=linked.values("child"))
        .annotate(band=age_band_expression("date_of_birth", end, AGE_BANDS))
        .order_by()
        .values("gender", "band")
        .annotate(n=Count("pk"))
    )
    by_gender: dict[str, int] = defaultdict(int)
    girls_by_band: dict[str, int] = defaultdict(int)
    for row in children:
        by_gender[row["gender"]] += row["n"]
        if row["gender"] == Gender.GIRL:
            girls_by_band[row["band"]] += row["n"]
    return Section(
        "girls",
        "Gang-associated girls",
        "Children linked, by an association reported in the period, to a group or gang or to "
        "one of its members or leaders. Girls are too often seen only as girlfriends of gang "
        "members rather than as exploited.",
        [
            FigureTable(
                "girls-gender",
                "Children linked to groups or their members, by gender",
                "Gender",
                ["Children"],
                _choice_rows(by_gender, Gender.choices),
                kind="breakdown",
                total_label="All children",
            ),
            FigureTable(
                "girls-age",
                "Girls linked to groups or their members, by age",
                "Age",
                ["Girls"],
                [(label, [girls_by_band.get(code, 0)]) for code, label, _, _ in AGE_BANDS],
                kind="breakdown",
                total_label="All girls",
            ),
        ],
    )


def place_rows(associations: QuerySet[Association], limit: int | None = None) -> list[dict]:
    """Places linked to children by ``associations``: most children first."""
    rows = (
        associations.filter(child__isnull=False, entity__kind=EntityKind.PLACE)
        .order_by()
        .values("entity", "entity__label", "entity__place__venue_type", "entity__place__district")
        .annotate(children=Count("child", distinct=True), links=Count("pk"))
        .order_by("-children", "-links", "entity__label")
    )
    return list(rows[:limit] if limit else rows)


def venue_type_rows(associations: QuerySet[Association]) -> dict[str, dict[str, int]]:
    rows = (
        associations.filter(child__isnull=False, entity__kind=EntityKind.PLACE)
        .order_by()
        .values("entity__place__venue_type")
        .annotate(
            places=Count("entity", distinct=True),
            children=Count("child", distinct=True),
            links=Count("pk"),
        )
    )
    return {row["entity__place__venue_type"]: row for row in rows}


def _places(associations: QuerySet[Association]) -> Section:
    top = place_rows(associations, TOP_PLACES)
    venues = venue_type_rows(associations)
    venue_labels = dict(VenueType.choices)
    return Section(
        "places",
        "High-risk places",
        "Places linked to children by associations reported in the period: the places linked "
        f"to most children (up to {TOP_PLACES}), and the kinds of venue.",
        [
            FigureTable(
                "places-top",
                "Places linked to most children",
                "Place",
                ["Children", "Associations"],
                [(row["entity__label"], [row["children"], row["links"]]) for row in top],
            ),
            FigureTable(
                "places-venue",
                "Kinds of venue linked to children",
                "Kind of venue",
                ["Children", "Places", "Associations"],
                [
                    (
                        str(venue_labels.get(code, code)),
                        [row["children"], row["places"], row["links"]],
                    )
                    for code, row in sorted(venues.items(), key=lambda item: -item[1]["children"])
                ],
                note="A child linked to two kinds of venue is counted in both.",
            ),
        ],
    )


def _links(associations: QuerySet[Association]) -> Section:
    rows = associations.order_by().values("entity__kind", "other__kind").annotate(n=Count("pk"))
    counts = {(row["entity__kind"], row["other__kind"] or "child"): row["n"] for row in rows}
    kinds = [code for code, _ in EntityKind.choices]
    used_from = [k for k in kinds if any(counts.get((k, o), 0) for o in ["child", *kinds])]
    used_to = [o for o in ["child", *kinds] if any(counts.get((k, o), 0) for k in kinds)]
    return Section(
        "links",
        "Links between victims, perpetrators and places",
        "Associations reported in the period, by the kind of thing at each end.",
        [
            FigureTable(
                "links",
                "Associations by what they link",
                "From",
                [f"To {KIND_LABELS[o].lower()}" for o in used_to],
                [
                    (str(KIND_LABELS[k]), [counts.get((k, o), 0) for o in used_to])
                    for k in used_from
                ],
                kind="two_way",
                total_label="All associations",
            )
        ]
        if used_from
        else [],
    )


def _trends(
    user: StaffUser,
    area: Area,
    start: dt.date,
    end: dt.date,
    previous_start: dt.date,
    previous_end: dt.date,
    events: dict[str, int],
) -> Section:
    now = headline(user, area, start, end, events=events["now"])
    before = headline(user, area, previous_start, previous_end, events=events["before"])
    measures = [
        ("Cases opened", "cases_opened"),
        ("Children with a case open", "children_with_cases"),
        ("Agency events", "events"),
        ("Associations reported", "associations"),
        ("Persons of concern linked", "persons"),
        ("Places linked to children", "places"),
        ("Disruption actions agreed", "disruption_actions"),
    ]
    return Section(
        "trends",
        "Trends",
        "This period against the period of the same length just before it.",
        [
            FigureTable(
                "trends",
                "This period and the one before",
                "Measure",
                ["This period", "Period before"],
                [(label, [getattr(now, name), getattr(before, name)]) for label, name in measures],
                derived="change",
            )
        ],
    )


def _disruption(area: Area, start: dt.date, end: dt.date) -> Section:
    rows = (
        _disruption_actions(area, start, end)
        .order_by()
        .values("disruption_tactic__name", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["disruption_tactic__name"]][row["status"]] = row["n"]
    return Section(
        "disruption",
        "Disruption and its results",
        "Actions on children's protection plans that use a disruption tactic, agreed in the "
        "period, by tactic and where they have got to now.",
        [
            FigureTable(
                "disruption",
                "Disruption actions by tactic and status",
                "Tactic",
                [str(label) for _, label in ActionStatus.choices],
                [
                    (tactic, [counts[tactic].get(code, 0) for code, _ in ActionStatus.choices])
                    for tactic in sorted(counts)
                ],
                kind="two_way",
                total_label="All disruption actions",
            )
        ]
        if counts
        else [],
    )


def _data_quality(area: Area, start: dt.date, end: dt.date, events: dict[str, int]) -> Section:
    cases = cases_in_period(area, start, end)
    figures = cases.aggregate(
        all=Count("pk"),
        no_pattern=Count(
            "pk",
            filter=~Q(
                Exists(CasePattern.objects.filter(removed_at__isnull=True, case=OuterRef("pk")))
            ),
        ),
        review=Count("pk", filter=~Q(risk_review_due="")),
    )
    return Section(
        "quality",
        "Data quality",
        "How far the figures above can be trusted. Every case has a risk level (it cannot be "
        "saved without one), so the gap shown is levels waiting for review.",
        [
            FigureTable(
                "quality",
                "Gaps in the records",
                "Gap",
                ["Number", "Out of"],
                [
                    (
                        "Cases with no pattern of abuse recorded",
                        [figures["no_pattern"], figures["all"]],
                    ),
                    (
                        "Cases whose risk level is waiting for review",
                        [figures["review"], figures["all"]],
                    ),
                    ("Agency events with no postcode", [events["no_postcode"], events["now"]]),
                    ("Agency events not matched to a child", [events["no_child"], events["now"]]),
                ],
                derived="share",
                chart=False,
            )
        ],
    )


# --- Publishing ---------------------------------------------------------------------------------


def published(figures: ProfileFigures, version: str) -> dict[str, Any]:
    """The profile as published in ``version``: its tables as shown and its numbered findings,
    JSON-ready (a saved profile keeps exactly this)."""
    suppressed = version == BOARD
    sections = [
        {
            "key": section.key,
            "title": section.title,
            "summary": section.summary,
            "tables": [table.shown(suppressed=suppressed) for table in section.tables],
        }
        for section in figures.sections
    ]
    return {"sections": sections, "findings": findings(sections)}


def _cell(sections: list[dict], key: str, label: str, column: int = 0) -> dict[str, Any] | None:
    for section in sections:
        for table in section["tables"]:
            if table["key"] != key:
                continue
            if label == "__total__":
                return table["total"]["cells"][column] if table["total"] else None
            for row in table["rows"]:
                if row["label"] == label:
                    return row["cells"][column]
    return None


def _text(cell: dict[str, Any] | None) -> str:
    return cell["text"] if cell else "0"


def _rows(sections: list[dict], key: str) -> list[dict]:
    for section in sections:
        for table in section["tables"]:
            if table["key"] == key:
                return list(table["rows"])
    return []


def _many(cell: dict[str, Any] | None, one: str, many: str) -> str:
    """ "1 child", "4 children", "fewer than 5 children"."""
    text = _text(cell)
    return f"{text} {one if text == '1' else many}"


def findings(sections: list[dict]) -> list[dict[str, Any]]:
    """The profile's findings in words, numbered F1, F2..., from the published figures only."""

    def cell(key: str, label: str, column: int = 0) -> str:
        return _text(_cell(sections, key, label, column))

    said: list[str] = [
        f"Cases open at some time in the period: {cell('cases', 'Open at some time in the period')}"
        f", of which opened in it: {cell('cases', 'Opened in the period')}."
    ]
    patterns = [r for r in _rows(sections, "patterns") if r["label"] != "No pattern recorded"]
    if patterns:
        top = patterns[0]
        said.append(
            f"Pattern of abuse recorded on most cases: {top['label'].lower()} "
            f"({_many(top['cells'][0], 'case', 'cases')}). Cases with no pattern recorded: "
            f"{cell('patterns', 'No pattern recorded')}."
        )
    said.append(
        f"Children with a case: {cell('victims-gender', '__total__')} (girls "
        f"{cell('victims-gender', 'Female')}, boys {cell('victims-gender', 'Male')}; looked "
        f"after {cell('victims-care', 'Looked after child')})."
    )
    said.append(
        f"Persons of concern linked in the period: {cell('offenders-gender', '__total__')} "
        f"(suspects {cell('offenders-concern', 'Suspect')})."
    )
    said.append(f"Groups or gangs linked in the period: {cell('groups-kind', '__total__')}.")
    said.append(
        "Girls linked to a group or gang or to one of its members: "
        f"{cell('girls-gender', 'Female')}."
    )
    for row in _rows(sections, "places-top")[:3]:
        said.append(f"{row['label']} was linked to {_many(row['cells'][0], 'child', 'children')}.")
    venues = _rows(sections, "places-venue")
    if venues:
        said.append(
            f"Kind of venue linked to most children: {venues[0]['label'].lower()} "
            f"({venues[0]['cells'][0]['text']})."
        )
    for row in _rows(sections, "trends"):
        if row["label"] in {"Cases opened", "Agency events"}:
            said.append(
                f"{row['label']}: {row['cells'][0]['text']} in this period against "
                f"{row['cells'][1]['text']} in the one before ({row['cells'][2]['text']})."
            )
    disruption = _cell(sections, "disruption", "__total__", -1)
    if disruption is not None:
        said.append(
            f"Disruption actions agreed in the period: {_text(disruption)}, of which done: "
            f"{cell('disruption', '__total__', 2)}."
        )
    for row in _rows(sections, "quality")[:1]:
        said.append(f"{row['label']}: {row['cells'][0]['text']} of {row['cells'][1]['text']}.")
    return [{"number": n, "text": text} for n, text in enumerate(said, start=1)]


@transaction.atomic
def profile_save(*, user: StaffUser, start: dt.date, end: dt.date, version: str) -> ProblemProfile:
    """Build the profile and keep it as published, with one row per numbered finding so that
    plan actions can cite them."""
    decision = can_use_intelligence(user)
    require(decision)
    if version not in VERSIONS:
        raise ValueError(f"no such version: {version}")
    assert user.agency is not None
    publication = published(build_profile(user=user, start=start, end=end), version)
    profile = ProblemProfile.objects.create(
        area=user.agency.area,
        period_start=start,
        period_end=end,
        version=version,
        generated_by=user,
        sections=publication["sections"],
        findings=publication["findings"],
    )
    ProfileFinding.objects.bulk_create(
        ProfileFinding(profile=profile, number=finding["number"], text=finding["text"])
        for finding in publication["findings"]
    )
    return profile
