"""Coverage counts against a fixture worked out by hand."""

from __future__ import annotations

import pytest
from django.utils import timezone

from seemehearme.dataprotection.coverage import coverage
from seemehearme.people.models import RelationshipKind
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ChildFactory,
    InformationItemFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    relate,
)
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory

pytestmark = pytest.mark.django_db


def test_counts_what_each_reader_cannot_see(partnership):
    council, police = partnership.council, partnership.police
    area = council.area
    health = AgencyFactory(area=area, name="Testshire Health")
    # The police share police intelligence with the council, for problem profiling only (so
    # not for safeguarding records); the council and health share social care for safeguarding.
    AgreementFactory(
        area=area, reference="ISA-P", parties=[council, police],
        categories=["police-intelligence"], purposes=["problem-profiling"],
    )  # fmt: skip
    AgreementFactory(
        area=area, reference="ISA-S", parties=[council, health], categories=["social-care"]
    )
    worked = ChildFactory(area=area)  # the council works with this child
    team_child = ChildFactory(area=area)  # and with this one, through a team
    other = ChildFactory(area=area)  # nobody at the council works with this one
    relate(worked, RelationshipKind.KEY_WORKER, user=partnership.worker)
    relate(team_child, RelationshipKind.REFERRAL_HOLDER, team=TeamFactory(agency=council))
    police_intel = category("police-intelligence")
    for child in (worked, worked, team_child, other):
        InformationItemFactory(child=child, source_agency=police, category=police_intel)
    InformationItemFactory(child=worked, source_agency=health, category=category("social-care"))
    InformationItemFactory(child=worked, source_agency=health, category=category("health"))
    person = AgencyPersonFactory(agency=police, child=team_child)
    AgencyEventFactory(person=person)  # a police event about team_child
    event_category = person.events.get().category

    pairs = {
        (p.holder.name, p.reader.name): p for p in coverage(area=area, on=timezone.localdate())
    }
    police_to_council = pairs[("Testshire Police", "Testshire Council")]
    withheld = {c.code: n for c, n in police_to_council.withheld}
    # 3 police intelligence items about children the council works with (not `other`'s), shared
    # for problem profiling only; 1 police event.
    expected = {"police-intelligence": 3}
    expected[event_category.code] = expected.get(event_category.code, 0) + 1
    assert withheld == expected
    assert [s.purposes for s in police_to_council.shared] == [["Problem profiling"]]
    assert police_to_council.has_agreement

    health_to_council = pairs[("Testshire Health", "Testshire Council")]
    assert {c.code: n for c, n in health_to_council.withheld} == {"health": 1}
    assert [s.category.code for s in health_to_council.shared] == ["social-care"]

    police_to_health = pairs[("Testshire Police", "Testshire Health")]
    assert not police_to_health.has_agreement
    assert police_to_health.withheld == []  # health works with no child


def test_the_coverage_page_names_no_child(partnership, verified_client):
    InformationItemFactory(child=partnership.child, source_agency=partnership.police)
    page = verified_client(partnership.dpo).get("/data-protection/coverage/").content.decode()
    assert "Testshire Police to Testshire Council" in page
    assert "No agreement" in page
    assert partnership.child.given_name not in page


def test_staff_without_the_role_are_refused(partnership, verified_client):
    other = StaffUserFactory(team=TeamFactory(agency=partnership.police))
    assert verified_client(other).get("/data-protection/coverage/").status_code == 403
