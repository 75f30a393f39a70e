"""The child's own words live in one place: words added on a case page are the words shown
first on the child's record and on every case page, exactly as said, through the access policy.
Words once recorded as agency information items are moved there by a data migration."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.casework import voice_entry_add
from seemehearme.cases.models import CaptureMethod, VoiceEntry, VoiceKind
from seemehearme.cases.selectors import child_words
from seemehearme.people.models import InformationItem
from seemehearme.sharing.policy import relationship_to_child
from tests.cases.test_casework import case_story
from tests.factories import (
    AgreementFactory,
    ChildFactory,
    StaffUserFactory,
    VoiceEntryFactory,
)

# An apostrophe, a line break, a quotation and words in Polish and Urdu, exactly as said.
SAID = (
    "I don't want to go back there.\n"
    'He said "you\'re safe with me".\n'
    "Nie chcę tam wracać. میں ٹھیک ہوں"
)


@pytest.fixture
def story(db):
    return case_story()


def add_words(story, words: str = SAID, *, by=None, days_ago: int = 0) -> VoiceEntry:
    return voice_entry_add(
        case=story.case,
        by=by or story.worker,
        kind=VoiceKind.OWN_WORDS,
        words=words,
        captured_how=CaptureMethod.IN_PERSON,
        captured_with="Amara Hollins (key worker)",
        captured_where="Youth centre",
        said_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def blockquotes(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [q.get_text("\n", strip=True) for q in page.select("figure.smh-child-voice blockquote")]


def test_words_added_on_a_case_are_the_childs_words_everywhere(story):
    older = add_words(story, "They're my mates.", days_ago=30)
    newest = add_words(story)
    # Words recorded outside this case (such as those moved from agency items) are in the list.
    earliest = VoiceEntryFactory(
        child=story.child, recorded_by=story.worker, said_on=dt.date(2025, 1, 2)
    )
    access = relationship_to_child(story.worker, story.child)
    words = child_words(user=story.worker, child=story.child, access=access)
    assert words.shown == [newest, older, earliest]
    assert words.latest == [newest]
    assert words.shown[0].words == SAID
    assert [entry for entry, decision in words.decisions if decision.allowed] == words.shown


def test_the_child_record_shows_the_case_words_first_exactly_as_said(story, verified_client):
    add_words(story, "They're my mates.", days_ago=30)
    add_words(story)
    response = verified_client(story.worker).get(f"/children/{story.child.pk}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select("main h2")[0].get_text(strip=True) == "In Maisie's own words"
    assert blockquotes(response) == [SAID]
    everything = page.select_one("table.smh-voice-all").get_text(" ", strip=True)
    assert "They're my mates." in everything
    # The case page shows the same list.
    assert blockquotes(verified_client(story.worker).get(f"/cases/{story.case.pk}/")) == [SAID]


def test_the_child_record_logs_each_of_the_childs_words_shown_or_withheld(story, verified_client):
    AgreementFactory(
        area=story.area, parties=[story.social_care, story.police], categories=["child-voice"]
    )
    shared = add_words(story, "School is the only normal bit.")
    held = voice_entry_add(
        case=story.case,
        by=story.officer,
        kind=VoiceKind.WISHES_AND_FEELINGS,
        words="I was scared that night.",
        captured_how=CaptureMethod.IN_PERSON,
        captured_with="PC Beat",
        captured_where="Police station",
        said_on=timezone.localdate(),
    )
    response = verified_client(story.officer).get(f"/children/{story.child.pk}/")
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "School is the only normal bit." in text
    assert "I was scared that night." in text
    logged = AccessLogEntry.objects.filter(
        user=story.officer, child=story.child, action=AccessAction.VIEW_ITEM
    )
    assert logged.get(subject__startswith=f"Child's words {shared.pk} ").allowed is True
    assert logged.get(subject__startswith=f"Child's words {held.pk} ").allowed is True


def test_words_not_shared_with_the_viewers_agency_are_counted_and_logged_as_refused(
    story, verified_client
):
    entry = add_words(story, "School is the only normal bit.")
    response = verified_client(story.officer).get(f"/children/{story.child.pk}/")
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "School is the only normal bit." not in text
    assert "Other agencies have recorded Maisie's words that you cannot see" in text
    refused = AccessLogEntry.objects.get(
        user=story.officer, subject__startswith=f"Child's words {entry.pk} "
    )
    assert refused.allowed is False
    assert refused.basis == "no_agreement"


# --- The data migration ----------------------------------------------------------------------

SHARING_SEED = importlib.import_module(
    "seemehearme.sharing.migrations.0002_reference_categories_and_purposes"
)
BEFORE = [("cases", "0005_voice_entry_is_the_one_store_of_the_childs_words")]
AFTER = [("cases", "0006_child_words_moved_from_information_items")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_words_kept_as_information_items_move_to_the_one_store_with_nothing_lost():
    # People are made with today's models, before going back in time.
    worker = StaffUserFactory(first_name="Ben", last_name="Outreach")
    child = ChildFactory(area=worker.agency.area)
    try:
        old = migrate(BEFORE)
        # Transactional tests empty every table, seeded rows included: seed the categories.
        Category = old.get_model("sharing", "InformationCategory")
        if not Category.objects.filter(code="child-voice").exists():
            SHARING_SEED.seed(old, None)
        Item = old.get_model("people", "InformationItem")
        voice = Category.objects.get(code="child-voice")
        education = Category.objects.get(code="education")
        said = Item.objects.create(
            child_id=child.pk,
            source_agency_id=worker.agency_id,
            category=voice,
            title="Return home interview",
            detail=SAID,
            occurred_on=dt.date(2026, 10, 3),
            recorded_by_id=worker.pk,
        )
        unsigned = Item.objects.create(
            child_id=child.pk,
            source_agency_id=worker.agency_id,
            category=voice,
            title='"Leave me alone" (shouted at the bus station)',
            detail="",
            occurred_on=dt.date(2026, 9, 1),
        )
        attendance = Item.objects.create(
            child_id=child.pk,
            source_agency_id=worker.agency_id,
            category=education,
            title="Attendance fell to 62%",
            occurred_on=dt.date(2026, 9, 1),
        )
        created_at = Item.objects.get(pk=said.pk).created_at

        migrate(AFTER)

        assert list(InformationItem.objects.values_list("pk", flat=True)) == [attendance.pk]
        moved = {entry.context: entry for entry in VoiceEntry.objects.filter(child_id=child.pk)}
        assert set(moved) == {"Return home interview", unsigned.title}
        first = moved["Return home interview"]
        assert (first.words, first.said_on, first.recorded_by_id, first.source_agency_id) == (
            SAID,
            dt.date(2026, 10, 3),
            worker.pk,
            worker.agency_id,
        )
        assert first.recorded_at == created_at
        assert first.kind == VoiceKind.OWN_WORDS
        assert first.case_id is None
        assert first.history.get().history_change_reason.startswith(  # type: ignore[attr-defined]
            "Moved from an agency information item"
        )
        second = moved[unsigned.title]
        assert (second.words, second.recorded_by_id) == (unsigned.title, None)

        # And back again, for a rollback.
        migrate(BEFORE)
        assert set(Item.objects.filter(category=voice).values_list("detail", "recorded_by_id")) == {
            (SAID, worker.pk),
            (unsigned.title, None),
        }
    finally:
        migrate_to_latest()
