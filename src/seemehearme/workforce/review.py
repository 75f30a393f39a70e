"""What the training and supervision records say about two of the framework's reflective
questions asked at every case review ("trained" and "supervised"), with a suggested answer the
worker may change (saying why). The review form shows these beside the questions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.text import get_text_list

from seemehearme.areas.models import StaffUser
from seemehearme.cases.models import Case, KeyWorkerAssignment, ReflectiveAnswer
from seemehearme.cases.selectors import case_team_current
from seemehearme.dates import long_date
from seemehearme.workforce.selectors import Standing, standings

TRAINED = "trained"
SUPERVISED = "supervised"


@dataclass(frozen=True)
class Suggestion:
    """A suggested answer (yes, partly or no) and what the records say, in words."""

    answer: str
    words: str

    @property
    def answer_label(self) -> str:
        return str(ReflectiveAnswer.Answer(self.answer).label)


def _share_answer(have: int, out_of: int) -> str:
    if have == out_of:
        return ReflectiveAnswer.Answer.YES
    return ReflectiveAnswer.Answer.PARTLY if have else ReflectiveAnswer.Answer.NO


def _trained(team: list[Standing]) -> Suggestion:
    trained = [s for s in team if s.trained]
    people = "person" if len(team) == 1 else "people"
    words = (
        f"{len(trained)} of {len(team)} {people} working on the case have the training their "
        "role requires in date."
    )
    missing = [
        f"{s.staff.display_name} ({'; '.join(gap.words() for gap in s.gaps)})"
        for s in team
        if not s.trained
    ]
    if missing:
        words += f" Missing: {get_text_list(missing, 'and')}."
    return Suggestion(_share_answer(len(trained), len(team)), words)


def _supervised(key_worker: Standing, fallback_days: int) -> Suggestion:
    name = key_worker.staff.display_name
    last = key_worker.last_supervision
    if last is None:
        return Suggestion(
            ReflectiveAnswer.Answer.NO,
            f"No supervision is recorded for the key worker, {name}.",
        )
    interval = key_worker.interval_days or fallback_days
    due = last + dt.timedelta(days=interval)
    words = f"The key worker, {name}, last had supervision on {long_date(last)}"
    if key_worker.on <= due:
        answer = ReflectiveAnswer.Answer.YES
        words += f", within the expected {interval} days."
    else:
        answer = ReflectiveAnswer.Answer.PARTLY
        words += f": more than {interval} days ago, so supervision is overdue."
    words += " Records count cases discussed, not which ones: check this case was among them."
    return Suggestion(answer, words)


def review_suggestions(case: Case, on: dt.date) -> dict[str, Suggestion]:
    """Suggested answers by question code (``trained``, ``supervised``) for a review of
    ``case`` on ``on``, from the records of the key worker and the case team today. A question
    the records cannot answer (no one on the case, no key worker) has no suggestion."""
    key_worker_id = (
        KeyWorkerAssignment.objects.filter(case=case, ended_at__isnull=True)
        .values_list("user_id", flat=True)
        .first()
    )
    members = list(case_team_current(case).select_related("team"))
    if key_worker_id is not None and all(member.pk != key_worker_id for member in members):
        members.insert(0, StaffUser.objects.select_related("agency", "team").get(pk=key_worker_id))
    team = standings(members, on)
    suggestions: dict[str, Suggestion] = {}
    if team:
        suggestions[TRAINED] = _trained(team)
    key_worker = next((s for s in team if s.staff.pk == key_worker_id), None)
    if key_worker is not None:
        suggestions[SUPERVISED] = _supervised(key_worker, case.area.review_interval_days)
    return suggestions
