"""``smh national-return`` and ``smh national-import``, run in-process on the test database."""

from __future__ import annotations

import copy
import json

from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.returns.models import NationalReturn
from seemehearme.returns.synthetic import synthetic_return
from tests.returns.conftest import END, START

runner = CliRunner()
PERIOD = ["--period", "2026-04-01..2027-03-31"]


def test_the_return_is_written_as_json_and_csv(world, tmp_path):
    output = tmp_path / "return.json"
    result = runner.invoke(
        cli.app, ["national-return", *PERIOD, "--area", "testshire", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text())
    children = next(t for t in document["tables"] if t["id"] == "children")
    assert {"values": {"status": "total"}, "count": 15, "suppressed": False} in children["cells"]
    result = runner.invoke(
        cli.app, ["national-return", *PERIOD, "--area", "testshire", "--format", "csv"]
    )
    assert result.exit_code == 0
    assert "children,status,total,,,15,false" in result.stdout


def test_several_partnerships_need_area_and_a_bad_period_is_refused(world):
    result = runner.invoke(cli.app, ["national-return", *PERIOD])
    assert result.exit_code == 1
    assert "Name the partnership with --area" in result.output
    result = runner.invoke(cli.app, ["national-return", "--period", "April", "--area", "testshire"])
    assert "is not like 2026-04-01..2027-03-31" in result.output


def test_import_keeps_the_good_returns_and_refuses_the_tampered_one(db, tmp_path):
    files = []
    for number in range(3):
        path = tmp_path / f"{number}.json"
        path.write_text(json.dumps(synthetic_return(number, start=START, end=END)))
        files.append(str(path))
    tampered = copy.deepcopy(synthetic_return(3, start=START, end=END))
    tampered["tables"][0]["cells"][0]["count"] = 999
    tampered["tables"][0]["cells"][0]["suppressed"] = False
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tampered))
    result = runner.invoke(cli.app, ["national-import", *files, str(bad)])
    assert result.exit_code == 1
    assert "Refused" in result.output
    assert "digest does not match" in result.output
    assert "1 of 4 returns refused" in result.output
    assert NationalReturn.objects.count() == 3
    again = runner.invoke(cli.app, ["national-import", files[0]])
    assert again.exit_code == 0
    assert "unchanged" in again.output
