"""A shared computer's browser must not keep pages about children after sign-out: every
response to a signed-in user says ``no-store``; static files stay cacheable."""

from __future__ import annotations

import pytest
from django.test import Client

from seemehearme.people.models import RelationshipKind
from tests.factories import CaseFactory, StaffUserFactory, relate

pytestmark = pytest.mark.django_db


def _assert_no_store(response) -> None:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-store" in directives
    assert "private" in directives
    assert response["Pragma"] == "no-cache"


@pytest.fixture
def worker_and_case(verified_client):
    case = CaseFactory()
    worker = StaffUserFactory(team__agency__area=case.child.area)
    relate(case.child, RelationshipKind.KEY_WORKER, user=worker)
    return verified_client(worker), case


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/children/{child}/",
        "/cases/{case}/",
        "/children/{child}/access-history",
        "/this-page-does-not-exist/",
    ],
)
def test_pages_for_a_signed_in_user_are_not_stored(worker_and_case, path):
    client, case = worker_and_case
    response = client.get(path.format(child=case.child.pk, case=case.pk))

    assert response.status_code in {200, 404}
    _assert_no_store(response)


def test_a_refusal_is_not_stored_either(verified_client):
    case = CaseFactory()
    stranger = StaffUserFactory(team__agency__area=case.child.area)

    response = verified_client(stranger).get(f"/children/{case.child.pk}/")

    assert response.status_code == 403
    _assert_no_store(response)


def test_the_sign_in_page_is_fine_without_it_and_static_files_stay_cacheable(worker_and_case):
    assert Client().get("/account/sign-in").status_code == 200

    client, _ = worker_and_case
    static = client.get("/static/dist/smh.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_answers_to_an_agency_system_s_api_calls_are_not_stored():
    from tests.api.conftest import caller_for
    from tests.factories import AgencyFactory

    caller = caller_for(AgencyFactory())
    response = caller.get("/api/v1/me")
    assert response.status_code == 200
    _assert_no_store(response)
