"""The child's chronology: one timeline of everything known about the child across agencies,
newest first, with every entry decided by the access policy.

Where entries come from
-----------------------
A *source* is a function that takes a child and yields :class:`Entry` objects. Sources are
registered by kind (a stable slug, used in the page's type filter) with a label for people::

    register_source("referral", "Referrals and triage", referral_entries)

This module registers the case-work sources (agency information, the child's words, referrals
and triage, decisions, key worker changes, patterns of abuse, reviews, plan actions, the case
opening and closing).

How another app plugs in
------------------------
Screening, meetings and later apps register their own sources without this module importing
them. In the app's ``AppConfig.ready()`` (so it runs once, after the models are loaded)::

    def ready(self) -> None:
        from seemehearme.cases.chronology import Entry, register_source

        def screening_entries(child):
            for screening in Screening.objects.filter(child=child).select_related("agency"):
                yield Entry(
                    when=screening.completed_on,
                    title=f"Screening: {screening.band_name}",
                    detail=screening.summary,
                    source_agency=screening.agency,
                    category="social-care",          # an InformationCategory code (or object)
                    ref=f"screening {screening.pk}",  # written to the access log
                    link=None,                        # or the URL of the record's own page
                )

        register_source("screening", "Screenings", screening_entries)

A source must make a fixed number of queries whatever the number of records (use
``select_related``), and must yield every record about the child: the policy, not the source,
decides what each user may see. Entries never carry anything the entry's own agency and category
would not cover, because that pair is what the agreements are checked against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.cases.models import (
    Case,
    CasePattern,
    CaseStatus,
    KeyWorkerAssignment,
    Referral,
    Review,
    VoiceEntry,
)
from seemehearme.cases.models import Decision as CaseDecision
from seemehearme.people.models import Child, InformationItem
from seemehearme.people.selectors import CHILD_VOICE
from seemehearme.plans.models import PlanAction
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, InformationCategory
from seemehearme.sharing.policy import Decision, SharingGrants, item_decision
from seemehearme.sharing.selectors import Withheld, withheld_counts

SOCIAL_CARE = "social-care"  # the InformationCategory code for case work


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One thing that happened, as a source reports it.

    ``category`` is an InformationCategory or its code; ``ref`` says which record this is, for
    the access log (for example "referral 12").
    """

    when: dt.date | dt.datetime
    title: str
    detail: str = ""
    source_agency: Agency
    category: InformationCategory | str
    ref: str
    link: str | None = None


EntrySource = Callable[[Child], Iterable[Entry]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    entries: EntrySource


_SOURCES: dict[str, Source] = {}


def register_source(kind: str, label: str, fn: EntrySource) -> Source:
    """Add a source of chronology entries. A kind can be registered once."""
    existing = _SOURCES.get(kind)
    if existing is not None and existing.entries is not fn:
        raise ImproperlyConfigured(f"A chronology source of kind {kind!r} is already registered")
    source = Source(kind, label, fn)
    _SOURCES[kind] = source
    return source


def sources() -> list[Source]:
    """Every registered source, in the order they were registered."""
    return list(_SOURCES.values())


@dataclass(frozen=True)
class ChronologyEntry:
    """An entry placed in the chronology: its kind, its category and the policy's decision."""

    entry: Entry
    source: Source
    category: InformationCategory
    decision: Decision

    @property
    def has_time(self) -> bool:
        return isinstance(self.entry.when, dt.datetime)

    @property
    def is_childs_words(self) -> bool:
        return self.category.code == CHILD_VOICE

    @property
    def log_subject(self) -> str:
        return (
            f"Chronology: {self.entry.ref} ({self.category.code}, {self.entry.source_agency.name})"
        )


def _sort_key(row: ChronologyEntry) -> tuple[dt.date, int, dt.time]:
    # Dates and date-times in one order: on the same day, timed entries come before undated
    # ones when read newest first.
    when = row.entry.when
    if isinstance(when, dt.datetime):
        local = timezone.localtime(when) if timezone.is_aware(when) else when
        return (local.date(), 1, local.time())
    return (when, 0, dt.time.min)


@dataclass
class ChronologySelection:
    """The entries matching the filters: what is shown, and what is withheld and counted."""

    shown: list[ChronologyEntry]
    refused: list[ChronologyEntry]

    @cached_property
    def withheld(self) -> list[Withheld]:
        """Withheld entries counted per holding agency and category, never shown."""
        return withheld_counts(
            (row.entry.source_agency, row.category, row.decision) for row in self.refused
        )


@dataclass
class Chronology:
    """Every entry about a child with the policy's decision for this user, newest first."""

    child: Child
    access: Decision
    rows: list[ChronologyEntry] = field(default_factory=list)

    @property
    def agencies(self) -> list[Agency]:
        """Agencies holding at least one entry this user may see (the agency filter's options)."""
        found = {
            row.entry.source_agency.pk: row.entry.source_agency
            for row in self.rows
            if row.decision.allowed
        }
        return sorted(found.values(), key=lambda agency: agency.name)

    def select(
        self, *, agency_ids: Iterable[int] = (), kinds: Iterable[str] = ()
    ) -> ChronologySelection:
        """The entries held by any of ``agency_ids`` and of any of ``kinds`` (all if empty)."""
        agencies, wanted = set(agency_ids), set(kinds)
        matching = [
            row
            for row in self.rows
            if (not agencies or row.entry.source_agency.pk in agencies)
            and (not wanted or row.source.kind in wanted)
        ]
        return ChronologySelection(
            shown=[row for row in matching if row.decision.allowed],
            refused=[row for row in matching if not row.decision.allowed],
        )


def child_chronology(
    *,
    user: StaffUser,
    child: Child,
    access: Decision,
    purpose: str = SAFEGUARDING_PURPOSE,
) -> Chronology:
    """Gather every source's entries about ``child`` and decide each one for ``user``.

    ``access`` is the policy's decision on the child (from ``child_view``). One
    :class:`SharingGrants` serves every entry, so the policy costs one query however long the
    chronology is. The caller writes the decisions it shows or counts to the access log.
    """
    assert user.agency is not None  # relationship_to_child refuses users without an agency
    grants = SharingGrants(user.agency, purpose, timezone.localdate())
    categories = {category.code: category for category in InformationCategory.objects.all()}
    rows: list[ChronologyEntry] = []
    for source in sources():
        for entry in source.entries(child):
            category = (
                entry.category
                if isinstance(entry.category, InformationCategory)
                else categories.get(entry.category)
            )
            if category is None:
                raise ImproperlyConfigured(
                    f"Chronology source {source.kind!r} names an unknown information category "
                    f"{entry.category!r}"
                )
            decision = item_decision(
                access=access,
                viewer_agency=user.agency,
                source_agency=entry.source_agency,
                category=category,
                grants=grants,
            )
            rows.append(ChronologyEntry(entry, source, category, decision))
    rows.sort(key=_sort_key, reverse=True)
    return Chronology(child=child, access=access, rows=rows)


# --- Built-in sources ----------------------------------------------------------------------


def page_link(name: str, kwarg: str) -> Callable[[int], str | None]:
    """A function giving the URL of a record's page, or None while that page does not exist
    (pages for cases and referrals are written separately from the chronology)."""
    try:
        reverse(name, kwargs={kwarg: 1})
    except NoReverseMatch:
        return lambda pk: None
    return lambda pk: reverse(name, kwargs={kwarg: pk})


def _case_link() -> Callable[[int], str | None]:
    return page_link("cases:case", "case_id")


def _agency_of(*users: StaffUser | None) -> Agency | None:
    for user in users:
        if user is not None and user.agency is not None:
            return user.agency
    return None


def _long_date(day: dt.date) -> str:
    return format_date(day, "j F Y")


def information_entries(child: Child) -> Iterable[Entry]:
    """What each agency has recorded about the child, in its own category."""
    items = InformationItem.objects.filter(child=child).select_related("source_agency", "category")
    for item in items:
        yield Entry(
            when=item.occurred_on,
            title=item.title,
            detail=item.detail,
            source_agency=item.source_agency,
            category=item.category,
            ref=f"information item {item.pk}",
        )


def voice_entries(child: Child) -> Iterable[Entry]:
    """The child's own words, exactly as said, with how, where and to whom."""
    case_link = _case_link()
    for voice in VoiceEntry.objects.filter(child=child).select_related("source_agency"):
        yield Entry(
            when=voice.said_on,
            title=f"{voice.get_kind_display()}: {voice.how_said}",
            detail=voice.words,
            source_agency=voice.source_agency,
            category=CHILD_VOICE,
            ref=f"child's words {voice.pk}",
            link=case_link(voice.case_id) if voice.case_id else None,
        )


def referral_entries(child: Child) -> Iterable[Entry]:
    """Each referral, held by the referring agency (or the triage team's agency for a community
    concern or an early-warning flag), and its triage decision, held by the triage team."""
    referral_link = page_link("cases:referral", "referral_id")
    referrals = Referral.objects.filter(child=child).select_related(
        "referring_agency", "holding_team__agency"
    )
    for referral in referrals:
        triage_agency = referral.holding_team.agency
        if referral.referring_agency is not None:
            title = f"Referral from {referral.referring_agency.name}"
        else:
            title = f"Referral: {referral.get_source_display().lower()}"
        yield Entry(
            when=referral.received_at,
            title=title,
            detail=referral.concerns,
            source_agency=referral.referring_agency or triage_agency,
            category=SOCIAL_CARE,
            ref=f"referral {referral.pk}",
            link=referral_link(referral.pk),
        )
        if referral.triaged_at is not None:
            yield Entry(
                when=referral.triaged_at,
                title=f"Referral triaged: {referral.get_triage_decision_display()}",
                detail=referral.triage_reason,
                source_agency=triage_agency,
                category=SOCIAL_CARE,
                ref=f"triage of referral {referral.pk}",
                link=referral_link(referral.pk),
            )


def decision_entries(child: Child) -> Iterable[Entry]:
    """Decisions about the child, with what the child thinks and how it was weighed."""
    case_link = _case_link()
    decisions = CaseDecision.objects.filter(case__child=child).select_related("source_agency")
    for decision in decisions:
        parts = [decision.detail] if decision.detail else []
        if decision.child_view:
            parts.append(f"What the child thinks: {decision.child_view}")
        if decision.how_weighed:
            parts.append(f"How it was weighed: {decision.how_weighed}")
        if not decision.child_took_part:
            parts.append(f"The child did not take part because: {decision.why_without_child}")
        yield Entry(
            when=decision.made_on,
            title=f"Decision: {decision.summary}",
            detail="\n".join(parts),
            source_agency=decision.source_agency,
            category=SOCIAL_CARE,
            ref=f"decision {decision.pk}",
            link=case_link(decision.case_id),
        )


def pattern_entries(child: Child) -> Iterable[Entry]:
    """Each pattern of abuse recorded on or taken off one of the child's cases, and why, held by
    the agency of whoever recorded it."""
    case_link = _case_link()
    recorded = CasePattern.objects.filter(case__child=child).select_related(
        "pattern", "recorded_by__agency", "removed_by__agency"
    )
    for entry in recorded:
        recorded_by = _agency_of(entry.recorded_by)
        if recorded_by is not None:  # recording needs a working relationship, so an agency
            yield Entry(
                when=entry.recorded_at,
                title=f"Pattern of abuse recorded: {entry.pattern.name}",
                detail=f"Why: {entry.why}",
                source_agency=recorded_by,
                category=SOCIAL_CARE,
                ref=f"case pattern {entry.pk}",
                link=case_link(entry.case_id),
            )
        removed_by = _agency_of(entry.removed_by, entry.recorded_by)
        if entry.removed_at is not None and removed_by is not None:
            yield Entry(
                when=entry.removed_at,
                title=f"Pattern of abuse taken off: {entry.pattern.name}",
                detail=f"Why: {entry.removed_why}" if entry.removed_why else "",
                source_agency=removed_by,
                category=SOCIAL_CARE,
                ref=f"case pattern {entry.pk}",
                link=case_link(entry.case_id),
            )


def key_worker_entries(child: Child) -> Iterable[Entry]:
    """Each new key worker, held by the agency of whoever made the change."""
    case_link = _case_link()
    assignments = (
        KeyWorkerAssignment.objects.filter(case__child=child)
        .select_related("user__agency", "assigned_by__agency")
        .order_by("case_id", "started_at", "pk")
    )
    seen_cases: set[int] = set()
    for assignment in assignments:
        agency = _agency_of(assignment.assigned_by, assignment.user)
        first = assignment.case_id not in seen_cases
        seen_cases.add(assignment.case_id)
        if agency is None:  # accounts without an agency cannot assign key workers
            continue
        name = assignment.user.display_name
        told = (
            f"The child was told: {assignment.child_told_how}"
            if assignment.child_told
            else "The child has not been told yet."
        )
        yield Entry(
            when=assignment.started_at,
            title=f"Key worker: {name}" if first else f"Key worker changed to {name}",
            detail=f"{assignment.reason}\n{told}",
            source_agency=agency,
            category=SOCIAL_CARE,
            ref=f"key worker assignment {assignment.pk}",
            link=case_link(assignment.case_id),
        )


def review_entries(child: Child) -> Iterable[Entry]:
    """Case reviews with the risk level before and after and what the child said."""
    case_link = _case_link()
    reviews = Review.objects.filter(case__child=child).select_related(
        "recorded_by__agency", "risk_level_before", "risk_level_after"
    )
    for review in reviews:
        agency = _agency_of(review.recorded_by)
        if agency is None:
            continue
        if review.risk_level_before_id == review.risk_level_after_id:
            risk = f"risk level stays {review.risk_level_after.name}"
        else:
            risk = (
                f"risk level from {review.risk_level_before.name} to {review.risk_level_after.name}"
            )
        parts = [review.summary]
        parts.append(f"The child says things are: {review.get_child_says_things_are_display()}")
        if review.child_words:
            parts.append(f"What the child said: {review.child_words}")
        yield Entry(
            when=review.held_on,
            title=f"Review: {risk}",
            detail="\n".join(parts),
            source_agency=agency,
            category=SOCIAL_CARE,
            ref=f"review {review.pk}",
            link=case_link(review.case_id),
        )


def plan_action_entries(child: Child) -> Iterable[Entry]:
    """Protection plan actions, held by the agency that carries them out, dated when agreed."""
    plan_link = page_link("plans:plan", "protectionplan_id")
    actions = PlanAction.objects.filter(plan__case__child=child).select_related("agency", "owner")
    for action in actions:
        detail = (
            f"{action.owner.display_name} by {_long_date(action.due_on)}. "
            f"Status: {action.get_status_display()}."
        )
        if action.status_note:
            detail += f"\n{action.status_note}"
        yield Entry(
            when=action.created_at,
            title=f"Action: {action.description}",
            detail=detail,
            source_agency=action.agency,
            category=SOCIAL_CARE,
            ref=f"plan action {action.pk}",
            link=plan_link(action.plan_id),
        )


def case_entries(child: Child) -> Iterable[Entry]:
    """Each case's opening and, once closed, its closure."""
    case_link = _case_link()
    cases = Case.objects.filter(child=child).select_related(
        "opened_by__agency", "closed_by__agency", "risk_level", "closure_reason"
    )
    for case in cases:
        opened_by = _agency_of(case.opened_by)
        if opened_by is not None:
            detail = f"Risk level: {case.risk_level.name}."
            if case.risk_reason:
                detail += f"\n{case.risk_reason}"
            yield Entry(
                when=case.opened_at,
                title="Case opened",
                detail=detail,
                source_agency=opened_by,
                category=SOCIAL_CARE,
                ref=f"case {case.pk} opened",
                link=case_link(case.pk),
            )
        closed_by = _agency_of(case.closed_by, case.opened_by)
        if case.status == CaseStatus.CLOSED and case.closed_at and closed_by is not None:
            reason = case.closure_reason.name if case.closure_reason else ""
            yield Entry(
                when=case.closed_at,
                title=f"Case closed: {reason}" if reason else "Case closed",
                detail=case.closure_summary,
                source_agency=closed_by,
                category=SOCIAL_CARE,
                ref=f"case {case.pk} closed",
                link=case_link(case.pk),
            )


register_source("information", "Agency information", information_entries)
register_source(CHILD_VOICE, "The child's own words", voice_entries)
register_source("referral", "Referrals and triage", referral_entries)
register_source("case", "Case opened or closed", case_entries)
register_source("key-worker", "Key worker changes", key_worker_entries)
register_source("decision", "Decisions", decision_entries)
register_source("pattern", "Patterns of abuse", pattern_entries)
register_source("plan-action", "Plan actions", plan_action_entries)
register_source("review", "Reviews", review_entries)
