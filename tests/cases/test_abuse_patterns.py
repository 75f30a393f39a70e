"""Patterns of abuse (issue 9, part 4): reference data a local area looks after, recorded on a
case with who, when and why, kept in the case's history and the child's chronology."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.casework import PatternsChangedError, case_patterns_record
from seemehearme.cases.chronology import child_chronology
from seemehearme.cases.models import AbusePattern, CasePattern
from seemehearme.cases.selectors import case_patterns
from seemehearme.sharing.models import BreakGlassAccess
from seemehearme.sharing.policy import relationship_to_child
from tests.cases.test_casework import case_story
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return case_story()


def pattern(code: str) -> AbusePattern:
    return AbusePattern.objects.get(code=code)


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_patterns_from_the_inquiry_are_seeded_in_order():
    assert list(AbusePattern.objects.filter(is_active=True).values_list("name", flat=True)) == [
        "Inappropriate relationship",
        "“Boyfriend” model",
        "Peer-on-peer exploitation",
        "Gang-associated",
        "Organised or networked exploitation and trafficking",
        "Party model",
        "Online",
        "Position of trust or responsibility",
        "Within families and family friends",
    ]


def test_the_seed_starts_each_patterns_history_and_can_run_again():
    from django.apps import apps

    seeding = importlib.import_module("seemehearme.cases.migrations.0009_seed_abuse_patterns")
    online = pattern("online")
    (start,) = online.history.all()
    assert (start.history_type, start.name) == ("+", "Online")
    seeding.seed(apps, None)
    assert AbusePattern.objects.count() == len(seeding.PATTERNS)
    assert online.history.count() == 1


# --- The service -----------------------------------------------------------------------------


def test_recording_patterns_keeps_who_when_and_why(story):
    change = case_patterns_record(
        case=story.case,
        by=story.worker,
        patterns=[pattern("boyfriend"), pattern("online")],
        why="An older 'boyfriend' met online; she now goes to a flat with his friends.",
    )
    assert [p.code for p in change.added] == ["boyfriend", "online"]
    assert change.removed == []
    recorded = case_patterns(story.case)
    assert [(r.pattern.code, r.recorded_by) for r in recorded] == [
        ("boyfriend", story.worker),
        ("online", story.worker),
    ]
    assert recorded[0].why.startswith("An older 'boyfriend'")
    assert recorded[0].recorded_at is not None


def test_changing_patterns_takes_one_off_and_keeps_the_history(story):
    case_patterns_record(
        case=story.case,
        by=story.worker,
        patterns=[pattern("boyfriend"), pattern("online")],
        why="First assessment.",
    )
    change = case_patterns_record(
        case=story.case,
        by=story.coordinator,
        patterns=[pattern("boyfriend"), pattern("party")],
        why="Seen at a house party; the online contact was her cousin.",
    )
    assert [p.code for p in change.added] == ["party"]
    assert [p.code for p in change.removed] == ["online"]
    assert [r.pattern.code for r in case_patterns(story.case)] == ["boyfriend", "party"]

    taken_off = CasePattern.objects.get(case=story.case, pattern__code="online")
    assert taken_off.removed_by == story.coordinator
    assert taken_off.removed_why == "Seen at a house party; the online contact was her cousin."
    history = list(taken_off.history.order_by("history_date", "history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].history_user == story.worker
    assert history[-1].history_user == story.coordinator
    assert history[0].removed_at is None
    assert history[-1].removed_at is not None


def test_nothing_changed_or_no_reason_is_refused(story):
    with pytest.raises(ValidationError) as refused:
        case_patterns_record(case=story.case, by=story.worker, patterns=[], why="x")
    assert "patterns" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        case_patterns_record(
            case=story.case, by=story.worker, patterns=[pattern("online")], why="  "
        )
    assert "why" in refused.value.message_dict
    assert not CasePattern.objects.exists()


def test_a_retired_pattern_cannot_be_added_but_one_already_recorded_stays(story):
    online = pattern("online")
    case_patterns_record(case=story.case, by=story.worker, patterns=[online], why="Images sent.")
    online.is_active = False
    online.save()

    with pytest.raises(ValidationError, match="Choose from the patterns offered"):
        case_patterns_record(
            case=story.case,
            by=story.worker,
            patterns=[
                online,
                pattern("online"),
                AbusePattern.objects.create(
                    code="retired-test", name="Retired (test)", is_active=False
                ),
            ],
            why="x",
        )
    # Ticking a new one keeps the retired one that is already on the case.
    case_patterns_record(
        case=story.case, by=story.worker, patterns=[online, pattern("party")], why="A party."
    )
    assert [r.pattern.code for r in case_patterns(story.case)] == ["party", "online"]


def test_a_change_based_on_patterns_someone_else_has_changed_is_refused(story):
    seen_when_opened: set[int] = set()
    case_patterns_record(
        case=story.case, by=story.coordinator, patterns=[pattern("online")], why="Images sent."
    )
    with pytest.raises(PatternsChangedError):
        case_patterns_record(
            case=story.case,
            by=story.worker,
            patterns=[pattern("party")],  # would take "Online" off, which she never saw
            why="A party.",
            seen=seen_when_opened,
        )
    assert [r.pattern.code for r in case_patterns(story.case)] == ["online"]


def test_someone_without_a_relationship_cannot_record(story):
    stranger = StaffUserFactory(team__agency=story.social_care)
    with pytest.raises(PermissionDenied):
        case_patterns_record(
            case=story.case, by=stranger, patterns=[pattern("online")], why="A guess."
        )
    assert not CasePattern.objects.exists()


def test_the_chronology_shows_patterns_recorded_and_taken_off(story):
    case_patterns_record(
        case=story.case, by=story.worker, patterns=[pattern("online")], why="Images sent."
    )
    case_patterns_record(case=story.case, by=story.worker, patterns=[], why="It was her cousin.")
    timeline = child_chronology(
        user=story.coordinator,
        child=story.child,
        access=relationship_to_child(story.coordinator, story.child),
    )
    titles = [row.entry.title for row in timeline.select(kinds=["pattern"]).shown]
    assert "Pattern of abuse recorded: Online" in titles
    assert "Pattern of abuse taken off: Online" in titles


# --- The pages -------------------------------------------------------------------------------


def test_the_case_page_says_when_no_pattern_is_recorded_and_links_to_the_form(
    story, verified_client
):
    client = verified_client(story.worker)
    page = text(client.get(f"/cases/{story.case.pk}/"))
    assert "Patterns of abuse No pattern recorded yet." in page
    assert "Record patterns of abuse" in page


def test_recording_through_the_form_shows_the_patterns_on_the_case_page(story, verified_client):
    client = verified_client(story.worker)
    form = client.get(f"/cases/{story.case.pk}/patterns")
    assert form.status_code == 200
    assert "Grooming by an older “boyfriend”" in text(form)

    response = client.post(
        f"/cases/{story.case.pk}/patterns",
        {"patterns": [str(pattern("party").pk)], "why": ""},
    )
    assert response.status_code == 200
    assert "Enter why you think so" in text(response)

    response = client.post(
        f"/cases/{story.case.pk}/patterns",
        {"patterns": [str(pattern("party").pk)], "why": "Taken to a hotel party twice."},
        follow=True,
    )
    page = text(response)
    assert "The patterns of abuse have been recorded" in page
    assert "Party model Taken to a hotel party twice." in page
    assert f"Recorded {timezone.localdate():%-d %B %Y} by Amara Hollins" in page


def test_the_form_refuses_a_save_based_on_an_old_page_and_keeps_what_was_typed(
    story, verified_client
):
    client = verified_client(story.worker)
    opened = BeautifulSoup(client.get(f"/cases/{story.case.pk}/patterns").content, "html.parser")
    seen = opened.select_one("input[name=seen]")["value"]
    assert seen == "none"
    case_patterns_record(
        case=story.case, by=story.coordinator, patterns=[pattern("online")], why="Images sent."
    )
    posted = {"patterns": [str(pattern("party").pk)], "why": "Taken to a party.", "seen": seen}
    response = client.post(f"/cases/{story.case.pk}/patterns", posted)
    page = text(response)
    assert "Someone else changed the patterns on this case" in page
    again = BeautifulSoup(response.content, "html.parser")
    shown_now = again.select_one(".smh-patterns-recorded").get_text(" ", strip=True)
    assert shown_now.startswith("Online , recorded")
    assert "Taken to a party." in page
    assert [r.pattern.code for r in case_patterns(story.case)] == ["online"]

    posted["seen"] = again.select_one("input[name=seen]")["value"]
    posted["patterns"] = [str(pattern("online").pk), str(pattern("party").pk)]
    assert client.post(f"/cases/{story.case.pk}/patterns", posted).status_code == 302
    assert [r.pattern.code for r in case_patterns(story.case)] == ["party", "online"]


def test_a_retired_pattern_recorded_still_shows_and_is_not_offered_otherwise(
    story, verified_client
):
    party = pattern("party")
    case_patterns_record(case=story.case, by=story.worker, patterns=[party], why="A party.")
    party.is_active = False
    party.save()
    AbusePattern.objects.filter(code="online").update(is_active=False)

    client = verified_client(story.worker)
    assert "Party model (no longer offered) A party." in text(
        client.get(f"/cases/{story.case.pk}/")
    )
    form = BeautifulSoup(client.get(f"/cases/{story.case.pk}/patterns").content, "html.parser")
    labels = [label.get_text(strip=True) for label in form.select(".govuk-checkboxes__label")]
    assert "Party model (no longer offered)" in labels
    assert "Online" not in labels
    assert form.select_one(f"input[name=patterns][value='{party.pk}']").has_attr("checked")


def test_a_stranger_is_refused_the_form_and_logged(story, verified_client):
    stranger = StaffUserFactory(team__agency=story.social_care)
    client = verified_client(stranger)
    response = client.get(f"/cases/{story.case.pk}/patterns")
    assert response.status_code == 403
    assert "Maisie" not in response.content.decode()
    entry = AccessLogEntry.objects.get(user=stranger, child=story.child)
    assert (entry.allowed, entry.basis) == (False, "no_relationship")

    response = client.post(
        f"/cases/{story.case.pk}/patterns",
        {"patterns": [str(pattern("party").pk)], "why": "A guess."},
    )
    assert response.status_code == 403
    assert not CasePattern.objects.exists()


def test_break_glass_reads_but_cannot_record_patterns(story, verified_client):
    reader = StaffUserFactory(team__agency=story.police)
    BreakGlassAccess.objects.create(
        user=reader,
        child=story.child,
        reason="Found at 2am with an adult; need the case now.",
        expires_at=timezone.now() + dt.timedelta(hours=2),
    )
    client = verified_client(reader)
    form_page = client.get(f"/cases/{story.case.pk}/patterns")
    assert "You cannot record patterns of abuse" in text(form_page)
    response = client.post(
        f"/cases/{story.case.pk}/patterns",
        {"patterns": [str(pattern("party").pk)], "why": "x"},
    )
    assert response.status_code == 403
    assert not CasePattern.objects.exists()
