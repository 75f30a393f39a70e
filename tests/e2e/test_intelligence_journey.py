"""The analyst's journey in a real browser, axe-core clean at each step: an association between
a man and a child entered by the child's pseudonym, the man's network, and the problem profile
downloaded as a PDF. The child is never named to the analyst on any page along the way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.intelligence.models import Association
from seemehearme.sharing.pseudonyms import pseudonym
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, CaseFactory, ChildFactory, StaffUserFactory
from tests.intelligence.factories import AssociationFactory, PersonOfConcernFactory, PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAMES = ("Zephyrine", "Quillborough")


def _never_named(page) -> None:
    content = page.content()
    for name in NAMES:
        assert name not in content


def test_an_analyst_links_a_man_to_a_child_sees_his_network_and_downloads_the_profile(
    page, sign_in_as
):
    police = AgencyFactory(kind="police", name="Testshire Police")
    analyst = StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=police, team__agency=police)
    today = timezone.localdate()
    child = ChildFactory(
        area=police.area,
        given_name=NAMES[0],
        family_name=NAMES[1],
        date_of_birth=today.replace(year=today.year - 14) - dt.timedelta(days=40),
        postcode="NB3 4QT",
        gender="female",
    )
    CaseFactory(child=child)
    man = PersonOfConcernFactory(source_agency=police, given_name="Ivor", family_name="Testman")
    hotel = PlaceFactory(source_agency=police, name="Larkspur Hotel")
    AssociationFactory(entity=man, other=hotel)
    code = pseudonym(police.area, child.pk)
    sign_in_as(analyst)

    # The register, from the menu.
    page.goto("/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Intelligence", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Ivor Testman").click()
    assert_accessible(page)

    # A first try with no grading shows the errors and keeps nothing.
    with page.expect_navigation():
        page.get_by_role("link", name="Add an association").click()
    assert_accessible(page)
    page.get_by_label("A child").check()
    page.get_by_label("The child's pseudonym").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Save association").click()
    assert "There is a problem" in page.locator("main").inner_text()
    assert Association.objects.filter(child=child).count() == 0
    assert_accessible(page)

    # Then the whole association, graded 2B P.
    page.get_by_label("A child").check()
    page.get_by_label("The child's pseudonym").fill(code)
    page.get_by_label("Relationship").select_option(label="Seen with")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("2: Untested").check()
    page.get_by_label("B: Known indirectly to the source but corroborated").check()
    page.get_by_label("P: Lawful sharing permitted").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save association").click()
    association = Association.objects.get(child=child)
    assert association.grading == "2B P"
    main = page.locator("main").inner_text()
    assert code in main
    assert "Larkspur Hotel" in main
    _never_named(page)
    assert_accessible(page)

    # His network: the hotel and the child (as a pseudonym) in the table and the graph's data.
    with page.expect_navigation():
        page.get_by_role("link", name="See Ivor Testman's network").click()
    tables = page.locator("main table").all_inner_texts()
    assert any(code in table and "Larkspur Hotel" in table for table in tables)
    _never_named(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Networks", exact=True).first.click()
    _never_named(page)
    assert_accessible(page)

    # The problem profile, and its PDF.
    page.goto("/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Problem profile").click()
    _never_named(page)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this profile as a PDF").click()
    pdf = download_info.value
    with open(pdf.path(), "rb") as downloaded:
        assert downloaded.read(4) == b"%PDF"
    assert pdf.suggested_filename.startswith("problem-profile-")

    # Every step was logged, and none of the analyst's entries names the child.
    entries = AccessLogEntry.objects.filter(user=analyst)
    assert entries.exists()
    assert not entries.filter(child=child).exists()
