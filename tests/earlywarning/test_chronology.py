"""Flags appear in the child's chronology as the triage team's case work, without the rule."""

from __future__ import annotations

from django.urls import reverse

from seemehearme.earlywarning.models import Flag
from seemehearme.earlywarning.services import flag_dismiss
from seemehearme.earlywarning.sweep import sweep
from seemehearme.people.models import RelationshipKind
from tests.factories import StaffUserFactory, TeamFactory, relate


def test_a_flag_and_its_outcome_are_in_the_chronology(world, verified_client):
    child = world.child()
    world.events(child, "sexual-health-attendance", [5], agency=world.health, age=13)
    sweep(area=world.area, as_of=world.as_of)
    flag = Flag.objects.get(child=child)
    url = reverse("cases:chronology", args=[child.pk])
    html = verified_client(world.coordinator).get(url).content.decode()
    assert "Early-warning flag raised" in html
    assert "Waiting for review by the triage team." in html
    assert reverse("earlywarning:flag", args=[flag.pk]) in html
    assert "Sexual health attendance under 16" not in html  # the rule is not named
    flag_dismiss(flag=flag, by=world.manager, reason="Known to health; plan in place.")
    # The team's access ended with the decision; a key worker still sees the outcome.
    worker = StaffUserFactory(team=TeamFactory(agency=world.social_care))
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    html = verified_client(worker).get(url).content.decode()
    assert "Dismissed on" in html
