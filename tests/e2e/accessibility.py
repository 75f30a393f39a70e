"""Accessibility checks with axe-core (installed from npm by bin/setup)."""

from __future__ import annotations

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


def assert_accessible(page: Any) -> None:
    """Fail if axe-core finds any moderate, serious or critical accessibility problem."""
    failing = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    if failing:
        raise AssertionError(
            f"{len(failing)} moderate, serious or critical accessibility problem(s) on {page.url}:\n"
            + describe(failing)
        )
