"""The demo's children and families in the strategy, and its progress questionnaire (all made
up): a young people's consultation with "you said, we did", support offered to the featured
child's family, and two rounds of the starter questionnaire, the first fully answered and the
second partly.

Call once, after the staff and case work exist (``demo_area_create`` does). Cheap: a handful
of rows, written through the services so the demo obeys the same rules as everyone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, Role, StaffUser, Team
from seemehearme.cases.models import Case, CaseStatus
from seemehearme.participation.models import ActivityKind, FamilySupportKind, SupportOutcome
from seemehearme.participation.services import (
    activity_save,
    change_record,
    family_support_offer,
)
from seemehearme.questionnaires.models import Response, Round
from seemehearme.questionnaires.services import Given, response_save, round_send
from seemehearme.questionnaires.starter import starter_questionnaire_create

from . import structure as s
from .featured import FEATURED_FAMILY_NAME, FEATURED_GIVEN_NAME

LEAD, COORDINATOR, KEY_WORKER, POLICE_MANAGER = (
    "morgan.lead",
    "sam.coordinator",
    "amara.social",
    "rowan.police",
)
# The hospital trust's named lead, a background colleague who cannot sign in.
HOSPITAL_LEAD = "nb.staff.lead.hospitals"

CONSULTATION_SAID = (
    '"The leaflet is for adults, not us."\n'
    '"Nobody told me what happens after you tell someone."\n'
    '"Don\'t make me tell my story again to every new worker."'
)
FORUM_SAID = '"Police at the door scared my mum more than the man did."'

# Each agency's answers, round by round, by question key (see questionnaires.starter).
ROUND_ONE: dict[str, dict[str, object]] = {
    s.SOCIAL_CARE: {"strategy": "yes", "strategy-reviewed": "partly", "strategic-lead": "yes",
                    "training": "partly", "trained-percent": 62, "sharing-protocol": "yes",
                    "problem-profile": "no", "children-involved": "partly",
                    "families-supported": "partly", "confidence": 3,
                    "changed": "A strategy was agreed by the partnership in the spring."},
    s.POLICE: {"strategy": "partly", "strategy-reviewed": "no", "strategic-lead": "yes",
               "training": "no", "trained-percent": 35, "sharing-protocol": "yes",
               "problem-profile": "partly", "children-involved": "no",
               "families-supported": "no", "confidence": 2,
               "changed": "A child exploitation unit was set up."},
    s.HOSPITALS: {"strategy": "no", "strategy-reviewed": "no", "strategic-lead": "partly",
                  "training": "partly", "trained-percent": 48, "sharing-protocol": "yes",
                  "problem-profile": "no", "children-involved": "no",
                  "families-supported": "partly", "confidence": 2,
                  "changed": "Emergency department staff were briefed on the warning signs."},
}  # fmt: skip
ROUND_TWO_POLICE: dict[str, object] = ROUND_ONE[s.POLICE] | {
    "strategy": "yes",
    "strategy-reviewed": "yes",
    "training": "partly",
    "trained-percent": 71,
    "problem-profile": "yes",
    "confidence": 3,
    "changed": "Every response officer has had CSE training; the problem profile is refreshed "
    "every quarter with the partnership's analyst.",
}


def _given(round_: Round, values: dict[str, object]) -> dict[int, Given]:
    answers = {}
    for question in round_.questionnaire.questions.all():
        value = values[question.key]
        if isinstance(value, int):
            answers[question.pk] = Given(number=Decimal(value))
        elif question.kind == "text":
            answers[question.pk] = Given(text=str(value))
        else:
            answers[question.pk] = Given(choice=str(value))
    return answers


def _backdate(round_: Round, *, sent: dt.date, answered_after: int) -> None:
    """Put a round (and its submitted answers) at dates in the demo's past."""
    moment = timezone.make_aware(dt.datetime.combine(sent, dt.time(10, 0)))
    answered = moment + dt.timedelta(days=answered_after)
    Round.objects.filter(pk=round_.pk).update(sent_at=moment)
    Response.objects.filter(round=round_, submitted_at__isnull=False).update(
        submitted_at=answered, updated_at=answered
    )


def _hospital_lead(area: Area) -> StaffUser:
    agency = Agency.objects.get(area=area, name=s.HOSPITALS)
    user = StaffUser(
        username=HOSPITAL_LEAD,
        first_name="Imogen",
        last_name="Farrant",
        email=f"{HOSPITAL_LEAD}@northbridge.example",
        agency=agency,
        team=Team.objects.get(agency=agency, name="Emergency Department"),
        role=Role.TEAM_MANAGER,
        job_title="Named nurse, emergency department",
        password=make_password(None),  # cannot sign in
    )
    user.save()
    return user


def demo_participation_create(*, area: Area, as_of: dt.date) -> None:
    """Record the demo's participation, family support and questionnaire rounds."""
    staff = {
        user.username: user
        for user in StaffUser.objects.filter(
            agency__area=area, username__in=[LEAD, COORDINATOR, KEY_WORKER, POLICE_MANAGER]
        ).select_related("agency")
    }
    agencies = {agency.name: agency for agency in Agency.objects.filter(area=area)}
    lead, coordinator = staff[LEAD], staff[COORDINATOR]

    # Young people's participation: you said, we did.
    consultation = activity_save(
        by=coordinator,
        title="Consultation on the partnership's CSE leaflet and process",
        kind=ActivityKind.CONSULTATION,
        held_on=as_of - dt.timedelta(days=150),
        run_by=agencies[s.VOLUNTARY],
        young_people=14,
        aged_under_13=None,
        aged_13_to_15=8,
        aged_16_to_17=6,
        aged_18_to_25=None,
        girls=9,
        boys=4,
        other_or_not_said=1,
        they_said=CONSULTATION_SAID,
    )
    change_record(
        by=coordinator,
        activity=consultation,
        what_changed="Young people rewrote the leaflet with Safe Steps; it now says, step by "
        "step, what happens after you tell someone.",
        changed_on=as_of - dt.timedelta(days=90),
    )
    change_record(
        by=lead,
        activity=consultation,
        what_changed="Each child keeps the same key worker where possible, and every change of "
        "key worker now records whether the child was told and how.",
        changed_on=as_of - dt.timedelta(days=60),
    )
    activity_save(
        by=lead,
        title="Young people's forum: police visits to families",
        kind=ActivityKind.GROUP,
        held_on=as_of - dt.timedelta(days=20),
        run_by=agencies[s.YOUTH_JUSTICE],
        young_people=6,
        aged_under_13=None,
        aged_13_to_15=None,
        aged_16_to_17=None,
        aged_18_to_25=None,
        girls=None,
        boys=None,
        other_or_not_said=None,
        they_said=FORUM_SAID,
    )

    # Support offered to the featured child's family.
    case = Case.objects.get(
        child__area=area,
        child__given_name=FEATURED_GIVEN_NAME,
        child__family_name=FEATURED_FAMILY_NAME,
        status=CaseStatus.OPEN,
    )
    key_worker = staff[KEY_WORKER]
    kinds = {kind.code: kind for kind in FamilySupportKind.objects.all()}
    for code, to, days, agency, outcome, reason in (
        ("parent-support-worker", "mother", 40, s.VOLUNTARY, SupportOutcome.ACCEPTED, ""),
        ("family-group-conference", "mother and grandmother", 30, s.SOCIAL_CARE,
         SupportOutcome.DECLINED, "Her mother wants to wait until the police investigation "
         "has ended; to be offered again at the next review."),
        ("advice-and-information", "mother", 40, s.POLICE, SupportOutcome.ACCEPTED, ""),
        ("family-therapy", "mother and Maisie", 7, s.HOSPITALS, SupportOutcome.WAITING, ""),
    ):  # fmt: skip
        family_support_offer(
            by=key_worker,
            case=case,
            kind=kinds[code],
            offered_to=to,
            offered_on=as_of - dt.timedelta(days=days),
            agency=agencies[agency],
            outcome=outcome,
            reason=reason,
        )

    # Two rounds of the progress questionnaire: the first answered by all, the second partly.
    answerers = {
        s.SOCIAL_CARE: coordinator,
        s.POLICE: staff[POLICE_MANAGER],
        s.HOSPITALS: _hospital_lead(area),
    }
    asked = [agencies[name] for name in answerers]
    first_version = starter_questionnaire_create(by=lead)
    sent = as_of - dt.timedelta(days=190)
    first = round_send(
        by=lead, questionnaire=first_version, name="Spring", on=sent,
        due_on=sent + dt.timedelta(days=28), agencies=asked,
    )  # fmt: skip
    for name, by in answerers.items():
        response = first.responses.get(agency=agencies[name])
        response_save(by=by, response=response, answers=_given(first, ROUND_ONE[name]), submit=True)
    _backdate(first, sent=sent, answered_after=12)
    sent = as_of - dt.timedelta(days=10)
    second = round_send(
        by=lead, questionnaire=first_version, name="Autumn", on=sent,
        due_on=sent + dt.timedelta(days=28), agencies=asked,
    )  # fmt: skip
    police = second.responses.get(agency=agencies[s.POLICE])
    response_save(
        by=answerers[s.POLICE], response=police, answers=_given(second, ROUND_TWO_POLICE),
        submit=True,
    )  # fmt: skip
    hospitals = second.responses.get(agency=agencies[s.HOSPITALS])
    strategy = second.questionnaire.questions.get(key="strategy")
    response_save(  # a draft: one answer so far
        by=answerers[s.HOSPITALS], response=hospitals, answers={strategy.pk: Given(choice="yes")}
    )
    _backdate(second, sent=sent, answered_after=3)
