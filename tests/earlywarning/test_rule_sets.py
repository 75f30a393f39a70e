"""Rule sets as configuration: the shipped version 1, validation errors that name the bad key,
plain English for the board, and approval (who, when, never editing an approved version)."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.areas.models import Role
from seemehearme.earlywarning.models import RuleSetStatus
from seemehearme.earlywarning.rules import (
    DEFAULT_RULES_FILE,
    default_rules,
    describe,
    rules_check,
    rules_read,
)
from seemehearme.earlywarning.services import rule_set_approve, rule_set_load
from seemehearme.feeds.models import EventType
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory

VALID = {
    "code": "test-rules",
    "name": "Test rules",
    "indicators": [
        {
            "code": "missing",
            "label": "Missing",
            "event_types": ["missing-episode"],
            "min_count": 3,
            "window_days": 90,
            "evidences": {"set": "inquiry-2012", "kind": "warning_sign", "number": 1},
        },
        {
            "code": "older",
            "label": "With an older person",
            "event_types": ["found-with-adult"],
            "min_count": 1,
            "window_days": 30,
            "age_at_event": {"under": 16, "at_least": 10},
            "linked_person": {"at_least": 18, "older_by": 5},
        },
    ],
    "rules": [
        {"code": "missing-rule", "label": "Missing rule", "any_of": ["missing"]},
        {"code": "signs", "label": "Signs", "min_distinct_signs": 1, "window_days": 60},
    ],
}


def changed(path: str, value):  # type: ignore[no-untyped-def]
    """VALID with one key changed (or removed, with value ...)."""
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


def problems(data) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        rules_check(data)
    return error.value.messages


def test_the_valid_example_parses():
    spec = rules_check(VALID)
    older = spec.indicator("older")
    assert (older.age_under, older.age_at_least) == (16, 10)
    assert (older.linked_at_least, older.linked_older_by) == (18, 5)
    assert spec.rules[1].sign_kinds == ("warning_sign",)
    assert rules_check(spec.stored(), stored=True).stored() == spec.stored()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("name", ..., "name: must be text and not empty"),
        ("colour", "blue", "colour: is not a key this format knows"),
        (
            "indicators.0.window_days",
            0,
            "indicators[0] (missing).window_days: must be a whole number from 1 to 1095",
        ),
        (
            "indicators.0.min_count",
            "3",
            "indicators[0] (missing).min_count: must be a whole number from 1 to 1000",
        ),
        (
            "indicators.0.windw_days",
            30,
            "indicators[0] (missing).windw_days: is not a key this format knows",
        ),
        (
            "indicators.0.event_types",
            [],
            "indicators[0] (missing).event_types: must be a list of different event type codes",
        ),
        (
            "indicators.0.code",
            "Missing Episodes!",
            "indicators[0] (Missing Episodes!).code: must be at most 50 letters, digits and "
            "hyphens, like 'missing-3-in-90'",
        ),
        (
            "indicators.1.age_at_event",
            {"under": 12, "at_least": 12},
            "indicators[1] (older).age_at_event: 'at_least' must be lower than 'under'",
        ),
        (
            "indicators.1.linked_person",
            {"over": 18},
            "indicators[1] (older).linked_person.over: is not a key this format knows",
        ),
        (
            "indicators.0.evidences",
            {"set": "inquiry-2012", "kind": "sign", "number": 1},
            "indicators[0] (missing).evidences.kind: must be one of warning_sign, vulnerability",
        ),
        (
            "rules.0.any_of",
            ["missing", "nope"],
            "rules[0] (missing-rule).any_of: names unknown indicators: nope",
        ),
        (
            "rules.0.min_distinct_signs",
            3,
            "rules[0] (missing-rule): needs exactly one of 'any_of' or 'min_distinct_signs'",
        ),
        (
            "rules.1.window_days",
            ...,
            "rules[1] (signs).window_days: must be a whole number from 1 to 1095",
        ),
        (
            "rules.1.sign_kinds",
            ["vulnerability"],
            "rules[1] (signs): no indicator evidences a sign of the kinds this rule counts",
        ),
    ],
)
def test_each_problem_names_the_bad_key(path, value, message):
    assert message in problems(changed(path, value))


def test_every_problem_is_reported_at_once():
    data = changed("indicators.0.window_days", -1)
    data["rules"][0]["code"] = ""
    found = problems(data)
    assert len(found) == 2


def test_a_code_used_twice_is_refused():
    data = copy.deepcopy(VALID)
    data["indicators"][1]["code"] = "missing"
    assert "indicators[1].code: 'missing' is used twice" in problems(data)


def test_references_are_checked_against_reference_data(db):
    data = changed("indicators.0.event_types", ["missing-episod"])
    data["indicators"][0]["evidences"]["number"] = 99
    with pytest.raises(ValidationError) as error:
        rules_read(json.dumps(data))
    assert error.value.messages == [
        "indicators[0] (missing).event_types: unknown event types: missing-episod",
        "indicators[0] (missing).evidences: there is no warning sign 99 in set 'inquiry-2012'",
    ]


def test_text_that_is_not_json_is_refused(db):
    with pytest.raises(ValidationError, match="not valid JSON"):
        rules_read(b"{indicators: []")


def test_the_shipped_version_1_is_valid_and_covers_the_event_types(db):
    spec = default_rules()
    assert [rule.code for rule in spec.rules] == [
        "missing-three-in-90-days",
        "persistent-school-absence",
        "sexual-health-under-16",
        "found-with-older-adult",
        "three-or-more-warning-signs",
    ]
    used = {code for indicator in spec.indicators for code in indicator.event_types}
    # Every event type that maps to a warning sign is used; the rest are context only.
    assert set(EventType.objects.values_list("code", flat=True)) - used == {
        "return-interview",
        "police-incident",
        "intelligence-report",
        "placement-move",
    }
    signs = {i.evidences.number for i in spec.indicators if i.evidences is not None}
    assert signs == {1, 2, 3, 4, 5, 6, 8, 10, 12, 13, 14}
    assert json.loads(DEFAULT_RULES_FILE.read_text())["code"] == "early-warning"


def test_the_rules_read_as_plain_english(db):
    text = describe(rules_check(VALID))
    older = text.indicators[1]
    assert older.condition == (
        "At least 1 event (found with an adult of concern) recorded for the child in the last "
        "30 days, when the child was aged 10 to 15, naming a linked person aged 18 or over or "
        "at least 5 years older than the child (events without the ages recorded do not count)."
    )
    assert older.sign == "Not one of the inquiry's listed signs; a concern in its own right."
    assert text.indicators[0].sign == "Warning sign 1: Missing from home or care"
    assert text.rules[0].condition == "Raised when this indicator is found: “Missing”."
    assert text.rules[1].condition.startswith(
        "Raised when the indicators found show 1 or more different warning signs from the "
        "inquiry's checklist, each with an event in the last 60 days."
    )


# --- Approval ----------------------------------------------------------------------------------


def test_loading_makes_the_next_draft_version(world):
    draft = rule_set_load(area=world.area, spec=rules_read(json.dumps(VALID)))
    assert (draft.code, draft.version, draft.status) == ("test-rules", 1, RuleSetStatus.DRAFT)
    again = rule_set_load(area=world.area, spec=default_rules())
    assert (again.code, again.version) == ("early-warning", 2)


def test_approval_records_who_when_and_the_boards_reference(world):
    draft = rule_set_load(area=world.area, spec=default_rules())
    approved = rule_set_approve(rule_set=draft, by=world.manager, reference=" Minute 4/26 ")
    assert approved.status == RuleSetStatus.APPROVED
    assert approved.approved_by == world.manager
    assert approved.approved_on is not None
    assert approved.approval_reference == "Minute 4/26"
    world.rule_set.refresh_from_db()
    assert world.rule_set.status == RuleSetStatus.RETIRED


def test_an_approved_version_is_never_approved_again(world):
    with pytest.raises(ValidationError, match="Only a draft can be approved"):
        rule_set_approve(rule_set=world.rule_set, by=world.dpo, reference="Minute 5")


def test_an_older_draft_cannot_replace_a_newer_approved_version(world):
    older = rule_set_load(area=world.area, spec=default_rules())
    newer = rule_set_load(area=world.area, spec=default_rules())
    rule_set_approve(rule_set=newer, by=world.dpo, reference="Minute 6")
    with pytest.raises(ValidationError, match="later version"):
        rule_set_approve(rule_set=older, by=world.dpo, reference="Minute 7")


def test_a_reference_is_required(world):
    draft = rule_set_load(area=world.area, spec=default_rules())
    with pytest.raises(ValidationError) as error:
        rule_set_approve(rule_set=draft, by=world.dpo, reference="  ")
    assert "approval_reference" in error.value.message_dict


@pytest.mark.parametrize("role", [Role.CSE_COORDINATOR, Role.PRACTITIONER, Role.TEAM_MANAGER])
def test_only_the_dpo_or_the_triage_teams_manager_approves(world, role):
    draft = rule_set_load(area=world.area, spec=default_rules())
    other_team = TeamFactory(agency=world.social_care)
    user = StaffUserFactory(team=other_team, role=role)
    with pytest.raises(PermissionDenied):
        rule_set_approve(rule_set=draft, by=user, reference="Minute 8")
    elsewhere = AreaFactory(name="Elsewhere Partnership", slug="elsewhere")
    dpo = StaffUserFactory(
        team=TeamFactory(agency=AgencyFactory(area=elsewhere)), role=Role.DATA_PROTECTION_LEAD
    )
    with pytest.raises(PermissionDenied):
        rule_set_approve(rule_set=draft, by=dpo, reference="Minute 9")
    draft.refresh_from_db()
    assert draft.status == RuleSetStatus.DRAFT
