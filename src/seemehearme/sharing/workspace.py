"""The analyst's workspace: the partnership's children as pseudonyms with broad details only.

Each row holds a pseudonym, an age band, gender, ethnicity, care status, the postcode district
(the outward code: "NB3", never the full postcode), whether a case is open and at what risk
level, and how many agency events arrived in the last 90 days. Never a name, date of birth,
address, ID or free text: the rows are built here from those columns alone, so a template or
download cannot reach the rest of the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from seemehearme.areas.models import Area
from seemehearme.cases.models import Case, CaseStatus, RiskLevel
from seemehearme.feeds.models import AgencyEvent
from seemehearme.people.models import CareStatus, Child, Ethnicity, Gender
from seemehearme.sharing.pseudonyms import pseudonyms

EVENT_DAYS = 90
NO_OPEN_CASE = "none"


@dataclass(frozen=True)
class AgeBand:
    code: str
    label: str
    youngest: int
    oldest: int  # inclusive


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("0-9", "Under 10", 0, 9),
    AgeBand("10-12", "10 to 12", 10, 12),
    AgeBand("13-15", "13 to 15", 13, 15),
    AgeBand("16-17", "16 to 17", 16, 17),
    AgeBand("18+", "18 and over", 18, 200),
)


def age_band(age: int) -> AgeBand:
    return next(band for band in AGE_BANDS if band.youngest <= age <= band.oldest)


def postcode_district(postcode: str) -> str:
    """The outward code of a UK postcode ("NB3 4QT" gives "NB3"); empty if there is none."""
    compact = "".join(postcode.split()).upper()
    if len(compact) < 5:  # not a whole postcode: show nothing rather than guess
        return ""
    return compact[:-3]


@dataclass(frozen=True)
class WorkspaceRow:
    pseudonym: str
    age_band: str
    gender: str
    ethnicity: str
    care_status: str
    district: str
    open_case: bool
    risk_level: str
    events_recent: int


CSV_COLUMNS = [
    "Pseudonym",
    "Age band",
    "Gender",
    "Ethnicity",
    "Care status",
    "Postcode district",
    "Open case",
    "Risk level",
    f"Agency events in the last {EVENT_DAYS} days",
]


def csv_cells(row: WorkspaceRow) -> list[str]:
    return [
        row.pseudonym,
        row.age_band,
        row.gender,
        row.ethnicity,
        row.care_status,
        row.district,
        "Yes" if row.open_case else "No",
        row.risk_level,
        str(row.events_recent),
    ]


def risk_levels_in_use(area: Area) -> QuerySet[RiskLevel]:
    """The risk levels of the partnership's open cases, for the filter."""
    return RiskLevel.objects.filter(
        pk__in=Case.objects.filter(child__area=area, status=CaseStatus.OPEN).values("risk_level_id")
    ).order_by("scheme", "rank")


def workspace_children(
    *,
    area: Area,
    age_band_code: str = "",
    gender: str = "",
    risk: str = "",
    on: dt.date | None = None,
) -> QuerySet[Child]:
    """The partnership's children (not records merged into another), filtered, most serious
    risk first. Only the columns the rows need are read."""
    on = on or timezone.localdate()
    open_cases = Case.objects.filter(child=OuterRef("pk"), status=CaseStatus.OPEN)
    recent = (
        AgencyEvent.objects.filter(
            child=OuterRef("pk"), occurred_on__gt=on - dt.timedelta(days=EVENT_DAYS)
        )
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
        .values("n")
    )
    children = (
        Child.objects.filter(area=area, merged_into__isnull=True)
        .only("pk", "date_of_birth", "gender", "ethnicity", "care_status", "postcode")
        .annotate(
            open_risk=Subquery(open_cases.values("risk_level__name")[:1]),
            open_risk_id=Subquery(open_cases.values("risk_level_id")[:1]),
            open_risk_rank=Subquery(open_cases.values("risk_level__rank")[:1]),
            events_recent=Coalesce(Subquery(recent, output_field=IntegerField()), 0),
        )
    )
    band = next((band for band in AGE_BANDS if band.code == age_band_code), None)
    if band is not None:
        children = children.filter(
            date_of_birth__gt=_birthday_years_ago(on, band.oldest + 1),
            date_of_birth__lte=_birthday_years_ago(on, band.youngest),
        )
    if gender in Gender.values:
        children = children.filter(gender=gender)
    if risk == NO_OPEN_CASE:
        children = children.filter(open_risk_id__isnull=True)
    elif risk.isdigit():
        children = children.filter(open_risk_id=int(risk))
    return children.order_by(Coalesce("open_risk_rank", -1).desc(), "-events_recent", "pk")


def _birthday_years_ago(on: dt.date, years: int) -> dt.date:
    """The date ``years`` years before ``on`` (29 February falls back to the 28th)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def workspace_rows(
    *, area: Area, children: list[Child], on: dt.date | None = None
) -> list[WorkspaceRow]:
    """The rows to show for ``children`` (from ``workspace_children``)."""
    on = on or timezone.localdate()
    codes = pseudonyms(area, (child.pk for child in children))
    return [
        WorkspaceRow(
            pseudonym=codes[child.pk],
            age_band=age_band(child.age_on(on)).label,
            gender=Gender(child.gender).label if child.gender in Gender.values else "",
            ethnicity=Ethnicity(child.ethnicity).label
            if child.ethnicity in Ethnicity.values
            else "",
            care_status=CareStatus(child.care_status).label
            if child.care_status in CareStatus.values
            else "",
            district=postcode_district(child.postcode),
            open_case=child.open_risk_id is not None,  # type: ignore[attr-defined]
            risk_level=child.open_risk or "",  # type: ignore[attr-defined]
            events_recent=child.events_recent,  # type: ignore[attr-defined]
        )
        for child in children
    ]
