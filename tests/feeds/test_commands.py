"""``smh import``, run in-process so it shares the test database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.feeds.models import AgencyEvent, ImportBatch
from tests.factories import AgencyFactory
from tests.feeds.factories import csv_text, event_row

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def linking(monkeypatch):
    calls = []
    monkeypatch.setattr("seemehearme.feeds.pipeline.after_import", calls.append)
    return calls


@pytest.fixture
def events_file(tmp_path):
    path = tmp_path / "police-events.csv"
    rows = [
        event_row(record_id="A", given_name="Zephyrine", family_name="Quillfeather"),
        event_row(record_id="B", occurred_on="2026-02-30"),
        event_row(record_id="C", person_id="P2", gender="sometimes"),
    ]
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def test_import_prints_counts_and_problems_but_no_personal_data(agency, events_file, linking):
    result = runner.invoke(
        cli.app, ["import", str(events_file), "--agency", "Northbridge Police", "--no-link"]
    )
    assert result.exit_code == 0, result.output
    batch = ImportBatch.objects.get()
    assert (batch.channel, batch.agency, batch.rows_created, batch.rows_rejected) == (
        "command",
        agency,
        1,
        2,
    )
    out = result.output
    for label, value in (
        ("Read", 3),
        ("Created", 1),
        ("Updated", 0),
        ("Unchanged", 0),
        ("Rejected", 2),
    ):
        assert f"{label}" in out
        assert f"│ {value}" in out or f"{value} │" in out
    assert "is not a real date" in out
    assert "occurred_on" in out
    assert "gender" in out
    for secret in ("Zephyrine", "Quillfeather", "P000123", "P2", "2011-05-17", "sometimes"):
        assert secret not in out
    assert linking == []


def test_import_links_and_sweeps_unless_told_not_to(agency, events_file, linking):
    result = runner.invoke(cli.app, ["import", str(events_file), "--agency", str(agency.pk)])
    assert result.exit_code == 0, result.output
    assert [r.batch for r in linking] == [ImportBatch.objects.get()]
    assert "Matched 1 new or changed person to children" in result.output


def test_a_refused_file_exits_with_an_error_and_keeps_nothing(agency, tmp_path, linking):
    path = tmp_path / "wrong.csv"
    path.write_text("record_id,colour\nA,blue\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["import", str(path), "--agency", "northbridge police"])
    assert result.exit_code == 1
    assert "missing required columns" in result.output
    assert "colour" in result.output
    assert ImportBatch.objects.get().status == "failed"
    assert not AgencyEvent.objects.exists()
    assert linking == []


def test_an_unknown_agency_is_an_error(agency, events_file):
    result = runner.invoke(cli.app, ["import", str(events_file), "--agency", "Nobody"])
    assert result.exit_code == 1
    assert "No agency called 'Nobody'" in result.output
    assert not ImportBatch.objects.exists()


def test_an_agency_name_used_twice_must_be_given_by_id(agency, events_file):
    AgencyFactory(name="Northbridge Police", area__name="Elsewhere", area__slug="elsewhere")
    result = runner.invoke(cli.app, ["import", str(events_file), "--agency", "Northbridge Police"])
    assert result.exit_code == 1
    assert "give its id instead" in result.output


def test_a_linking_failure_exits_non_zero_but_keeps_the_import(agency, events_file, monkeypatch):
    def broken(result):
        raise RuntimeError("down")

    monkeypatch.setattr("seemehearme.feeds.pipeline.after_import", broken)
    result = runner.invoke(cli.app, ["import", str(events_file), "--agency", "Northbridge Police"])
    assert result.exit_code == 1
    assert "did not finish" in result.output
    assert AgencyEvent.objects.count() == 1


def test_a_hostile_workbook_is_one_plain_line_and_exit_status_1(agency, tmp_path, linking):
    from tests.feeds.factories import entity_bomb, sheet_xml, text_cells, workbook

    path = tmp_path / "events.xlsx"
    cell = '<c t="inlineStr"><is><t>&a9;</t></is></c>'
    path.write_bytes(
        workbook(sheet_xml([text_cells(["record_id"]), [cell]], prolog=entity_bomb("x")))
    )
    result = runner.invoke(cli.app, ["import", str(path), "--agency", "northbridge police"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert any("spreadsheet programs never write" in line for line in lines)
    assert "Error: Import" in result.output
    assert not AgencyEvent.objects.exists()


def test_an_xlsx_named_csv_is_refused_plainly(agency, tmp_path, linking):
    from tests.feeds.factories import xlsx_bytes

    path = tmp_path / "events.csv"
    path.write_bytes(xlsx_bytes([["record_id"], ["A"]]))
    result = runner.invoke(cli.app, ["import", str(path), "--agency", "northbridge police"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "with a CSV name" in result.output
