"""The demo's public side: its published front door, and the public's concerns in triage."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.concerns.models import Concern
from seemehearme.concerns.selectors import concern_queue
from seemehearme.demo.concerns import demo_concerns_create

pytestmark = pytest.mark.django_db


def test_two_public_concerns_wait_for_the_coordinator(northbridge):
    coordinator = StaffUser.objects.get(username="sam.coordinator")
    queue = concern_queue(user=coordinator)
    assert queue is not None
    assert len(queue.awaiting) == 2
    taxi, parent = queue.awaiting
    assert taxi.source_words == "Someone working in a business (Taxi or private hire)"
    assert taxi.is_anonymous
    assert parent.contact_email.endswith(".invalid")
    assert all("Synthetic" in concern.what_happened for concern in queue.awaiting)
    assert mail.outbox == []  # the demo tells nobody


def test_the_demo_concerns_references_are_the_same_on_every_build(northbridge):
    first = sorted(Concern.objects.filter(area=northbridge).values_list("reference", flat=True))
    Concern.objects.filter(area=northbridge).delete()
    again = demo_concerns_create(area=northbridge, as_of=timezone.localdate())
    assert sorted(concern.reference for concern in again) == first


def test_the_demo_publishes_a_front_door_with_drama_numbers(northbridge, client):
    page = client.get(f"/help/{northbridge.slug}/get-help/").content.decode()
    assert (
        "Northbridge Children&#x27;s Front Door" in page
        or "Northbridge Children's Front Door" in page
    )
    assert "01632 960 100" in page  # Ofcom's drama range: no real phone has it
