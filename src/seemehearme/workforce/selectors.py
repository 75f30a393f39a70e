"""Who is trained and supervised: compliance with the partnership's training and supervision
standards on a given date, for the whole partnership, by agency, role and team.

The public functions for other apps (the board's indicator "staff trained and supervised"):

- ``trained_and_supervised(area, on) -> Figure``: the partnership's figure on ``on``, with its
  numerator (staff compliant), denominator (staff in scope) and the staff included.
- ``compliance(area, on) -> Compliance``: the same figure with its breakdowns by agency, role
  and team, each a ``Figure`` naming the staff behind it.

Both cost the same five queries however many staff there are (courses, supervision standards,
staff, training grouped by person and course, last supervision grouped by person).

Definitions (docs/workforce.md):

- **In scope**: active staff of an agency in the partnership whose role must have at least
  one course offered in forms, or for whom a supervision standard is set.
- **Trained**: every course their role requires (``TrainingCourse.required_for``, courses
  offered in forms) was completed on or before ``on`` and has not expired by ``on`` (a course
  expires on its expiry date; a course with no validity never expires).
- **Supervised**: their last supervision on or before ``on`` was at most the standard's
  interval in days before ``on`` (a team's standard for the role wins over the role's
  partnership-wide one); someone with no standard counts as supervised.
- **Compliant**: trained and supervised.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from seemehearme.areas.models import Area, Role, StaffUser, Team
from seemehearme.dates import long_date
from seemehearme.workforce.models import (
    SupervisionSession,
    SupervisionStandard,
    TrainingCourse,
    TrainingRecord,
)


@dataclass(frozen=True)
class Gap:
    """A course someone's role requires that they do not have in date."""

    course: TrainingCourse
    expired_on: dt.date | None = None  # None: no completion recorded

    def words(self) -> str:
        if self.expired_on is None:
            return f"{self.course.name}: not recorded"
        return f"{self.course.name}: expired {long_date(self.expired_on)}"


@dataclass(frozen=True)
class Standing:
    """One member of staff's training and supervision on a date."""

    staff: StaffUser
    on: dt.date
    required: tuple[TrainingCourse, ...]
    gaps: tuple[Gap, ...]
    last_supervision: dt.date | None
    interval_days: int | None  # None: no supervision standard applies

    @property
    def trained(self) -> bool:
        return not self.gaps

    @property
    def supervision_due_on(self) -> dt.date | None:
        """The last day the next supervision is in time, if a standard applies and there was
        one; None otherwise."""
        if self.interval_days is None or self.last_supervision is None:
            return None
        return self.last_supervision + dt.timedelta(days=self.interval_days)

    @property
    def supervised(self) -> bool:
        if self.interval_days is None:
            return True
        due = self.supervision_due_on
        return due is not None and self.on <= due

    @property
    def compliant(self) -> bool:
        return self.trained and self.supervised

    @property
    def in_scope(self) -> bool:
        return bool(self.required) or self.interval_days is not None


@dataclass(frozen=True)
class Figure:
    """A share of staff compliant: ``numerator`` of ``denominator``, with the staff behind it."""

    label: str
    key: str
    included: tuple[Standing, ...] = field(default=())

    @property
    def numerator(self) -> int:
        return sum(1 for standing in self.included if standing.compliant)

    @property
    def denominator(self) -> int:
        return len(self.included)

    @property
    def trained(self) -> int:
        return sum(1 for standing in self.included if standing.trained)

    @property
    def supervised(self) -> int:
        return sum(1 for standing in self.included if standing.supervised)

    @property
    def percent(self) -> int | None:
        """The share compliant as a whole percentage, or None when nobody is in scope."""
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator)

    @property
    def staff(self) -> list[StaffUser]:
        return [standing.staff for standing in self.included]


GROUPS = {"agency": "Agency", "role": "Role", "team": "Team"}


@dataclass(frozen=True)
class Compliance:
    """The partnership's compliance on ``on``, overall and by agency, role and team."""

    on: dt.date
    overall: Figure
    by_agency: tuple[Figure, ...]
    by_role: tuple[Figure, ...]
    by_team: tuple[Figure, ...]

    def figure(self, group: str, key: str) -> Figure | None:
        """One figure by its group ("all", "agency", "role" or "team") and key."""
        if group == "all":
            return self.overall
        figures = {"agency": self.by_agency, "role": self.by_role, "team": self.by_team}
        return next((f for f in figures.get(group, ()) if f.key == key), None)


# --- Working it out ---------------------------------------------------------------------------


def _standard_interval(
    standards: Iterable[SupervisionStandard],
) -> Callable[[StaffUser], int | None]:
    by_role: dict[str, int] = {}
    by_team: dict[tuple[str, int], int] = {}
    for standard in standards:
        if standard.team_id is None:
            by_role[standard.role] = standard.interval_days
        else:
            by_team[(standard.role, standard.team_id)] = standard.interval_days

    def interval(staff: StaffUser) -> int | None:
        if staff.team_id is not None and (staff.role, staff.team_id) in by_team:
            return by_team[(staff.role, staff.team_id)]
        return by_role.get(staff.role)

    return interval


def standings(staff: QuerySet[StaffUser] | list[StaffUser], on: dt.date) -> list[Standing]:
    """Each member of ``staff``'s training and supervision on ``on``, in the order given."""
    return standings_on_each(staff, [on])[on]


def standings_on_each(
    staff: QuerySet[StaffUser] | list[StaffUser], days: Sequence[dt.date]
) -> dict[dt.date, list[Standing]]:
    """``standings`` on each of ``days``, by day.

    Four queries besides loading ``staff``, whatever their number and however many days: the
    courses offered, the supervision standards, their training completed by the last day and
    their supervisions held by then, each worked out for every day here."""
    people = list(staff)
    ids = [person.pk for person in people]
    last_day = max(days)
    courses = list(TrainingCourse.objects.filter(is_active=True))
    interval = _standard_interval(SupervisionStandard.objects.filter(is_active=True))
    training: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for staff_id, course_id, completed_on, expires_on in TrainingRecord.objects.filter(
        staff_id__in=ids, course__is_active=True, completed_on__lte=last_day
    ).values_list("staff_id", "course_id", "completed_on", "expires_on"):
        training[(staff_id, course_id)].append((completed_on, expires_on))
    held: dict[int, list[dt.date]] = defaultdict(list)
    for supervisee_id, held_on in (
        SupervisionSession.objects.filter(supervisee_id__in=ids, held_on__lte=last_day)
        .order_by("held_on")
        .values_list("supervisee_id", "held_on")
    ):
        held[supervisee_id].append(held_on)

    def gaps(person: StaffUser, required: tuple[TrainingCourse, ...], on: dt.date) -> list[Gap]:
        found = []
        for course in required:
            done = [
                expires
                for completed, expires in training[(person.pk, course.pk)]
                if completed <= on
            ]
            if any(expires is None for expires in done):
                continue  # a course with no validity never expires
            latest_expiry = max((e for e in done if e is not None), default=None)
            if latest_expiry is None or latest_expiry <= on:
                found.append(Gap(course, latest_expiry))
        return found

    result: dict[dt.date, list[Standing]] = {on: [] for on in days}
    for person in people:
        required = tuple(course for course in courses if person.role in course.required_for)
        sessions = held[person.pk]
        for on in days:
            count = bisect_right(sessions, on)
            result[on].append(
                Standing(
                    staff=person,
                    on=on,
                    required=required,
                    gaps=tuple(gaps(person, required, on)),
                    last_supervision=sessions[count - 1] if count else None,
                    interval_days=interval(person),
                )
            )
    return result


def staff_in_area(area: Area) -> QuerySet[StaffUser]:
    """The partnership's active staff, with their agency and team, by name."""
    return (
        StaffUser.objects.filter(is_active=True, agency__area=area)
        .select_related("agency", "team")
        .order_by("last_name", "first_name", "pk")
    )


def team_standings(team: Team, on: dt.date) -> list[Standing]:
    """The training and supervision of a team's active members on ``on``, by name."""
    members = (
        StaffUser.objects.filter(is_active=True, team=team)
        .select_related("agency", "team")
        .order_by("last_name", "first_name", "pk")
    )
    return standings(members, on)


def _figures(
    included: list[Standing],
    key: Callable[[Standing], str],
    label: Callable[[Standing], str],
    order: Callable[[Standing], tuple[object, ...]],
) -> tuple[Figure, ...]:
    grouped: dict[str, list[Standing]] = defaultdict(list)
    labels: dict[str, str] = {}
    orders: dict[str, tuple[object, ...]] = {}
    for standing in included:
        k = key(standing)
        grouped[k].append(standing)
        labels[k] = label(standing)
        orders[k] = order(standing)
    return tuple(
        Figure(labels[k], k, tuple(grouped[k])) for k in sorted(grouped, key=lambda k: orders[k])
    )


_ROLE_ORDER = {role: number for number, role in enumerate(Role.values)}


def compliance(area: Area, on: dt.date) -> Compliance:
    """The share of ``area``'s staff in scope who are trained and supervised on ``on``, overall
    and by agency, role and team, each figure naming the staff behind it. Five queries."""
    included = [s for s in standings(staff_in_area(area), on) if s.in_scope]

    def agency(s: Standing) -> str:
        return str(s.staff.agency_id)

    def team(s: Standing) -> str:
        return str(s.staff.team_id or "none")

    def agency_name(s: Standing) -> str:
        return s.staff.agency.name if s.staff.agency else ""

    def team_name(s: Standing) -> str:
        if s.staff.team is None:
            return f"No team ({agency_name(s)})"
        return f"{s.staff.team.name} ({agency_name(s)})"

    return Compliance(
        on=on,
        overall=Figure("Everyone in scope", "all", tuple(included)),
        by_agency=_figures(included, agency, agency_name, lambda s: (agency_name(s),)),
        by_role=_figures(
            included,
            lambda s: s.staff.role,
            lambda s: s.staff.get_role_display(),
            lambda s: (_ROLE_ORDER.get(s.staff.role, 99),),
        ),
        by_team=_figures(
            included,
            team,
            team_name,
            lambda s: (agency_name(s), s.staff.team is None, team_name(s)),
        ),
    )


def trained_and_supervised(area: Area, on: dt.date) -> Figure:
    """The board's indicator "staff trained and supervised" for ``area`` on ``on``:
    ``numerator`` staff in scope whose required training is in date and who had supervision
    within their expected interval, of ``denominator`` staff in scope; ``included`` holds each
    one's ``Standing`` and ``staff`` the people. Five queries, however many staff."""
    return compliance(area, on).overall


def trained_and_supervised_on_each(area: Area, days: Sequence[dt.date]) -> list[Figure]:
    """``trained_and_supervised`` on each of ``days`` (the board's trend), in the same five
    queries as for one day."""
    by_day = standings_on_each(staff_in_area(area), days)
    return [
        Figure("Everyone in scope", "all", tuple(s for s in by_day[on] if s.in_scope))
        for on in days
    ]


# --- One person's records -------------------------------------------------------------------


def training_records_for(staff: StaffUser) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(staff=staff).select_related("course", "recorded_by")


def supervisions_for(staff: StaffUser) -> QuerySet[SupervisionSession]:
    return SupervisionSession.objects.filter(supervisee=staff).select_related("supervisor")


def recordable_staff(user: StaffUser) -> QuerySet[StaffUser]:
    """Whom ``user`` may record training and supervision for (``access.can_record_for``): a
    team manager's team, or for a CSE coordinator everyone in the partnership."""
    if user.agency is None:
        return StaffUser.objects.none()
    staff = staff_in_area(user.agency.area)
    if user.role == Role.TEAM_MANAGER:
        return staff.filter(team=user.team) if user.team is not None else staff.none()
    return staff
