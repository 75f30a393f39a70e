"""The data protection lead reviews every break-glass access, and can end one early."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.sharing.models import BreakGlassAccess
from seemehearme.sharing.policy import Decision, relationship_to_child
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpl():
    return StaffUserFactory(role=Role.DATA_PROTECTION_LEAD)


@pytest.fixture
def child():
    return ChildFactory(given_name="Jordan", family_name="Testchild")


@pytest.fixture
def practitioner():
    return StaffUserFactory(role=Role.PRACTITIONER, username="duty.worker")


@pytest.fixture
def glass(practitioner, child):
    now = timezone.now()
    return BreakGlassAccess.objects.create(
        user=practitioner,
        child=child,
        reason="Reported missing overnight; police asked for the safety plan.",
        started_at=now - dt.timedelta(minutes=30),
        expires_at=now + dt.timedelta(hours=4),
    )


def log(user, child, *, break_glass: BreakGlassAccess | None, at: dt.datetime | None = None):
    with time_machine.travel(at or timezone.now(), tick=False):
        return access_log_record(
            user=user,
            child=child,
            action=AccessAction.VIEW_RECORD,
            decision=Decision(True, "break_glass", "Break-glass access.", break_glass=break_glass),
        )


def test_the_queue_shows_who_which_child_why_and_how_much_they_looked_at(
    verified_client, dpl, practitioner, child, glass
):
    log(practitioner, child, break_glass=glass)
    log(practitioner, child, break_glass=glass)
    log(practitioner, child, break_glass=None)  # through a relationship: not counted
    log(practitioner, child, break_glass=glass, at=glass.started_at - dt.timedelta(hours=2))
    other_child = ChildFactory()
    log(practitioner, other_child, break_glass=glass)  # another child: not counted

    response = verified_client(dpl).get(reverse("sharing:break-glass-reviews"))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    [row] = soup.select("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert practitioner.display_name in cells[1]
    assert practitioner.agency.name in cells[1]
    assert "Jordan Testchild" in cells[2]
    assert f"ID {child.pk}" in cells[2]
    assert "Reported missing overnight" in cells[3]
    assert "Active now" in cells[4]
    assert cells[5] == "2"


def test_showing_the_queue_is_logged_as_a_view_of_each_child(verified_client, dpl, child, glass):
    verified_client(dpl).get(reverse("sharing:break-glass-reviews"))

    [entry] = child.access_log.filter(user=dpl)
    assert entry.action == AccessAction.VIEW_HISTORY
    assert entry.allowed
    assert entry.basis == "data_protection_review"
    assert entry.subject == "break-glass review"


def test_a_review_records_the_outcome_and_the_reviewer(verified_client, dpl, glass):
    client = verified_client(dpl)
    response = client.post(
        reverse("sharing:break-glass-review", args=[glass.pk]),
        {"outcome": "not_justified", "notes": "No emergency: should have asked the key worker."},
    )

    assert response.status_code == 302
    glass.refresh_from_db()
    assert glass.review_outcome == "not_justified"
    assert glass.review_notes == "No emergency: should have asked the key worker."
    assert glass.reviewed_by == dpl
    assert glass.reviewed_at is not None
    assert not BreakGlassAccess.objects.awaiting_review().exists()
    queue = client.get(reverse("sharing:break-glass-reviews"))
    assert "There is no break-glass access waiting for review" in queue.content.decode()


def test_a_review_needs_an_outcome_and_notes(verified_client, dpl, glass):
    response = verified_client(dpl).post(
        reverse("sharing:break-glass-review", args=[glass.pk]), {"outcome": "", "notes": ""}
    )

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    messages = [li.get_text(strip=True) for li in soup.select(".govuk-error-summary li")]
    assert messages == [
        "Select whether the access was justified",
        "Enter the reason for your decision",
    ]
    glass.refresh_from_db()
    assert glass.reviewed_at is None


def test_ending_access_now_takes_it_away_from_the_practitioner(
    verified_client, dpl, practitioner, child, glass
):
    assert relationship_to_child(practitioner, child).basis == "break_glass"

    response = verified_client(dpl).post(reverse("sharing:break-glass-end", args=[glass.pk]))

    assert response.status_code == 302
    glass.refresh_from_db()
    assert glass.revoked_at is not None
    assert glass.revoked_by == dpl
    assert not BreakGlassAccess.objects.active().filter(pk=glass.pk).exists()
    decision = relationship_to_child(practitioner, child)
    assert not decision.allowed
    assert decision.basis == "no_relationship"
    # Ending access is not a review: it still waits for one.
    assert BreakGlassAccess.objects.awaiting_review().filter(pk=glass.pk).exists()


def test_ending_access_needs_a_post(verified_client, dpl, glass):
    response = verified_client(dpl).get(reverse("sharing:break-glass-end", args=[glass.pk]))
    assert response.status_code == 405
    glass.refresh_from_db()
    assert glass.revoked_at is None


def test_only_the_data_protection_lead_reviews(verified_client, glass):
    manager = StaffUserFactory(role=Role.TEAM_MANAGER)
    client = verified_client(manager)

    assert client.get(reverse("sharing:break-glass-reviews")).status_code == 403
    assert client.get(reverse("sharing:break-glass-review", args=[glass.pk])).status_code == 403
    assert (
        client.post(
            reverse("sharing:break-glass-review", args=[glass.pk]),
            {"outcome": "justified", "notes": "Fine."},
        ).status_code
        == 403
    )
    assert client.post(reverse("sharing:break-glass-end", args=[glass.pk])).status_code == 403
    glass.refresh_from_db()
    assert glass.reviewed_at is None
    assert glass.revoked_at is None


def test_break_glass_in_another_partnership_is_not_shown(verified_client, dpl):
    elsewhere = AreaFactory(name="Otherset Safeguarding Partnership", slug="otherset")
    outsider = StaffUserFactory(team=TeamFactory(agency=AgencyFactory(area=elsewhere)))
    now = timezone.now()
    theirs = BreakGlassAccess.objects.create(
        user=outsider,
        child=ChildFactory(area=elsewhere, given_name="Elsewhere"),
        reason="Emergency.",
        started_at=now,
        expires_at=now + dt.timedelta(hours=1),
    )
    client = verified_client(dpl)
    assert "Elsewhere" not in client.get(reverse("sharing:break-glass-reviews")).content.decode()
    assert client.get(reverse("sharing:break-glass-review", args=[theirs.pk])).status_code == 404
