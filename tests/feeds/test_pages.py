"""The import pages: who may use them, uploading end to end, and what an import's page shows."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.feeds.models import AgencyEvent, ImportBatch, ImportProblem
from seemehearme.feeds.services import can_import
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory
from tests.feeds.factories import ImportBatchFactory, csv_text, event_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(agency):
    return StaffUserFactory(
        team=TeamFactory(agency=agency), agency=agency, role=Role.INTELLIGENCE_ANALYST
    )


@pytest.fixture(autouse=True)
def linking(monkeypatch):
    """Stand in for identity linking and the early-warning sweep, recording each call."""
    calls = []
    monkeypatch.setattr("seemehearme.feeds.pipeline.after_import", calls.append)
    return calls


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def upload(client, data: bytes | str, name: str = "events.csv"):
    if isinstance(data, str):
        data = data.encode()
    return client.post(
        reverse("feeds:upload"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


# --- Who may import ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.TEAM_MANAGER, True),
        (Role.CSE_COORDINATOR, True),
        (Role.INTELLIGENCE_ANALYST, True),
        (Role.PRACTITIONER, False),
        (Role.PANEL_MEMBER, False),
        (Role.DATA_PROTECTION_LEAD, False),
    ],
)
def test_who_may_import(role, allowed, verified_client):
    user = StaffUserFactory(role=role)
    assert can_import(user).allowed is allowed
    client = verified_client(user)
    batch = ImportBatchFactory(agency=user.agency)
    for url in (
        reverse("feeds:imports"),
        reverse("feeds:upload"),
        reverse("feeds:template"),
        reverse("feeds:import-detail", kwargs={"batch_id": batch.pk}),
    ):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), url
        if not allowed:
            assert "Only team managers, CSE coordinators and intelligence analysts" in text(
                response
            )


def test_a_refused_user_cannot_upload(verified_client):
    user = StaffUserFactory(role=Role.PRACTITIONER)
    response = verified_client(user).post(
        reverse("feeds:upload"),
        {"file": SimpleUploadedFile("e.csv", csv_text([event_row()]).encode())},
    )
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_account_without_an_agency_cannot_import():
    user = StaffUserFactory(role=Role.TEAM_MANAGER, agency=None, team=None)
    assert can_import(user).basis == "no_agency"


def test_another_agencys_import_is_not_found(analyst, verified_client):
    theirs = ImportBatchFactory(agency=AgencyFactory(area=analyst.agency.area))
    ImportProblem.objects.create(batch=theirs, line=2, column="gender", reason="is wrong")
    response = verified_client(analyst).get(
        reverse("feeds:import-detail", kwargs={"batch_id": theirs.pk})
    )
    assert response.status_code == 404


def test_the_list_shows_only_the_users_agency_newest_first(analyst, verified_client):
    older = ImportBatchFactory(agency=analyst.agency, filename="older.csv")
    newer = ImportBatchFactory(agency=analyst.agency, filename="newer.csv")
    ImportBatchFactory(agency=AgencyFactory(), filename="someone-else.csv")
    page = text(verified_client(analyst).get(reverse("feeds:imports")))
    assert page.index("newer.csv") < page.index("older.csv")
    assert "someone-else.csv" not in page
    assert older.pk != newer.pk


def test_the_list_is_paginated(analyst, verified_client):
    for n in range(30):
        ImportBatchFactory(agency=analyst.agency, filename=f"file-{n:02d}.csv")
    client = verified_client(analyst)
    first = text(client.get(reverse("feeds:imports")))
    second = text(client.get(reverse("feeds:imports") + "?page=2"))
    assert "file-29.csv" in first
    assert "file-00.csv" not in first
    assert "file-00.csv" in second


# --- Uploading ---------------------------------------------------------------------------------


def test_uploading_a_file_end_to_end(analyst, verified_client, linking):
    rows = [
        event_row(record_id="A", given_name="Zephyrine"),
        event_row(record_id="B", occurred_on="30/02/2026"),
        event_row(record_id="A"),
    ]
    response = upload(verified_client(analyst), csv_text(rows))
    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [
        (reverse("feeds:import-detail", kwargs={"batch_id": batch.pk}), 302)
    ]
    page = text(response)
    assert "File imported: 3 rows read, 1 new, 0 updated, 0 unchanged and 2 rejected" in page
    assert "Is not a real date" in page
    assert "Repeats record_id from line 2" in page
    assert "Zephyrine" not in page  # counts and reasons only, never a child's details
    assert (batch.channel, batch.uploaded_by, batch.agency) == ("upload", analyst, analyst.agency)
    assert AgencyEvent.objects.get().agency == analyst.agency
    assert [result.batch for result in linking] == [batch]


def test_uploading_a_workbook(analyst, verified_client):
    header = ["record_id", "event_type", "occurred_on", "person_id", "given_name", "family_name"]
    data = xlsx_bytes([header, ["W1", "arrest", "2026-09-01", "P5", "Ash", "Carrow"]])
    response = upload(verified_client(analyst), data, "police.xlsx")
    assert "1 row read, 1 new" in text(response)


def test_a_refused_file_is_an_error_on_the_upload_page(analyst, verified_client, linking):
    response = upload(verified_client(analyst), "record_id,when\nA,today\n")
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "The file is missing required columns: event_type, occurred_on" in page
    assert "Nothing from this file was kept" in page
    assert ImportBatch.objects.get().status == "failed"
    assert linking == []


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("events.pdf", b"x", "The selected file must be a CSV or an XLSX file"),
        ("events.csv", b"", "The selected file is empty"),
    ],
)
def test_the_upload_form_checks_the_file(analyst, verified_client, name, data, error):
    response = upload(verified_client(analyst), data, name)
    assert error in text(response)
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(analyst, verified_client, settings):
    settings.SMH_IMPORT_MAX_UPLOAD_MB = 1
    data = csv_text([event_row()]) + "x" * (1024 * 1024)
    response = upload(verified_client(analyst), data)
    assert "The selected file must be smaller than 1 MB" in text(response)
    assert not ImportBatch.objects.exists()


def test_no_file_chosen(analyst, verified_client):
    response = verified_client(analyst).post(reverse("feeds:upload"), {})
    assert "Select a CSV or Excel file" in text(response)


def test_linking_that_fails_after_the_import_is_reported(analyst, verified_client, monkeypatch):
    def broken(result):
        raise RuntimeError("linking is down")

    monkeypatch.setattr("seemehearme.feeds.pipeline.after_import", broken)
    response = upload(verified_client(analyst), csv_text([event_row()]))
    page = text(response)
    assert "File imported" in page
    assert "matching them to children and checking for early-warning signs did not finish" in page
    assert AgencyEvent.objects.count() == 1


def test_the_upload_page_lists_the_columns_and_event_types(analyst, verified_client):
    page = text(verified_client(analyst).get(reverse("feeds:upload")))
    for expected in (
        "record_id",
        "linked_person_date_of_birth",
        "missing-episode",
        "Police incidents",
    ):
        assert expected in page


def test_the_template_is_the_header_row(analyst, verified_client):
    response = verified_client(analyst).get(reverse("feeds:template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().splitlines() == [
        "record_id,event_type,occurred_on,person_id,given_name,family_name,date_of_birth,gender,"
        "ethnicity,address,postcode,school,nhs_number,upn,category,location,location_postcode,"
        "detail,linked_person_role,linked_person_id,linked_person_given_name,"
        "linked_person_family_name,linked_person_date_of_birth"
    ]


# --- An import's page --------------------------------------------------------------------------


def test_an_import_page_says_how_many_rows_are_not_listed(analyst, verified_client):
    batch = ImportBatchFactory(agency=analyst.agency, rows_read=10, rows_rejected=7)
    for line in (2, 3):
        ImportProblem.objects.create(batch=batch, line=line, column="gender", reason="is wrong")
    page = text(
        verified_client(analyst).get(reverse("feeds:import-detail", kwargs={"batch_id": batch.pk}))
    )
    assert "5 more rows were rejected" in page


def test_a_failed_import_page_shows_the_error(analyst, verified_client):
    batch = ImportBatchFactory(
        agency=analyst.agency, status="failed", error="The file is missing required columns: x."
    )
    page = text(
        verified_client(analyst).get(reverse("feeds:import-detail", kwargs={"batch_id": batch.pk}))
    )
    assert "Failed" in page
    assert "The file is missing required columns: x." in page


# --- Bad and hostile files (issue 8, items 13 to 16) -------------------------------------------


def _bomb_workbook() -> bytes:
    from tests.feeds.factories import entity_bomb, sheet_xml, text_cells, workbook

    return workbook(
        sheet_xml(
            [text_cells(["record_id"]), ['<c t="inlineStr"><is><t>&a9;</t></is></c>']],
            prolog=entity_bomb("x"),
        )
    )


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("events.xlsx", _bomb_workbook, "spreadsheet programs never write"),
        ("events.xlsx", lambda: b"PK\x03\x04" + bytes(200), "could not be opened as an Excel"),
        ("events.csv", lambda: xlsx_bytes([["record_id"]]), "with a CSV name"),
    ],
    ids=["entity bomb", "corrupt zip", "xlsx named csv"],
)
def test_a_hostile_file_is_a_plain_error_on_the_upload_page(
    analyst, verified_client, name, data, error
):
    response = upload(verified_client(analyst), data(), name)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert error in page
    assert ImportBatch.objects.get().status == "failed"
    assert not AgencyEvent.objects.exists()


def test_an_import_page_lists_a_nul_as_a_row_problem(analyst, verified_client):
    rows = [event_row(record_id="A"), event_row(record_id="B", detail="Zephy\x00rine")]
    response = upload(verified_client(analyst), csv_text(rows))
    page = text(response)
    assert "2 rows read, 1 new" in page
    assert "a NUL character" in page
    assert "Zephy" not in page
