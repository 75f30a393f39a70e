"""Reads for screening: the checklist, the schemes, a child's screenings, and one screening as
a given user may see it (evidence from another agency only where an agreement covers it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.cases.models import Case, CaseStatus, RiskLevel
from seemehearme.dates import long_date
from seemehearme.people.models import Child
from seemehearme.screening import scoring
from seemehearme.screening.models import (
    Indicator,
    IndicatorKind,
    IndicatorSet,
    ScoringScheme,
    Screening,
    ScreeningAnswer,
)
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, SharingGrants, item_decision


def current_indicators() -> list[Indicator]:
    """The current checklist's indicators: vulnerabilities, then warning signs, by number."""
    indicator_set = IndicatorSet.objects.get(is_current=True)
    return list(indicator_set.indicators.order_by("kind", "number"))


def schemes_in_use() -> QuerySet[ScoringScheme]:
    return ScoringScheme.objects.filter(is_active=True).order_by("name")


def partnership_agencies(*, child: Child) -> QuerySet[Agency]:
    return Agency.objects.filter(area_id=child.area_id, is_active=True).order_by("name")


def screenings_for_child(*, child: Child) -> list[Screening]:
    """The child's screenings, newest first."""
    return list(
        Screening.objects.filter(child=child)
        .select_related("scheme", "completed_by", "source_agency", "case")
        .order_by("-completed_on", "-id")
    )


def latest_screening_id(*, child: Child) -> int | None:
    latest = Screening.objects.filter(child=child).order_by("-completed_on", "-id").first()
    return latest.pk if latest else None


@dataclass
class ShownAnswer:
    """An answer as one user may see it: the evidence is withheld if the agency that knows it
    does not share that kind of information with the user's agency."""

    answer: ScreeningAnswer
    decision: Decision | None  # None when there is no evidence to decide about

    @property
    def evidence_shown(self) -> bool:
        return self.decision is None or self.decision.allowed


@dataclass
class ScreeningView:
    screening: Screening
    vulnerabilities: list[ShownAnswer]
    warning_signs: list[ShownAnswer]
    required_action: str
    bands: list[scoring.Band]
    is_latest: bool
    overdue: bool

    @property
    def decisions(self) -> list[tuple[ScreeningAnswer, Decision]]:
        """Every evidence decision made for this page, for the access log."""
        return [
            (shown.answer, shown.decision)
            for shown in self.vulnerabilities + self.warning_signs
            if shown.decision is not None
        ]


def screening_view(*, user: StaffUser, screening: Screening, access: Decision) -> ScreeningView:
    """One screening as ``user`` may see it.

    The level, score and the lines explaining it are shown to anyone who may see the child:
    they say which indicators counted and when, never the evidence. Each piece of evidence is
    decided like any other agency-held item, by the agency that knows it and the kind of
    information it is.
    """
    assert user.agency is not None  # relationship_to_child refuses users without an agency
    grants = SharingGrants(user.agency, SAFEGUARDING_PURPOSE, timezone.localdate())
    answers = screening.answers.select_related(
        "indicator", "indicator__category", "source_agency"
    ).order_by("indicator__kind", "indicator__number")
    shown: list[ShownAnswer] = []
    for answer in answers:
        decision = None
        if answer.evidence:
            decision = item_decision(
                access=access,
                viewer_agency=user.agency,
                source_agency=answer.source_agency or screening.source_agency,
                category=answer.indicator.category,
                grants=grants,
            )
        shown.append(ShownAnswer(answer, decision))
    rules = screening.scheme.rules
    required_action = screening.required_action  # as stored when it was scored
    if screening.is_overridden:
        judged = scoring.band_by_code(rules, screening.override_band)
        required_action = judged.required_action if judged else ""
    is_latest = latest_screening_id(child=screening.child) == screening.pk
    return ScreeningView(
        screening=screening,
        vulnerabilities=[
            s for s in shown if s.answer.indicator.kind == IndicatorKind.VULNERABILITY
        ],
        warning_signs=[s for s in shown if s.answer.indicator.kind == IndicatorKind.WARNING_SIGN],
        required_action=required_action,
        bands=scoring.bands(rules),
        is_latest=is_latest,
        overdue=is_latest and screening.reassessment_overdue(),
    )


# --- Professional judgement and the case's risk level ------------------------------------------


@dataclass(frozen=True)
class RiskReviewPrompt:
    """A professional judgement above the score that the case's risk level does not yet
    reflect: the case's risk level should be reviewed."""

    screening: Screening
    case: Case
    judged: scoring.Band
    scored: scoring.Band
    points_to: RiskLevel | None  # the case risk level the judged band points to, if it says

    @property
    def reason(self) -> str:
        """Why the review is due, in words for the case page and the risk-level form."""
        day = self.screening.completed_on
        points_to = f", which points to {self.points_to.name}" if self.points_to else ""
        return (
            f"Screening on {long_date(day)}: professional judgement {self.judged.label} "
            f"(scored {self.scored.label}){points_to}. Reason given: "
            f"{self.screening.override_reason}"
        )


def screening_risk_review(*, screening: Screening) -> RiskReviewPrompt | None:
    """Whether this screening's professional judgement calls for a review of the case's risk
    level: the judged band is higher than the scored band, and higher than the level of the
    case (the screening's own if it is open, otherwise the child's open case). Where the
    scheme does not say which case level the judged band points to, it cannot be compared, so
    the review is called for: the safer reading for a child."""
    if not screening.is_overridden:
        return None
    rules = screening.scheme.rules
    judged = scoring.band_by_code(rules, screening.override_band)
    scored = scoring.band_by_code(rules, screening.band_code)
    if judged is None or scored is None or judged.min <= scored.min:
        return None
    case = screening.case
    if case is None or not case.is_open:
        case = Case.objects.filter(child_id=screening.child_id, status=CaseStatus.OPEN).first()
    if case is None:
        return None
    code = judged.case_risk_level(case.area.risk_scheme)
    points_to = (
        RiskLevel.objects.filter(scheme=case.area.risk_scheme, code=code, is_active=True).first()
        if code
        else None
    )
    if points_to is not None and points_to.rank <= case.risk_level.rank:
        return None
    return RiskReviewPrompt(
        screening=screening, case=case, judged=judged, scored=scored, points_to=points_to
    )
