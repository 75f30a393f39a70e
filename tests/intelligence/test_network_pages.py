"""The network analysis pages: what they find on small known graphs, and that a child the viewer
does not work with appears only by pseudonym, in the page, the graph's JSON and the SVG."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.intelligence import services
from seemehearme.networks.loading import child_node
from seemehearme.sharing.pseudonyms import pseudonym
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ChildFactory,
    StaffUserFactory,
    relate,
)
from tests.intelligence.factories import (
    AssociationFactory,
    PersonOfConcernFactory,
    PhoneFactory,
    PlaceFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = ("Zephyrine", "Quillborough", "QX9 8ZZ", "QX9", "2011-05-17", "17 May 2011")


@pytest.fixture
def analyst(police):
    return StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=police)


@pytest.fixture
def graph(area, police, analyst):
    """Two groups. One: Gorvane (a person) at the Larkspur Hotel, with a car; Zephyrine and
    another child both at the hotel; the car with the other child. Two: Hollin and a phone.
    Gorvane's link to Hollin was withdrawn, so the groups are apart."""
    zephyrine = ChildFactory(
        area=area,
        given_name="Zephyrine",
        family_name="Quillborough",
        date_of_birth=dt.date(2011, 5, 17),
        postcode="QX9 8ZZ",
    )
    other_child = ChildFactory(area=area)
    gorvane = PersonOfConcernFactory(source_agency=police, given_name="Ivor", family_name="Gorvane")
    hotel = PlaceFactory(source_agency=police, name="Larkspur Hotel")
    car = VehicleFactory(source_agency=police, registration="TE51 ABC")
    hollin = PersonOfConcernFactory(source_agency=police, given_name="Ada", family_name="Hollin")
    phone = PhoneFactory(source_agency=police)

    def link(entity, other=None, child=None, relationship="seen_at"):
        return AssociationFactory(
            entity=entity, other=other, child=child, relationship=relationship
        )

    link(gorvane, other=hotel)
    link(gorvane, other=car, relationship="uses")
    link(hotel, child=zephyrine)
    link(hotel, child=other_child)
    link(car, child=other_child, relationship="transported")
    link(hollin, other=phone, relationship="uses")
    services.withdraw_association(
        analyst, link(gorvane, other=hollin, relationship="associate"), "Mistaken identity"
    )
    return {
        "zephyrine": zephyrine,
        "other_child": other_child,
        "gorvane": gorvane,
        "hotel": hotel,
        "car": car,
        "hollin": hollin,
        "phone": phone,
    }


def key(subject) -> str:
    return f"e{subject.pk}"


def text(response) -> str:
    return response.content.decode()


def assert_no_secrets(content: str) -> None:
    for secret in SECRETS:
        assert secret not in content


def graph_json(response) -> dict:
    match = re.search(
        r'<script id="network-graph-data" type="application/json">(.*?)</script>',
        text(response),
        re.S,
    )
    assert match
    return json.loads(match.group(1))


def test_the_overview_lists_groups_central_figures_communities_and_shared_links(
    graph, area, analyst, verified_client
):
    response = verified_client(analyst).get(reverse("intelligence:network"))

    assert response.status_code == 200
    overview = response.context["overview"]
    assert [group.size for group in overview.groups] == [5, 2]
    assert overview.groups[0].kinds == "2 children, 1 person of concern, 1 place and 1 vehicle"
    assert overview.groups[0].lead.label == "Larkspur Hotel"
    assert {row.node.label for row in overview.central} >= {"Larkspur Hotel", "Ivor Gorvane"}
    assert all(row.node.kind != "child" for row in overview.central)
    assert sum(c.size for c in overview.communities) <= 7
    [shared] = overview.shared
    assert shared.node.label == "Larkspur Hotel"
    assert sorted(c.label for c in shared.children) == sorted(
        [pseudonym(area, graph["zephyrine"].pk), pseudonym(area, graph["other_child"].pk)]
    )
    content = text(response)
    assert pseudonym(area, graph["zephyrine"].pk) in content
    assert_no_secrets(content)


def test_a_page_with_pseudonyms_only_writes_one_log_entry_naming_no_child(
    graph, analyst, verified_client
):
    client = verified_client(analyst)
    for url in (
        reverse("intelligence:network"),
        reverse("intelligence:network-subject", args=[key(graph["hotel"])]),
        reverse("intelligence:network-subject-svg", args=[key(graph["hotel"])]),
        reverse("intelligence:network-link"),
    ):
        before = AccessLogEntry.objects.count()
        assert client.get(url).status_code == 200
        [entry] = AccessLogEntry.objects.order_by("-pk")[: AccessLogEntry.objects.count() - before]
        assert entry.child_id is None
        assert entry.basis == "intelligence_role"
        assert "2 children by pseudonym" in entry.subject or "link" in url


def test_the_subject_page_tables_and_graph_json_show_children_by_pseudonym(
    graph, area, analyst, verified_client
):
    response = verified_client(analyst).get(
        reverse("intelligence:network-subject", args=[key(graph["gorvane"])])
    )

    assert response.status_code == 200
    drawn = response.context["drawn"]
    assert drawn.whole_group
    assert len(drawn.nodes) == 5
    assert len(drawn.links) == 5
    data = graph_json(response)
    labels = {node["data"]["label"] for node in data["nodes"]}
    assert labels == {
        "Ivor Gorvane",
        "Larkspur Hotel",
        "TE51ABC",
        pseudonym(area, graph["zephyrine"].pk),
        pseudonym(area, graph["other_child"].pk),
    }
    assert len(data["edges"]) == 5
    assert all(re.fullmatch(r"n\d+", node["data"]["id"]) for node in data["nodes"])
    [subject] = [node for node in data["nodes"] if node["data"]["subject"]]
    assert subject["data"]["label"] == "Ivor Gorvane"
    assert "Transported" in {edge["data"]["label"] for edge in data["edges"]}
    content = text(response)
    assert "Hollin" not in content  # the withdrawn link does not join the groups
    assert 'src="/static/dist/cytoscape.min.js"' in content
    assert_no_secrets(content)


def test_the_svg_is_an_image_with_a_title_labels_and_pseudonyms(
    graph, area, analyst, verified_client
):
    response = verified_client(analyst).get(
        reverse("intelligence:network-subject-svg", args=[key(graph["hotel"])])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg"
    assert root.find(f"{svg}title").text == "Network of Larkspur Hotel"
    assert "5 subjects" in root.find(f"{svg}desc").text
    labels = {t.text for t in root.iter(f"{svg}text")}
    assert {"Larkspur Hotel", pseudonym(area, graph["zephyrine"].pk)} <= labels
    assert len(list(root.iter(f"{svg}line"))) == 5
    assert_no_secrets(response.content.decode())


def test_the_shortest_link_is_an_ordered_chain(graph, area, analyst, verified_client):
    client = verified_client(analyst)
    zephyrine = f"c{graph['zephyrine'].pk}"

    response = client.get(
        reverse("intelligence:network-link"), {"source": key(graph["car"]), "target": zephyrine}
    )

    assert response.status_code == 200
    assert [node.label for node in response.context["chain"]] == [
        "TE51ABC",
        pseudonym(area, graph["other_child"].pk),
        "Larkspur Hotel",
        pseudonym(area, graph["zephyrine"].pk),
    ] or [node.label for node in response.context["chain"]] == [
        "TE51ABC",
        "Ivor Gorvane",
        "Larkspur Hotel",
        pseudonym(area, graph["zephyrine"].pk),
    ]
    content = text(response)
    assert '<ol class="govuk-list govuk-list--number">' in content
    assert "3 links from TE51ABC to" in content
    assert_no_secrets(content)


def test_subjects_linked_only_through_a_withdrawn_link_are_not_linked(
    graph, analyst, verified_client
):
    response = verified_client(analyst).get(
        reverse("intelligence:network-link"),
        {"source": key(graph["gorvane"]), "target": key(graph["hollin"])},
    )
    assert response.status_code == 200
    assert response.context["chain"] is None
    assert "are not linked by any chain" in text(response)


def test_the_same_subject_twice_is_an_error(graph, analyst, verified_client):
    response = verified_client(analyst).get(
        reverse("intelligence:network-link"),
        {"source": key(graph["car"]), "target": key(graph["car"])},
    )
    assert response.status_code == 200
    assert "Choose a different subject from the first." in text(response)
    assert "Error: " in text(response)


def test_a_child_is_named_to_their_worker_and_each_named_child_is_logged(
    graph, area, police, verified_client
):
    council = AgencyFactory(area=area, kind="social_care")
    AgreementFactory(
        area=area, parties=[police, council], categories=["police-intelligence"],
        purposes=["disruption"],
    )  # fmt: skip
    worker = StaffUserFactory(role=Role.CSE_COORDINATOR, agency=council)
    relate(graph["zephyrine"], user=worker)

    before = AccessLogEntry.objects.count()
    response = verified_client(worker).get(
        reverse("intelligence:network-subject", args=[key(graph["hotel"])])
    )

    assert response.status_code == 200
    labels = {node["data"]["label"] for node in graph_json(response)["nodes"]}
    assert "Zephyrine Quillborough" in labels
    assert pseudonym(area, graph["other_child"].pk) in labels
    entries = AccessLogEntry.objects.order_by("pk")[before:]
    assert sorted((e.child_id or 0) for e in entries) == [0, graph["zephyrine"].pk]
    page_entry = next(e for e in entries if e.child_id is None)
    assert "1 child by pseudonym" in page_entry.subject


def test_subjects_the_user_cannot_see_are_not_found(graph, area, analyst, verified_client):
    client = verified_client(analyst)
    theirs = PlaceFactory(source_agency=AgencyFactory(area=area, kind="social_care"))
    for missing in (key(theirs), "e999999", "x1", f"c{ChildFactory(area=area).pk}"):
        url = reverse("intelligence:network-subject", args=[missing])
        assert client.get(url).status_code == 404


def test_a_child_can_be_the_subject(graph, area, analyst, verified_client):
    zephyrine = graph["zephyrine"]
    response = verified_client(analyst).get(
        reverse("intelligence:network-subject", args=[f"c{zephyrine.pk}"])
    )
    assert response.status_code == 200
    assert response.context["drawn"].subject.node == child_node(zephyrine.pk)
    assert_no_secrets(text(response))


def test_roles_without_intelligence_are_refused(graph, police, verified_client):
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police)
    client = verified_client(admin)
    for url in (
        reverse("intelligence:network"),
        reverse("intelligence:network-link"),
        reverse("intelligence:network-subject", args=[key(graph["hotel"])]),
        reverse("intelligence:network-subject-svg", args=[key(graph["hotel"])]),
    ):
        assert client.get(url).status_code == 403


def test_the_pages_answer_when_there_is_no_intelligence(analyst, verified_client):
    client = verified_client(analyst)

    overview = client.get(reverse("intelligence:network"))
    link = client.get(reverse("intelligence:network-link"))

    assert overview.status_code == 200
    assert "There are no links in the intelligence you can see." in text(overview)
    assert link.status_code == 200
    assert link.context["chain"] is None
