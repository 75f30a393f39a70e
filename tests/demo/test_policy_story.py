"""The story the demo tells: the same child, seen from six desks, through the one access policy.

Maisie Fernhollow (made up) has items from the police (intelligence and incidents), the sexual
health service, her school, the hospital, social care, an outreach charity and housing.
"""

from __future__ import annotations

import pytest

from seemehearme.areas.models import StaffUser
from seemehearme.demo.featured import featured_child_get
from seemehearme.people.models import Child
from seemehearme.sharing.policy import can_view_item, relationship_to_child
from tests.factories import category

ALL_CATEGORIES = [
    "police-intelligence",
    "police-incidents",
    "sexual-health",
    "health",
    "education",
    "social-care",
    "child-voice",
    "voluntary-sector",
    "housing",
]

# username -> the categories of Maisie's record they may see (everything else is withheld).
SEES = {
    "amara.social": set(ALL_CATEGORIES) - {"housing"},
    "priya.manager": set(ALL_CATEGORIES) - {"housing"},
    "sam.coordinator": set(ALL_CATEGORIES) - {"housing"},
    "dan.police": set(ALL_CATEGORIES) - {"sexual-health", "housing"},
    "grace.school": {"health", "education", "social-care", "child-voice", "voluntary-sector"},
    "tom.nurse": {"health", "education", "social-care", "child-voice", "voluntary-sector"},
    "nina.clinic": {
        "sexual-health",
        "health",
        "education",
        "social-care",
        "child-voice",
        "voluntary-sector",
    },
    "ben.outreach": {"health", "education", "social-care", "child-voice", "voluntary-sector"},
    "jo.panel": {"health", "education", "social-care", "child-voice", "voluntary-sector"},
}


def _visible_categories(user: StaffUser, child: Child) -> set[str]:
    seen = set()
    for item in child.items.select_related("source_agency", "category"):
        decision = can_view_item(
            user, child, source_agency=item.source_agency, category=item.category
        )
        if decision.allowed:
            seen.add(item.category.code)
    words = category("child-voice")
    for entry in child.voice.select_related("source_agency"):  # the child's own words
        if can_view_item(user, child, source_agency=entry.source_agency, category=words).allowed:
            seen.add(words.code)
    return seen


@pytest.mark.parametrize(("username", "expected"), sorted(SEES.items()))
def test_each_colleague_sees_only_what_agreements_share_with_their_agency(
    northbridge, username, expected
):
    child = featured_child_get()
    user = StaffUser.objects.get(username=username)
    assert relationship_to_child(user, child).allowed
    assert _visible_categories(user, child) == expected


def test_the_school_lead_sees_the_child_but_police_intelligence_is_withheld(northbridge):
    child = featured_child_get()
    grace = StaffUser.objects.get(username="grace.school")
    intelligence = child.items.filter(category__code="police-intelligence").first()
    decision = can_view_item(
        grace, child, source_agency=intelligence.source_agency, category=intelligence.category
    )
    assert not decision.allowed
    assert decision.basis == "no_agreement"
    assert "Northbridge Police" in decision.reason


def test_the_social_worker_sees_police_intelligence_under_the_police_agreement(northbridge):
    child = featured_child_get()
    amara = StaffUser.objects.get(username="amara.social")
    intelligence = child.items.filter(category__code="police-intelligence").first()
    decision = can_view_item(
        amara, child, source_agency=intelligence.source_agency, category=intelligence.category
    )
    assert decision.allowed
    assert decision.basis == "agreement:ISA-NB-002"


@pytest.mark.parametrize("username", ["leah.analyst", "farah.dpo", "alex.admin"])
def test_analysts_and_officers_do_not_open_named_records(northbridge, username):
    user = StaffUser.objects.get(username=username)
    assert relationship_to_child(user, featured_child_get()).basis == "role_without_case_access"


def test_the_school_lead_cannot_open_a_child_she_does_not_work_with(northbridge):
    grace = StaffUser.objects.get(username="grace.school")
    strangers = Child.objects.exclude(relationships__user=grace).exclude(
        relationships__panel__isnull=False
    )
    assert strangers.exists()
    assert not relationship_to_child(grace, strangers.first()).allowed
