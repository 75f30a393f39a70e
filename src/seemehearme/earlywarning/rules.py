"""Early-warning rules as configuration: read, check and describe them in plain English.

A rule set is JSON (the shipped version 1 is ``rule_sets/early-warning-v1.json``; the format is
described in docs/early-warning.md)::

    {
      "code": "early-warning",
      "name": "Early-warning rules",
      "description": "...",
      "indicators": [
        {"code": "missing-repeatedly",
         "label": "Missing from home or care three or more times in 90 days",
         "event_types": ["missing-episode"], "min_count": 3, "window_days": 90,
         "age_at_event": {"under": 16},
         "linked_person": {"at_least": 18, "older_by": 5},
         "evidences": {"set": "inquiry-2012", "kind": "warning_sign", "number": 1}}
      ],
      "rules": [
        {"code": "missing-three-in-90", "label": "...", "any_of": ["missing-repeatedly"]},
        {"code": "three-or-more-warning-signs", "label": "...",
         "min_distinct_signs": 3, "window_days": 180}
      ]
    }

An indicator fires for a child when at least ``min_count`` of the child's events of those types
fall in the last ``window_days`` days (counting the day of the sweep), optionally only events
when the child was of a given age (``AgencyEvent.age_at_event``) or that name a linked person
of a given age (``AgencyEvent.oldest_linked_age``). A rule fires when any of its indicators
fires (``any_of``), or when the fired indicators, each with an event in the rule's window,
evidence at least ``min_distinct_signs`` different warning signs from the inquiry's checklist.

:func:`rules_check` is pure (no database); :func:`references_check` checks the codes against
reference data. Both raise ``ValidationError`` with messages that name the bad key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

DEFAULT_RULES_FILE = Path(__file__).parent / "rule_sets" / "early-warning-v1.json"
MAX_WINDOW_DAYS = 1095  # three years
SIGN_KINDS = ("warning_sign", "vulnerability")
SIGN_KIND_WORDS = {"warning_sign": "warning sign", "vulnerability": "vulnerability"}

_TOP_KEYS = {"code", "name", "description", "indicators", "rules"}
_INDICATOR_KEYS = {
    "code",
    "label",
    "event_types",
    "min_count",
    "window_days",
    "age_at_event",
    "linked_person",
    "evidences",
}
_RULE_KEYS = {"code", "label", "any_of", "min_distinct_signs", "window_days", "sign_kinds"}


@dataclass(frozen=True, order=True)
class SignRef:
    """A warning sign or vulnerability of a screening checklist (``screening.Indicator``)."""

    set_code: str
    kind: str
    number: int


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    label: str
    event_types: tuple[str, ...]
    min_count: int
    window_days: int
    age_under: int | None = None
    age_at_least: int | None = None
    linked_at_least: int | None = None
    linked_older_by: int | None = None
    evidences: SignRef | None = None


@dataclass(frozen=True)
class RuleSpec:
    code: str
    label: str
    any_of: tuple[str, ...] = ()
    min_distinct_signs: int | None = None
    window_days: int | None = None
    sign_kinds: tuple[str, ...] = ("warning_sign",)


@dataclass(frozen=True)
class RuleSetSpec:
    """A checked rule set. ``code``, ``name`` and ``description`` are empty when read back from
    a stored ``RuleSet`` (the model keeps them in its own fields)."""

    indicators: tuple[IndicatorSpec, ...]
    rules: tuple[RuleSpec, ...]
    code: str = ""
    name: str = ""
    description: str = ""
    _by_code: dict[str, IndicatorSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({indicator.code: indicator for indicator in self.indicators})

    def indicator(self, code: str) -> IndicatorSpec:
        return self._by_code[code]

    def stored(self) -> dict[str, Any]:
        """What goes into ``RuleSet.rules``: the indicators and rules, as given."""
        return {
            "indicators": [_indicator_json(indicator) for indicator in self.indicators],
            "rules": [_rule_json(rule) for rule in self.rules],
        }


# --- Checking ----------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}" if where else message)


def _text(data: Mapping[str, Any], key: str, where: str, problems: _Problems) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(f"{where}.{key}" if where else key, "must be text and not empty")
        return ""
    return value.strip()


def _code(data: Mapping[str, Any], where: str, problems: _Problems) -> str:
    code = _text(data, "code", where, problems)
    if code and (
        len(code) > 50 or not all(c.isascii() and (c.isalnum() or c == "-") for c in code)
    ):
        problems.add(
            f"{where}.code",
            "must be at most 50 letters, digits and hyphens, like 'missing-3-in-90'",
        )
    return code


def _whole(
    data: Mapping[str, Any],
    key: str,
    where: str,
    problems: _Problems,
    *,
    low: int,
    high: int,
    required: bool = True,
) -> int | None:
    if key not in data and not required:
        return None
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        problems.add(f"{where}.{key}", f"must be a whole number from {low} to {high}")
        return None
    return value


def _unknown_keys(
    data: Mapping[str, Any], allowed: set[str], where: str, problems: _Problems
) -> None:
    for key in sorted(set(data) - allowed):
        problems.add(f"{where}.{key}" if where else key, "is not a key this format knows")


def _age_bounds(
    data: Mapping[str, Any], key: str, where: str, problems: _Problems
) -> tuple[int | None, int | None, int | None]:
    """(under or at_least, at_least, older_by) from an age condition object."""
    raw = data.get(key)
    here = f"{where}.{key}"
    if raw is None:
        return None, None, None
    if not isinstance(raw, Mapping) or not raw:
        problems.add(here, 'must be an object such as {"under": 16}')
        return None, None, None
    allowed = {"under", "at_least"} if key == "age_at_event" else {"at_least", "older_by"}
    _unknown_keys(raw, allowed, here, problems)
    under = _whole(raw, "under", here, problems, low=1, high=120, required=False)
    at_least = _whole(raw, "at_least", here, problems, low=0, high=120, required=False)
    older_by = _whole(raw, "older_by", here, problems, low=1, high=100, required=False)
    if under is not None and at_least is not None and at_least >= under:
        problems.add(here, "'at_least' must be lower than 'under'")
    return under, at_least, older_by


def _sign(data: Mapping[str, Any], where: str, problems: _Problems) -> SignRef | None:
    raw = data.get("evidences")
    here = f"{where}.evidences"
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        problems.add(here, 'must be an object such as {"set": "inquiry-2012", ...}')
        return None
    _unknown_keys(raw, {"set", "kind", "number"}, here, problems)
    set_code = _text(raw, "set", here, problems)
    kind = raw.get("kind")
    if kind not in SIGN_KINDS:
        problems.add(f"{here}.kind", f"must be one of {', '.join(SIGN_KINDS)}")
    number = _whole(raw, "number", here, problems, low=1, high=99)
    if not set_code or kind not in SIGN_KINDS or number is None:
        return None
    return SignRef(set_code, str(kind), number)


def _indicator(raw: Any, index: int, problems: _Problems) -> IndicatorSpec | None:
    where = f"indicators[{index}]"
    if not isinstance(raw, Mapping):
        problems.add(where, "must be an object")
        return None
    if isinstance(raw.get("code"), str) and raw["code"]:
        where = f"indicators[{index}] ({raw['code']})"
    _unknown_keys(raw, _INDICATOR_KEYS, where, problems)
    code = _code(raw, where, problems)
    label = _text(raw, "label", where, problems)
    types = raw.get("event_types")
    if (
        not isinstance(types, list)
        or not types
        or not all(isinstance(t, str) and t for t in types)
        or len(set(types)) != len(types)
    ):
        problems.add(f"{where}.event_types", "must be a list of different event type codes")
        types = []
    min_count = _whole(raw, "min_count", where, problems, low=1, high=1000)
    window = _whole(raw, "window_days", where, problems, low=1, high=MAX_WINDOW_DAYS)
    under, at_least, _ = _age_bounds(raw, "age_at_event", where, problems)
    _, linked_at_least, older_by = _age_bounds(raw, "linked_person", where, problems)
    evidences = _sign(raw, where, problems)
    if not (code and label and types and min_count and window):
        return None
    return IndicatorSpec(
        code=code,
        label=label,
        event_types=tuple(types),
        min_count=min_count,
        window_days=window,
        age_under=under,
        age_at_least=at_least,
        linked_at_least=linked_at_least,
        linked_older_by=older_by,
        evidences=evidences,
    )


def _rule(
    raw: Any,
    index: int,
    indicators: Mapping[str, IndicatorSpec],
    declared: set[str],
    problems: _Problems,
) -> RuleSpec | None:
    """One rule. ``declared`` holds every indicator code given, valid or not, so that a bad
    indicator is reported once rather than again by each rule that names it."""
    where = f"rules[{index}]"
    if not isinstance(raw, Mapping):
        problems.add(where, "must be an object")
        return None
    if isinstance(raw.get("code"), str) and raw["code"]:
        where = f"rules[{index}] ({raw['code']})"
    _unknown_keys(raw, _RULE_KEYS, where, problems)
    code = _code(raw, where, problems)
    label = _text(raw, "label", where, problems)
    has_any = "any_of" in raw
    has_signs = "min_distinct_signs" in raw
    if has_any == has_signs:
        problems.add(where, "needs exactly one of 'any_of' or 'min_distinct_signs'")
        return None
    if has_any:
        names = raw["any_of"]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            problems.add(f"{where}.any_of", "must be a list of indicator codes")
            return None
        unknown = [name for name in names if name not in declared]
        if unknown:
            problems.add(f"{where}.any_of", f"names unknown indicators: {', '.join(unknown)}")
        for key in ("window_days", "sign_kinds"):
            if key in raw:
                problems.add(f"{where}.{key}", "only applies to a 'min_distinct_signs' rule")
        if unknown or not (code and label) or not all(name in indicators for name in names):
            return None
        return RuleSpec(code=code, label=label, any_of=tuple(names))
    minimum = _whole(raw, "min_distinct_signs", where, problems, low=1, high=29)
    window = _whole(raw, "window_days", where, problems, low=1, high=MAX_WINDOW_DAYS)
    kinds = raw.get("sign_kinds", ["warning_sign"])
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(SIGN_KINDS):
        problems.add(f"{where}.sign_kinds", f"must be a list of {' and/or '.join(SIGN_KINDS)}")
        return None
    complete = len(indicators) == len(declared)
    if complete and not any(i.evidences and i.evidences.kind in kinds for i in indicators.values()):
        problems.add(where, "no indicator evidences a sign of the kinds this rule counts")
    if not (code and label and minimum and window):
        return None
    return RuleSpec(
        code=code,
        label=label,
        min_distinct_signs=minimum,
        window_days=window,
        sign_kinds=tuple(kinds),
    )


def rules_check(data: Any, *, stored: bool = False) -> RuleSetSpec:
    """Check a rule set's structure and return it parsed; ValidationError lists every problem.

    ``stored=True`` reads what a ``RuleSet.rules`` holds (indicators and rules only)."""
    problems = _Problems()
    if not isinstance(data, Mapping):
        raise ValidationError("The rule set must be a JSON object")
    allowed = {"indicators", "rules"} if stored else _TOP_KEYS
    _unknown_keys(data, allowed, "", problems)
    code = name = ""
    if not stored:
        code = _code(data, "", problems)
        name = _text(data, "name", "", problems)
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.add("description", "must be text")
        description = ""
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        problems.add("indicators", "must be a list with at least one indicator")
        raw_indicators = []
    indicators: dict[str, IndicatorSpec] = {}
    declared = {
        raw["code"]
        for raw in raw_indicators
        if isinstance(raw, Mapping) and isinstance(raw.get("code"), str)
    }
    for index, raw in enumerate(raw_indicators):
        indicator = _indicator(raw, index, problems)
        if indicator is None:
            continue
        if indicator.code in indicators:
            problems.add(f"indicators[{index}].code", f"'{indicator.code}' is used twice")
        indicators[indicator.code] = indicator
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.add("rules", "must be a list with at least one rule")
        raw_rules = []
    rules: dict[str, RuleSpec] = {}
    for index, raw in enumerate(raw_rules):
        rule = _rule(raw, index, indicators, declared, problems)
        if rule is None:
            continue
        if rule.code in rules:
            problems.add(f"rules[{index}].code", f"'{rule.code}' is used twice")
        rules[rule.code] = rule
    if problems.messages:
        raise ValidationError(problems.messages)
    return RuleSetSpec(
        indicators=tuple(indicators.values()),
        rules=tuple(rules.values()),
        code=code,
        name=name,
        description=description.strip(),
    )


def references_check(spec: RuleSetSpec) -> None:
    """Check that every event type and sign the rules name exists in reference data."""
    from seemehearme.feeds.models import EventType

    problems = _Problems()
    in_use = dict(EventType.objects.values_list("code", "is_active"))
    signs = sign_texts(spec)
    for index, indicator in enumerate(spec.indicators):
        where = f"indicators[{index}] ({indicator.code})"
        unknown = [code for code in indicator.event_types if code not in in_use]
        if unknown:
            problems.add(f"{where}.event_types", f"unknown event types: {', '.join(unknown)}")
        retired = [code for code in indicator.event_types if in_use.get(code) is False]
        if retired:
            problems.add(
                f"{where}.event_types",
                f"event types no longer in use (retired): {', '.join(retired)}",
            )
        if indicator.evidences is not None and indicator.evidences not in signs:
            ref = indicator.evidences
            problems.add(
                f"{where}.evidences",
                f"there is no {SIGN_KIND_WORDS[ref.kind]} {ref.number} in set '{ref.set_code}'",
            )
    if problems.messages:
        raise ValidationError(problems.messages)


def rules_read(text: str | bytes) -> RuleSetSpec:
    """Parse JSON text and check it fully (structure and reference data)."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(f"The file is not valid JSON: {error}") from None
    spec = rules_check(data)
    references_check(spec)
    return spec


def default_rules() -> RuleSetSpec:
    """The rules shipped with the service (version 1), checked."""
    return rules_read(DEFAULT_RULES_FILE.read_bytes())


# --- Serialising ------------------------------------------------------------------------------


def _indicator_json(indicator: IndicatorSpec) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": indicator.code,
        "label": indicator.label,
        "event_types": list(indicator.event_types),
        "min_count": indicator.min_count,
        "window_days": indicator.window_days,
    }
    age = {
        key: value
        for key, value in (("under", indicator.age_under), ("at_least", indicator.age_at_least))
        if value is not None
    }
    if age:
        data["age_at_event"] = age
    linked = {
        key: value
        for key, value in (
            ("at_least", indicator.linked_at_least),
            ("older_by", indicator.linked_older_by),
        )
        if value is not None
    }
    if linked:
        data["linked_person"] = linked
    if indicator.evidences is not None:
        ref = indicator.evidences
        data["evidences"] = {"set": ref.set_code, "kind": ref.kind, "number": ref.number}
    return data


def _rule_json(rule: RuleSpec) -> dict[str, Any]:
    if rule.any_of:
        return {"code": rule.code, "label": rule.label, "any_of": list(rule.any_of)}
    return {
        "code": rule.code,
        "label": rule.label,
        "min_distinct_signs": rule.min_distinct_signs,
        "window_days": rule.window_days,
        "sign_kinds": list(rule.sign_kinds),
    }


# --- Reference data and plain English ---------------------------------------------------------


def sign_texts(spec: RuleSetSpec) -> dict[SignRef, str]:
    """The published wording of every sign the rules refer to (one query)."""
    from seemehearme.screening.models import Indicator

    refs = {i.evidences for i in spec.indicators if i.evidences is not None}
    if not refs:
        return {}
    rows = Indicator.objects.filter(
        indicator_set__code__in={ref.set_code for ref in refs}
    ).values_list("indicator_set__code", "indicator_set__version", "kind", "number", "text")
    found: dict[SignRef, tuple[int, str]] = {}
    for set_code, version, kind, number, text in rows:
        ref = SignRef(set_code, kind, number)
        if ref in refs and (ref not in found or version > found[ref][0]):
            found[ref] = (version, text)
    return {ref: text for ref, (_, text) in found.items()}


def sign_label(ref: SignRef, texts: Mapping[SignRef, str]) -> str:
    """'Warning sign 1: Missing from home or care'."""
    words = SIGN_KIND_WORDS[ref.kind]
    return f"{words[0].upper()}{words[1:]} {ref.number}: {texts.get(ref, 'not in reference data')}"


def _plural(amount: int, singular: str, plural: str) -> str:
    return f"{amount} {singular if amount == 1 else plural}"


def _or_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


@dataclass(frozen=True)
class IndicatorText:
    code: str
    label: str
    condition: str
    sign: str


@dataclass(frozen=True)
class RuleText:
    code: str
    label: str
    condition: str


@dataclass(frozen=True)
class RuleSetText:
    indicators: list[IndicatorText]
    rules: list[RuleText]


def describe_indicator(
    indicator: IndicatorSpec, *, type_names: Mapping[str, str], signs: Mapping[SignRef, str]
) -> IndicatorText:
    """One indicator as a board would read it."""
    kinds = _or_list([type_names.get(code, code).lower() for code in indicator.event_types])
    count = (
        "at least 1 event" if indicator.min_count == 1 else f"{indicator.min_count} or more events"
    )
    condition = (
        f"{count[0].upper()}{count[1:]} ({kinds}) recorded for the child in the last "
        f"{_plural(indicator.window_days, 'day', 'days')}"
    )
    if indicator.age_under is not None and indicator.age_at_least is not None:
        condition += (
            f", when the child was aged {indicator.age_at_least} to {indicator.age_under - 1}"
        )
    elif indicator.age_under is not None:
        condition += f", when the child was under {indicator.age_under}"
    elif indicator.age_at_least is not None:
        condition += f", when the child was {indicator.age_at_least} or older"
    linked: list[str] = []
    if indicator.linked_at_least is not None:
        linked.append(f"aged {indicator.linked_at_least} or over")
    if indicator.linked_older_by is not None:
        linked.append(
            f"at least {_plural(indicator.linked_older_by, 'year', 'years')} older than the child"
        )
    if linked:
        condition += f", naming a linked person {' or '.join(linked)}"
    if indicator.age_under is not None or indicator.age_at_least is not None or linked:
        condition += " (events without the ages recorded do not count)"
    condition += "."
    sign = (
        sign_label(indicator.evidences, signs)
        if indicator.evidences is not None
        else "Not one of the inquiry's listed signs; a concern in its own right."
    )
    return IndicatorText(indicator.code, indicator.label, condition, sign)


def describe_rule(rule: RuleSpec, spec: RuleSetSpec) -> RuleText:
    """One rule as a board would read it."""
    if rule.any_of:
        labels = [f"“{spec.indicator(code).label}”" for code in rule.any_of]
        if len(labels) == 1:
            condition = f"Raised when this indicator is found: {labels[0]}."
        else:
            condition = f"Raised when any of these indicators is found: {_or_list(labels)}."
    else:
        kinds = " or ".join(
            SIGN_KIND_WORDS[kind] + "s" for kind in rule.sign_kinds
        )  # "warning signs"
        condition = (
            f"Raised when the indicators found show {rule.min_distinct_signs} or more different "
            f"{kinds} from the inquiry's checklist, each with an event in the last "
            f"{_plural(rule.window_days or 0, 'day', 'days')}. Two indicators of the same sign "
            "count once."
        )
    return RuleText(rule.code, rule.label, condition)


def describe(spec: RuleSetSpec) -> RuleSetText:
    """The whole rule set in plain English (two queries, for event type names and signs)."""
    from seemehearme.feeds.models import EventType

    type_names = dict(EventType.objects.values_list("code", "name"))
    signs = sign_texts(spec)
    return RuleSetText(
        indicators=[
            describe_indicator(indicator, type_names=type_names, signs=signs)
            for indicator in spec.indicators
        ],
        rules=[describe_rule(rule, spec) for rule in spec.rules],
    )
