"""Turning a screening's answers into a level, by a scheme's configuration.

Pure functions: no database, no clock. Everything a scheme decides is in its ``rules``
(see docs/screening.md); nothing here names an indicator. The result carries the lines that
explain it, one for every answer that counted, so anyone reading the record can check it.

``rules`` looks like this::

    {
      "unit": ["point", "points"],
      "points": [
        {"match": {"kind": "vulnerability"}, "label": "vulnerability", "points": 1},
        {"match": {"kind": "warning_sign", "seraf_level": "significant"},
         "label": "significant",
         "windows": [{"within_months": 6, "points": 5}, {"within_months": 12, "points": 1}]}
      ],
      "bands": [
        {"code": "not-at-risk", "label": "Not at risk", "min": 0, "required_action": "..."},
        {"code": "mild", "label": "Mild", "min": 6, "required_action": "..."}
      ]
    }

Each answer marked present takes the first ``points`` entry whose ``match`` fits the indicator.
An entry with ``points`` counts whenever the indicator was seen; one with ``windows`` counts by
how long ago it was last seen (the first window it falls in, nothing if older than them all).
Bands are read by their lowest score: a band runs up to the next band's ``min``. A band may
say which case risk level it points to in each local risk scheme (``case_risk_levels``, for
example ``{"category": "category-2"}``), so that a professional judgement above the score can be
compared with the case's risk level.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from seemehearme.dates import long_date

# The indicator attributes a rule may match on.
MATCHABLE = frozenset({"kind", "seraf_level"})
PRESENT = "yes"
NOT_KNOWN = "not_known"


@dataclass(frozen=True)
class Answer:
    """What scoring needs to know about one answer."""

    indicator: str
    attributes: Mapping[str, str]
    present: str
    observed_on: dt.date | None = None


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min: int
    max: int | None
    required_action: str
    # (local risk scheme, risk level code): the case risk level this band points to in each
    # scheme a partnership may use (cases.RiskLevel), so a judgement can be compared with it.
    case_risk_levels: tuple[tuple[str, str], ...] = ()

    def case_risk_level(self, scheme: str) -> str | None:
        """The code of the case risk level this band points to in ``scheme``, if it says."""
        return dict(self.case_risk_levels).get(scheme)

    @property
    def range_text(self) -> str:
        if self.max is None:
            return f"{self.min} or more"
        return f"{self.min} to {self.max}"


@dataclass(frozen=True)
class Result:
    """A scheme's answer: the score, its band and the lines that show how it was reached."""

    score: int
    band: str
    label: str
    required_action: str
    explanation: list[str] = field(default_factory=list)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_date(day: dt.date) -> str:
    return long_date(day)


def _unit(rules: Mapping[str, Any], amount: int) -> str:
    singular, plural = rules.get("unit") or ["point", "points"]
    return f"{amount} {singular if amount == 1 else plural}"


def bands(rules: Mapping[str, Any]) -> list[Band]:
    """The scheme's bands, lowest first, each with the highest score it covers."""
    ordered = sorted(rules["bands"], key=lambda band: int(band["min"]))
    result = []
    for index, band in enumerate(ordered):
        upper = int(ordered[index + 1]["min"]) - 1 if index + 1 < len(ordered) else None
        result.append(
            Band(
                code=str(band["code"]),
                label=str(band["label"]),
                min=int(band["min"]),
                max=upper,
                required_action=str(band.get("required_action", "")),
                case_risk_levels=tuple(sorted(band.get("case_risk_levels", {}).items())),
            )
        )
    return result


def band_for(rules: Mapping[str, Any], score: int) -> Band:
    """The band a score falls in."""
    found = bands(rules)[0]
    for band in bands(rules):
        if score >= band.min:
            found = band
    return found


def band_by_code(rules: Mapping[str, Any], code: str) -> Band | None:
    return next((band for band in bands(rules) if band.code == code), None)


def _rule_for(rules: Mapping[str, Any], answer: Answer) -> Mapping[str, Any] | None:
    for rule in rules.get("points", []):
        if all(answer.attributes.get(key) == value for key, value in rule["match"].items()):
            return rule
    return None


def _window_label(windows: Sequence[Mapping[str, Any]], index: int) -> str:
    window = windows[index]
    if window.get("label"):
        return str(window["label"])
    if index == 0:
        return f"within {window['within_months']} months"
    return f"{windows[index - 1]['within_months']} to {window['within_months']} months ago"


def points_for(
    rules: Mapping[str, Any], answer: Answer, *, as_of: dt.date
) -> tuple[int, str] | None:
    """Points for one present answer and the line that explains them; None if the scheme does
    not count this kind of indicator."""
    rule = _rule_for(rules, answer)
    if rule is None:
        return None
    label = str(rule.get("label", ""))
    head = f"{answer.indicator}: {label}, " if label else f"{answer.indicator}: "
    if "windows" not in rule:
        points = int(rule["points"])
        when = f"seen {format_date(answer.observed_on)}" if answer.observed_on else "date not known"
        return points, f"{head}{when}: {_unit(rules, points)}"
    windows = rule["windows"]
    if answer.observed_on is None:
        # An undated sign is treated as current: the safer reading for a child.
        points = int(windows[0]["points"])
        return points, f"{head}date not recorded (counted as current): {_unit(rules, points)}"
    for index, window in enumerate(windows):
        if answer.observed_on >= months_before(as_of, int(window["within_months"])):
            points = int(window["points"])
            return points, (
                f"{head}{format_date(answer.observed_on)} ({_window_label(windows, index)}): "
                f"{_unit(rules, points)}"
            )
    oldest = windows[-1]["within_months"]
    return 0, (
        f"{head}{format_date(answer.observed_on)} (more than {oldest} months ago): "
        f"{_unit(rules, 0)}"
    )


def score(answers: Iterable[Answer], rules: Mapping[str, Any], *, as_of: dt.date) -> Result:
    """Score the answers by the scheme's rules, as things stood on ``as_of``."""
    total = 0
    lines: list[str] = []
    not_counted: list[str] = []
    not_known: list[str] = []
    for answer in answers:
        if answer.present == NOT_KNOWN:
            not_known.append(answer.indicator)
            continue
        if answer.present != PRESENT:
            continue
        counted = points_for(rules, answer, as_of=as_of)
        if counted is None:
            not_counted.append(answer.indicator)
            continue
        points, line = counted
        total += points
        lines.append(line)
    band = band_for(rules, total)
    if not lines:
        lines.append("Nothing this scheme counts was marked as present.")
    if not_counted:
        lines.append(f"Present but not counted by this scheme: {'; '.join(not_counted)}.")
    if not_known:
        lines.append(f"Not known (no points; worth finding out): {'; '.join(not_known)}.")
    lines.append(f"Total: {_unit(rules, total)}, which is {band.label} ({band.range_text}).")
    return Result(
        score=total,
        band=band.code,
        label=band.label,
        required_action=band.required_action,
        explanation=lines,
    )


# --- Checking a scheme's configuration ----------------------------------------------------


def _nonnegative_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def rules_check(rules: Any) -> None:
    """Refuse a configuration the scorer could not read, with every problem found."""
    problems: list[str] = []
    if not isinstance(rules, dict):
        raise ValidationError({"rules": "The rules must be a JSON object"})
    unit = rules.get("unit")
    if unit is not None and not (
        isinstance(unit, list) and len(unit) == 2 and all(isinstance(u, str) for u in unit)
    ):
        problems.append('"unit" must be two words, singular and plural')
    entries = rules.get("points")
    if not isinstance(entries, list) or not entries:
        problems.append('"points" must list at least one rule')
        entries = []
    for number, rule in enumerate(entries, start=1):
        if not isinstance(rule, dict) or not isinstance(rule.get("match"), dict):
            problems.append(f'Points rule {number} needs a "match" object')
            continue
        unknown = set(rule["match"]) - MATCHABLE
        if unknown:
            problems.append(
                f"Points rule {number} matches on {', '.join(sorted(unknown))}: only "
                f"{', '.join(sorted(MATCHABLE))} can be matched"
            )
        has_points, has_windows = "points" in rule, "windows" in rule
        if has_points == has_windows:
            problems.append(f'Points rule {number} needs either "points" or "windows"')
        elif has_points and not _nonnegative_int(rule["points"]):
            problems.append(f"Points rule {number}: points must be a whole number, 0 or more")
        elif has_windows:
            windows = rule["windows"]
            if not isinstance(windows, list) or not windows:
                problems.append(f"Points rule {number}: windows must be a list")
                continue
            previous = 0
            for window in windows:
                months = window.get("within_months") if isinstance(window, dict) else None
                if not isinstance(months, int) or isinstance(months, bool) or months <= previous:
                    problems.append(
                        f"Points rule {number}: each window needs within_months, longer than "
                        "the window before"
                    )
                    break
                if not _nonnegative_int(window.get("points")):
                    problems.append(f"Points rule {number}: each window needs whole points")
                    break
                previous = months
    band_list = rules.get("bands")
    if not isinstance(band_list, list) or not band_list:
        problems.append('"bands" must list at least one band')
        band_list = []
    codes: set[str] = set()
    mins: set[int] = set()
    for number, band in enumerate(band_list, start=1):
        if not isinstance(band, dict) or not band.get("code") or not band.get("label"):
            problems.append(f"Band {number} needs a code and a label")
            continue
        if band["code"] in codes:
            problems.append(f"Band code {band['code']} is used twice")
        codes.add(band["code"])
        if not _nonnegative_int(band.get("min")):
            problems.append(f"Band {band['code']} needs a lowest score (min), 0 or more")
        elif band["min"] in mins:
            problems.append(f"Two bands start at {band['min']}")
        else:
            mins.add(band["min"])
        levels = band.get("case_risk_levels", {})
        if not isinstance(levels, dict) or not all(
            isinstance(scheme, str) and isinstance(code, str) and code
            for scheme, code in levels.items()
        ):
            problems.append(
                f"Band {band['code']}: case_risk_levels must give a risk level code for each "
                "risk scheme it names"
            )
    if band_list and mins and 0 not in mins:
        problems.append("One band must start at 0, so every score has a band")
    if problems:
        raise ValidationError({"rules": problems})
