"""Uploading a file in real Chromium, without JavaScript help, and the pages' accessibility."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import Role
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory
from tests.feeds.factories import csv_text, event_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_a_file_and_read_its_problems(page, sign_in_as, tmp_path, monkeypatch):
    monkeypatch.setattr("seemehearme.feeds.pipeline.after_import", lambda result: None)
    agency = AgencyFactory(name="Northbridge Police", kind="police")
    coordinator = StaffUserFactory(
        team=TeamFactory(agency=agency), agency=agency, role=Role.CSE_COORDINATOR
    )
    sign_in_as(coordinator)
    path = tmp_path / "police-events.csv"
    path.write_text(
        csv_text([event_row(record_id="A"), event_row(record_id="B", upn="12")]), encoding="utf-8"
    )

    page.goto("/feeds/imports/")
    assert page.locator("h1").inner_text() == "Imports of agency data"
    assert_accessible(page)

    page.get_by_role("button", name="Upload a file").click()
    assert_accessible(page)
    page.get_by_role("button", name="Upload", exact=True).click()
    assert "Select a CSV or Excel file" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Import ")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "2 rows read, 1 new, 0 updated, 0 unchanged and 1 rejected" in banner
    problems = page.locator("main table").last.inner_text()
    assert "upn" in problems
    assert "Must be a letter followed by 12 digits" in problems
    assert_accessible(page)
