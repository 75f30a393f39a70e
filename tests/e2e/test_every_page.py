"""Every kind of page, as the person it is for opens it in the demo area: it answers, it is
accessible (axe-core, moderate problems included) at desktop width and at 320 CSS pixels, and at
320 pixels it does not scroll sideways (WCAG 1.4.10).

``test_every_page_type_is_visited`` keeps the list honest: a new page (a URL name answering GET)
fails it until it is added to ``pages`` below or named, with the reason, in ``NOT_HERE``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from seemehearme.api.tokens import agency_system_create
from seemehearme.areas.models import Area, StaffUser
from seemehearme.assurance.models import Action, ActionPlan, Assessment, Recommendation
from seemehearme.cases.models import Case, CaseStatus, Referral
from seemehearme.concerns.models import Concern
from seemehearme.dataprotection.models import RequestStatus, SubjectAccessRequest
from seemehearme.dataprotection.subject_access import (
    item_review,
    request_create,
    request_gather,
    request_release,
)
from seemehearme.demo.area import demo_area_create
from seemehearme.earlywarning.models import Flag
from seemehearme.feeds.models import ImportBatch
from seemehearme.identity.models import LinkCandidate
from seemehearme.intelligence.adults import adults_from_events, resolve_adults
from seemehearme.intelligence.models import (
    AdultMatchCandidate,
    AdultRecord,
    Association,
    Entity,
    EntityKind,
    PersonOfConcern,
)
from seemehearme.intelligence.persons import merge_persons
from seemehearme.intelligence.profile import default_period, profile_save
from seemehearme.intelligence.services import record_association, record_entity
from seemehearme.meetings.models import Meeting, MeetingStatus
from seemehearme.participation.models import FamilySupportOffer, ParticipationActivity
from seemehearme.people.models import Child
from seemehearme.people.services import break_glass_start
from seemehearme.public.models import BusinessType
from seemehearme.questionnaires.models import Questionnaire, Round
from seemehearme.questionnaires.services import question_add, questionnaire_create
from seemehearme.returns.imports import import_return
from seemehearme.returns.synthetic import synthetic_return
from seemehearme.screening.models import Screening
from seemehearme.sharing.models import InformationSharingAgreement
from tests.e2e.accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROWEST = 320

# URL names answering GET that this test does not open, and why.
NOT_HERE = {
    "public:partnerships": "goes straight to the demo's one partnership: tests/public/",
    "public:poster": "a PDF download, not a page: tests/public/test_public_pages.py",
    "public:set-language": "answers POST only (the language switch, shown with two languages)",
    "web:healthz": "JSON for load balancers: tests/e2e/test_page_furniture.py",
    "accounts:sign-in": "before signing in: tests/e2e/test_page_furniture.py",
    "accounts:two-factor": "the sign-in journey: tests/e2e/test_child_record_journey.py",
    "accounts:two-factor-set-up": "the sign-in journey: tests/accounts/test_sign_in.py",
    "accounts:sign-out": "a form that signs out: tests/e2e/test_page_furniture.py",
    "audit:log-csv": "a CSV download, not a page: tests/audit",
    "sharing:workspace-children-csv": "a CSV download, not a page: tests/sharing/test_workspace.py",
    "feeds:template": "a CSV download, not a page: tests/feeds",
    "meetings:minutes-pdf": "a PDF download, not a page: tests/meetings",
    "intelligence:profile-pdf": "a PDF download, not a page: tests/intelligence/test_profile.py",
    "intelligence:profile-saved-pdf": "a PDF download, not a page: tests/intelligence",
    "intelligence:profile-save": "answers POST only (saving the profile shown)",
    "sharing:break-glass-end": "answers POST only",
    "intelligence:register-csv": "a CSV download, not a page: tests/intelligence/test_register.py",
    "meetings:minutes-suggestion": "answers POST only (the chair's use or set-aside buttons)",
    "intelligence:person-split": "answers POST only (the merge history's split button)",
    "intelligence:network-subject-svg": "an SVG image: tests/intelligence/test_network_pages.py",
    "assurance:assessment-report-pdf": "a PDF download, not a page: tests/assurance",
    "assurance:assessment-complete": "answers POST only (completing a self-assessment)",
    "questionnaires:starter": "answers POST only (the suggested questionnaire button)",
    "questionnaires:question-remove": "answers POST only (a draft question's take-out button)",
    "questionnaires:new-version": "answers POST only (the new version button)",
    "questionnaires:remind": "answers POST only (the round's reminder button)",
    "returns:download": "JSON and CSV downloads, not pages: tests/returns/test_pages.py",
    "dataprotection:sar-gather": "answers POST only (gathering the copy)",
    "dataprotection:sar-release-do": "answers POST only (releasing the copy)",
    "dataprotection:sar-release-zip": "a ZIP download, not a page: tests/dataprotection",
    "concerns:sent": "shown only after sending a report: tests/e2e/test_report_a_concern.py",
}


@dataclass(frozen=True)
class Visit:
    name: str
    url: str
    user: str | None  # demo username; None is signed out


def _url_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def _page_names() -> set[str]:
    """Every named page of the service: not the back office (Django's admin, tested by
    Django) and not the API (JSON, checked against its schema in tests/api)."""
    return {
        name
        for name in _url_names(get_resolver().url_patterns)
        if not name.startswith(("admin:", "api-v1:"))
    }


def _intelligence(area: Area) -> tuple[Entity, Association]:
    """A person of concern seen at a place and linked to a child, recorded by the demo analyst
    (the demo may have its own; these make sure every register page has something to show)."""
    analyst = StaffUser.objects.get(username="leah.analyst")
    person = record_entity(
        analyst, EntityKind.PERSON, given_name="Testman", family_name="Exampleton",
        aliases="T", concern="suspect",
    )  # fmt: skip
    place = record_entity(analyst, EntityKind.PLACE, name="Test Hotel", venue_type="hotel")
    graded = {"source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "P"}
    seen = record_association(
        analyst, entity=person, other=place, relationship="seen_at",
        reported_on=timezone.localdate(), **graded,
    )  # fmt: skip
    child = Child.objects.filter(area=area).order_by("pk").first()
    record_association(
        analyst, entity=person, child=child, relationship="contacted",
        reported_on=timezone.localdate(), **graded,
    )  # fmt: skip
    return person, seen


def _network_subjects(area: Area, child: Child) -> tuple[Entity, Entity]:
    """A man seen at a hotel with a child, recorded by the demo analyst (for the network
    pages); returns the man and the hotel."""
    from seemehearme.intelligence import services

    analyst = StaffUser.objects.get(username="leah.analyst")
    man = services.record_entity(analyst, "person", given_name="Ivor", family_name="Testnet")
    hotel = services.record_entity(analyst, "place", name="Larkspur Hotel", venue_type="hotel")
    grading = {"source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "P"}
    when = dt.date(2026, 11, 2)
    for other, linked in ((hotel, None), (None, child)):
        services.record_association(
            analyst, entity=man, other=other, child=linked, relationship="seen_with",
            reported_on=when, **grading,
        )  # fmt: skip
    services.record_association(
        analyst, entity=hotel, child=child, relationship="seen_at", reported_on=when, **grading
    )
    return man, hotel


def pages(area: Area) -> list[Visit]:
    """One of each page, with the demo user it is for."""
    maisie = Child.objects.get(area=area, given_name="Maisie")
    case = Case.objects.get(child=maisie, status=CaseStatus.OPEN)
    plan = case.plan
    unplanned = (
        Case.objects.filter(child__area=area, status=CaseStatus.OPEN, plan__isnull=True)
        .order_by("pk")
        .first()
    )
    action = plan.actions.order_by("pk").first()
    held = Meeting.objects.filter(status=MeetingStatus.HELD).order_by("pk").first()
    item = f"?agenda={held.agenda_children.get(child=maisie).pk}"
    referral = Referral.objects.filter(area=area).order_by("pk").first()
    waiting = Referral.objects.filter(area=area, triaged_at__isnull=True).order_by("pk").first()
    # The demo's concern from a parent who left an email address (demo/concerns.py).
    concern = Concern.objects.filter(area=area).exclude(contact_email="").get()
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED).order_by("pk").first()
    screening = Screening.objects.order_by("pk").first()
    flag = Flag.objects.order_by("pk").first()
    analyst_agency = StaffUser.objects.get(username="leah.analyst").agency
    batch = ImportBatch.objects.filter(agency=analyst_agency).order_by("pk").first()
    candidate = LinkCandidate.objects.order_by("pk").first()
    agreement = InformationSharingAgreement.objects.filter(area=area).order_by("pk").first()
    stranger = Child.objects.filter(area=area, relationships__isnull=True).order_by("pk").first()
    social_worker = StaffUser.objects.get(username="amara.social")
    glass = break_glass_start(
        user=social_worker,
        child=stranger,
        reason="Police called: found with an older man at 2am (synthetic).",
        hours=4,
    )
    admin = StaffUser.objects.get(username="alex.admin")
    system, _token = agency_system_create(
        agency=admin.agency, name="Case system (synthetic)", by=admin
    )
    reset_user = StaffUser.objects.get(username="grace.school")
    lee, pair = _persons_of_concern(area)
    person, association = _intelligence(area)
    network_man, network_hotel = _network_subjects(area, maisie)
    start, end = default_period()
    in_review, released = _subject_access(area, maisie)
    saved_profile = profile_save(
        user=StaffUser.objects.get(username="leah.analyst"), start=start, end=end, version="board"
    )
    lead = StaffUser.objects.get(username="morgan.lead")
    activity = ParticipationActivity.objects.filter(area=area).order_by("pk").first()
    offer = FamilySupportOffer.objects.filter(case=case).order_by("pk").first()
    starter = Questionnaire.objects.get(area=area, version=1)
    draft = questionnaire_create(by=lead, title="Draft questions")
    question_add(by=lead, questionnaire=draft, text="Do you have a CSE strategy?", kind="scale")
    autumn = Round.objects.get(questionnaire__area=area, name="Autumn")
    police_answers = autumn.responses.get(agency__name="Northbridge Police")
    care_answers = autumn.responses.get(agency__name="Northbridge Children's Social Care")
    assert None not in (
        activity,
        offer,
        unplanned,
        action,
        held,
        planned,
        referral,
        waiting,
        screening,
        flag,
        batch,
        candidate,
        agreement,
    )

    current = Assessment.objects.filter(area=area, completed_at__isnull=True).get()
    strategy = ActionPlan.objects.get(area=area, kind="strategy")
    example = Recommendation.objects.filter(area=area).order_by("pk").first()
    police_agency = StaffUser.objects.get(username="dan.police").agency
    assurance_action = Action.objects.filter(plan=strategy).order_by("pk").first()
    assert None not in (example, assurance_action)

    def at(name: str, user: str | None, *args: object, query: str = "") -> Visit:
        return Visit(name, reverse(name, args=args) + query, user)

    coordinator, manager, dpo = "sam.coordinator", "priya.manager", "farah.dpo"
    return [
        # Signed out
        at("accounts:signed-out", None),
        at("accounts:password-reset", None),
        at("accounts:password-reset-sent", None),
        at(
            "accounts:password-reset-confirm",
            None,
            urlsafe_base64_encode(force_bytes(reset_user.pk)),
            default_token_generator.make_token(reset_user),
        ),
        at("accounts:password-reset-complete", None),
        # Public pages (no sign-in)
        at("public:home", None, area.slug),
        at("concerns:report", None, area.slug),
        at("public:young-people", None, area.slug),
        at("public:parents", None, area.slug),
        at("public:businesses", None, area.slug),
        *[at("public:business", None, area.slug, kind) for kind in BusinessType.values],
        at("public:help", None, area.slug),
        # Everyone's
        at("web:home", "leah.analyst"),
        at("web:home", coordinator),
        at("accounts:password-change", "grace.school"),
        at("accounts:password-change-done", "grace.school"),
        # Children and case work
        at("people:search", "amara.social"),
        at("people:child", "amara.social", maisie.pk),
        at("people:child-access-history", "amara.social", maisie.pk),
        at("people:break-glass", "dan.police", stranger.pk),
        at("cases:chronology", "amara.social", maisie.pk),
        at("cases:referrals", coordinator),
        at("cases:referral-new", "grace.school"),
        at("cases:referral-sent", "grace.school"),
        at("cases:referrals-mine", "grace.school"),
        at("cases:referral", coordinator, referral.pk),
        at("cases:referral-triage", coordinator, waiting.pk),
        at("concerns:concern", coordinator, concern.reference),
        at("concerns:outcome", coordinator, concern.reference),
        at("concerns:referral", coordinator, concern.reference),
        at("concerns:contact", manager, concern.reference),
        at("cases:case", "amara.social", case.pk),
        at("cases:case-voice-new", "amara.social", case.pk),
        at("cases:case-decision-new", coordinator, case.pk),
        at("cases:case-review-new", "amara.social", case.pk),
        at("cases:case-key-worker", manager, case.pk),
        at("cases:case-team", coordinator, case.pk),
        at("cases:case-risk", coordinator, case.pk),
        at("cases:case-patterns", "amara.social", case.pk),
        at("cases:case-close", coordinator, case.pk),
        at("cases:my-work", "amara.social"),
        at("cases:my-work-team", manager),
        at("cases:my-work-team-member", manager, social_worker.pk),
        at("plans:plan-create", coordinator, unplanned.pk),
        at("plans:plan", "amara.social", plan.pk),
        at("plans:plan-edit", "amara.social", plan.pk),
        at("plans:action-add", "amara.social", plan.pk),
        at("plans:plan-history", "amara.social", plan.pk),
        at("plans:pending-carry", "amara.social", case.pk),
        at("plans:action-update", "dan.police", action.pk),
        at("screening:child", "amara.social", maisie.pk),
        at("screening:new", "amara.social", maisie.pk),
        at("screening:detail", "amara.social", screening.pk),
        # Meetings
        at("meetings:list", coordinator),
        at("meetings:plan", coordinator),
        at("meetings:meeting", coordinator, held.pk),
        at("meetings:children", coordinator, planned.pk),
        at("meetings:places", coordinator, planned.pk),
        at("meetings:attendance", coordinator, held.pk),
        at("meetings:participation", coordinator, held.pk, query=item),
        at("meetings:decision", coordinator, held.pk, query=item),
        at("meetings:action", coordinator, held.pk, query=item),
        at("meetings:minutes-write", coordinator, held.pk),
        at("meetings:minutes", coordinator, held.pk),
        at("meetings:minutes-suggest", "jo.panel", held.pk),
        at("meetings:cancel", coordinator, planned.pk),
        # Early warning, feeds and identity
        at("earlywarning:flags", coordinator),
        at("earlywarning:flag", coordinator, flag.pk),
        at("earlywarning:rules", coordinator),
        at("earlywarning:equality", manager),
        at("sharing:workspace-children", "leah.analyst"),
        at("intelligence:register", "leah.analyst"),
        at("intelligence:entities", "leah.analyst", "persons"),
        at("intelligence:entity-create", "leah.analyst", "persons"),
        at("intelligence:entity-create", "leah.analyst", "groups"),
        at("intelligence:entity", "leah.analyst", person.pk),
        at("intelligence:entity-edit", "leah.analyst", person.pk),
        at("intelligence:association-add", "leah.analyst", person.pk),
        at("intelligence:association-withdraw", "leah.analyst", association.pk),
        at("intelligence:network", "leah.analyst"),
        at("intelligence:network-subject", "leah.analyst", f"e{network_man.pk}"),
        at(
            "intelligence:network-link",
            "leah.analyst",
            query=f"?source=e{network_hotel.pk}&target=c{maisie.pk}",
        ),
        at("intelligence:places", "leah.analyst"),
        at("intelligence:profile", "leah.analyst"),
        at("intelligence:profile-saved", "leah.analyst", saved_profile.pk),
        at("feeds:imports", "leah.analyst"),
        at("feeds:upload", "leah.analyst"),
        at("feeds:import-detail", "leah.analyst", batch.pk),
        at("identity:review-queue", coordinator),
        at("identity:candidate", coordinator, candidate.pk),
        at("identity:unmatched", coordinator),
        at("identity:child-links", coordinator, maisie.pk),
        at("intelligence:adult-review", "leah.analyst"),
        at("intelligence:adult-candidate", "leah.analyst", pair.pk),
        at("intelligence:person-merge", "leah.analyst", lee.pk),
        at("intelligence:person-merges", "leah.analyst", lee.pk),
        # The board
        at("board:dashboard", "morgan.lead"),
        at("board:indicator", "morgan.lead", "child-view"),
        at("board:indicator", coordinator, "one-key-worker"),
        at("board:indicator", "morgan.lead", "agreements-in-date"),
        at("board:leadership", "morgan.lead"),
        at("board:targets", "morgan.lead"),
        at("board:target-edit", "morgan.lead", "child-view"),
        # Governance and administration
        at("participation:activities", "morgan.lead"),
        at("public_editor:edit", "morgan.lead"),
        at("public_editor:history", "morgan.lead"),
        at("participation:activity", manager, activity.pk),
        at("participation:activity-new", coordinator),
        at("participation:activity-edit", coordinator, activity.pk),
        at("participation:change-new", coordinator, activity.pk),
        at("participation:family-support", "amara.social", case.pk),
        at("participation:family-support-new", "amara.social", case.pk),
        at("participation:family-support-outcome", "amara.social", offer.pk),
        at("questionnaires:index", coordinator),
        at("questionnaires:response", coordinator, care_answers.pk),
        at("questionnaires:index", "rowan.police"),
        at("questionnaires:response", "rowan.police", police_answers.pk),
        at("questionnaires:questionnaire-new", "morgan.lead"),
        at("questionnaires:questionnaire", "morgan.lead", starter.pk),
        at("questionnaires:questionnaire", "morgan.lead", draft.pk),
        at("questionnaires:question-new", "morgan.lead", draft.pk),
        at("questionnaires:send", "morgan.lead", starter.pk),
        at("questionnaires:round", "morgan.lead", autumn.pk),
        at("questionnaires:report", "morgan.lead", autumn.pk),
        at("sharing:agreements", dpo),
        at("sharing:agreement-create", dpo),
        at("sharing:agreement", dpo, agreement.pk),
        at("sharing:agreement-edit", dpo, agreement.pk),
        at("sharing:signatory-add", dpo, agreement.pk),
        at("sharing:break-glass-reviews", dpo),
        at("sharing:break-glass-review", dpo, glass.pk),
        at("audit:log", dpo),
        at("dataprotection:register", dpo),
        at("dataprotection:coverage", dpo),
        at("dataprotection:decisions", dpo),
        at("dataprotection:child-decisions", "amara.social", maisie.pk),
        at("dataprotection:child-decision-new", "amara.social", maisie.pk),
        at("dataprotection:sars", dpo),
        at("dataprotection:sar-new", dpo),
        at("dataprotection:sar", dpo, in_review.pk),
        at("dataprotection:sar-item", dpo, in_review.pk, in_review.items.order_by("pk")[1].pk),
        at("dataprotection:sar-release", dpo, released.pk),
        at("dataprotection:retention", dpo),
        at("dataprotection:retention-rule", dpo, "access_log"),
        at("agency_systems:list", dpo),
        at("agency_systems:new", dpo),
        at("agency_systems:revoke", dpo, system.pk),
        # Assurance: self-assessment, action plans and recommendations
        at("assurance:assessments", "morgan.lead"),
        at("assurance:assessment-start", "morgan.lead"),
        at("assurance:assessment", "morgan.lead", current.pk),
        at("assurance:entry", "morgan.lead", current.entries.order_by("pk").first().pk),
        at("assurance:assessment-report", "morgan.lead", current.pk),
        at("assurance:plans", "morgan.lead"),
        at("assurance:plan-create", "morgan.lead"),
        at("assurance:plan", "morgan.lead", strategy.pk),
        at("assurance:action-add", "morgan.lead", strategy.pk),
        at("assurance:action-update", "morgan.lead", assurance_action.pk),
        at("assurance:recommendations", "morgan.lead"),
        at("assurance:recommendation-create", "morgan.lead"),
        at("assurance:recommendation", "morgan.lead", example.pk),
        at("assurance:response", "morgan.lead", example.pk, police_agency.pk),
        # The national return (the national picture needs SMH_NATIONAL_INSTANCE: see the test)
        at("returns:local", "morgan.lead"),
        at("returns:national", "morgan.lead"),
        at("returns:national-import", "morgan.lead"),
        at("returns:inspection-list", coordinator),
        # Training and supervision
        at("workforce:mine", "amara.social"),
        at("workforce:team", "priya.manager"),
        at("workforce:training-new", "priya.manager"),
        at("workforce:training-import", "sam.coordinator"),
        at("workforce:supervision-new", "priya.manager"),
        at("workforce:compliance", "morgan.lead"),
        at("workforce:compliance-staff", "morgan.lead", query="?group=all"),
    ]


def _subject_access(area: Area, child: Child) -> tuple[SubjectAccessRequest, SubjectAccessRequest]:
    """The demo's request in review, and a second one gathered, reviewed and released."""
    dpo = StaffUser.objects.get(username="farah.dpo")
    in_review = SubjectAccessRequest.objects.get(area=area, status=RequestStatus.IN_REVIEW)
    released = request_create(
        by=dpo, child=child, requester_name="Maisie (synthetic)", requester_kind="child",
        received_on=timezone.localdate(),
    )  # fmt: skip
    request_gather(request=released, by=dpo)
    for item in released.items.filter(decision=""):
        item_review(item=item, by=dpo, decision="include", reason="", redacted_text="")
    request_release(request=released, by=dpo)
    return in_review, released


def _persons_of_concern(area: Area) -> tuple[PersonOfConcern, AdultMatchCandidate]:
    """The demo feeds' adult as a person of concern, with a near namesake waiting for review
    and another person merged into them (made-up records of the police, who hold the demo's
    adult, so the analyst sees all three)."""
    analyst = StaffUser.objects.get(username="leah.analyst")
    adults_from_events(area)
    feed = AdultRecord.objects.filter(area=area).order_by("pk").first()
    assert feed is not None
    assert feed.person is not None
    for given, family in (("Dean", feed.family_name), ("Kim", "Testrow")):
        AdultRecord.objects.create(
            area=area, agency=feed.agency, source_key=f"derived-{given}", key_derived=True,
            given_name=given, family_name=family, date_of_birth=feed.date_of_birth,
            role="adult of concern", first_seen=feed.first_seen, last_seen=feed.last_seen,
        )  # fmt: skip
    resolve_adults(area)
    kim = AdultRecord.objects.get(area=area, given_name="Kim").person
    merge_persons(analyst, feed.person, kim, "The same man: one address (synthetic).")
    pair = AdultMatchCandidate.objects.filter(area=area, status="pending").order_by("pk").first()
    assert pair is not None
    return feed.person, pair


def test_every_page_type_is_visited():
    visited = {visit.name for visit in _page_names_in_list()}
    missing = _page_names() - visited - set(NOT_HERE)
    assert missing == set(), "add these pages to tests/e2e/test_every_page.py"
    assert set(NOT_HERE) <= _page_names(), "NOT_HERE names a page that no longer exists"


def _page_names_in_list() -> list[Visit]:
    # The names only; building the demo area's objects is the browser test's job.
    import inspect
    import re

    source = inspect.getsource(pages)
    return [Visit(name, "", None) for name in re.findall(r'at\(\s*"([^"]+)"', source)]


PAGE_WIDTH = "() => document.documentElement.scrollWidth"


# The innermost elements that stick out to the right (outside a table's own scrolling region).
STICKING_OUT = """() => {
  const out = e => e.getBoundingClientRect().right > 321;
  const inRegion = e => e.parentElement && e.parentElement.closest('.smh-table-scroll');
  const candidates = Array.from(document.querySelectorAll('body *'))
    .filter(e => out(e) && !inRegion(e));
  return candidates
    .filter(e => !candidates.some(c => c !== e && e.contains(c)))
    .slice(0, 3)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.className}">`
      + ` ${(e.textContent || '').trim().slice(0, 50)}`);
}"""


@pytest.mark.slow
def test_every_page_answers_is_accessible_and_reflows_at_320_pixels(page, sign_in_as, settings):
    settings.SMH_NATIONAL_INSTANCE = True  # for the national picture; other pages are the same
    area = demo_area_create(children=40).area
    year = {"start": dt.date(2026, 4, 1), "end": dt.date(2027, 3, 31)}
    for number in range(3):
        import_return(json.dumps(synthetic_return(number, **year)))
    users = {user.username: user for user in StaffUser.objects.filter(agency__area=area)}
    signed_in: str | None = None
    problems: list[str] = []
    for visit in pages(area):
        if visit.user != signed_in:
            page.context.clear_cookies()
            if visit.user is not None:
                sign_in_as(users[visit.user])
            signed_in = visit.user
        for width in (1280, NARROWEST):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(visit.url)
            if response is None or response.status != 200:
                status = response.status if response else "no answer"
                problems.append(f"{visit.name} as {visit.user}: {status}")
                break
            if width == NARROWEST and (wide := page.evaluate(PAGE_WIDTH)) > NARROWEST:
                out = page.evaluate(STICKING_OUT)
                problems.append(f"{visit.name}: {wide} px wide at 320 px: {out}")
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{visit.name} at {width} px: {error}")
    assert problems == [], "\n".join(problems)
