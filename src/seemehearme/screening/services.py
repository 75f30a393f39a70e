"""Writes for screening: record a completed screening, and record professional judgement.

Both check the access policy (``can_record``: break-glass access is for reading only), run in
one transaction and leave history behind. A screening is never edited or deleted: a new
screening is the reassessment, and an override is kept with who made it, when and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.cases.casework import case_risk_review_request
from seemehearme.cases.models import Case, Referral
from seemehearme.people.models import Child
from seemehearme.screening import scoring
from seemehearme.screening.models import (
    Indicator,
    IndicatorSet,
    Presence,
    ScoringScheme,
    Screening,
    ScreeningAnswer,
)
from seemehearme.screening.selectors import screening_risk_review
from seemehearme.sharing.policy import can_record, require


@dataclass(frozen=True)
class AnswerInput:
    """One answer as the practitioner gave it."""

    indicator: Indicator
    present: str
    evidence: str = ""
    source_agency: Agency | None = None
    observed_on: dt.date | None = None


def scoring_answer(
    *, indicator: Indicator, present: str, observed_on: dt.date | None
) -> scoring.Answer:
    """The facts about an answer that a scheme's rules can see."""
    return scoring.Answer(
        indicator=indicator.text,
        attributes={"kind": indicator.kind, "seraf_level": indicator.seraf_level},
        present=present,
        observed_on=observed_on,
    )


def reassessment_due(*, child: Child, completed_on: dt.date) -> dt.date:
    """When the child should be screened again: the partnership's review interval (about
    three months unless the area has chosen otherwise)."""
    return completed_on + dt.timedelta(days=child.area.review_interval_days)


def _only_what_applies(answer: AnswerInput) -> AnswerInput:
    """The answer without evidence, agency or date unless it is a yes: nothing else has them
    (a "no" once kept the agency its form defaulted to, as if that agency knew something)."""
    if answer.present == Presence.YES:
        return answer
    return dataclasses.replace(answer, evidence="", source_agency=None, observed_on=None)


def _check_answers(
    *, child: Child, indicator_set: IndicatorSet, answers: Sequence[AnswerInput], on: dt.date
) -> None:
    expected = {indicator.pk for indicator in indicator_set.indicators.all()}
    given = [answer.indicator.pk for answer in answers]
    if len(given) != len(set(given)) or set(given) != expected:
        raise ValidationError("Answer every indicator in the checklist once")
    errors: dict[str, list[str]] = {}
    for answer in answers:
        key = f"indicator_{answer.indicator.pk}"
        if answer.present not in Presence.values:
            errors.setdefault(key, []).append(f"{answer.indicator}: select yes, no or not known")
        if answer.source_agency is not None and answer.source_agency.area_id != child.area_id:
            errors.setdefault(key, []).append("Choose an agency in this partnership")
        if answer.observed_on is not None and answer.observed_on > on:
            errors.setdefault(key, []).append(
                f"{answer.indicator}: the date last seen must be today or in the past"
            )
        if answer.present == Presence.YES and not (
            answer.evidence.strip() and answer.source_agency and answer.observed_on
        ):
            errors.setdefault(key, []).append(
                f"{answer.indicator} is marked yes: give the evidence, who knows it and when "
                "it was last seen"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def screening_record(
    *,
    child: Child,
    by: StaffUser,
    scheme: ScoringScheme,
    answers: Sequence[AnswerInput],
    case: Case | None = None,
    referral: Referral | None = None,
    completed_on: dt.date | None = None,
    reassess_due: dt.date | None = None,
) -> Screening:
    """Record a screening against the current checklist, scored by ``scheme``.

    The result is worked out here, by the scheme's rules as things stood on the day, and
    stored with the lines that explain it. Reassessment falls due after the partnership's
    review interval unless the practitioner chooses an earlier date.
    """
    require(can_record(by, child))
    if by.agency is None:
        raise ValidationError("Your account is not linked to an agency.")
    if case is not None and case.child_id != child.pk:
        raise ValidationError("That case is about another child")
    if referral is not None and referral.child_id != child.pk:
        raise ValidationError("That referral is about another child")
    if not scheme.is_active:
        raise ValidationError({"scheme": "This scoring scheme is no longer in use"})
    indicator_set = IndicatorSet.objects.get(is_current=True)
    completed_on = completed_on or timezone.localdate()
    answers = [_only_what_applies(answer) for answer in answers]
    _check_answers(child=child, indicator_set=indicator_set, answers=answers, on=completed_on)

    latest = reassessment_due(child=child, completed_on=completed_on)
    if reassess_due is None:
        reassess_due = latest
    elif not completed_on < reassess_due <= latest:
        raise ValidationError(
            {
                "reassess_due": (
                    "The reassessment date must be after today and no later than "
                    f"{scoring.format_date(latest)}"
                )
            }
        )

    result = scoring.score(
        (
            scoring_answer(
                indicator=answer.indicator, present=answer.present, observed_on=answer.observed_on
            )
            for answer in answers
        ),
        scheme.rules,
        as_of=completed_on,
    )
    screening = Screening(
        child=child,
        case=case,
        referral=referral,
        indicator_set=indicator_set,
        scheme=scheme,
        completed_by=by,
        source_agency=by.agency,
        completed_on=completed_on,
        score=result.score,
        band_code=result.band,
        band_label=result.label,
        required_action=result.required_action,
        explanation=result.explanation,
        reassess_due=reassess_due,
    )
    screening.full_clean()
    screening.save()
    for answer in answers:
        row = ScreeningAnswer(
            screening=screening,
            indicator=answer.indicator,
            present=answer.present,
            evidence=answer.evidence.strip(),
            source_agency=answer.source_agency,
            observed_on=answer.observed_on,
        )
        row.full_clean()
        row.save()
    return screening


def screening_override(
    *, screening: Screening, by: StaffUser, band: str, reason: str, version: int | None = None
) -> Screening:
    """Record the practitioner's professional judgement of the level, which always stands
    over the score. It needs a reason; the scored result stays on the record beside it.

    A judgement above the score and above the case's risk level marks the case's risk level
    as due for review (see ``screening_risk_review``).

    ``version`` is the copy the practitioner was looking at: if someone else has changed the
    screening since, ``concurrency.exceptions.RecordModifiedError`` is raised and nothing
    changes.
    """
    require(can_record(by, screening.child))
    errors: dict[str, str] = {}
    chosen = scoring.band_by_code(screening.scheme.rules, band)
    if chosen is None:
        errors["band"] = "Choose the level you judge the risk to be"
    elif chosen.code == screening.band_code:
        errors["band"] = (
            f"The score already gives {chosen.label}: choose a different level, or leave it"
        )
    if not reason.strip():
        errors["reason"] = "Explain why your professional judgement differs from the score"
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    # Its own transaction, so a refused conflicting save does not spoil an outer one.
    with transaction.atomic():
        if version is not None:
            screening.version = version
        screening.override_band = chosen.code
        screening.override_label = chosen.label
        screening.override_reason = reason.strip()
        screening.overridden_by = by
        screening.overridden_at = timezone.now()
        screening.full_clean()
        screening.save()
        prompt = screening_risk_review(screening=screening)
        if prompt is not None:
            case_risk_review_request(case=prompt.case, by=by, reason=prompt.reason)
    return screening
