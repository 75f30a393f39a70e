"""Checking pages that use GOV.UK conditional reveals on radios.

GOV.UK Frontend's radios script sets ``aria-expanded`` on a radio that reveals more questions.
The ARIA specification does not allow it on the radio role, so axe-core reports it
(``aria-allowed-attr``, critical); the GOV.UK Design System keeps it on purpose, because screen
readers announce it and its research found it helps (alphagov/govuk-frontend#979, a documented
known issue). This check is ``assert_accessible`` with exactly that finding set aside: any other
attribute, element or rule still fails.
"""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.accessibility import FAILING_IMPACTS, axe_violations, describe

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


def assert_accessible_with_conditional_radios(page: Any) -> None:
    """Fail on every accessibility problem ``assert_accessible`` fails on, except GOV.UK
    Frontend's own ``aria-expanded`` on radios that reveal questions."""
    failing = []
    for violation in axe_violations(page):
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        if violation["id"] == "aria-allowed-attr":
            nodes = [node for node in violation["nodes"] if not _govuk_reveal_radio(node)]
            if not nodes:
                continue
            violation = {**violation, "nodes": nodes}
        failing.append(violation)
    if failing:
        raise AssertionError(
            f"{len(failing)} accessibility problem(s) on {page.url}:\n" + describe(failing)
        )
