"""Case work in the demo area, at every stage, so a new user sees a living system.

The featured child has a full episode (referral, triage, case, a key worker change, her words,
decisions, a plan with disruption, a review). Other children sit at each other stage: referrals
awaiting triage (one overdue), triaged away, a case just opened with no key worker yet, a case
whose review is overdue, a re-referral after an earlier closed case, and closed cases.

Everything is dated relative to ``as_of`` and chosen deterministically. Records are made
directly (the services act "now" and check the signed-in user) but validated with full_clean.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import Model
from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser, Team
from seemehearme.cases.deadlines import add_working_days
from seemehearme.cases.models import (
    AbusePattern,
    CaptureMethod,
    Case,
    CasePattern,
    CaseStatus,
    ChildSaysThings,
    ClosureReason,
    Decision,
    Engagement,
    KeyWorkerAssignment,
    Referral,
    ReferralSource,
    ReflectiveAnswer,
    ReflectiveQuestion,
    Review,
    RiskLevel,
    TriageDecision,
    VoiceEntry,
    VoiceKind,
)
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship
from seemehearme.people.services import relationship_ensure
from seemehearme.plans.models import ActionStatus, DisruptionTactic, PlanAction, ProtectionPlan

from . import structure as s
from .featured import FEATURED_FAMILY_NAME, FEATURED_GIVEN_NAME

M = TypeVar("M", bound=Model)

# The concerns of referrals whose children the intelligence picture joins up with
# (``demo/intelligence.py`` finds the children by them).
CONCERN_HOUSE_OF_INTEREST = "Third missing episode in 90 days; found at a house of interest."
CONCERN_DIFFERENT_CARS = "Sees a girl in school uniform getting into different cars most days."
CONCERN_ONLINE = "Sexualised messages from an adult on social media."
CONCERN_CAR_AT_NIGHT = "Found with older males in a car at 1am."
CONCERN_OLDER_PEERS = "Truanting with older girls known to be exploited."


def _save(obj: M) -> M:
    obj.full_clean()
    obj.save()
    return obj


def _at(as_of: dt.date, days_ago: int, hour: int = 10) -> dt.datetime:
    """A moment ``days_ago`` before ``as_of``; never later than now unless it is in the future
    on purpose (a negative ``days_ago``), so a demo built at nine has no referral made at eleven."""
    moment = timezone.make_aware(
        dt.datetime.combine(as_of - dt.timedelta(days=days_ago), dt.time(hour, 0))
    )
    if days_ago >= 0:
        moment = min(moment, timezone.now() - dt.timedelta(minutes=30 - hour))
    return moment


class _Episodes:
    def __init__(self, *, area: Area, as_of: dt.date) -> None:
        self.area, self.as_of = area, as_of
        self.staff = {u.username: u for u in StaffUser.objects.filter(agency__area=area)}
        self.team = Team.objects.get(
            agency__area=area, agency__name=s.SOCIAL_CARE, name=s.CHILD_EXPLOITATION_TEAM
        )
        self.levels = {r.code: r for r in RiskLevel.objects.filter(scheme=area.risk_scheme)}

    def user(self, username: str) -> StaffUser:
        return self.staff[username]

    def referral(
        self, child: Child, *, days_ago: int, by: str | None, concerns: str, **extra: object
    ) -> Referral:
        received = _at(self.as_of, days_ago, hour=11)
        referrer = self.user(by) if by else None
        referral = Referral(
            area=self.area,
            child=child,
            referred_by=referrer,
            referring_agency=referrer.agency if referrer else None,
            received_at=received,
            concerns=concerns,
            holding_team=self.team,
            triage_due_at=add_working_days(received, self.area.triage_working_days),
            **extra,
        )
        _save(referral)
        relationship_ensure(
            child=child,
            kind=RelationshipKind.REFERRAL_HOLDER,
            team=self.team,
            started_on=received.date(),
            reason=f"Holds referral {referral.pk}",
        )
        return referral

    def triage(self, referral: Referral, decision: str, reason: str, case: Case | None) -> None:
        referral.triage_decision = decision
        referral.triage_reason = reason
        referral.triaged_by = self.user("sam.coordinator")
        referral.triaged_at = referral.received_at + dt.timedelta(hours=3)
        referral.case = case
        _save(referral)

    def case(self, child: Child, *, days_ago: int, level: str, reason: str) -> Case:
        opened = _at(self.as_of, days_ago, hour=15)
        return _save(
            Case(
                area=self.area,
                child=child,
                opened_by=self.user("sam.coordinator"),
                opened_at=opened,
                risk_level=self.levels[level],
                risk_reason=reason,
                next_review_due=opened.date() + dt.timedelta(days=self.area.review_interval_days),
            )
        )

    def key_worker(
        self, case: Case, worker: StaffUser, *, days_ago: int, reason: str, told: str = ""
    ) -> KeyWorkerAssignment:
        start = _at(self.as_of, days_ago)
        relationship = WorkingRelationship.objects.filter(
            child=case.child, kind=RelationshipKind.KEY_WORKER, user=worker, ended_on__isnull=True
        ).first() or _save(
            WorkingRelationship(
                child=case.child,
                kind=RelationshipKind.KEY_WORKER,
                user=worker,
                started_on=start.date(),
            )
        )
        relationship.case = case
        relationship.save()
        return _save(
            KeyWorkerAssignment(
                case=case,
                user=worker,
                relationship=relationship,
                started_at=start,
                reason=reason,
                child_told=bool(told),
                child_told_how=told,
                assigned_by=self.user("sam.coordinator"),
            )
        )

    def close(self, case: Case, *, days_ago: int, reason: str, summary: str) -> None:
        case.status = CaseStatus.CLOSED
        case.closed_at = _at(self.as_of, days_ago, hour=16)
        case.closed_by = self.user("priya.manager")
        case.closure_reason = ClosureReason.objects.get(code=reason)
        case.closure_summary = summary
        _save(case)
        WorkingRelationship.objects.filter(case=case, ended_on__isnull=True).update(
            ended_on=case.closed_at.date()
        )
        KeyWorkerAssignment.objects.filter(case=case, ended_at__isnull=True).update(
            ended_at=case.closed_at
        )


def _featured(ep: _Episodes, maisie: Child) -> None:
    amara, grace = ep.user("amara.social"), ep.user("grace.school")
    first = ep.referral(
        maisie,
        days_ago=120,
        by="grace.school",
        concerns="Attendance has fallen to 71% this half-term and Maisie talks about an older "
        "'boyfriend' who picks her up from school in a grey hatchback. She has a new phone.",
        child_knows=True,
    )
    case = ep.case(
        maisie,
        days_ago=120,
        level="category-3",
        reason="Missing overnight and found with adults of concern; gifts; older 'boyfriend'.",
    )
    ep.triage(first, TriageDecision.OPEN_CASE, "Four warning signs within a month.", case)
    WorkingRelationship.objects.filter(child=maisie, kind=RelationshipKind.CASE_TEAM).update(
        case=case
    )
    earlier_worker = StaffUser.objects.filter(
        agency=amara.agency, team=amara.team, username__startswith="nb.staff."
    ).order_by("username").first() or ep.user("priya.manager")
    kw1 = ep.key_worker(
        case,
        earlier_worker,
        days_ago=119,
        reason="Duty social worker while a key worker was found.",
        told="Told in person at the first home visit.",
    )
    kw1.ended_at = _at(ep.as_of, 100)
    _save(kw1)
    kw1.relationship.ended_on = kw1.ended_at.date()
    _save(kw1.relationship)
    ep.key_worker(
        case,
        amara,
        days_ago=100,
        reason="Amara already knew Maisie from a family support visit and Maisie asked for her.",
        told="Maisie chose Amara; told together at the youth centre.",
    )
    for kind, words, how, where, days in [
        (
            VoiceKind.OWN_WORDS,
            "They're my mates. They look after me and buy me stuff.",
            CaptureMethod.IN_PERSON,
            "At home",
            70,
        ),
        (
            VoiceKind.WISHES_AND_FEELINGS,
            "I feel safer when I know who's picking me up.",
            CaptureMethod.IN_PERSON,
            "Youth centre",
            30,
        ),
        (
            VoiceKind.WHAT_I_WANT,
            "I want to stay at Northbridge Academy and for Mum not to get in trouble.",
            CaptureMethod.IN_PERSON,
            "Youth centre",
            30,
        ),
    ]:
        _save(
            VoiceEntry(
                child=maisie,
                case=case,
                kind=kind,
                words=words,
                captured_how=how,
                captured_with="Amara Hollins (key worker)",
                captured_where=where,
                said_on=ep.as_of - dt.timedelta(days=days),
                source_agency=amara.agency,
                recorded_by=amara,
            )
        )
    ben = ep.user("ben.outreach")
    _save(
        VoiceEntry(
            child=maisie,
            case=case,
            kind=VoiceKind.OWN_WORDS,
            words="I like coming here because nobody shouts and you don't make me talk.",
            captured_how=CaptureMethod.IN_PERSON,
            captured_with="Ben Osei (outreach worker)",
            captured_where="Outreach session at the youth centre",
            said_on=ep.as_of - dt.timedelta(days=4),
            source_agency=ben.agency,
            recorded_by=ben,
        )
    )
    _save(
        Decision(
            case=case,
            made_on=ep.as_of - dt.timedelta(days=60),
            made_by=amara,
            source_agency=amara.agency,
            summary="Safe transport to and from school on weekdays",
            child_took_part=True,
            child_view="She agreed as long as it is not a police car.",
            how_weighed="We use the school minibus and a taxi firm she chose from two.",
        )
    )
    _save(
        Decision(
            case=case,
            made_on=ep.as_of - dt.timedelta(days=58),
            made_by=ep.user("dan.police"),
            source_agency=ep.user("dan.police").agency,
            summary="Child Abduction Warning Notice to the adult in the grey hatchback",
            child_took_part=False,
            child_view="Maisie has said she does not want anyone getting into trouble.",
            how_weighed="Her worry is recorded; the notice is served without naming her.",
            why_without_child="Telling her first could put her at risk of pressure to warn him.",
        )
    )
    for code, days, why in [
        (
            "boyfriend",
            100,
            "An older 'boyfriend' in a grey hatchback collects her from school and buys her "
            "gifts; she has been found with his friends.",
        ),
        (
            "party",
            65,
            "Missing overnight twice and found at a house party with several adults.",
        ),
    ]:
        _save(
            CasePattern(
                case=case,
                pattern=AbusePattern.objects.get(code=code),
                why=why,
                recorded_by=amara,
                recorded_at=_at(ep.as_of, days),
            )
        )
    plan = _save(
        ProtectionPlan(
            case=case,
            aims="Maisie gets to school and home safely, keeps her place at the Academy, and the "
            "adults harming her are kept away from her.",
            review_due=ep.as_of + dt.timedelta(days=10),
            created_at=_at(ep.as_of, 100),
            created_by=amara,
        )
    )
    cawn = DisruptionTactic.objects.get(code="cawn")
    licensing = DisruptionTactic.objects.get(code="taxi-licensing")
    for owner, text, due, status, tactic, target in [
        (
            grace,
            "Arrange safe transport home from school on weekdays.",
            -30,
            ActionStatus.DONE,
            None,
            "",
        ),
        (
            "dan.police",
            "Serve a Child Abduction Warning Notice on the driver of the grey hatchback.",
            -20,
            ActionStatus.DONE,
            cawn,
            "Adult male, 30s, grey hatchback",
        ),
        (
            "dan.police",
            "Ask licensing to check the taxi firm seen collecting children at the park.",
            -3,
            ActionStatus.IN_PROGRESS,
            licensing,
            "Taxi firm on Foundry Lane",
        ),
        (
            "nina.clinic",
            "Offer a confidential sexual health appointment at a time she chooses.",
            7,
            ActionStatus.NOT_STARTED,
            None,
            "",
        ),
        (
            "ben.outreach",
            "Weekly outreach session at the youth centre.",
            21,
            ActionStatus.IN_PROGRESS,
            None,
            "",
        ),
    ]:
        owner_user = owner if isinstance(owner, StaffUser) else ep.user(str(owner))
        _save(
            PlanAction(
                plan=plan,
                agency=owner_user.agency,
                owner=owner_user,
                description=text,
                due_on=ep.as_of + dt.timedelta(days=due),
                status=status,
                status_note="Done." if status == ActionStatus.DONE else "",
                disruption_tactic=tactic,
                disruption_target=target,
                created_at=_at(ep.as_of, 95),
                created_by=amara,
            )
        )
    review = _save(
        Review(
            case=case,
            held_on=ep.as_of - dt.timedelta(days=30),
            recorded_by=amara,
            missing_episodes=1,
            school_attendance_percent=84,
            engagement=Engagement.GOOD,
            risk_level_before=ep.levels["category-3"],
            risk_level_after=ep.levels["category-2"],
            child_says_things_are=ChildSaysThings.BETTER,
            child_words="It's better. I still see them sometimes but I don't go in the car.",
            summary="One missing episode since the strategy discussion; attendance up; the "
            "CAWN has been served. Risk reduced to category 2.",
            next_review_due=ep.as_of + dt.timedelta(days=10),
        )
    )
    for question in ReflectiveQuestion.objects.filter(is_active=True):
        answer = "partly" if question.code in {"perpetrators-disrupted", "plan-working"} else "yes"
        _save(ReflectiveAnswer(review=review, question=question, answer=answer))
    case.risk_level = ep.levels["category-2"]
    case.next_review_due = ep.as_of + dt.timedelta(days=10)
    _save(case)


def case_work_create(*, area: Area, as_of: dt.date) -> None:
    """Seed referrals and cases at every stage in the demo area."""
    area.triage_team = Team.objects.get(
        agency__area=area, agency__name=s.SOCIAL_CARE, name=s.CHILD_EXPLOITATION_TEAM
    )
    area.save()
    ep = _Episodes(area=area, as_of=as_of)
    maisie = Child.objects.get(
        area=area, given_name=FEATURED_GIVEN_NAME, family_name=FEATURED_FAMILY_NAME
    )
    _featured(ep, maisie)
    others = list(
        Child.objects.filter(area=area, relationships__isnull=True, cases__isnull=True)
        .exclude(pk=maisie.pk)
        .order_by("id")[:10]
    )
    if len(others) < 10:
        return  # a tiny area (tests): the featured child's episode is enough
    waiting, overdue, community, signposted, new_case, review_late, rereferred, closed = (
        others[0],
        others[1],
        others[2],
        others[3],
        others[4],
        others[5],
        others[6],
        others[7],
    )
    ep.referral(
        waiting,
        days_ago=0,
        by="tom.nurse",
        concerns="Attended A&E intoxicated with an adult who left before staff could speak to him.",
    )
    ep.referral(
        overdue,
        days_ago=6,
        by="dan.police",
        concerns=CONCERN_HOUSE_OF_INTEREST,
    )
    ep.referral(
        community,
        days_ago=1,
        by=None,
        source=ReferralSource.COMMUNITY,
        referrer_description="A shopkeeper on Mill Road, by phone to the duty line",
        concerns=CONCERN_DIFFERENT_CARS,
    )
    referral = ep.referral(
        signposted,
        days_ago=20,
        by="ben.outreach",
        concerns="Low mood and isolated; no exploitation concerns seen.",
    )
    ep.triage(
        referral,
        TriageDecision.SIGNPOST,
        "No warning signs of exploitation; referred to "
        "the young people's counselling service with her agreement.",
        None,
    )
    referral = ep.referral(
        new_case,
        days_ago=2,
        by="grace.school",
        concerns=CONCERN_ONLINE,
    )
    case = ep.case(new_case, days_ago=1, level="category-1", reason="Online grooming concern.")
    ep.triage(
        referral,
        TriageDecision.OPEN_CASE,
        "Online concern with an adult: open, assign a key worker and screen.",
        case,
    )
    referral = ep.referral(
        review_late,
        days_ago=200,
        by="dan.police",
        concerns=CONCERN_CAR_AT_NIGHT,
    )
    case = ep.case(review_late, days_ago=199, level="category-2", reason="Repeat missing.")
    ep.triage(referral, TriageDecision.OPEN_CASE, "Repeat missing and found with adults.", case)
    ep.key_worker(
        case,
        ep.user("amara.social"),
        days_ago=198,
        reason="Allocated from the team's rota.",
        told="Phone call, then a visit the same week.",
    )
    case.next_review_due = as_of - dt.timedelta(days=12)
    _save(case)
    old = ep.referral(
        rereferred,
        days_ago=400,
        by="grace.school",
        concerns=CONCERN_OLDER_PEERS,
    )
    old_case = ep.case(rereferred, days_ago=399, level="category-1", reason="Peer concern.")
    ep.triage(old, TriageDecision.OPEN_CASE, "Peers involved in CSE.", old_case)
    ep.close(
        old_case,
        days_ago=250,
        reason="risk-reduced",
        summary="Back in school full "
        "time; no longer with the older peer group; she agreed to closure.",
    )
    ep.referral(
        rereferred,
        days_ago=0,
        by="dan.police",
        concerns="Missing overnight; seen at the same address as last year.",
    )
    referral = ep.referral(
        closed, days_ago=300, by="tom.nurse", concerns="Second STI test in three months, aged 15."
    )
    case = ep.case(closed, days_ago=299, level="category-2", reason="Sexual health concern.")
    ep.triage(referral, TriageDecision.OPEN_CASE, "Repeat STI under 16.", case)
    ep.close(
        case,
        days_ago=40,
        reason="moved-away",
        summary="Family moved to another area; case transferred with the plan and chronology.",
    )


MAISIE_SIGNS = {
    # indicator text (as seeded) -> (agency name, evidence, days ago)
    "Missing from home or care": (
        s.POLICE,
        "Reported missing overnight; found at a flat on "
        "Foundry Lane with adults not known to the family.",
        64,
    ),
    "Receipt of gifts from unknown sources": (
        s.SOCIAL_CARE,
        "New phone and expensive trainers she cannot explain.",
        40,
    ),
    "Absent from school": (
        s.SECONDARY_SCHOOLS[0],
        "Attendance 71% this half-term, mostly afternoons.",
        30,
    ),
    "Drug or alcohol misuse": (s.HOSPITALS, "A&E attendance with alcohol intoxication.", 45),
    "Chaotic or dysfunctional household (parental substance misuse, domestic violence, "
    "parental mental ill-health, parental criminality)": (
        s.SOCIAL_CARE,
        "Domestic abuse history; mother's mental ill-health.",
        150,
    ),
}


def screenings_and_meetings_create(*, area: Area, as_of: dt.date) -> None:
    """A screening and two MACE panel meetings for the featured child, through the services."""
    from seemehearme.meetings.models import MeetingType, Participation
    from seemehearme.meetings.services import (
        agenda_child_participation_record,
        agenda_children_add,
        attendance_record,
        meeting_minutes_record,
        meeting_plan,
    )
    from seemehearme.screening.models import IndicatorSet, ScoringScheme
    from seemehearme.screening.services import AnswerInput, screening_record

    staff = {u.username: u for u in StaffUser.objects.filter(agency__area=area)}
    agencies = {a.name: a for a in area.agencies.all()}
    maisie = Child.objects.get(
        area=area, given_name=FEATURED_GIVEN_NAME, family_name=FEATURED_FAMILY_NAME
    )
    case = maisie.cases.get(status=CaseStatus.OPEN)
    indicators = IndicatorSet.objects.get(is_current=True).indicators.all()
    answers = []
    for indicator in indicators:
        sign = MAISIE_SIGNS.get(indicator.text)
        if sign is None:
            answers.append(AnswerInput(indicator=indicator, present="no"))
            continue
        agency, evidence, days = sign
        answers.append(
            AnswerInput(
                indicator=indicator,
                present="yes",
                evidence=evidence,
                source_agency=agencies[agency],
                observed_on=as_of - dt.timedelta(days=days),
            )
        )
    screening_record(
        child=maisie,
        by=staff["amara.social"],
        scheme=ScoringScheme.objects.get(code="seraf", is_active=True),
        answers=answers,
        case=case,
        completed_on=as_of - dt.timedelta(days=25),
    )

    sam = staff["sam.coordinator"]
    panel = area.panels.get(name=s.MACE_PANEL)
    mace = MeetingType.objects.get(code="mace-child")
    held = meeting_plan(
        by=sam,
        meeting_type=mace,
        held_at=_at(as_of, 14, hour=10),
        location="Northbridge Civic Centre, room 2",
        chair=sam,
        panel=panel,
    )
    [listed] = agenda_children_add(meeting=held, by=sam, children=[maisie])
    for username, status in [
        ("sam.coordinator", "attended"),
        ("amara.social", "attended"),
        ("dan.police", "attended"),
        ("grace.school", "attended"),
        ("nina.clinic", "apologies"),
    ]:
        user = staff[username]
        assert user.agency is not None
        attendance_record(meeting=held, by=sam, agency=user.agency, status=status, user=user)
    listed = agenda_child_participation_record(
        agenda_child=listed,
        by=sam,
        version=listed.version,
        child_participation=Participation.VIEWS_SHARED,
        child_participation_note="Maisie asked Amara to tell the panel she feels safer with "
        "the transport and does not want to change school.",
        family_participation=Participation.VIEWS_SHARED,
        family_participation_note="Her mother spoke to Amara before the meeting.",
        discussion="The Child Abduction Warning Notice has been served; one missing episode "
        "since the strategy discussion. Taxi firm on Foundry Lane to be checked by licensing.",
    )
    held.refresh_from_db()
    meeting_minutes_record(
        meeting=held,
        by=sam,
        version=held.version,
        minutes="Child-focused MACE panel. One child discussed (see the child's section). "
        "Next panel in four weeks.",
    )
    upcoming = meeting_plan(
        by=sam,
        meeting_type=mace,
        held_at=_at(as_of, -14, hour=10),
        location="Northbridge Civic Centre, room 2",
        chair=sam,
        panel=panel,
    )
    agenda_children_add(meeting=upcoming, by=sam, children=[maisie])
