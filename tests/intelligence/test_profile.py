"""The problem profile: known figures from a small partnership, the board's version hiding small
numbers, saved profiles whose findings plan actions cite, and no child named anywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.intelligence.models import ProblemProfile, ProfileFinding
from seemehearme.intelligence.profile import (
    build_profile,
    default_period,
    previous_period,
    profile_save,
    published,
)
from seemehearme.intelligence.profile_views import profile_document
from seemehearme.meetings import pdf
from seemehearme.plans import services as plan_services
from seemehearme.plans.models import PlanAction
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, relate
from tests.intelligence.profile_world import CHILD_NAMES, END, START, world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return world_build()


def elsewhere_area():
    return AreaFactory(name="Otherwhere Safeguarding Partnership", slug="otherwhere")


def query(**more: str) -> dict[str, str]:
    return {
        "date_from_day": "1",
        "date_from_month": "9",
        "date_from_year": "2026",
        "date_to_day": "30",
        "date_to_month": "11",
        "date_to_year": "2026",
        **more,
    }


def test_periods():
    assert previous_period(START, END) == (dt.date(2026, 6, 2), dt.date(2026, 8, 31))
    assert default_period(dt.date(2026, 12, 2)) == (dt.date(2026, 9, 3), dt.date(2026, 12, 2))


def test_known_figures(world):
    profile = build_profile(user=world.analyst, start=START, end=END)
    cases = profile.table("cases")
    assert cases.value("Open at some time in the period") == 3
    assert cases.value("Opened in the period") == 1
    assert cases.value("Closed in the period") == 1
    assert cases.value("Open at the end of the period") == 2
    assert profile.table("risk").total() == 2
    patterns = profile.table("patterns")
    assert patterns.value("Party model") == 2
    assert patterns.value("No pattern recorded") == 1
    assert profile.table("victims-gender").value("Female") == 2
    assert profile.table("victims-gender").value("Male") == 1
    assert profile.table("victims-age").value("13 to 15") == 2
    assert profile.table("victims-age").value("16 to 17") == 1
    assert profile.table("victims-care").value("Looked after child") == 1
    gender_age = profile.table("victims-gender-age")
    assert gender_age.value("Female", 2) == 1  # 13 to 15 is the third band
    assert profile.table("offenders-concern").value("Suspect") == 1
    assert profile.table("offenders-concern").value("Facilitator") == 1
    assert profile.table("offenders-nationality").value("British") == 1
    assert profile.table("offenders-nationality").value("Not known") == 1
    assert profile.table("offenders-age").value("35 to 44") == 1
    assert profile.table("offenders-age").value("Not known") == 1
    assert profile.table("groups-kind").value("Gang") == 1
    assert profile.table("groups-size").value("1 to 4") == 1
    assert profile.table("groups-patterns").value("Gang-associated") == 1
    assert profile.table("girls-gender").value("Female") == 1
    assert profile.table("girls-gender").value("Male") == 1
    top = profile.table("places-top")
    assert top.rows[0] == ("The Test Hotel", [4, 4])
    assert top.value("Quiet Park") == 1
    assert profile.table("places-venue").value("Hotel or guest house") == 4
    links = profile.table("links")
    assert sum(links.total(j) for j in range(len(links.columns))) == 9
    assert links.value("Place") == 5  # to children (the first column)
    assert links.columns[0] == "To child"
    trends = profile.table("trends")
    assert trends.value("Agency events") == 3
    assert trends.value("Agency events", 1) == 1
    assert trends.value("Associations reported", 1) == 1  # the July link to the hotel
    assert trends.value("Cases opened", 1) == 1  # Xavier's, in July
    disruption = profile.table("disruption")
    assert disruption.value("Licensing action: taxis and private hire", 2) == 1  # done
    assert disruption.total() + disruption.total(1) + disruption.total(2) == 2
    quality = profile.table("quality")
    assert quality.value("Cases with no pattern of abuse recorded") == 1
    assert quality.value("Agency events with no postcode") == 1
    assert quality.value("Agency events with no postcode", 1) == 3


def test_the_boards_version_hides_small_numbers_and_its_findings_say_so(world):
    figures = build_profile(user=world.analyst, start=START, end=END)
    restricted = published(figures, "restricted")
    board = published(figures, "board")
    texts = [f["text"] for f in restricted["findings"]]
    assert "The Test Hotel was linked to 4 children." in texts
    board_texts = [f["text"] for f in board["findings"]]
    assert "The Test Hotel was linked to fewer than 5 children." in board_texts
    for section in board["sections"]:
        for table in section["tables"]:
            for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
                for cell in row["cells"]:
                    assert cell["value"] is None or not 0 < cell["value"] < 5, (table["key"], row)


def test_the_page_and_pdf_name_no_child_and_log_one_entry(world, verified_client):
    client = verified_client(world.analyst)
    response = client.get(reverse("intelligence:profile"), query())
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Test Hotel" in html
    assert "F1" in html
    for name in CHILD_NAMES:
        assert name not in html
    entries = AccessLogEntry.objects.filter(user=world.analyst)
    assert entries.count() == 1
    assert entries.get().child_id is None

    response = client.get(reverse("intelligence:profile-pdf"), query(version="board"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The words WeasyPrint lays out in the PDF (pypdf is not a dependency; see tests/meetings).
    figures = build_profile(user=world.analyst, start=START, end=END)
    html = profile_document(
        start=START, end=END, version="board", publication=published(figures, "board")
    )
    pdf_text = _pdf_text(html)
    assert "The Test Hotel was linked to fewer than 5 children" in " ".join(pdf_text.split())
    for name in CHILD_NAMES:
        assert name not in pdf_text
    assert AccessLogEntry.objects.filter(user=world.analyst, action="export").count() == 1


def _pdf_text(html: str) -> str:
    def walk(box, out: list[str]) -> list[str]:
        if getattr(box, "text", None):
            out.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child, out)
        return out

    document = pdf.render_document(html)
    return " ".join(" ".join(walk(page._page_box, [])) for page in document.pages)


def test_someone_without_intelligence_is_refused(world, verified_client):
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=world.analyst.agency)
    client = verified_client(admin)
    for name in ["intelligence:profile", "intelligence:profile-pdf", "intelligence:places"]:
        assert client.get(reverse(name)).status_code == 403


def test_a_saved_profile_keeps_its_findings_and_a_plan_action_cites_one(world, verified_client):
    client = verified_client(world.analyst)
    response = client.post(reverse("intelligence:profile-save"), query(version="board"))
    saved = ProblemProfile.objects.get()
    assert response.url == reverse("intelligence:profile-saved", args=[saved.pk])
    assert saved.version == "board"
    assert saved.period_start == START
    finding = ProfileFinding.objects.get(profile=saved, text__startswith="The Test Hotel")
    page = client.get(response.url).content.decode()
    assert f'id="finding-{finding.number}"' in page
    assert "fewer than 5" in page
    for name in CHILD_NAMES:
        assert name not in page

    action = PlanAction.objects.filter(plan__case__child=world.zebedee).first()
    plan = action.plan
    owner = action.owner
    relate(world.zebedee, user=owner)
    cited = plan_services.plan_action_add(
        plan=plan,
        by=owner,
        agency=owner.agency,
        owner=owner,
        description="Licensing visit to the hotel.",
        due_on=dt.date.today() + dt.timedelta(days=7),
        cites_finding=finding,
    )
    assert cited.cites_finding == finding
    plan_page = verified_client(owner).get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert f"finding F{finding.number} of problem profile {saved.pk}" in plan_page
    assert f"{response.url}#finding-{finding.number}" in plan_page


def test_a_finding_from_another_partnership_cannot_be_cited(world):
    other_analyst = StaffUserFactory(
        role=Role.INTELLIGENCE_ANALYST, agency=AgencyFactory(area=elsewhere_area())
    )
    elsewhere = profile_save(user=other_analyst, start=START, end=END, version="board")
    action = PlanAction.objects.filter(plan__case__child=world.zebedee).first()
    relate(world.zebedee, user=action.owner)

    with pytest.raises(ValidationError) as error:
        plan_services.plan_action_add(
            plan=action.plan,
            by=action.owner,
            agency=action.owner.agency,
            owner=action.owner,
            description="Visit.",
            due_on=dt.date.today() + dt.timedelta(days=7),
            cites_finding=elsewhere.finding_rows.first(),
        )
    assert "cites_finding" in error.value.message_dict


def test_a_saved_profile_of_another_partnership_is_not_found(world, verified_client):
    other_analyst = StaffUserFactory(
        role=Role.INTELLIGENCE_ANALYST, agency=AgencyFactory(area=elsewhere_area())
    )
    elsewhere = profile_save(user=other_analyst, start=START, end=END, version="restricted")
    client = verified_client(world.analyst)
    assert client.get(reverse("intelligence:profile-saved", args=[elsewhere.pk])).status_code == 404
