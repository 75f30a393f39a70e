"""The access log as the data protection lead reads it, in a real browser: rules in words, and a
child's entries found by name, at desktop width and at 320 px."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.sharing.policy import Decision
from tests.e2e.accessibility import assert_accessible
from tests.factories import ChildFactory, StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_lead_finds_a_childs_entries_by_name_and_reads_the_rules_in_words(
    page, sign_in_as, width
):
    lead = StaffUserFactory(role=Role.DATA_PROTECTION_LEAD)
    worker = StaffUserFactory(username="kim.worker", team=lead.team, agency=lead.agency)
    amy = ChildFactory(given_name="Amy", family_name="Logchild")
    ben = ChildFactory(given_name="Ben", family_name="Logchild")
    for child, decision in [
        (amy, Decision(True, "case_team", "You are on this child's case team.")),
        (ben, Decision(False, "no_relationship", "You do not have a working relationship.")),
    ]:
        access_log_record(
            user=worker, child=child, action=AccessAction.VIEW_RECORD, decision=decision
        )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(lead)

    page.goto("/access-log/")
    assert "On the case team" in page.locator("main").inner_text()
    assert "case_team" not in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Child's name").fill("logchild")
    with page.expect_navigation():
        page.get_by_role("button", name="Find the child").click()
    assert "logchild" not in page.url.lower()
    assert "2 children in your partnership match that name" in page.locator("main").inner_text()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Ben Logchild").click()
    assert f"child={ben.pk}" in page.url
    table = page.locator("table").inner_text()
    assert "Ben Logchild" in table
    assert "Amy Logchild" not in table
    assert "No working relationship with the child" in table
    width_now = page.evaluate("() => document.documentElement.scrollWidth")
    assert width_now <= width
    assert_accessible(page)
