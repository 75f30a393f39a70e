"""Demo sign-ins: one published password and one published two-factor secret for every account.

Publishing both is safe only because the demo area holds no real person. ``demo_totp_code``
works out codes from the published secret alone and never reads another device's key.
"""

from __future__ import annotations

import base64
import hmac
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from seemehearme.areas.models import Agency, Panel, Role, StaffUser, Team
from seemehearme.demo import structure as s

DEMO_PASSWORD = "northbridge-demo-2026"
# The ASCII bytes of "northbridge-demo-otp", hex-encoded as django-otp stores keys.
DEMO_TOTP_KEY = "6e6f7274686272696467652d64656d6f2d6f7470"
# What people type into an authenticator app: NZXXE5DIMJZGSZDHMUWWIZLNN4WW65DQ.
DEMO_TOTP_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
DEMO_DEVICE_NAME = "Demo authenticator (published secret)"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    first_name: str
    last_name: str
    agency: str
    team: str
    role: str
    job_title: str
    sees: str
    on_panel: bool = False


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff(
        "amara.social",
        "Amara",
        "Hollins",
        s.SOCIAL_CARE,
        s.CHILD_EXPLOITATION_TEAM,
        Role.PRACTITIONER,
        "Social worker",
        "Key worker for several children, including the featured child. Sees everything shared "
        "with social care, including police intelligence (ISA-NB-002) and sexual health "
        "(ISA-NB-003). The intelligence picture for disruption: the police's under ISA-NB-002.",
    ),
    DemoStaff(
        "sam.coordinator",
        "Sam",
        "Whitlock",
        s.SOCIAL_CARE,
        s.CHILD_EXPLOITATION_TEAM,
        Role.CSE_COORDINATOR,
        "Child exploitation coordinator",
        "Children listed at the MACE panel, which Sam co-chairs.",
        on_panel=True,
    ),
    DemoStaff(
        "priya.manager",
        "Priya",
        "Raman",
        s.SOCIAL_CARE,
        s.CHILD_EXPLOITATION_TEAM,
        Role.TEAM_MANAGER,
        "Team manager, Child Exploitation Team",
        "Every child her team works with.",
    ),
    DemoStaff(
        "dan.police",
        "Daniel",
        "Hargreave",
        s.POLICE,
        s.POLICE_EXPLOITATION_UNIT,
        Role.PRACTITIONER,
        "Detective constable",
        "Children on his case teams: police records and what ISA-NB-001 shares. Sexual health "
        "is withheld. The police intelligence picture, and social care's under ISA-NB-002.",
    ),
    DemoStaff(
        "rowan.police",
        "Rowan",
        "Achebe",
        s.POLICE,
        "Missing Persons Unit",
        Role.TEAM_MANAGER,
        "Detective inspector",
        "Answers the partnership's progress questionnaire for the police; children his team "
        "works with (none in the demo).",
    ),
    DemoStaff(
        "leah.analyst",
        "Leah",
        "Marsh",
        s.POLICE,
        s.POLICE_INTELLIGENCE_UNIT,
        Role.INTELLIGENCE_ANALYST,
        "Intelligence analyst",
        "No named children's records: the analyst's workspace shows every child as a "
        "pseudonym with age band, gender, ethnicity, care status and district. The police "
        "intelligence picture, and social care's under ISA-NB-006, children as pseudonyms.",
    ),
    DemoStaff(
        "grace.school",
        "Grace",
        "Adeyemi",
        s.SECONDARY_SCHOOLS[0],
        s.SCHOOL_SAFEGUARDING,
        Role.PRACTITIONER,
        "Designated safeguarding lead",
        "Pupils on her case teams: education and what ISA-NB-001 shares. Police records and "
        "sexual health are withheld.",
    ),
    DemoStaff(
        "tom.nurse",
        "Tom",
        "Fairley",
        s.HOSPITALS,
        s.HOSPITAL_SAFEGUARDING,
        Role.PRACTITIONER,
        "Named nurse for safeguarding children",
        "Hospital records and what ISA-NB-001 shares. Sexual health (a separate service) and "
        "police records are withheld.",
    ),
    DemoStaff(
        "nina.clinic",
        "Nina",
        "Kowalczyk",
        s.SEXUAL_HEALTH,
        s.CLINIC,
        Role.PRACTITIONER,
        "Sexual health nurse",
        "Sexual health records and what ISA-NB-001 shares. Police records are withheld.",
    ),
    DemoStaff(
        "ben.outreach",
        "Ben",
        "Osei",
        s.VOLUNTARY,
        s.OUTREACH,
        Role.PRACTITIONER,
        "Outreach worker",
        "Outreach records and what ISA-NB-001 shares. Police records and sexual health are "
        "withheld.",
    ),
    DemoStaff(
        "jo.panel",
        "Jo",
        "Pennick",
        s.YOUTH_JUSTICE,
        s.YOUTH_JUSTICE_TEAM,
        Role.PANEL_MEMBER,
        "Head of youth justice, MACE panel member",
        "Children listed at the MACE panel: what ISA-NB-001 shares.",
        on_panel=True,
    ),
    DemoStaff(
        "farah.dpo",
        "Farah",
        "Siddiqui",
        s.SOCIAL_CARE,
        s.INFORMATION_GOVERNANCE,
        Role.DATA_PROTECTION_LEAD,
        "Data protection officer",
        "Agreements, the access log, break-glass reviews, the analyst's workspace "
        "(pseudonyms only) and the intelligence picture analysts see (the police's under "
        "ISA-NB-006); no children's records.",
    ),
    DemoStaff(
        "morgan.lead",
        "Morgan",
        "Ellery",
        s.SOCIAL_CARE,
        s.INFORMATION_GOVERNANCE,
        Role.STRATEGIC_LEAD,
        "Chair of the partnership's exploitation sub-group",
        "No children's records.",
    ),
    DemoStaff(
        "alex.admin",
        "Alex",
        "Carter",
        s.SOCIAL_CARE,
        s.INFORMATION_GOVERNANCE,
        Role.SYSTEM_ADMINISTRATOR,
        "System administrator",
        "Accounts and reference data; no children's records.",
    ),
)

# Colleagues who hold the rest of the caseload. They cannot sign in (no usable password).
BACKGROUND_STAFF: tuple[tuple[str, str, str, int], ...] = (
    # (agency, team, job title, how many)
    (s.SOCIAL_CARE, s.CHILD_EXPLOITATION_TEAM, "Social worker", 5),
    (s.SOCIAL_CARE, s.CHILDREN_IN_CARE_TEAM, "Social worker", 4),
    (s.SOCIAL_CARE, s.MASH, "Social worker", 3),
    (s.POLICE, s.POLICE_EXPLOITATION_UNIT, "Detective constable", 5),
    (s.HOSPITALS, s.HOSPITAL_SAFEGUARDING, "Safeguarding nurse", 2),
    (s.SEXUAL_HEALTH, s.CLINIC, "Sexual health nurse", 2),
    (s.PRIMARY_SCHOOL, s.SCHOOL_SAFEGUARDING, "Designated safeguarding lead", 1),
    (s.SECONDARY_SCHOOLS[1], s.SCHOOL_SAFEGUARDING, "Designated safeguarding lead", 1),
    (s.SECONDARY_SCHOOLS[2], s.SCHOOL_SAFEGUARDING, "Designated safeguarding lead", 1),
    (s.COLLEGE, s.SCHOOL_SAFEGUARDING, "Designated safeguarding lead", 1),
    (s.YOUTH_JUSTICE, s.YOUTH_JUSTICE_TEAM, "Youth justice officer", 3),
    (s.VOLUNTARY, s.OUTREACH, "Outreach worker", 3),
    (s.HOUSING, s.HOUSING_TEAM, "Housing officer", 1),
)
# The MACE panel's police co-chair, also a background colleague.
PANEL_CO_CHAIR = (s.POLICE, s.POLICE_EXPLOITATION_UNIT, "Detective inspector, MACE co-chair")


def demo_totp_code(*, at: float | None = None) -> str:
    """The current six-digit code for the published demo secret (and only for it)."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def demo_totp_seconds_left(*, at: float | None = None) -> int:
    now = time.time() if at is None else at
    return 30 - int(now) % 30


def device_uses_demo_key(*, device: TOTPDevice) -> bool:
    """Whether a device is enrolled with the published demo secret (compared in constant time)."""
    return hmac.compare_digest(device.key.lower(), DEMO_TOTP_KEY)


def user_is_demo_account(*, username: str) -> bool:
    """Whether ``username`` exists and every one of its confirmed devices uses the demo secret."""
    devices = list(TOTPDevice.objects.filter(user__username=username, confirmed=True))
    return bool(devices) and all(device_uses_demo_key(device=device) for device in devices)


def demo_staff_create(
    *, agencies: dict[str, Agency], teams: dict[tuple[str, str], Team], panel: Panel
) -> list[StaffUser]:
    """Create the demo sign-ins, each with the demo password and the demo two-factor device."""
    password = make_password(DEMO_PASSWORD)
    users = []
    for spec in DEMO_STAFF:
        administrator = spec.role == Role.SYSTEM_ADMINISTRATOR
        user = StaffUser(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@northbridge.example",
            agency=agencies[spec.agency],
            team=teams[(spec.agency, spec.team)],
            role=spec.role,
            job_title=spec.job_title,
            password=password,
            is_staff=administrator,
            is_superuser=administrator,
        )
        user.full_clean()
        user.save()
        TOTPDevice.objects.create(
            user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
        )
        if spec.on_panel:
            panel.members.add(user)
        users.append(user)
    return users


def background_staff_create(
    *,
    agencies: dict[str, Agency],
    teams: dict[tuple[str, str], Team],
    panel: Panel,
    rng: random.Random,
) -> list[StaffUser]:
    """Create the colleagues who carry the rest of the caseload (they cannot sign in)."""
    fake = Faker(["en_GB", "en_IN", "ig_NG", "pl_PL"])
    fake.seed_instance(rng.getrandbits(32))
    users = []
    plan = [(*row, Role.PRACTITIONER) for row in BACKGROUND_STAFF]
    plan.append((*PANEL_CO_CHAIR, 1, Role.PANEL_MEMBER))
    number = 0
    for agency, team, job_title, count, role in plan:
        for _ in range(count):
            number += 1
            user = StaffUser(
                username=f"nb.staff.{number:03d}",
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                email=f"nb.staff.{number:03d}@northbridge.example",
                agency=agencies[agency],
                team=teams[(agency, team)],
                role=role,
                job_title=job_title,
            )
            user.set_unusable_password()
            users.append(user)
    StaffUser.objects.bulk_create(users)
    panel.members.add(users[-1])
    return users
