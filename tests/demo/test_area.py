"""The demo area: every kind of agency, agreements that give the policy something to show,
demo sign-ins with the published secrets, created once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from seemehearme.areas.models import Agency, AgencyKind, Area, Panel, Role, StaffUser
from seemehearme.demo.area import demo_area_create
from seemehearme.demo.featured import featured_child_get
from seemehearme.demo.staff import (
    DEMO_PASSWORD,
    DEMO_STAFF,
    DEMO_TOTP_BASE32,
    DEMO_TOTP_KEY,
    demo_totp_code,
)
from seemehearme.people.models import Child
from seemehearme.sharing.models import AgreementStatus, InformationSharingAgreement, LawfulBasis


def test_every_kind_of_agency_is_in_the_partnership_each_with_a_team(northbridge):
    agencies = Agency.objects.filter(area=northbridge)
    assert set(agencies.values_list("kind", flat=True)) == set(AgencyKind.values)
    assert agencies.filter(kind=AgencyKind.SCHOOL).count() >= 3
    assert not agencies.filter(teams__isnull=True).exists()


def test_the_mace_panel_has_members(northbridge):
    panel = Panel.objects.get(area=northbridge)
    assert "MACE" in panel.name
    assert {"sam.coordinator", "jo.panel"} <= set(panel.members.values_list("username", flat=True))


def test_only_the_signed_agreements_are_in_force(northbridge):
    agreements = InformationSharingAgreement.objects.filter(area=northbridge)
    in_force = set(agreements.in_force().values_list("reference", flat=True))
    assert in_force == {"ISA-NB-001", "ISA-NB-002", "ISA-NB-003", "ISA-NB-006"}
    ended = agreements.get(status=AgreementStatus.ENDED)
    assert ended.end_date < timezone.localdate()
    draft = agreements.get(status=AgreementStatus.DRAFT)
    assert draft.start_date > timezone.localdate()
    assert draft.signatories.count() < draft.parties.count()


def test_agreements_name_their_lawful_basis_and_are_signed(northbridge):
    police = InformationSharingAgreement.objects.get(reference="ISA-NB-002")
    assert police.lawful_basis == LawfulBasis.DPA_SCH8_PARA4
    assert set(police.parties.values_list("kind", flat=True)) == {"police", "social_care"}
    core = InformationSharingAgreement.objects.get(reference="ISA-NB-001")
    assert core.lawful_basis == LawfulBasis.DPA_SCH1_PARA18
    assert core.signatories.count() == core.parties.count()
    assert not core.categories.filter(code__in=["police-intelligence", "sexual-health"]).exists()


def test_every_demo_account_has_the_demo_password_and_the_demo_authenticator(northbridge):
    for person in DEMO_STAFF:
        user = StaffUser.objects.get(username=person.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.agency.area == northbridge
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed
        assert device.key == DEMO_TOTP_KEY
    roles = {person.role for person in DEMO_STAFF}
    assert roles == set(Role.values)


def test_only_the_administrator_is_a_superuser(northbridge):
    superusers = StaffUser.objects.filter(is_superuser=True)
    assert list(superusers.values_list("username", flat=True)) == ["alex.admin"]


def test_colleagues_behind_the_caseload_cannot_sign_in(northbridge):
    background = StaffUser.objects.filter(username__startswith="nb.staff.")
    assert background.exists()
    assert not any(user.has_usable_password() for user in background)
    assert not TOTPDevice.objects.filter(user__in=background).exists()


def test_the_published_secret_gives_codes_the_demo_devices_accept(northbridge):
    assert DEMO_TOTP_BASE32 == "NZXXE5DIMJZGSZDHMUWWIZLNN4WW65DQ"
    device = TOTPDevice.objects.get(user__username="amara.social")
    assert device.verify_token(demo_totp_code())


def _hotp(key: bytes, counter: int) -> str:
    """RFC 4226, written out independently of django-otp."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_demo_codes_are_standard_totp_codes_for_the_published_secret():
    key = base64.b32decode(DEMO_TOTP_BASE32)
    for moment in (0, 59, 1_790_000_000):
        assert demo_totp_code(at=moment) == _hotp(key, moment // 30)


def test_creating_the_demo_area_again_changes_nothing(northbridge):
    children = Child.objects.count()
    staff = StaffUser.objects.count()
    again = demo_area_create(children=40)
    assert not again.created
    assert again.area == northbridge
    assert Area.objects.filter(slug="northbridge").count() == 1
    assert (Child.objects.count(), StaffUser.objects.count()) == (children, staff)


def test_the_featured_child_is_fourteen_and_known_to_every_agency_that_matters(northbridge):
    child = featured_child_get()
    assert child is not None
    assert child.full_name == "Maisie Fernhollow"
    assert child.age_on(timezone.localdate()) == 14
    categories = set(child.items.values_list("category__code", flat=True))
    assert {"police-intelligence", "sexual-health", "education"} <= categories
    assert not child.items.filter(category__code="child-voice").exists()  # words are kept apart
    assert child.voice.filter(source_agency__name__contains="Safe Steps").exists()
    assert child.items.filter(occurred_on__gt=timezone.localdate()).count() == 0
    assert child.relationships.filter(ended_on__lt=timezone.localdate()).exists()
