"""The starter progress questionnaire, from the themes of the inquiry's follow-up: did each
agency have a strategy, a lead, training, a sharing protocol and a problem profile, and are
children and families involved? A partnership starts from it and changes it as it likes."""

from __future__ import annotations

from seemehearme.areas.models import StaffUser
from seemehearme.questionnaires.models import QuestionKind, Questionnaire
from seemehearme.questionnaires.services import question_add, questionnaire_create

TITLE = "Progress on child sexual exploitation"
INTRODUCTION = (
    "The partnership asks each agency what has changed since the last round, as the Children's "
    "Commissioner asked areas after the inquiry into child sexual exploitation in gangs and "
    "groups. Answer for your agency as it is today."
)

YES_NO = QuestionKind.YES_NO_PARTLY
# (key, question, kind, hint)
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "strategy",
        "Do you have a CSE strategy?",
        YES_NO,
        "Your agency's own, or the partnership's adopted by your agency.",
    ),
    ("strategy-reviewed", "Has it been reviewed in the last year?", YES_NO, ""),
    ("strategic-lead", "Do you have a named strategic lead for CSE?", YES_NO, ""),
    (
        "training",
        "Do all frontline staff have CSE training?",
        YES_NO,
        "Training on the warning signs and what to do, within the last three years.",
    ),
    (
        "trained-percent",
        "What percentage of frontline staff have had CSE training in the last three years?",
        QuestionKind.NUMBER,
        "A number from 0 to 100.",
    ),
    ("sharing-protocol", "Do you share information under an agreed protocol?", YES_NO, ""),
    (
        "problem-profile",
        "Do you have a problem profile refreshed in the last year?",
        YES_NO,
        "Your own, or your contribution to the partnership's.",
    ),
    (
        "children-involved",
        "Are children involved in shaping your CSE work?",
        YES_NO,
        "For example consultation, a young people's group or young inspectors.",
    ),
    ("families-supported", "Do you offer support to the families of children at risk?", YES_NO, ""),
    (
        "confidence",
        "How confident are you that your agency spots children at risk early?",
        QuestionKind.SCALE,
        "",
    ),
    ("changed", "What has changed since the last round?", QuestionKind.TEXT, "In a few sentences."),
)


def starter_questionnaire_create(*, by: StaffUser) -> Questionnaire:
    """Make the starter questionnaire for the sender's partnership, ready to change or send."""
    questionnaire = questionnaire_create(by=by, title=TITLE, introduction=INTRODUCTION)
    for key, text, kind, hint in QUESTIONS:
        scale = kind == QuestionKind.SCALE
        question_add(
            by=by,
            questionnaire=questionnaire,
            key=key,
            text=text,
            kind=kind,
            hint=hint,
            scale_low_means="not confident" if scale else "",
            scale_high_means="very confident" if scale else "",
        )
    return questionnaire
