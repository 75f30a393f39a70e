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


def test_hostile_files_are_plain_errors_and_a_nul_is_a_listed_problem(
    page, sign_in_as, tmp_path, monkeypatch
):
    """Issue 8, items 14 to 16: what the user sees for an entity bomb, a workbook named .csv and
    a NUL in one row, in place of a server error page."""
    from tests.feeds.factories import entity_bomb, sheet_xml, text_cells, workbook, xlsx_bytes

    monkeypatch.setattr("seemehearme.feeds.pipeline.after_import", lambda result: None)
    agency = AgencyFactory(name="Northbridge Police", kind="police")
    sign_in_as(
        StaffUserFactory(team=TeamFactory(agency=agency), agency=agency, role=Role.TEAM_MANAGER)
    )
    bomb = tmp_path / "events.xlsx"
    cell = '<c t="inlineStr"><is><t>&a9;</t></is></c>'
    bomb.write_bytes(
        workbook(sheet_xml([text_cells(["record_id"]), [cell]], prolog=entity_bomb("x")))
    )
    renamed = tmp_path / "renamed.csv"
    renamed.write_bytes(xlsx_bytes([["record_id"], ["A"]]))
    with_nul = tmp_path / "with-nul.csv"
    with_nul.write_text(
        csv_text([event_row(record_id="A"), event_row(record_id="B", detail="Zephy\x00rine")]),
        encoding="utf-8",
    )

    for path, message in [
        (bomb, "spreadsheet programs never write (a document type or entity declaration)"),
        (renamed, "an Excel workbook (or another zipped file) with a CSV name"),
    ]:
        page.goto("/feeds/imports/upload")
        page.get_by_label("Upload a file").set_input_files(str(path))
        page.get_by_role("button", name="Upload", exact=True).click()
        summary = page.locator(".govuk-error-summary").inner_text()
        assert "There is a problem" in summary
        assert message in summary
        assert page.title().startswith("Error:")
        assert_accessible(page)

    page.goto("/feeds/imports/upload")
    page.get_by_label("Upload a file").set_input_files(str(with_nul))
    page.get_by_role("button", name="Upload", exact=True).click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "2 rows read, 1 new, 0 updated, 0 unchanged and 1 rejected" in banner
    problems = page.locator("main table").last.inner_text()
    assert "detail" in problems
    assert "Has a NUL character (a zero byte), which cannot be stored" in problems
    assert "Zephy" not in page.locator("main").inner_text()
    assert_accessible(page)
