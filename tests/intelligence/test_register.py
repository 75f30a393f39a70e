"""The intelligence register's pages: who may use them, what they list, recording and changing
entities and associations, withdrawal, the POLE download, and that an analyst never sees a
child's name on them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.models import AbusePattern
from seemehearme.intelligence.models import (
    Association,
    Group,
    PersonOfConcern,
    Place,
)
from seemehearme.sharing.pseudonyms import pseudonym
from seemehearme.web.navigation import destinations_for
from tests.factories import (
    AgreementFactory,
    ChildFactory,
    StaffUserFactory,
    relate,
)
from tests.intelligence.factories import (
    AssociationFactory,
    GroupFactory,
    PersonOfConcernFactory,
    PlaceFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(police):
    return StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=police)


@pytest.fixture
def distinctive(area):
    return ChildFactory(
        area=area,
        given_name="Zephyrine",
        family_name="Quillborough",
        known_as="Zephy",
        date_of_birth=dt.date(2012, 3, 9),
        postcode="NB3 4QT",
        address="17 Wrenfield Close, Northbridge",
    )


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def association_post(**overrides) -> dict[str, str]:
    today = timezone.localdate() - dt.timedelta(days=3)
    data = {
        "links_to": "entity",
        "other": "",
        "relationship": "seen_at",
        "reported_on_day": str(today.day),
        "reported_on_month": str(today.month),
        "reported_on_year": str(today.year),
        "source_reference": "INT/2026/0042",
        "source_evaluation": "1",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
    }
    data.update(overrides)
    return data


# --- Who may use the register -----------------------------------------------------------------


def test_roles_without_intelligence_are_refused_every_page(verified_client, police):
    person = PersonOfConcernFactory(source_agency=police)
    client = verified_client(StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police))
    for url in (
        reverse("intelligence:register"),
        reverse("intelligence:entities", args=["persons"]),
        reverse("intelligence:entity-create", args=["places"]),
        reverse("intelligence:entity", args=[person.pk]),
        reverse("intelligence:entity-edit", args=[person.pk]),
        reverse("intelligence:association-add", args=[person.pk]),
        reverse("intelligence:register-csv"),
    ):
        assert client.get(url).status_code == 403, url


def test_the_menu_offers_intelligence_to_those_who_use_it(verified_client, analyst, police):
    client = verified_client(analyst)
    home = client.get("/")
    assert reverse("intelligence:register") in home.content.decode()
    listing = client.get(reverse("intelligence:register"), follow=True)
    assert listing.status_code == 200
    assert "Persons of concern" in text(listing)
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police)
    assert "intelligence:register" not in {d.url_name for d in destinations_for(admin)}


def test_another_agencys_entity_is_not_listed_or_found_without_an_agreement(
    verified_client, analyst, council
):
    theirs = PersonOfConcernFactory(source_agency=council, given_name="Councilheld")
    client = verified_client(analyst)
    listing = client.get(reverse("intelligence:entities", args=["persons"]))
    assert "Councilheld" not in text(listing)
    assert client.get(reverse("intelligence:entity", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("intelligence:association-add", args=[theirs.pk])).status_code == 404


def test_shared_entities_are_listed_but_only_their_agency_may_change_them(
    verified_client, police, council, area
):
    AgreementFactory(
        area=area,
        parties=[police, council],
        categories=["police-intelligence"],
        purposes=["disruption"],
    )
    person = PersonOfConcernFactory(source_agency=police, given_name="Sharedman")
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, agency=council)
    client = verified_client(coordinator)
    assert "Sharedman" in text(client.get(reverse("intelligence:entities", args=["persons"])))
    page = client.get(reverse("intelligence:entity", args=[person.pk]))
    assert page.status_code == 200
    assert "Only Testshire Police, which recorded it, can change the details" in text(page)
    assert client.get(reverse("intelligence:entity-edit", args=[person.pk])).status_code == 403


def test_the_list_filters_by_text_and_keeps_to_its_kind(verified_client, analyst, police):
    PlaceFactory(source_agency=police, name="Riverside Hotel")
    PlaceFactory(source_agency=police, name="Station Car Park")
    VehicleFactory(source_agency=police, registration="RV12 HOT")
    client = verified_client(analyst)
    page = text(client.get(reverse("intelligence:entities", args=["places"]), {"q": "river"}))
    assert "Riverside Hotel" in page
    assert "Station Car Park" not in page
    assert "RV12HOT" not in page
    assert client.get("/intelligence/boats/").status_code == 404
    accounts = text(client.get(reverse("intelligence:entities", args=["accounts"])))
    assert "Add an online account" in accounts


# --- Recording and changing entities ----------------------------------------------------------


def test_recording_a_person_of_concern(verified_client, analyst):
    client = verified_client(analyst)
    response = client.post(
        reverse("intelligence:entity-create", args=["persons"]),
        {
            "given_name": "Testman",
            "family_name": "Exampleton",
            "aliases": "Big T, Tee",
            "date_of_birth_day": "4",
            "date_of_birth_month": "7",
            "date_of_birth_year": "1988",
            "gender": "male",
            "ethnicity": "not_known",
            "nationality": "British",
            "concern": "facilitator",
        },
    )
    person = PersonOfConcern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intelligence:entity", args=[person.pk])
    assert (person.label, person.date_of_birth, person.concern) == (
        "Testman Exampleton",
        dt.date(1988, 7, 4),
        "facilitator",
    )
    assert person.source_agency == analyst.agency
    page = text(client.get(response["Location"]))
    assert "4 July 1988" in page
    assert "Facilitator" in page
    assert "POLE class Person" in page


def test_a_person_needs_a_name_or_nickname_and_nothing_is_saved(verified_client, analyst):
    client = verified_client(analyst)
    response = client.post(
        reverse("intelligence:entity-create", args=["persons"]),
        {"gender": "male", "ethnicity": "not_known", "concern": "suspect"},
    )
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert "Enter a name, or a nickname under other names" in text(response)
    assert not PersonOfConcern.objects.exists()


def test_a_group_records_only_patterns_in_use(verified_client, analyst):
    in_use = AbusePattern.objects.filter(is_active=True).first()
    retired = AbusePattern.objects.create(code="retired-test", name="Retired test", is_active=False)
    client = verified_client(analyst)
    form = client.get(reverse("intelligence:entity-create", args=["groups"]))
    assert in_use.name in text(form)
    assert "Retired test" not in text(form)
    refused = client.post(
        reverse("intelligence:entity-create", args=["groups"]),
        {"name": "Test crew", "group_kind": "gang", "patterns": [retired.pk]},
    )
    assert refused.status_code == 200
    assert not Group.objects.exists()
    client.post(
        reverse("intelligence:entity-create", args=["groups"]),
        {"name": "Test crew", "group_kind": "gang", "patterns": [in_use.pk]},
    )
    group = Group.objects.get()
    assert list(group.patterns.all()) == [in_use]


def test_changing_a_place_keeps_its_history(verified_client, analyst, police):
    place = PlaceFactory(source_agency=police, name="Old Hotel", postcode="NB1 1AA")
    client = verified_client(analyst)
    form = client.get(reverse("intelligence:entity-edit", args=[place.pk]))
    assert 'value="Old Hotel"' in form.content.decode()
    response = client.post(
        reverse("intelligence:entity-edit", args=[place.pk]),
        {"name": "New Hotel", "venue_type": "hotel", "address": "", "postcode": "nb2 2bb"},
    )
    assert response.status_code == 302
    place = Place.objects.get(pk=place.pk)
    assert (place.label, place.postcode, place.district) == ("New Hotel", "NB2 2BB", "NB2")
    assert [h.name for h in place.history.order_by("history_date")] == ["Old Hotel", "New Hotel"]


def test_a_place_needs_a_type(verified_client, analyst):
    response = verified_client(analyst).post(
        reverse("intelligence:entity-create", args=["places"]), {"name": "Somewhere"}
    )
    assert "Choose the type of place" in text(response)
    assert not Place.objects.exists()


# --- Associations -----------------------------------------------------------------------------


def test_linking_two_entities_shows_on_both_pages(verified_client, analyst, police):
    person = PersonOfConcernFactory(source_agency=police, given_name="Linkman")
    place = PlaceFactory(source_agency=police, name="Linked Hotel")
    client = verified_client(analyst)
    response = client.post(
        reverse("intelligence:association-add", args=[person.pk]),
        association_post(other=str(place.pk)),
    )
    assert response.status_code == 302
    association = Association.objects.get()
    assert (association.entity_id, association.other_id, association.grading) == (
        person.pk,
        place.pk,
        "1B P",
    )
    assert association.source_reference == "INT/2026/0042"
    person_page = text(client.get(reverse("intelligence:entity", args=[person.pk])))
    assert "Seen at Linked Hotel" in person_page
    assert "1B P" in person_page
    assert "Reliable; Known indirectly to the source but corroborated" in person_page
    place_page = text(client.get(reverse("intelligence:entity", args=[place.pk])))
    assert "Linkman" in place_page


def test_association_errors_are_shown_and_nothing_is_saved(verified_client, analyst, police):
    person = PersonOfConcernFactory(source_agency=police)
    url = reverse("intelligence:association-add", args=[person.pk])
    client = verified_client(analyst)
    future = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        url,
        association_post(
            other="",
            handling_code="C",
            reported_on_day=str(future.day),
            reported_on_month=str(future.month),
            reported_on_year=str(future.year),
        ),
    )
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose the person, group, place or object" in page
    assert "Say what the conditions are for handling code C" in page
    assert not Association.objects.exists()
    # The future date is the service's rule, reached once the form itself is right.
    place = PlaceFactory(source_agency=police)
    response = client.post(
        url,
        association_post(
            other=str(place.pk),
            reported_on_day=str(future.day),
            reported_on_month=str(future.month),
            reported_on_year=str(future.year),
        ),
    )
    assert "The date cannot be in the future" in text(response)
    assert not Association.objects.exists()


def test_an_entity_the_user_cannot_see_cannot_be_linked(verified_client, analyst, police, council):
    person = PersonOfConcernFactory(source_agency=police)
    hidden = PlaceFactory(source_agency=council)
    response = verified_client(analyst).post(
        reverse("intelligence:association-add", args=[person.pk]),
        association_post(other=str(hidden.pk)),
    )
    assert "Choose the person, group, place or object" in text(response)
    assert not Association.objects.exists()


def test_an_analyst_links_a_child_by_pseudonym(verified_client, analyst, police, area, distinctive):
    person = PersonOfConcernFactory(source_agency=police)
    url = reverse("intelligence:association-add", args=[person.pk])
    client = verified_client(analyst)
    form = client.get(url)
    assert "Zephyrine" not in form.content.decode()
    assert "The child's pseudonym" in text(form)
    wrong = client.post(url, association_post(links_to="child", pseudonym="C-0000-0000"))
    assert "No child of the partnership has this pseudonym" in text(wrong)
    badly = client.post(url, association_post(links_to="child", pseudonym="Zephyrine"))
    assert "Enter the pseudonym as C- and two groups of 4" in text(badly)
    assert not Association.objects.exists()
    code = pseudonym(area, distinctive.pk)
    response = client.post(
        url,
        association_post(
            links_to="child",
            pseudonym=code.lower(),
            relationship="gave_gifts",
            handling_code="C",
            handling_conditions="Not to be shared outside the exploitation team",
        ),
    )
    assert response.status_code == 302
    association = Association.objects.get()
    assert association.child == distinctive
    assert association.handling_conditions == "Not to be shared outside the exploitation team"


def test_a_practitioner_picks_only_children_they_work_with(verified_client, police, area):
    mine = ChildFactory(area=area, given_name="Mychild")
    ChildFactory(area=area, given_name="Notmine")
    worker = StaffUserFactory(role=Role.PRACTITIONER, agency=police)
    relate(mine, user=worker)
    person = PersonOfConcernFactory(source_agency=police)
    url = reverse("intelligence:association-add", args=[person.pk])
    client = verified_client(worker)
    form = text(client.get(url))
    assert "Mychild" in form
    assert "Notmine" not in form
    assert "pseudonym" not in form.lower()
    listed = AccessLogEntry.objects.get(user=worker)  # the picker names the child
    assert (listed.child, listed.action, listed.basis) == (mine, AccessAction.LISTED, "key_worker")
    response = client.post(url, association_post(links_to="child", child=str(mine.pk)))
    assert response.status_code == 302
    assert Association.objects.get().child == mine
    page = client.get(reverse("intelligence:entity", args=[person.pk]))
    assert "Mychild" in text(page)
    assert reverse("people:child", args=[mine.pk]) in page.content.decode()


def test_withdrawing_an_association(verified_client, analyst, police):
    association = AssociationFactory(
        entity=PersonOfConcernFactory(source_agency=police),
        other=PlaceFactory(source_agency=police, name="Wrong Hotel"),
    )
    url = reverse("intelligence:association-withdraw", args=[association.pk])
    client = verified_client(analyst)
    empty = client.post(url, {"why": " "})
    assert "Say why it is being withdrawn" in text(empty)
    response = client.post(url, {"why": "The report was about a different hotel."})
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.withdrawn_at is not None
    assert association.withdrawn_by == analyst
    page = text(client.get(reverse("intelligence:entity", args=[association.entity_id])))
    assert "Wrong Hotel" not in page
    assert client.get(url).status_code == 404  # no longer current


def test_only_the_recording_agency_may_withdraw(verified_client, police, council, area):
    AgreementFactory(
        area=area,
        parties=[police, council],
        categories=["police-intelligence"],
        purposes=["disruption"],
    )
    association = AssociationFactory(entity=PersonOfConcernFactory(source_agency=police))
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, agency=council)
    client = verified_client(coordinator)
    page = client.get(reverse("intelligence:entity", args=[association.entity_id]))
    assert reverse("intelligence:association-withdraw", args=[association.pk]) not in (
        page.content.decode()
    )
    url = reverse("intelligence:association-withdraw", args=[association.pk])
    assert client.post(url, {"why": "Mine now"}).status_code == 403
    association.refresh_from_db()
    assert association.withdrawn_at is None


# --- Children: named or pseudonymised, and the access log -------------------------------------


@pytest.fixture
def linked(police, distinctive):
    """A person of concern linked to the distinctive child and to a place."""
    person = PersonOfConcernFactory(source_agency=police, given_name="Linkman")
    AssociationFactory(entity=person, other=None, child=distinctive, relationship="contacted")
    AssociationFactory(entity=person, other=PlaceFactory(source_agency=police))
    return person


def test_an_analyst_never_sees_the_childs_name_on_the_entity_page(
    verified_client, analyst, linked, distinctive, area
):
    response = verified_client(analyst).get(reverse("intelligence:entity", args=[linked.pk]))
    html = response.content.decode()
    for secret in ("Zephyrine", "Quillborough", "Zephy", "Wrenfield", "NB3 4QT", "2012"):
        assert secret not in html, secret
    assert pseudonym(area, distinctive.pk) in html
    assert reverse("people:child", args=[distinctive.pk]) not in html
    entries = AccessLogEntry.objects.filter(user=analyst)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.child is None
    assert entry.action == AccessAction.VIEW_ITEM
    assert entry.basis == "pseudonymised_listing"


def test_a_key_worker_sees_the_name_and_each_view_is_logged_against_the_child(
    verified_client, police, linked, distinctive
):
    worker = StaffUserFactory(role=Role.PRACTITIONER, agency=police)
    relate(distinctive, user=worker)
    html = verified_client(worker).get(reverse("intelligence:entity", args=[linked.pk]))
    assert "Zephyrine Quillborough" in text(html)
    entry = AccessLogEntry.objects.get(user=worker)
    assert (entry.child, entry.action, entry.basis) == (
        distinctive,
        AccessAction.VIEW_ITEM,
        "key_worker",
    )


def test_a_page_without_children_writes_no_log_entry(verified_client, analyst, police):
    place = PlaceFactory(source_agency=police)
    verified_client(analyst).get(reverse("intelligence:entity", args=[place.pk]))
    assert not AccessLogEntry.objects.filter(user=analyst).exists()


def test_the_export_gives_children_by_pseudonym_only_and_is_logged(
    verified_client, police, linked, distinctive, area
):
    # Even a key worker, who sees the name on the page, gets only the pseudonym in the download.
    worker = StaffUserFactory(role=Role.PRACTITIONER, agency=police)
    relate(distinctive, user=worker)
    GroupFactory(source_agency=police, name="Test crew")
    response = verified_client(worker).get(reverse("intelligence:register-csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    for secret in ("Zephyrine", "Quillborough", "Zephy", "Wrenfield", "NB3 4QT", "2012-03-09"):
        assert secret not in body, secret
    rows = list(csv.DictReader(io.StringIO(body)))
    entities = [row for row in rows if row["record"] == "entity"]
    associations = [row for row in rows if row["record"] == "association"]
    assert {(row["pole_class"], row["kind"]) for row in entities} == {
        ("Person", "person"),
        ("Person", "group"),
        ("Location", "place"),
    }
    to_child = next(row for row in associations if row["to_kind"] == "child")
    assert to_child["to_label"] == pseudonym(area, distinctive.pk)
    assert to_child["to_id"] == ""
    assert to_child["from_label"] == linked.label
    assert to_child["relationship"] == "Contacted"
    assert to_child["grading"] == "1B P"
    entry = AccessLogEntry.objects.get(user=worker)
    assert (entry.child, entry.action, entry.basis) == (
        None,
        AccessAction.EXPORT,
        "pseudonymised_listing",
    )
    assert "2 associations" in entry.subject


def test_the_export_leaves_out_what_the_user_cannot_see(verified_client, analyst, council):
    PersonOfConcernFactory(source_agency=council, given_name="Councilheld")
    body = verified_client(analyst).get(reverse("intelligence:register-csv")).content.decode()
    assert "Councilheld" not in body
