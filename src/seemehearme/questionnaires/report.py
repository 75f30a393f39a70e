"""What changed since the last round: each agency's answer to each question this round, set
against its answer last round, with each change said in words ("Police: no → yes"), and a
summary of the numbers for number and scale questions.

Questions are matched across rounds by their key, so a round of version 2 compares with a
round of version 1. Only submitted answers count: a draft is not an answer yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from seemehearme.questionnaires.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    ResponseStatus,
    Round,
    format_number,
)

ARROW = "→"


def previous_round(round_: Round) -> Round | None:
    """The round of the same questionnaire (any version) sent just before ``round_``."""
    questionnaire = round_.questionnaire
    return (
        Round.objects.filter(
            questionnaire__area_id=questionnaire.area_id,
            questionnaire__series=questionnaire.series,
            sent_at__lt=round_.sent_at,
        )
        .order_by("-sent_at", "-pk")
        .first()
    )


def _answers(round_: Round | None) -> dict[tuple[int, str], Answer]:
    """Submitted answers of a round by (agency id, question key)."""
    if round_ is None:
        return {}
    answers = Answer.objects.filter(
        response__round=round_, response__status=ResponseStatus.SUBMITTED
    ).select_related("question", "response")
    return {(answer.response.agency_id, answer.question.key): answer for answer in answers}


@dataclass(frozen=True)
class AgencyAnswer:
    agency: str
    before: str | None  # None: the agency did not answer (or was not asked) last round
    now: str
    comment: str
    changed: bool
    words: str  # the change in words, empty if nothing changed


@dataclass(frozen=True)
class Figures:
    """Count, mean, lowest and highest of a number or scale question's answers in a round."""

    count: int
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None

    @classmethod
    def of(cls, numbers: list[Decimal]) -> Figures:
        if not numbers:
            return cls(0, None, None, None)
        mean = (sum(numbers, Decimal(0)) / len(numbers)).quantize(Decimal("0.1"))
        return cls(len(numbers), mean, min(numbers), max(numbers))

    def words(self) -> str:
        if not self.count:
            return "no answers"
        return (
            f"average {format_number(self.mean)} from {self.count} "
            f"{'agency' if self.count == 1 else 'agencies'} "
            f"(lowest {format_number(self.lowest)}, highest {format_number(self.highest)})"
        )


@dataclass
class QuestionChanges:
    question: Question
    is_new: bool  # not asked last round
    rows: list[AgencyAnswer] = field(default_factory=list)
    now: Figures | None = None
    before: Figures | None = None
    choices_now: list[tuple[str, int]] = field(default_factory=list)
    choices_before: list[tuple[str, int]] = field(default_factory=list)

    @property
    def changes(self) -> list[str]:
        return [row.words for row in self.rows if row.changed]

    @property
    def summary(self) -> str:
        """The question's answers across agencies, now against last round, in one sentence."""
        if self.now is not None:
            text = f"This round: {self.now.words()}."
            if self.before is not None and not self.is_new:
                text += f" Last round: {self.before.words()}."
            return text
        if self.choices_now or self.choices_before:
            now = ", ".join(f"{label} {count}" for label, count in self.choices_now) or "none"
            text = f"This round: {now}."
            if not self.is_new and self.choices_before:
                before = ", ".join(f"{label} {count}" for label, count in self.choices_before)
                text += f" Last round: {before}."
            return text
        return ""


@dataclass
class ChangeReport:
    round: Round
    previous: Round | None
    questions: list[QuestionChanges]
    answered: list[str]
    not_answered: list[str]

    @property
    def asked(self) -> int:
        return len(self.answered) + len(self.not_answered)

    @property
    def change_count(self) -> int:
        return sum(len(question.changes) for question in self.questions)


def _change_words(agency: str, question: Question, before: Answer | None, now: Answer) -> str:
    """'Police: no → yes', '3 → 5 (up 2)', or that a free-text answer changed; empty if the
    answer is the same."""
    if before is None or before.value is None:
        return (
            f"{agency}: answered for the first time ({now.display})"
            if now.value is not None
            else ""
        )
    if now.value is None:
        return f"{agency}: {before.display} {ARROW} no answer"
    if before.value == now.value:
        return ""
    if question.kind == QuestionKind.TEXT:
        return f"{agency}: changed their answer"
    words = f"{agency}: {before.display} {ARROW} {now.display}"
    if question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
        assert now.number is not None
        assert before.number is not None
        difference = now.number - before.number
        words += f" ({'up' if difference > 0 else 'down'} {format_number(abs(difference))})"
    return words


def _choice_counts(answers: list[Answer]) -> list[tuple[str, int]]:
    counts = Counter(answer.choice for answer in answers if answer.choice)
    return [(choice.label, counts[choice.value]) for choice in Choice if counts[choice.value]]


def change_report(round_: Round, *, previous: Round | None = None) -> ChangeReport:
    """What changed between ``previous`` (by default the round before) and ``round_``."""
    previous = previous if previous is not None else previous_round(round_)
    now = _answers(round_)
    before = _answers(previous)
    keys_before = {key for _agency, key in before}
    responses = list(round_.responses.select_related("agency"))
    submitted = [r for r in responses if r.status == ResponseStatus.SUBMITTED]
    questions: list[QuestionChanges] = []
    for question in round_.questionnaire.questions.all():
        entry = QuestionChanges(question=question, is_new=question.key not in keys_before)
        answers_now: list[Answer] = []
        for response in submitted:
            answer = now.get((response.agency_id, question.key))
            if answer is None:
                continue
            answers_now.append(answer)
            last = before.get((response.agency_id, question.key))
            words = _change_words(response.agency.name, question, last, answer)
            entry.rows.append(
                AgencyAnswer(
                    agency=response.agency.name,
                    before=last.display if last is not None else None,
                    now=answer.display,
                    comment=answer.comment,
                    changed=bool(words),
                    words=words,
                )
            )
        answers_before = [a for (_agency, key), a in before.items() if key == question.key]
        if question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
            entry.now = Figures.of([a.number for a in answers_now if a.number is not None])
            entry.before = Figures.of([a.number for a in answers_before if a.number is not None])
        elif question.kind == QuestionKind.YES_NO_PARTLY:
            entry.choices_now = _choice_counts(answers_now)
            entry.choices_before = _choice_counts(answers_before)
        questions.append(entry)
    return ChangeReport(
        round=round_,
        previous=previous,
        questions=questions,
        answered=[r.agency.name for r in submitted],
        not_answered=[r.agency.name for r in responses if r.status != ResponseStatus.SUBMITTED],
    )
