"""The national return in a real browser, at desktop width and at 320 px: the strategic lead
previews the partnership's return and downloads it; on a national instance, a strategic lead
imports areas' returns (a tampered one is refused with its reason) and reads the national
picture. axe checks every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from seemehearme.areas.models import Role
from seemehearme.returns.synthetic import synthetic_return
from tests.e2e.accessibility import assert_accessible
from tests.factories import StaffUserFactory
from tests.returns.conftest import END, START, world_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERIOD = "?date_from_day=1&date_from_month=4&date_from_year=2026"
PERIOD += "&date_to_day=31&date_to_month=3&date_to_year=2027"


def _fits(page, width: int) -> None:
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1024, 320])
def test_the_strategic_lead_previews_and_downloads_the_return(page, sign_in_as, width):
    area = world_create()
    lead = StaffUserFactory(role=Role.STRATEGIC_LEAD, team__agency__area=area)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_as(lead)
    page.goto("/")
    page.get_by_role("link", name="National return").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National return")
    page.goto(f"/returns/{PERIOD}")
    table = page.get_by_role("table", name="Children identified as being exploited or at risk")
    expect(table).to_contain_text("15")
    expect(
        page.get_by_role("table", name="Children identified, by status and gender")
    ).to_contain_text("fewer than 5")
    _fits(page, width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return (JSON").click()
    document = json.loads(Path(download.value.path()).read_text())
    assert document["area"]["code"] == "E06000999"
    assert document["integrity"]["algorithm"] == "sha256"


@pytest.mark.parametrize("width", [1024, 320])
def test_a_national_instance_imports_returns_and_shows_the_picture(
    page, sign_in_as, settings, tmp_path, width
):
    settings.SMH_NATIONAL_INSTANCE = True
    lead = StaffUserFactory(role=Role.STRATEGIC_LEAD)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_as(lead)
    page.goto("/returns/national/")
    expect(page.get_by_text("No returns have been imported yet.")).to_be_visible()
    _fits(page, width)
    for number in range(3):
        path = tmp_path / f"return-{number}.json"
        path.write_text(json.dumps(synthetic_return(number, start=START, end=END)))
        page.get_by_role("link", name="Import areas' returns").click()
        page.get_by_label("Upload a return").set_input_files(path)
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_text("imported.")).to_be_visible()
    tampered = synthetic_return(9, start=START, end=END)
    tampered["area"]["child_population"] += 1
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(tampered))
    page.get_by_role("link", name="Import areas' returns").click()
    page.get_by_label("Upload a return").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("the digest does not match")
    _fits(page, width)
    page.goto("/returns/national/")
    areas = page.get_by_role("table", name="Areas")
    for number in range(3):
        expect(areas).to_contain_text(f"Synthetic area {number}")
    expect(
        page.get_by_role("table", name="Children identified per 10,000 children, by period")
    ).to_be_visible()
    _fits(page, width)
