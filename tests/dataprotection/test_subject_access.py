"""Subject access: the deadline, what is gathered, the redaction review, and the promise that
a release never holds another child's data or an item the policy withholds."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.models import VoiceEntry
from seemehearme.dataprotection import subject_access
from seemehearme.dataprotection.decisions import sharing_decision_record
from seemehearme.dataprotection.models import Consent, ItemDecision, RequestStatus
from seemehearme.meetings.models import AgendaChild, Meeting, MeetingType
from seemehearme.people.models import AgencyIdentifier
from seemehearme.sharing.models import LawfulBasis
from tests.factories import (
    ChildFactory,
    InformationItemFactory,
    StaffUserFactory,
    category,
    purpose,
)
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory
from tests.intelligence.factories import AssociationFactory, PersonOfConcernFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 3), dt.date(2026, 4, 3)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_the_answer_is_due_one_calendar_month_after_receipt(received, due):
    assert subject_access.due_date(received) == due


OTHER_GIVEN, OTHER_FAMILY, OTHER_KNOWN_AS = "Jordana", "Westfoldly", "Jojo"
OTHER_NHS, OTHER_POLICE_ID = "943 476 5919", "NBP-778812"


def _two_children(p):
    """Maisie (the subject) and Jordana, who share a meeting, a person of concern and an event,
    and whom Maisie's records mention by name and reference."""
    area = p.council.area
    maisie = p.child
    other = ChildFactory(
        area=area, given_name=OTHER_GIVEN, family_name=OTHER_FAMILY, known_as=OTHER_KNOWN_AS
    )
    AgencyIdentifier.objects.create(child=other, agency=p.council, scheme="nhs", value=OTHER_NHS)
    AgencyIdentifier.objects.create(
        child=maisie, agency=p.council, scheme="nhs", value="111 222 3333"
    )
    other_police = AgencyPersonFactory(
        agency=p.police, child=other, source_person_id=OTHER_POLICE_ID,
        given_name=OTHER_GIVEN, family_name=OTHER_FAMILY,
    )  # fmt: skip
    maisie_police = AgencyPersonFactory(agency=p.police, child=maisie, source_person_id="NBP-1")
    InformationItemFactory(
        child=maisie, source_agency=p.council, title=f"Seen with {OTHER_GIVEN} {OTHER_FAMILY}",
        detail=f"Maisie was with {OTHER_KNOWN_AS} (NHS {OTHER_NHS}), police ref {OTHER_POLICE_ID}.",
    )  # fmt: skip
    VoiceEntry.objects.create(
        child=maisie, kind="own_words", words=f"{OTHER_GIVEN.upper()} told me to go.",
        captured_how="in_person", captured_with="her worker", captured_where="school",
        said_on=timezone.localdate(), recorded_by=p.worker, source_agency=p.council,
    )  # fmt: skip
    AgencyEventFactory(
        person=maisie_police,
        detail="Found together in a car park.",
        linked_people=[
            {"role": "found with", "given_name": OTHER_GIVEN, "family_name": OTHER_FAMILY,
             "person_id": OTHER_POLICE_ID, "age_at_event": 14},
        ],
    )  # fmt: skip
    AgencyEventFactory(person=other_police, detail="Jordana's own event.")
    meeting = Meeting.objects.create(
        area=area, meeting_type=MeetingType.objects.order_by("pk").first(),
        held_at=timezone.now() - dt.timedelta(days=2), location="Civic Centre",
        chair=p.worker, created_by=p.worker, status="held",
        minutes=f"General minutes naming {OTHER_GIVEN} {OTHER_FAMILY}.",
    )  # fmt: skip
    AgendaChild.objects.create(
        meeting=meeting, child=maisie, discussion=f"Maisie and {OTHER_GIVEN} were seen together."
    )
    AgendaChild.objects.create(
        meeting=meeting, child=other, discussion="About Jordana only: her mother's illness."
    )
    man = PersonOfConcernFactory(source_agency=p.police, given_name="Ivor", family_name="Harmer")
    AssociationFactory(entity=man, other=None, child=maisie, source_agency=p.police)
    AssociationFactory(entity=man, other=None, child=other, source_agency=p.police)
    sharing_decision_record(
        by=p.worker, child=maisie, shared=True, purpose=purpose("safeguarding"),
        categories=[category("social-care")], with_agency=p.police,
        reason=f"Linked to {OTHER_GIVEN}'s case.", lawful_basis=LawfulBasis.DPA_SCH1_PARA18,
        consent=Consent.GIVEN,
    )  # fmt: skip
    return other


def _gathered_request(p):
    sar = subject_access.request_create(
        by=p.dpo, child=p.child, requester_name="Her mother", requester_kind="parent",
        received_on=timezone.localdate(),
    )  # fmt: skip
    subject_access.request_gather(request=sar, by=p.dpo)
    return sar


def _include_everything(sar, by):
    for item in sar.items.filter(decision=ItemDecision.UNDECIDED):
        subject_access.item_review(
            item=item, by=by, decision="include", reason="", redacted_text=""
        )


def _release(sar) -> str:
    document = subject_access.release_document(sar)
    archive = zipfile.ZipFile(io.BytesIO(subject_access.release_zip(document)))
    return "\n".join(
        [
            json.dumps(document, ensure_ascii=False),
            subject_access.release_html(document),
            archive.read("release.json").decode(),
        ]
    )


FORBIDDEN = [
    OTHER_GIVEN,
    OTHER_FAMILY,
    OTHER_KNOWN_AS,
    OTHER_NHS,
    OTHER_POLICE_ID,
    "mother's illness",
]


def _assert_nothing_of_the_other_child(text: str, other) -> None:
    for word in FORBIDDEN:
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE), word
    assert "Jordana's own event" not in text


def test_the_release_never_holds_the_other_childs_name_or_identifiers(partnership):
    other = _two_children(partnership)
    sar = _gathered_request(partnership)
    gathered = "\n".join(f"{item.title}\n{item.text}" for item in sar.items.all())
    _assert_nothing_of_the_other_child(gathered, other)
    _include_everything(sar, partnership.dpo)
    subject_access.request_release(request=sar, by=partnership.dpo)
    released = _release(sar)
    _assert_nothing_of_the_other_child(released, other)
    # And what is Maisie's is there: her own words, her item, her own reference, the meeting.
    assert "told me to go" in released
    assert "111 222 3333" in released
    assert "Maisie and [name withheld] were seen together." in released
    assert "Found together in a car park." in released


def test_a_redaction_cannot_bring_another_childs_name_back(partnership):
    _two_children(partnership)
    sar = _gathered_request(partnership)
    item = sar.items.get(section="information")
    subject_access.item_review(
        item=item, by=partnership.dpo, decision="redact", reason="Tidied",
        redacted_text=f"Seen with {OTHER_GIVEN} [redacted].",
    )  # fmt: skip
    _include_everything(sar, partnership.dpo)
    subject_access.request_release(request=sar, by=partnership.dpo)
    assert OTHER_GIVEN not in _release(sar)


def test_what_is_gathered(partnership):
    _two_children(partnership)
    sar = _gathered_request(partnership)
    sections = set(sar.items.values_list("section", flat=True))
    assert {
        "record", "information", "child-voice", "agency-event", "meeting", "sharing-decision",
        "intelligence", "shared", "access-log",
    } <= sections  # fmt: skip
    record = sar.items.get(section="record")
    assert "Maisie Subjectson" in record.text
    # Intelligence is about other people: withheld, and already excluded.
    intelligence = sar.items.get(section="intelligence")
    assert intelligence.withheld
    assert intelligence.decision == ItemDecision.EXCLUDE
    assert "Harmer" not in intelligence.title + intelligence.text
    assert sar.status == RequestStatus.IN_REVIEW
    with pytest.raises(ValidationError):
        subject_access.request_gather(request=sar, by=partnership.dpo)


def test_who_saw_the_record_is_in_the_copy(partnership, verified_client):
    verified_client(partnership.worker).get(f"/children/{partnership.child.pk}/")
    sar = _gathered_request(partnership)
    log = sar.items.get(section="access-log")
    assert partnership.worker.username in log.text
    assert "Key worker" in log.text


def test_items_the_policy_withholds_unnamed_are_never_released(partnership):
    InformationItemFactory(
        child=partnership.child, source_agency=partnership.police,
        category=category("sexual-health"), title="Clinic attendance", detail="Clinic detail",
    )  # fmt: skip
    sar = _gathered_request(partnership)
    item = sar.items.get(category="Sexual health")
    assert item.withheld
    assert item.text == ""
    with pytest.raises(ValidationError):
        subject_access.item_review(
            item=item, by=partnership.dpo, decision="include", reason="", redacted_text=""
        )
    _include_everything(sar, partnership.dpo)
    subject_access.request_release(request=sar, by=partnership.dpo)
    released = _release(sar)
    assert "Clinic detail" not in released
    assert "Clinic attendance" not in released
    assert "Withheld: information of a kind" in released


def test_redactions_and_exclusions_are_applied_to_the_release(partnership):
    InformationItemFactory(
        child=partnership.child, source_agency=partnership.council,
        title="Home visit", detail="Her stepfather said the address is 4 Elm Row.",
    )  # fmt: skip
    InformationItemFactory(
        child=partnership.child, source_agency=partnership.council,
        title="Neighbour's report", detail="The neighbour at number 6 reported shouting.",
    )  # fmt: skip
    sar = _gathered_request(partnership)
    visit = sar.items.get(title="Home visit")
    with pytest.raises(ValidationError) as raised:
        subject_access.item_review(
            item=visit, by=partnership.dpo, decision="redact", reason="", redacted_text=visit.text
        )
    assert set(raised.value.message_dict) == {"reason", "redacted_text"}
    subject_access.item_review(
        item=visit, by=partnership.dpo, decision="redact", reason="Third-party information",
        redacted_text="Her stepfather said [redacted].",
    )  # fmt: skip
    report = sar.items.get(title="Neighbour's report")
    subject_access.item_review(
        item=report, by=partnership.dpo, decision="exclude",
        reason="Given in confidence by a third party", redacted_text="",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        subject_access.request_release(request=sar, by=partnership.dpo)  # items still to review
    _include_everything(sar, partnership.dpo)
    subject_access.request_release(request=sar, by=partnership.dpo)
    released = _release(sar)
    assert "4 Elm Row" not in released
    assert "Her stepfather said [redacted]." in released
    assert "Third-party information" in released
    assert "number 6" not in released
    assert "Given in confidence by a third party" in released


def test_staff_names_are_kept_unless_the_partnership_redacts_them(partnership, settings):
    sharing_decision_record(
        by=partnership.worker, child=partnership.child, shared=False,
        purpose=purpose("safeguarding"),
        what="Her diary", with_person="Kim Worker's colleague", reason="No need.",
        consent=Consent.REFUSED,
    )  # fmt: skip
    sar = _gathered_request(partnership)
    assert "Kim Worker" in sar.items.get(section="sharing-decision").text
    settings.SMH_SAR_REDACT_STAFF_NAMES = True
    child = partnership.child
    third = subject_access.third_party_for(child, ["Kim Worker's colleague"])
    assert third.scrub("Kim Worker's colleague")[0] == "[member of staff]'s colleague"


NAME = st.text(alphabet=st.characters(whitelist_categories=["Lu", "Ll"]), min_size=3, max_size=12)


@given(name=NAME, before=st.text(max_size=40), after=st.text(max_size=40))
def test_a_scrubbed_text_never_holds_the_name(name, before, after):
    replacement = subject_access.NAME_WITHHELD
    if name.lower() in replacement.lower():
        return  # the marker's own words
    third = subject_access.ThirdParty()
    third.add(name, replacement, keep=set())
    text, _ = third.scrub(f"{before} {name} {after}")
    pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
    assert not re.search(pattern, text.replace(replacement, ""), re.IGNORECASE)


def test_the_pages_answer_the_lead_and_log_the_child(partnership, verified_client):
    client = verified_client(partnership.dpo)
    response = client.post(
        "/data-protection/subject-access/new",
        {
            "given_name": "maisie", "family_name": "SUBJECTSON",
            "date_of_birth_day": "17", "date_of_birth_month": "5", "date_of_birth_year": "2011",
            "requester_name": "Maisie herself", "requester_kind": "child",
            "received_on_day": "1", "received_on_month": "12", "received_on_year": "2026",
        },
    )  # fmt: skip
    assert response.status_code == 302
    url = response["Location"]
    client.post(url + "gather")
    page = client.get(url).content.decode()
    assert "Maisie Subjectson" in page
    assert "Redaction review" in page
    entries = AccessLogEntry.objects.filter(child=partnership.child, user=partnership.dpo)
    assert {e.basis for e in entries} == {"subject_access_request"}
    worker = verified_client(partnership.worker)
    assert worker.get(url).status_code == 403
    assert worker.get("/data-protection/subject-access/").status_code == 403


def test_a_request_for_a_child_of_another_partnership_is_not_found(partnership, verified_client):
    from tests.factories import AgencyFactory, AreaFactory, TeamFactory

    elsewhere = AgencyFactory(area=AreaFactory(slug="elsewhere", name="Elsewhere"))
    lead = StaffUserFactory(team=TeamFactory(agency=elsewhere), role="data_protection_lead")
    sar = _gathered_request(partnership)
    response = verified_client(lead).get(f"/data-protection/subject-access/{sar.pk}/")
    assert response.status_code == 404
