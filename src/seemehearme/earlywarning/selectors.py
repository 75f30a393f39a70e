"""Reads for early warning: the rule sets in plain English, the flags list, and one flag's
explanation as a given user may see it.

Every event behind a flag is an agency-held item: the access policy decides, per event, by its
source agency and information category, whether this viewer may see it. Withheld events are
counted by the agency that holds them (not by category: "sexual health" would say too much) and
never described. An indicator whose events are all withheld is not named (its label could
itself say, for example, that the child attended a sexual health clinic), and nor is a rule
none of whose indicators can be named. Dates and counts shown come only from the events the
viewer may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.dates import long_date
from seemehearme.earlywarning.models import (
    Flag,
    FlagEvidence,
    FlagIndicator,
    FlagStatus,
    RuleSet,
    RuleSetStatus,
)
from seemehearme.earlywarning.rules import (
    RuleSetText,
    RuleText,
    describe,
    describe_rule,
    rules_check,
)
from seemehearme.feeds.models import AgencyEvent
from seemehearme.people.models import Child
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, InformationCategory
from seemehearme.sharing.policy import Decision, SharingGrants, item_decision, relationship_to_child
from seemehearme.sharing.selectors import Withheld, withheld_counts

FLAGS_PER_PAGE = 25
DECIDED_STATUSES = (FlagStatus.CONFIRMED, FlagStatus.DISMISSED, FlagStatus.LAPSED)


# --- Rule sets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSetView:
    rule_set: RuleSet
    text: RuleSetText


def rule_sets_for_area(*, area: Area) -> list[RuleSetView]:
    """The approved rule set in use and any drafts, newest first, in plain English."""
    rule_sets = (
        RuleSet.objects.filter(area=area, status__in=[RuleSetStatus.APPROVED, RuleSetStatus.DRAFT])
        .select_related("approved_by")
        .order_by("status", "-version")
    )
    return [
        RuleSetView(rule_set, describe(rules_check(rule_set.rules, stored=True)))
        for rule_set in rule_sets
    ]


def rule_sets_retired(*, area: Area) -> list[RuleSet]:
    return list(
        RuleSet.objects.filter(area=area, status=RuleSetStatus.RETIRED)
        .select_related("approved_by")
        .order_by("-version")
    )


# --- Which events a viewer may see -------------------------------------------------------------


class _Items:
    """Item decisions for one viewer, with agencies and categories loaded once."""

    def __init__(self, *, user: StaffUser, area: Area) -> None:
        assert user.agency is not None  # callers have checked the relationship
        self.viewer = user.agency
        self.grants = SharingGrants(user.agency, SAFEGUARDING_PURPOSE, timezone.localdate())
        self.agencies = {agency.pk: agency for agency in Agency.objects.filter(area=area)}
        self.categories = {c.pk: c for c in InformationCategory.objects.all()}

    def decide(self, access: Decision, agency_id: int, category_id: int) -> Decision:
        return item_decision(
            access=access,
            viewer_agency=self.viewer,
            source_agency=self.agencies[agency_id],
            category=self.categories[category_id],
            grants=self.grants,
        )


# --- One flag, explained ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShownEvent:
    event: AgencyEvent
    decision: Decision


@dataclass
class ShownIndicator:
    """A named indicator, with only the events this viewer may see."""

    indicator: FlagIndicator
    events: list[ShownEvent]
    withheld: int  # events behind it the viewer may not see

    @property
    def first_on(self) -> dt.date:
        return min(shown.event.occurred_on for shown in self.events)

    @property
    def last_on(self) -> dt.date:
        return max(shown.event.occurred_on for shown in self.events)

    @property
    def agencies(self) -> list[str]:
        return sorted({shown.event.agency.name for shown in self.events})


@dataclass
class FlagExplanation:
    flag: Flag
    rule_named: bool
    rule_text: RuleText | None  # the rule in plain English, if it may be named
    indicators: list[ShownIndicator]
    unnamed_indicators: int  # indicators resting only on withheld events
    # Counted by holding agency only: the kind of information (say, sexual health) could itself
    # reveal what the hidden indicator is. Unnamed kinds are counted without the agency too.
    withheld: list[Withheld]
    decisions: list[tuple[AgencyEvent, Decision]]  # one per distinct event, for the access log
    other_open_flags: list[Flag] = field(default_factory=list)

    @property
    def withheld_count(self) -> int:
        return sum(group.count for group in self.withheld)

    @property
    def shown_count(self) -> int:
        return sum(1 for _, decision in self.decisions if decision.allowed)

    def summary(self) -> str:
        """What the viewer could see, in words: the concerns of a referral made from it."""
        lines = [
            f"Early-warning flag {self.flag.pk} raised on {long_date(self.flag.raised_at)} by "
            f"the partnership's early-warning rules ({self.flag.rule_set.name}, version "
            f"{self.flag.rule_set.version})."
        ]
        if self.rule_named and self.rule_text is not None:
            lines.append(f"Rule: {self.rule_text.label}.")
        for shown in self.indicators:
            count = len(shown.events)
            lines.append(
                f"- {shown.indicator.label}: {count} event{'s' if count != 1 else ''} from "
                f"{', '.join(shown.agencies)} between {long_date(shown.first_on)} and "
                f"{long_date(shown.last_on)}."
            )
        if self.unnamed_indicators:
            lines.append(
                f"{self.unnamed_indicators} further indicator"
                f"{'s rest' if self.unnamed_indicators != 1 else ' rests'} on information not "
                "shared with the referrer's agency."
            )
        for group in self.withheld:
            items = f"{group.count} item{'s' if group.count != 1 else ''}"
            was = "were" if group.count != 1 else "was"
            if group.source_agency is None:
                lines.append(f"{items} {was} withheld from the referrer's agency.")
            else:
                lines.append(
                    f"{items} held by {group.source_agency.name} {was} not shared with the "
                    "referrer's agency."
                )
        return "\n".join(lines)


def _rule_text(flag: Flag) -> RuleText | None:
    spec = rules_check(flag.rule_set.rules, stored=True)
    rule = next((rule for rule in spec.rules if rule.code == flag.rule_code), None)
    return describe_rule(rule, spec) if rule is not None else None


def flag_explanation(*, user: StaffUser, flag: Flag, access: Decision) -> FlagExplanation:
    """One flag as ``user`` may see it (a fixed number of queries whatever its size)."""
    child = flag.child
    items = _Items(user=user, area=child.area)
    indicators = list(flag.indicators.order_by("first_on", "id"))
    # Only events still about this child: identity resolution can move an event to another
    # child, and the sweep then rewrites both children's flags.
    evidence = (
        FlagEvidence.objects.filter(indicator__flag=flag, event__child_id=flag.child_id)
        .select_related("event__event_type", "event__agency")
        .order_by("event__occurred_on", "event_id")
    )
    by_indicator: dict[int, list[ShownEvent]] = defaultdict(list)
    withheld_by_indicator: dict[int, int] = defaultdict(int)
    decided: dict[int, tuple[AgencyEvent, Decision]] = {}
    for row in evidence:
        event = row.event
        if event.pk not in decided:
            decided[event.pk] = (event, items.decide(access, event.agency_id, event.category_id))
        decision = decided[event.pk][1]
        if decision.allowed:
            by_indicator[row.indicator_id].append(ShownEvent(event, decision))
        else:
            withheld_by_indicator[row.indicator_id] += 1
    shown = [
        ShownIndicator(indicator, by_indicator[indicator.pk], withheld_by_indicator[indicator.pk])
        for indicator in indicators
        if by_indicator[indicator.pk]
    ]
    withheld = withheld_counts(
        (
            (items.agencies[event.agency_id], items.categories[event.category_id], decision)
            for event, decision in decided.values()
        ),
        by_category=False,
    )
    rule_named = bool(shown)
    return FlagExplanation(
        flag=flag,
        rule_named=rule_named,
        rule_text=_rule_text(flag) if rule_named else None,
        indicators=shown,
        unnamed_indicators=len(indicators) - len(shown),
        withheld=withheld,
        decisions=list(decided.values()),
        other_open_flags=list(
            Flag.objects.filter(child=child, status=FlagStatus.OPEN).exclude(pk=flag.pk)
        ),
    )


# --- The flags list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagRow:
    flag: Flag
    access: Decision
    rule_named: bool
    indicator_count: int


@dataclass
class FlagList:
    page: Page
    rows: list[FlagRow]
    hidden: int  # flags on this page about children the viewer does not work with now
    status: str

    def children_shown(self) -> list[tuple[Child, Decision, str]]:
        return [
            (row.flag.child, row.access, f"Early-warning flags: flag {row.flag.pk}")
            for row in self.rows
        ]


def flags_queryset(*, area: Area, status: str) -> QuerySet[Flag]:
    flags = Flag.objects.filter(child__area=area)
    if status == "open":
        return flags.filter(status=FlagStatus.OPEN).order_by("raised_at", "id")
    return flags.filter(status__in=DECIDED_STATUSES).order_by(
        F("decided_at").desc(nulls_last=True), "-as_of", "-id"
    )


def flag_list(
    *, user: StaffUser, area: Area, status: str, page_number: str | int | None
) -> FlagList:
    """A page of the area's open (or decided) flags. A child is named only where the policy
    lets the viewer see them now; a rule only where at least one of its events is shared."""
    paginator = Paginator(
        flags_queryset(area=area, status=status)
        .select_related("child", "decided_by")
        .annotate(indicator_count=Count("indicators")),
        FLAGS_PER_PAGE,
    )
    page = paginator.get_page(page_number)
    access: dict[int, Decision] = {}
    visible: list[Flag] = []
    for flag in page.object_list:
        if flag.child_id not in access:
            access[flag.child_id] = relationship_to_child(user, flag.child)
        if access[flag.child_id].allowed:
            visible.append(flag)
    named = _flags_with_shared_evidence(user=user, area=area, flags=visible, access=access)
    rows = [
        FlagRow(flag, access[flag.child_id], flag.pk in named, flag.indicator_count)  # type: ignore[attr-defined]
        for flag in visible
    ]
    return FlagList(
        page=page, rows=rows, hidden=len(page.object_list) - len(visible), status=status
    )


def _flags_with_shared_evidence(
    *, user: StaffUser, area: Area, flags: list[Flag], access: dict[int, Decision]
) -> set[int]:
    """Which of these flags have at least one event the viewer may see (one query)."""
    if not flags:
        return set()
    items = _Items(user=user, area=area)
    child_of = {flag.pk: flag.child_id for flag in flags}
    rows = (
        FlagEvidence.objects.filter(
            indicator__flag_id__in=list(child_of), event__child_id=F("indicator__flag__child_id")
        )
        .values_list("indicator__flag_id", "event__agency_id", "event__category_id")
        .distinct()
    )
    return {
        flag_id
        for flag_id, agency_id, category_id in rows
        if items.decide(access[child_of[flag_id]], agency_id, category_id).allowed
    }
