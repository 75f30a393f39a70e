"""From an agency's file to a referral, in a real browser and through the real pipeline: a
police analyst uploads missing episodes, and the school's absences are already in; identity
resolution finds they are the same boy; early warning flags him with its reasons; the CSE
coordinator reads the flag (the school's events shown under the agreement) and confirms it,
which refers him to the triage team. Nothing is stubbed: importer, Splink linking and the sweep
all run. axe checks every page visited."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.cases.models import Referral, ReferralSource
from seemehearme.dates import long_date
from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.earlywarning.services import default_rule_set_install
from seemehearme.feeds.importer import import_records
from seemehearme.feeds.models import AgencyEvent, ImportChannel
from seemehearme.feeds.pipeline import after_import
from tests.e2e.accessibility import assert_accessible
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AreaFactory,
    StaffUserFactory,
    TeamFactory,
)
from tests.feeds.factories import csv_text, event_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A made-up boy, spelt slightly differently by the two agencies.
BORN = dt.date(2012, 2, 9)


@pytest.fixture
def partnership() -> dict[str, Any]:
    area = AreaFactory()
    social_care = AgencyFactory(area=area, name="Testshire Children's Services")
    police = AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE)
    school = AgencyFactory(area=area, name="Testshire Academy", kind=AgencyKind.SCHOOL)
    hub = TeamFactory(agency=social_care, name="Exploitation hub")
    area.triage_team = hub
    area.save()
    AgreementFactory(
        area=area,
        parties=[social_care, police, school],
        categories=["police-incidents", "education"],
    )
    dpo = StaffUserFactory(team=hub, role=Role.DATA_PROTECTION_LEAD)
    default_rule_set_install(area=area, approved_by=dpo, reference="Board, minute 4")
    return {
        "area": area,
        "police": police,
        "school": school,
        "analyst": StaffUserFactory(
            team=TeamFactory(agency=police, name="Intelligence Unit"),
            role=Role.INTELLIGENCE_ANALYST,
        ),
        "coordinator": StaffUserFactory(team=hub, role=Role.CSE_COORDINATOR),
    }


def _school_absences(school: Any, today: dt.date) -> None:
    records = [
        (
            position,
            event_row(
                record_id=f"ATT-{position}",
                event_type="school-absence",
                occurred_on=(today - dt.timedelta(days=position)).isoformat(),
                person_id="TA-3391",
                given_name="Tyler",
                family_name="Ashdown",
                date_of_birth=BORN.isoformat(),
                gender="male",
                postcode="ZZ9 4XY",
                nhs_number="",
                upn="",
                location="",
                location_postcode="",
                detail="",
                school="Testshire Academy",
            ),
        )
        for position in range(1, 4)
    ]
    after_import(import_records(agency=school, records=records, channel=ImportChannel.API))


def _police_file(today: dt.date) -> bytes:
    rows = [
        event_row(
            record_id=f"MIS-{days}",
            event_type="missing-episode",
            occurred_on=(today - dt.timedelta(days=days)).isoformat(),
            person_id="NB-P-40021",
            given_name="Tyler",
            family_name="Ashdown",
            date_of_birth=BORN.isoformat(),
            gender="M",
            postcode="zz9 4xy",
            nhs_number="",
            upn="",
            school="",
            detail="Reported missing overnight; returned the next morning.",
        )
        for days in (70, 33, 4)
    ]
    rows.append(event_row(record_id="MIS-bad", occurred_on="31/02/2026", nhs_number="", upn=""))
    return csv_text(rows).encode("utf-8")


def test_an_uploaded_file_becomes_an_explained_flag_and_then_a_referral(
    partnership, page, sign_in_as, tmp_path
):
    today = timezone.localdate()
    _school_absences(partnership["school"], today)
    path = tmp_path / "missing-episodes.csv"
    path.write_bytes(_police_file(today))

    # The police analyst uploads the force's file.
    sign_in_as(partnership["analyst"])
    page.goto("/feeds/imports/upload")
    assert_accessible(page)
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload", exact=True).click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "4 rows read, 3 new, 0 updated, 0 unchanged and 1 rejected" in banner
    problems = page.locator("main table").last.inner_text()
    assert "occurred_on" in problems
    assert "Tyler" not in problems  # problems give the line and reason, never the value
    assert_accessible(page)

    # Identity resolution put both agencies' records on one child.
    events = AgencyEvent.objects.filter(agency__area=partnership["area"])
    assert events.count() == 6
    children = set(events.values_list("child_id", flat=True))
    assert len(children) == 1
    assert None not in children
    flag = Flag.objects.get(rule_code="missing-three-in-90-days", status=FlagStatus.OPEN)
    assert flag.child_id in children

    # The coordinator finds the flag and reads why it was raised.
    sign_in_as(partnership["coordinator"])
    page.goto("/")
    page.get_by_role("link", name="Early warning").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Early-warning flags"
    assert_accessible(page)
    page.goto(f"/early-warning/flags/{flag.pk}/")
    main = page.locator("main").inner_text()
    assert "Tyler Ashdown" in main
    assert "Testshire Police" in main
    assert long_date(today - dt.timedelta(days=33)) in main
    assert "Missing episode" in main
    assert_accessible(page)

    # Confirming refers him to the triage team, as an early-warning referral.
    page.get_by_label("Why are you referring").fill(
        "Three missing episodes and persistent absence: refer for screening."
    )
    page.get_by_role("button", name="Confirm and refer").click()
    assert_accessible(page)
    referral = Referral.objects.get(child_id=flag.child_id)
    assert referral.source == ReferralSource.EARLY_WARNING
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED
    assert flag.referral_id == referral.pk
    assert page.url.endswith(f"/referrals/{referral.pk}/") or str(referral.pk) in page.url


def test_the_upload_template_lists_every_column(partnership, page, sign_in_as):
    sign_in_as(partnership["analyst"])
    response = page.request.get("/feeds/imports/template.csv")
    assert response.ok
    header = io.StringIO(response.text()).readline()
    assert header.startswith("record_id,event_type,occurred_on,person_id")
