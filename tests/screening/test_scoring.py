"""The scoring rules at their edges, read from the schemes exactly as the migration ships them.
Pure functions: no database."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError

from seemehearme.screening.scoring import Answer, months_before, rules_check, score

SEED = importlib.import_module(
    "seemehearme.screening.migrations.0002_inquiry_indicators_and_schemes"
)
SERAF = SEED.SERAF
THREE_OR_MORE = SEED.THREE_OR_MORE
TODAY = dt.date(2026, 11, 23)
RECENTLY = dt.date(2026, 10, 12)


def vulnerability(n: int, on: dt.date = RECENTLY) -> Answer:
    return Answer(f"Vulnerability {n}", {"kind": "vulnerability", "seraf_level": ""}, "yes", on)


def sign(text: str, level: str = "significant", on: dt.date | None = RECENTLY) -> Answer:
    return Answer(text, {"kind": "warning_sign", "seraf_level": level}, "yes", on)


def vulnerabilities(count: int) -> list[Answer]:
    return [vulnerability(n) for n in range(1, count + 1)]


def significant(count: int) -> list[Answer]:
    return [sign(f"Significant sign {n}") for n in range(1, count + 1)]


@pytest.mark.parametrize(
    ("answers", "expected_score", "band"),
    [
        (vulnerabilities(5), 5, "not-at-risk"),
        (vulnerabilities(6), 6, "mild"),
        (significant(2), 10, "mild"),
        (significant(2) + vulnerabilities(1), 11, "moderate"),
        (significant(3), 15, "moderate"),
        (significant(3) + vulnerabilities(1), 16, "significant"),
    ],
    ids=["5 not at risk", "6 mild", "10 mild", "11 moderate", "15 moderate", "16 significant"],
)
def test_seraf_bands_change_exactly_at_their_edges(answers, expected_score, band):
    result = score(answers, SERAF, as_of=TODAY)
    assert result.score == expected_score
    assert result.band == band


def test_each_band_carries_its_required_action():
    result = score(significant(4), SERAF, as_of=TODAY)
    assert result.label == "Significant"
    assert "strategy meeting" in result.required_action


@pytest.mark.parametrize(
    ("seen_on", "points", "window"),
    [
        (dt.date(2026, 5, 23), 5, "within 6 months"),  # exactly 6 months ago
        (dt.date(2026, 5, 22), 1, "6 to 12 months ago"),  # a day more than 6 months
        (dt.date(2026, 4, 23), 1, "6 to 12 months ago"),  # 7 months
        (dt.date(2025, 11, 23), 1, "6 to 12 months ago"),  # exactly 12 months
        (dt.date(2025, 10, 23), 0, "more than 12 months ago"),  # 13 months
    ],
)
def test_a_significant_sign_counts_by_how_long_ago_it_was_seen(seen_on, points, window):
    result = score([sign("Missing from home or care", on=seen_on)], SERAF, as_of=TODAY)
    assert result.score == points
    assert f"({window}): {points} point" in result.explanation[0]


def test_a_moderate_sign_counts_only_in_the_last_six_months():
    recent = sign("Absent from school", "moderate", dt.date(2026, 5, 23))
    older = sign("Change in physical appearance", "moderate", dt.date(2026, 5, 22))
    result = score([recent, older], SERAF, as_of=TODAY)
    assert result.score == 1


def test_explanation_lines_name_each_indicator_its_weight_date_and_points():
    answers = [
        sign("Missing from home or care", "significant", RECENTLY),
        vulnerability(9, dt.date(2026, 3, 1)),
        Answer("Young carer", {"kind": "vulnerability", "seraf_level": ""}, "not_known"),
        Answer("Homeless", {"kind": "vulnerability", "seraf_level": ""}, "no"),
    ]
    lines = score(answers, SERAF, as_of=TODAY).explanation
    assert (
        lines[0]
        == "Missing from home or care: significant, 12 October 2026 (within 6 months): 5 points"
    )
    assert lines[1] == "Vulnerability 9: vulnerability, seen 1 March 2026: 1 point"
    assert "Not known (no points; worth finding out): Young carer." in lines
    assert not any("Homeless" in line for line in lines)
    assert lines[-1] == "Total: 6 points, which is Mild (6 to 10)."


def test_an_undated_sign_is_counted_as_current():
    result = score([sign("Self-harm", on=None)], SERAF, as_of=TODAY)
    assert result.score == 5
    assert "date not recorded (counted as current)" in result.explanation[0]


@pytest.mark.parametrize(("signs", "band"), [(2, "not-high-risk"), (3, "high-risk")])
def test_three_or_more_warning_signs_is_high_risk(signs, band):
    answers = [sign(f"Sign {n}", "moderate") for n in range(signs)] + vulnerabilities(10)
    result = score(answers, THREE_OR_MORE, as_of=TODAY)
    assert result.score == signs
    assert result.band == band
    assert any(
        line.startswith("Present but not counted by this scheme") for line in result.explanation
    )


def test_the_three_or_more_rule_looks_back_twelve_months():
    answers = [
        sign("Sign 1", on=dt.date(2025, 11, 23)),
        sign("Sign 2", on=dt.date(2026, 1, 1)),
        sign("Sign 3", on=dt.date(2025, 11, 22)),
    ]
    result = score(answers, THREE_OR_MORE, as_of=TODAY)
    assert result.score == 2
    assert result.label == "Not high risk"
    assert result.explanation[-1] == "Total: 2 warning signs, which is Not high risk (0 to 2)."


def test_a_new_scheme_is_only_configuration():
    """A scheme that counts vulnerabilities twice over never touches the code."""
    rules = {
        "unit": ["point", "points"],
        "points": [{"match": {"kind": "vulnerability"}, "points": 2}],
        "bands": [
            {"code": "low", "label": "Low", "min": 0},
            {"code": "high", "label": "High", "min": 4},
        ],
    }
    rules_check(rules)
    assert score(vulnerabilities(2), rules, as_of=TODAY).band == "high"


def test_months_before_keeps_to_the_end_of_a_shorter_month():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 12) == dt.date(2025, 3, 15)


@pytest.mark.parametrize("rules", [SERAF, THREE_OR_MORE], ids=["seraf", "three-or-more"])
def test_the_shipped_schemes_are_valid(rules):
    rules_check(rules)


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ({"points": [], "bands": []}, '"points" must list'),
        (
            {
                "points": [{"match": {"code": "missing"}, "points": 1}],
                "bands": [{"code": "a", "label": "A", "min": 0}],
            },
            "only kind, seraf_level can be matched",
        ),
        (
            {
                "points": [{"match": {"kind": "vulnerability"}, "points": 1}],
                "bands": [{"code": "a", "label": "A", "min": 1}],
            },
            "must start at 0",
        ),
        (
            {
                "points": [
                    {
                        "match": {"kind": "warning_sign"},
                        "windows": [
                            {"within_months": 12, "points": 1},
                            {"within_months": 6, "points": 5},
                        ],
                    }
                ],
                "bands": [{"code": "a", "label": "A", "min": 0}],
            },
            "longer than the window before",
        ),
    ],
)
def test_a_scheme_the_scorer_could_not_read_is_refused(rules, problem):
    with pytest.raises(ValidationError) as refused:
        rules_check(rules)
    assert any(problem in message for message in refused.value.message_dict["rules"])
