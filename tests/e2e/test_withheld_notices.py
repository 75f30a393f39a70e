"""A school lead opens the demo child's record and chronology in a real browser: sexual health
the school may not see is counted ("1 item is withheld") without saying who holds it or what
kind of information it is; other withheld items still say who holds them."""

from __future__ import annotations

import re

import pytest

from seemehearme.areas.models import StaffUser
from seemehearme.demo.area import demo_area_create
from seemehearme.demo.featured import featured_child_get
from tests.e2e.accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SENSITIVE = re.compile(r"sexual health|sexual-health|clinic", re.IGNORECASE)


def test_a_school_lead_is_told_sexual_health_is_withheld_without_it_being_named(page, sign_in_as):
    demo_area_create(children=10)
    child = featured_child_get()
    assert child is not None
    sign_in_as(StaffUser.objects.get(username="grace.school"))

    page.goto(f"/children/{child.pk}/")
    withheld = page.locator(".smh-withheld")
    assert withheld.is_visible()
    notices = [text.strip() for text in withheld.locator("li").all_inner_texts()]
    assert re.fullmatch(r"\d+ items? (is|are) withheld\.", notices[-1]), notices
    assert any("Held by Northbridge Police" in notice for notice in notices), notices
    assert not SENSITIVE.search(withheld.inner_text())
    assert not SENSITIVE.search(page.locator("main table").first.inner_text())
    assert_accessible(page)

    page.goto(f"/children/{child.pk}/chronology")
    not_shared = page.get_by_role("heading", name="Not shared with you").locator("..")
    assert re.search(r"\d+ entr(y is|ies are) withheld\.", not_shared.inner_text())
    assert not SENSITIVE.search(not_shared.inner_text())
    assert_accessible(page)
