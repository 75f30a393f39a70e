"""The demo area's assurance: last year's self-assessment (completed), this year's (in
progress, with ratings up and down and new evidence), the partnership's strategy plan and the
police's own plan with actions, and two made-up recommendations with agencies' responses.

Everything goes through the assurance services, so each write is checked as anyone's would be;
dates are relative to ``as_of``. The strategy plan cites a problem-profile finding only if the
area has one saved (the demo saves none, so none is cited unless one is added first).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.assurance import actionplans as ap
from seemehearme.assurance import recommendations as rec
from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.models import Assessment, PlanKind, Recommendation
from seemehearme.intelligence.models import ProfileFinding

from . import structure as s

# (code, last year's rating and evidence, this year's rating and evidence or None if not yet)
RATINGS: list[tuple[str, tuple[str, str], tuple[str, str] | None]] = [
    (
        "guidance-proactive-strategy",
        ("amber", "Strategy 2023 to 2026 agreed; pursuit of abusers not in it."),
        ("green", "Strategy refreshed in the spring with a pursue strand led by the police."),
    ),
    (
        "guidance-strategic-lead-and-protocol",
        ("green", "Strategic lead named; protocol signed by all partners."),
        ("green", "Strategic lead named; protocol signed by all partners."),
    ),
    (
        "guidance-sub-group",
        ("green", "Exploitation sub-group meets every two months."),
        ("amber", "Two of the last five sub-group meetings were not quorate: health absent."),
    ),
    (
        "guidance-coordinator",
        ("amber", "Coordinator post vacant for four months."),
        ("green", "Coordinator in post since January."),
    ),
    (
        "guidance-coordinated-delivery",
        ("amber", "MACE panel in place; agencies' referrals routes differ."),
        ("amber", "Single referral route agreed; schools not yet using it."),
    ),
    (
        "guidance-support-for-families",
        ("red", "No support offered to parents or carers."),
        ("amber", "Parents' group run by Safe Steps since June; waiting list of eight families."),
    ),
    (
        "principle-best-interests",
        ("green", "Audit of 20 cases: the child's interests recorded in each."),
        None,
    ),
    (
        "principle-participation",
        ("amber", "Children's views recorded in 12 of 20 audited cases."),
        ("amber", "Children's views recorded in 16 of 20 audited cases."),
    ),
    (
        "principle-enduring-relationships",
        ("red", "Half the children changed key worker in the year."),
        ("red", "A third of children changed key worker in the year."),
    ),
    (
        "principle-information-sharing",
        ("green", "Core information-sharing agreement in force."),
        ("green", "Core agreement renewed; sexual health agreement added."),
    ),
    ("principle-supervision-and-training", ("amber", "Training offered; take-up not known."), None),
    (
        "principle-problem-profiling",
        ("red", "No problem profile for two years."),
        ("amber", "Problem profile produced in the summer; not yet shared with schools."),
    ),
    ("principle-evaluation", ("amber", "Annual report only."), None),
    ("question-voice-of-the-child", ("amber", "Young people's panel met twice."), None),
    (
        "question-voice-of-the-professional",
        ("amber", "Staff survey: 60% feel able to escalate."),
        None,
    ),
    ("question-protecting-the-child", ("amber", "Disruption tactics used in few cases."), None),
]

EXAMPLES = [
    (
        "case_review",
        "Example: CSPR Child K, recommendation 2",
        "Example only: partners should make sure that every child going missing three times in "
        "a month is discussed at the MACE panel.",
        400,
    ),
    (
        "inspection",
        "Example: joint inspection, area for improvement 1",
        "Example only: leaders should check that return home interviews are offered to every "
        "child after each missing episode and that what children say is shared.",
        200,
    ),
]


def _staff(username: str) -> StaffUser:
    return StaffUser.objects.get(username=username)


def _assess(lead: StaffUser, assessment: Assessment, ratings: dict[str, tuple[str, str]]) -> None:
    for entry in assessment.entries.select_related("expectation"):
        if entry.expectation.code in ratings:
            rating, evidence = ratings[entry.expectation.code]
            sa.entry_update(
                user=lead, entry=entry, rating=rating, evidence=evidence, owner=lead, actions=""
            )


def demo_assurance_create(*, area: Area, as_of: dt.date) -> None:
    """Add the demo's self-assessments, plans and recommendations to ``area``."""
    lead, coordinator = _staff("morgan.lead"), _staff("sam.coordinator")
    manager, officer = _staff("priya.manager"), _staff("dan.police")
    agencies = {agency.name: agency for agency in Agency.objects.filter(area=area)}
    council, police = agencies[s.SOCIAL_CARE], agencies[s.POLICE]

    last_year = as_of - dt.timedelta(days=365)
    previous = sa.assessment_start(
        user=lead, title=f"Self-assessment {last_year.year}", assessed_on=last_year
    )
    _assess(lead, previous, {code: before for code, before, _ in RATINGS})
    sa.assessment_complete(user=lead, assessment=previous)
    Assessment.objects.filter(pk=previous.pk).update(
        completed_at=timezone.make_aware(dt.datetime.combine(last_year, dt.time(16, 0)))
    )
    current = sa.assessment_start(
        user=lead, title=f"Self-assessment {as_of.year}", assessed_on=as_of - dt.timedelta(days=14)
    )
    _assess(lead, current, {code: now for code, _, now in RATINGS if now is not None})
    sub_group = current.entries.get(expectation__code="guidance-sub-group")
    key_workers = current.entries.get(expectation__code="principle-enduring-relationships")

    strategy = ap.plan_create(
        user=lead, kind=PlanKind.STRATEGY, title=f"Exploitation strategy plan {as_of.year}"
    )
    finding = ProfileFinding.objects.filter(profile__area=area).order_by("pk").first()
    inquiry = Recommendation.objects.filter(area=None, source="inquiry").order_by("pk")
    done = ap.action_add(
        user=lead,
        plan=strategy,
        description="Ask health to name a deputy for the sub-group",
        owner=lead,
        agency=council,
        due_on=as_of - dt.timedelta(days=30),
        entry=sub_group,
    )
    ap.action_update(
        user=lead,
        action=done,
        status="done",
        note="Named deputy attends from March.",
        on=as_of - dt.timedelta(days=40),
    )
    late = ap.action_add(
        user=lead,
        plan=strategy,
        description="Keep the same key worker when a child moves team",
        owner=manager,
        agency=council,
        due_on=as_of - dt.timedelta(days=7),
        entry=key_workers,
    )
    ap.action_update(
        user=manager,
        action=late,
        status="in_progress",
        note="Draft practice standard written.",
        on=as_of - dt.timedelta(days=20),
    )
    ap.action_add(
        user=lead,
        plan=strategy,
        description="Share the problem profile's findings with schools",
        owner=coordinator,
        agency=council,
        due_on=as_of + dt.timedelta(days=60),
        finding=finding,
        recommendation=inquiry[7] if len(inquiry) > 7 else None,
    )

    police_plan = ap.plan_create(
        user=lead, kind=PlanKind.AGENCY, agency=police, title="Northbridge Police exploitation plan"
    )
    examples = [
        Recommendation.objects.create(
            area=area,
            source=source,
            reference=reference,
            text=text,
            made_on=as_of - dt.timedelta(days=days_ago),
            is_example=True,
            recorded_by=lead,
        )
        for source, reference, text, days_ago in EXAMPLES
    ]
    ap.action_add(
        user=lead,
        plan=police_plan,
        description="Refer every child missing three times in a month to the MACE panel",
        owner=officer,
        agency=police,
        due_on=as_of + dt.timedelta(days=30),
        recommendation=examples[0],
    )
    ap.action_add(
        user=lead,
        plan=police_plan,
        description="Hotel watch visits with licensing",
        owner=officer,
        agency=police,
        due_on=as_of + dt.timedelta(days=90),
    )

    rec.response_record(
        user=lead,
        recommendation=examples[0],
        agency=police,
        answer="agreed",
        reasons="",
        progress="Missing persons unit refers from this month.",
    )
    rec.response_record(
        user=lead,
        recommendation=examples[0],
        agency=council,
        answer="partly_agreed",
        reasons="Children in care out of area are discussed by their home area's panel.",
        progress="",
    )
    rec.response_record(
        user=lead,
        recommendation=examples[1],
        agency=council,
        answer="agreed",
        reasons="",
        progress="Return home interviews offered within 72 hours.",
    )
    if len(inquiry) > 3:
        rec.response_record(
            user=lead,
            recommendation=inquiry[3],
            agency=police,
            answer="agreed",
            reasons="",
            progress="Core agreement ISA-NB-001 signed.",
        )
