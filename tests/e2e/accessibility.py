"""Accessibility checks with axe-core (installed from npm by bin/setup)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = frozenset({"moderate", "serious", "critical"})


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return every violation it finds."""
    if not AXE_SCRIPT.exists():
        raise AssertionError(f"{AXE_SCRIPT} is missing: run bin/setup (it runs `npm ci`).")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "async () => await window.axe.run(document, { resultTypes: ['violations'] })"
    )
    return results["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


# GOV.UK Frontend's radios script sets ``aria-expanded`` on a radio that reveals more questions.
# ARIA does not allow it on the radio role, so axe reports it (``aria-allowed-attr``, critical);
# the GOV.UK Design System keeps it on purpose because its research found screen-reader users
# helped by it (alphagov/govuk-frontend#979, a documented known issue). Exactly that finding is
# set aside: any other attribute, element or rule still fails.
_EXPANDED_ON_A_RADIO = re.compile(
    r'^\s*ARIA attribute is not allowed: aria-expanded="(true|false)"\s*$'
)


def _govuk_reveal_radio(node: dict[str, Any]) -> bool:
    messages = [check["message"] for check in node.get("all", []) + node.get("any", [])]
    return (
        'class="govuk-radios__input"' in node["html"]
        and "aria-controls=" in node["html"]
        and bool(messages)
        and all(_EXPANDED_ON_A_RADIO.match(message) for message in messages)
    )


def failing_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The moderate, serious and critical problems, less GOV.UK's reveal-radio finding."""
    failing = []
    for violation in violations:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        if violation["id"] == "aria-allowed-attr":
            nodes = [node for node in violation["nodes"] if not _govuk_reveal_radio(node)]
            if not nodes:
                continue
            violation = {**violation, "nodes": nodes}
        failing.append(violation)
    return failing


def assert_accessible(page: Any) -> None:
    """Fail if axe-core finds any moderate, serious or critical accessibility problem."""
    failing = failing_violations(axe_violations(page))
    if failing:
        raise AssertionError(
            f"{len(failing)} moderate, serious or critical accessibility problem(s) on "
            f"{page.url}:\n" + describe(failing)
        )
