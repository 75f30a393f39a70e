"""`smh rules ...` and `smh sweep`, run in-process so they share the test database. They print
counts and rule text, never a child's details."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.earlywarning.models import Flag, RuleSet, RuleSetStatus

runner = CliRunner()


def test_load_the_shipped_rules_as_a_draft(world):
    result = runner.invoke(cli.app, ["rules", "load", "--area", world.area.name])
    assert result.exit_code == 0, result.output
    assert "as draft version 2" in result.output
    assert "16 indicators, 5 rules" in result.output
    draft = RuleSet.objects.get(version=2)
    assert draft.status == RuleSetStatus.DRAFT


def test_load_refuses_a_bad_file_and_says_why(world, tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "code": "bad",
                "name": "Bad",
                "indicators": [
                    {
                        "code": "x",
                        "label": "X",
                        "event_types": ["no-such-type"],
                        "min_count": 1,
                        "window_days": 30,
                    }
                ],
                "rules": [{"code": "r", "label": "R", "any_of": ["x"]}],
            }
        )
    )
    result = runner.invoke(cli.app, ["rules", "load", str(path), "--area", world.area.name])
    assert result.exit_code == 1
    assert "indicators[0] (x).event_types: unknown event types: no-such-type" in result.output
    assert RuleSet.objects.count() == 1


def test_load_refuses_an_unknown_partnership(world):
    result = runner.invoke(cli.app, ["rules", "load", "--area", "Nowhere"])
    assert result.exit_code == 1
    assert "No partnership called 'Nowhere'" in result.output


def test_list_show_and_approve(world):
    runner.invoke(cli.app, ["rules", "load", "--area", world.area.name])
    listed = runner.invoke(cli.app, ["rules", "list", "--area", world.area.name])
    assert "Draft" in listed.output
    assert "Approved" in listed.output
    shown = runner.invoke(cli.app, ["rules", "show", "--area", world.area.name, "--version", "2"])
    assert "Three or more of the inquiry's warning signs" in shown.output
    assert "Warning sign 13: Self-harm" in shown.output
    refused = runner.invoke(
        cli.app,
        [
            "rules",
            "approve",
            "--area",
            world.area.name,
            "--version",
            "2",
            "--by",
            world.coordinator.username,
            "--reference",
            "Minute 3",
        ],
    )
    assert refused.exit_code == 1
    approved = runner.invoke(
        cli.app,
        [
            "rules",
            "approve",
            "--area",
            world.area.name,
            "--version",
            "2",
            "--by",
            world.dpo.username,
            "--reference",
            "Minute 3",
        ],
    )
    assert approved.exit_code == 0, approved.output
    assert RuleSet.objects.get(version=2).status == RuleSetStatus.APPROVED


def test_sweep_prints_counts_only(world):
    child = world.child(given_name="Skye", family_name="Commandtest")
    world.events(child, "missing-episode", [1, 2, 3])
    result = runner.invoke(cli.app, ["sweep", "--area", world.area.name])
    assert result.exit_code == 0, result.output
    assert "Evaluated 1 child with version 1" in result.output
    assert "1 flag raised, 0 updated, 0 lapsed" in result.output
    assert "Skye" not in result.output
    assert "Commandtest" not in result.output
    assert Flag.objects.filter(child=child).exists()


def test_sweep_needs_approved_rules(world):
    RuleSet.objects.update(status=RuleSetStatus.RETIRED)
    result = runner.invoke(cli.app, ["sweep", "--area", world.area.name])
    assert result.exit_code == 1
    assert "no approved early-warning rules" in result.output
