"""The browser tests' accessibility bar: moderate problems fail, and the one GOV.UK known issue
set aside (``aria-expanded`` on a reveal radio) is set aside exactly, not a rule wider."""

from __future__ import annotations

from tests.e2e.accessibility import failing_violations

REVEAL_RADIO = (
    '<input class="govuk-radios__input" id="a" name="a" type="radio" value="yes" '
    'aria-controls="conditional-a" aria-expanded="false">'
)


def _violation(rule: str, impact: str, html: str, message: str) -> dict:
    return {
        "id": rule,
        "impact": impact,
        "help": rule,
        "helpUrl": "",
        "nodes": [{"html": html, "target": ["#a"], "all": [{"message": message}], "any": []}],
    }


def test_moderate_problems_fail_and_minor_ones_do_not():
    region = _violation(
        "region", "moderate", "<a>Back</a>", "Some page content is not in a landmark"
    )
    minor = _violation("some-minor-rule", "minor", "<p></p>", "minor")
    assert [v["id"] for v in failing_violations([region, minor])] == ["region"]


def test_aria_expanded_on_a_govuk_reveal_radio_is_set_aside():
    reveal = _violation(
        "aria-allowed-attr",
        "critical",
        REVEAL_RADIO,
        'ARIA attribute is not allowed: aria-expanded="false"',
    )
    assert failing_violations([reveal]) == []


def test_any_other_disallowed_attribute_still_fails():
    other_attribute = _violation(
        "aria-allowed-attr",
        "critical",
        REVEAL_RADIO.replace("aria-expanded", "aria-pressed"),
        'ARIA attribute is not allowed: aria-pressed="false"',
    )
    not_govuk = _violation(
        "aria-allowed-attr",
        "critical",
        '<input type="radio" aria-expanded="false">',
        'ARIA attribute is not allowed: aria-expanded="false"',
    )
    assert len(failing_violations([other_attribute, not_govuk])) == 2
