"""``smh link``: counts only, never a child's details."""

from __future__ import annotations

from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.identity.models import AgencyPerson, LinkRun
from tests.identity.conftest import fresh

runner = CliRunner()


def test_smh_link_links_records_and_prints_counts_only(place):
    school = place.person(place.school, given_name="William")
    police = place.person(place.police, given_name="Bill")

    result = runner.invoke(cli.app, ["link", "--area", place.area.name])

    assert result.exit_code == 0, result.output
    assert "records 2;" in result.output
    assert "new children 1;" in result.output
    for detail in ("William", "Bill", "Testchild", "ZZ1"):
        assert detail not in result.output
    school, police = fresh(school, police)
    assert school.child_id == police.child_id
    assert place.sweeps == [{school.child_id}]


def test_smh_link_without_full_only_looks_at_records_without_a_child(place):
    place.person(place.school)
    runner.invoke(cli.app, ["link", "--area", place.area.name])
    result = runner.invoke(cli.app, ["link", "--area", place.area.name])
    assert result.exit_code == 0
    assert LinkRun.objects.latest("pk").model["scope"] == "incremental"
    result = runner.invoke(cli.app, ["link", "--area", place.area.name, "--full"])
    assert result.exit_code == 0
    assert LinkRun.objects.latest("pk").model["scope"] == "full"
    assert AgencyPerson.objects.filter(child__isnull=True).count() == 0


def test_smh_link_refuses_an_unknown_partnership_or_backend(place):
    result = runner.invoke(cli.app, ["link", "--area", "Nowhere"])
    assert result.exit_code == 1
    assert "No partnership called 'Nowhere'" in result.output
    result = runner.invoke(cli.app, ["link", "--backend", "excel"])
    assert result.exit_code == 1
