"""Factories for synthetic test data. Every person here is made up."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from seemehearme.areas.models import Agency, AgencyKind, Area, Panel, Role, StaffUser, Team
from seemehearme.people.models import (
    Child,
    InformationItem,
    RelationshipKind,
    WorkingRelationship,
)
from seemehearme.sharing.models import (
    AgreementStatus,
    InformationCategory,
    InformationSharingAgreement,
    LawfulBasis,
    SharingPurpose,
)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Testshire Safeguarding Partnership"
    slug = "testshire"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Testshire Agency {n}")
    kind = AgencyKind.SOCIAL_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffUser
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    team = factory.SubFactory(TeamFactory)
    agency = factory.LazyAttribute(lambda u: u.team.agency)
    role = Role.PRACTITIONER
    password = factory.django.Password("correct horse battery staple")


def totp_device_for(user: StaffUser, *, key: str | None = None) -> TOTPDevice:
    kwargs = {"key": key} if key else {}
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True, **kwargs)


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"MACE panel {n}")


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    area = factory.SubFactory(AreaFactory)
    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = "Testchild"
    date_of_birth = dt.date(2011, 5, 17)
    gender = "female"
    ethnicity = "white"
    postcode = "ZZ1 1AA"


def category(code: str) -> InformationCategory:
    return InformationCategory.objects.get(code=code)


def purpose(code: str) -> SharingPurpose:
    return SharingPurpose.objects.get(code=code)


class InformationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationItem

    child = factory.SubFactory(ChildFactory)
    source_agency = factory.SubFactory(AgencyFactory)
    category = factory.LazyFunction(lambda: category("social-care"))
    title = factory.Sequence(lambda n: f"Recorded concern {n}")
    detail = "Synthetic detail."
    occurred_on = dt.date(2026, 9, 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in force today. Pass ``parties``, ``categories`` and ``purposes`` as lists
    of objects or codes."""

    class Meta:
        model = InformationSharingAgreement
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    reference = factory.Sequence(lambda n: f"ISA-TEST-{n:03d}")
    title = "Testshire exploitation information-sharing agreement"
    lawful_basis = LawfulBasis.DPA_SCH1_PARA18
    status = AgreementStatus.ACTIVE
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    review_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=180))
    end_date = None

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set([category(c) if isinstance(c, str) else c for c in extracted])

    @factory.post_generation
    def purposes(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["safeguarding"]
            self.purposes.set([purpose(p) if isinstance(p, str) else p for p in codes])


def relate(child: Child, kind: str = RelationshipKind.KEY_WORKER, **holder) -> WorkingRelationship:
    """Give a user (or team, or panel) a working relationship with a child."""
    return WorkingRelationship.objects.create(child=child, kind=kind, **holder)


# --- Case work ------------------------------------------------------------------------------


def risk_level(code: str = "category-2", scheme: str = "category"):
    from seemehearme.cases.models import RiskLevel

    return RiskLevel.objects.get(scheme=scheme, code=code)


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case; ``child.area`` must be the opener's area for services to accept it."""

    class Meta:
        model = "cases.Case"

    child = factory.SubFactory(ChildFactory)
    area = factory.LazyAttribute(lambda c: c.child.area)
    opened_by = factory.SubFactory(StaffUserFactory, role=Role.CSE_COORDINATOR)
    risk_level = factory.LazyFunction(risk_level)
    next_review_due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=91))


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Referral"

    child = factory.SubFactory(ChildFactory)
    area = factory.LazyAttribute(lambda r: r.child.area)
    concerns = "Missing overnight twice this month; seen with older males (synthetic)."
    holding_team = factory.SubFactory(TeamFactory)
    received_at = factory.LazyFunction(timezone.now)
    triage_due_at = factory.LazyAttribute(lambda r: r.received_at + dt.timedelta(days=1))


class VoiceEntryFactory(factory.django.DjangoModelFactory):
    """The child's own words, recorded by ``recorded_by`` for their agency (no case unless
    given)."""

    class Meta:
        model = "cases.VoiceEntry"

    child = factory.SubFactory(ChildFactory)
    kind = "own_words"
    words = "I just want people to stop asking me where I've been."
    captured_how = "in_person"
    captured_with = "her social worker"
    captured_where = "at home"
    said_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(StaffUserFactory)
    source_agency = factory.LazyAttribute(lambda v: v.recorded_by.agency)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.ProtectionPlan"

    case = factory.SubFactory(CaseFactory)
    aims = "Keep her safe on the way to and from school, and away from the men at the park."
    review_due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=28))
    created_by = factory.LazyAttribute(lambda p: p.case.opened_by)


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.PlanAction"

    plan = factory.SubFactory(PlanFactory)
    agency = factory.LazyAttribute(lambda a: a.owner.agency)
    owner = factory.SubFactory(StaffUserFactory)
    description = "Arrange safe transport home from school on Tuesdays and Thursdays."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    created_by = factory.LazyAttribute(lambda a: a.owner)
