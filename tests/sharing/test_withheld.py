"""Withheld notices that say nothing sensitive: where a category (sexual health, by default) or
an agreement says so, items withheld from someone are only counted ("1 item is withheld"),
never with who holds them or what kind they are, on every page that counts withheld items."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import AgencyKind
from seemehearme.cases.models import CaptureMethod, VoiceEntry, VoiceKind
from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.models import AgreementStatus, InformationCategory
from seemehearme.sharing.policy import can_view_item
from seemehearme.sharing.selectors import withheld_counts
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CaseFactory,
    ChildFactory,
    InformationItemFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    relate,
)

pytestmark = pytest.mark.django_db

CLINIC = "Eastmere Sexual Health Service"
migration = importlib.import_module(
    "seemehearme.sharing.migrations.0005_sexual_health_withheld_unnamed"
)


@pytest.fixture
def story():
    """A school lead on Robyn's case team. The police share nothing with the school; the
    clinic shares sexual health with children's services only."""
    child = ChildFactory(given_name="Robyn", family_name="Eastmere")
    area = child.area
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    police = AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE)
    clinic = AgencyFactory(area=area, name=CLINIC, kind=AgencyKind.HEALTH)
    council = AgencyFactory(area=area, name="Testshire Children's Services")
    AgreementFactory(area=area, parties=[clinic, council], categories=["sexual-health"])
    teacher = StaffUserFactory(team=TeamFactory(agency=school), agency=school)
    coordinator = StaffUserFactory(team=TeamFactory(agency=council), agency=council)
    case = CaseFactory(child=child, opened_by=coordinator)
    relate(child, RelationshipKind.CASE_TEAM, user=teacher, case=case)
    InformationItemFactory(
        child=child,
        source_agency=police,
        category=category("police-intelligence"),
        title="Seen with older men",
    )
    for n in range(2):
        InformationItemFactory(
            child=child,
            source_agency=clinic,
            category=category("sexual-health"),
            title=f"Clinic attendance {n}",
            occurred_on=dt.date(2026, 9, 3 + n),
        )
    return {
        "child": child,
        "case": case,
        "teacher": teacher,
        "school": school,
        "police": police,
        "clinic": clinic,
        "council": council,
    }


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def assert_says_nothing_sensitive(text: str) -> None:
    lowered = text.lower()
    for secret in ("sexual health", "sexual-health", "clinic"):
        assert secret not in lowered, secret


# --- The rule --------------------------------------------------------------------------------


def test_sexual_health_is_counted_unnamed_by_default_and_the_migration_sets_it():
    unnamed = set(
        InformationCategory.objects.filter(withheld_unnamed=True).values_list("code", flat=True)
    )
    assert unnamed == {"sexual-health"}
    InformationCategory.objects.update(withheld_unnamed=False)
    migration.seed(apps, None)
    assert category("sexual-health").withheld_unnamed
    assert not category("health").withheld_unnamed
    migration.unseed(apps, None)
    assert not category("sexual-health").withheld_unnamed


def test_a_withheld_sexual_health_item_names_neither_holder_nor_category(story):
    decision = can_view_item(
        story["teacher"],
        story["child"],
        source_agency=story["clinic"],
        category=category("sexual-health"),
    )
    assert not decision.allowed
    assert decision.unnamed
    assert decision.reason == "Not shared with your agency under current agreements."


def test_a_party_to_the_agreement_still_sees_it(story):
    worker = StaffUserFactory(team=TeamFactory(agency=story["council"]), agency=story["council"])
    relate(story["child"], RelationshipKind.CASE_TEAM, user=worker)
    decision = can_view_item(
        worker, story["child"], source_agency=story["clinic"], category=category("sexual-health")
    )
    assert decision.allowed
    assert not decision.unnamed


def test_an_agreement_in_force_can_say_its_categories_are_counted_unnamed(story):
    area = story["child"].area
    intelligence = category("police-intelligence")

    def decision():  # type: ignore[no-untyped-def]
        return can_view_item(
            story["teacher"], story["child"], source_agency=story["police"], category=intelligence
        )

    # A draft agreement says nothing yet.
    draft = AgreementFactory(
        area=area,
        parties=[story["police"], story["council"]],
        categories=[intelligence],
        status=AgreementStatus.DRAFT,
        withheld_unnamed=True,
    )
    assert not decision().unnamed
    assert "Testshire Police" in decision().reason
    draft.status = AgreementStatus.ACTIVE
    draft.save()
    assert decision().unnamed
    assert "Testshire Police" not in decision().reason


def test_withheld_counts_group_named_items_and_count_unnamed_ones_together(story):
    teacher, child = story["teacher"], story["child"]
    rows = []
    for item in child.items.select_related("source_agency", "category"):
        decision = can_view_item(
            teacher, child, source_agency=item.source_agency, category=item.category
        )
        rows.append((item.source_agency, item.category, decision))
    groups = withheld_counts(rows)
    assert [(g.source_agency, g.category, g.count, g.unnamed) for g in groups] == [
        (story["police"], category("police-intelligence"), 1, False),
        (None, None, 2, True),
    ]


# --- Every page that counts withheld items ----------------------------------------------------


def test_the_child_record_counts_sexual_health_without_naming_it(story, verified_client):
    response = verified_client(story["teacher"]).get(f"/children/{story['child'].pk}/")
    text = page_text(response)
    assert "2 items are withheld." in text
    assert "Held by Testshire Police" in text  # other categories are still named
    assert_says_nothing_sensitive(text)
    assert CLINIC not in text


def test_the_chronology_counts_sexual_health_without_naming_it(story, verified_client):
    response = verified_client(story["teacher"]).get(
        reverse("cases:chronology", args=[story["child"].pk])
    )
    text = page_text(response)
    assert "2 entries are withheld." in text
    assert "1 entry held by Testshire Police (police intelligence) is not shared" in text
    assert_says_nothing_sensitive(text)


def test_the_case_page_counts_withheld_words_unnamed_where_an_agreement_says_so(
    story, verified_client
):
    """The child's words to the clinic are shared only with children's services, under an
    agreement that asks for them to be counted without naming the clinic."""
    AgreementFactory(
        area=story["child"].area,
        parties=[story["clinic"], story["council"]],
        categories=["child-voice"],
        withheld_unnamed=True,
    )
    clinician = StaffUserFactory(team=TeamFactory(agency=story["clinic"]), agency=story["clinic"])
    VoiceEntry.objects.create(
        child=story["child"],
        case=story["case"],
        kind=VoiceKind.OWN_WORDS,
        words="I only went to get checked.",
        captured_how=CaptureMethod.IN_PERSON,
        captured_with="the nurse",
        captured_where="the clinic",
        said_on=timezone.localdate(),
        source_agency=story["clinic"],
        recorded_by=clinician,
    )
    response = verified_client(story["teacher"]).get(reverse("cases:case", args=[story["case"].pk]))
    text = page_text(response)
    assert "1 entry is withheld." in text
    assert "I only went to get checked." not in text
    assert CLINIC not in text
