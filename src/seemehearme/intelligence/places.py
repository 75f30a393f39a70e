"""Places and trends: where children are being linked to, and how things change month by month.

For the analyst's partnership and a period:

- hotspots by place: the places linked to most children by associations reported in the period;
- by kind of venue (hotel, takeaway, taxi, park, house, school...);
- by postcode district: places' districts (places, children linked) and agency events' postcodes
  (events in the period);
- monthly trends: agency events, associations reported and cases opened, month by month for the
  twelve months up to the period's end;
- repeat locations: places linked to two children or more in the period.

Children are counted, never named or listed. Places, and the associations that link them, are
what the reader's agency may see (``intelligence.selectors``); events and cases are counted over
the whole partnership (counts only, the same trust as the pseudonymised workspace). Aggregate
queries only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as CaseExpression
from django.db.models import CharField, Count, Q, Value, When
from django.db.models.functions import Length, Replace

from seemehearme.areas.models import StaffUser
from seemehearme.cases.models import Case
from seemehearme.dates import long_date
from seemehearme.intelligence.figures import FigureTable
from seemehearme.intelligence.models import EntityKind, VenueType
from seemehearme.intelligence.profile import (
    aware,
    events_of,
    linked_associations,
    place_rows,
    postcode_district_expression,
    venue_type_rows,
)

HOTSPOTS = 20
MONTHS = 12
NO_DISTRICT = "No postcode"


@dataclass
class PlacesAndTrends:
    start: dt.date
    end: dt.date
    hotspots: FigureTable
    venues: FigureTable
    place_districts: FigureTable
    event_districts: FigureTable
    months: FigureTable
    repeats: FigureTable

    @property
    def tables(self) -> list[FigureTable]:
        return [
            self.hotspots,
            self.venues,
            self.place_districts,
            self.event_districts,
            self.months,
            self.repeats,
        ]


def month_starts(end: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of the ``months`` months up to and including ``end``'s, oldest first."""
    firsts = []
    year, month = end.year, end.month
    for _ in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def places_and_trends(*, user: StaffUser, start: dt.date, end: dt.date) -> PlacesAndTrends:
    """The places page's figures for ``user``'s partnership, ``start`` to ``end`` inclusive."""
    assert user.agency is not None
    area = user.agency.area
    associations = linked_associations(user, start, end)
    venue_labels = dict(VenueType.choices)

    places = place_rows(associations)
    hotspots = FigureTable(
        "hotspots",
        "Places linked to most children",
        "Place",
        ["Children", "Associations"],
        [(row["entity__label"], [row["children"], row["links"]]) for row in places[:HOTSPOTS]],
        note=f"Up to {HOTSPOTS} places, most children first.",
    )
    repeats = FigureTable(
        "repeats",
        "Repeat locations: places linked to two children or more",
        "Place",
        ["Children", "Associations"],
        [
            (_place_label(row, venue_labels), [row["children"], row["links"]])
            for row in places
            if row["children"] >= 2
        ],
    )
    venues = venue_type_rows(associations)
    venue_table = FigureTable(
        "venues",
        "By kind of venue",
        "Kind of venue",
        ["Children", "Places", "Associations"],
        [
            (str(label), [venues[code]["children"], venues[code]["places"], venues[code]["links"]])
            for code, label in VenueType.choices
            if code in venues
        ],
        note="A child linked to two kinds of venue is counted in both.",
    )

    by_district = (
        associations.filter(child__isnull=False, entity__kind=EntityKind.PLACE)
        .order_by()
        .values("entity__place__district")
        .annotate(
            children=Count("child", distinct=True),
            places=Count("entity", distinct=True),
            links=Count("pk"),
        )
        .order_by("-children", "entity__place__district")
    )
    place_districts = FigureTable(
        "place-districts",
        "Places' postcode districts",
        "District",
        ["Children", "Places", "Associations"],
        [
            (
                row["entity__place__district"] or NO_DISTRICT,
                [row["children"], row["places"], row["links"]],
            )
            for row in by_district
        ],
    )

    # One grouped pass: the district of each whole postcode, "" for the rest.
    event_counts = list(
        events_of(area)
        .filter(occurred_on__gte=start, occurred_on__lte=end)
        .annotate(size=Length(Replace("postcode", Value(" "), Value(""))))
        .annotate(
            district=CaseExpression(
                When(size__gte=5, then=postcode_district_expression("postcode")),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by()
        .values("district")
        .annotate(n=Count("pk"))
        .order_by("-n", "district")
    )
    rows = [(row["district"], [row["n"]]) for row in event_counts if row["district"]]
    no_postcode = sum(row["n"] for row in event_counts if not row["district"])
    event_districts = FigureTable(
        "event-districts",
        "Agency events by postcode district",
        "District",
        ["Events"],
        rows + ([(NO_DISTRICT, [no_postcode])] if no_postcode else []),
        kind="breakdown",
        total_label="All events",
        note="From the postcode each agency gave for where the event happened.",
    )

    firsts = month_starts(end)
    first_day = firsts[0]
    bounds = [*firsts[1:], end + dt.timedelta(days=1)]  # each month's first day after it
    events_by_month = (
        events_of(area)
        .filter(occurred_on__gte=first_day, occurred_on__lte=end)
        .aggregate(**_by_month("occurred_on", firsts, bounds))
    )
    links_by_month = linked_associations(user, first_day, end).aggregate(
        **_by_month("reported_on", firsts, bounds)
    )
    cases_by_month = Case.objects.filter(
        area=area, opened_at__gte=aware(first_day), opened_at__lt=aware(bounds[-1])
    ).aggregate(**_by_month("opened_at", [aware(d) for d in firsts], [aware(d) for d in bounds]))
    per_month = {
        first: [
            events_by_month[f"m{i}"],
            links_by_month[f"m{i}"],
            cases_by_month[f"m{i}"],
        ]
        for i, first in enumerate(firsts)
    }
    months = FigureTable(
        "months",
        f"Month by month, the {MONTHS} months to {long_date(end)}",
        "Month",
        ["Agency events", "Associations reported", "Cases opened"],
        [(first.strftime("%B %Y"), per_month[first]) for first in firsts],
        kind="breakdown",
        total_label=f"All {MONTHS} months",
        note="The first and last months may be part months.",
    )
    return PlacesAndTrends(
        start, end, hotspots, venue_table, place_districts, event_districts, months, repeats
    )


def _by_month(field: str, starts: list, ends: list) -> dict[str, Count]:
    """One count per month, in a single pass (no per-row date truncation, which is slow in
    SQLite): ``m0`` for the first month and so on."""
    return {
        f"m{i}": Count("pk", filter=Q(**{f"{field}__gte": start, f"{field}__lt": stop}))
        for i, (start, stop) in enumerate(zip(starts, ends, strict=True))
    }


def _place_label(row: dict, venue_labels: dict) -> str:
    """ "The Test Hotel (Hotel or guest house, NB1)": the place with its kind and district."""
    details = [str(venue_labels.get(row["entity__place__venue_type"], ""))]
    if row["entity__place__district"]:
        details.append(row["entity__place__district"])
    return f"{row['entity__label']} ({', '.join(details)})"
