"""Reference data a local area manages (issue 8, item 10): administrators add, edit and retire
each kind in the back office; an item records use keeps what it says (retire and replace,
ADR 0011); deleting one in use is refused; nobody else reaches these pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.cases.models import (
    AbusePattern,
    CasePattern,
    CaseStatus,
    ClosureReason,
    Engagement,
    ReflectiveAnswer,
    ReflectiveQuestion,
    Review,
    RiskLevel,
)
from seemehearme.earlywarning.models import RuleSet
from seemehearme.feeds.models import EventType
from seemehearme.meetings.models import Meeting, MeetingType
from seemehearme.participation.models import FamilySupportKind, FamilySupportOffer
from seemehearme.plans.models import DisruptionTactic
from seemehearme.sharing.models import InformationCategory
from seemehearme.workforce.models import TrainingCourse, TrainingRecord
from tests.factories import AreaFactory, CaseFactory, PlanActionFactory, StaffUserFactory
from tests.feeds.factories import AgencyEventFactory

pytestmark = pytest.mark.django_db


def _review_answering(question: ReflectiveQuestion) -> None:
    case = CaseFactory()
    review = Review.objects.create(
        case=case,
        held_on=timezone.localdate(),
        recorded_by=case.opened_by,
        engagement=Engagement.SOME,
        risk_level_before=case.risk_level,
        risk_level_after=case.risk_level,
        child_says_things_are="same",
        summary="Reviewed (synthetic).",
    )
    ReflectiveAnswer.objects.create(review=review, question=question, answer="yes")


def _meeting_of(meeting_type: MeetingType) -> None:
    chair = StaffUserFactory(role=Role.CSE_COORDINATOR)
    Meeting.objects.create(
        area=AreaFactory(),
        meeting_type=meeting_type,
        held_at=timezone.now() + dt.timedelta(days=3),
        location="Room 1",
        chair=chair,
        created_by=chair,
    )


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    label: str  # the field that says what it is
    new: Callable[[], dict[str, Any]]  # the add form, filled in
    use: Callable[[Any], None]  # make a record that uses an item

    @property
    def url(self) -> str:
        return f"/admin/{self.model._meta.app_label}/{self.model._meta.model_name}/"


def _pattern_on_a_case(pattern: AbusePattern) -> None:
    case = CaseFactory()
    CasePattern.objects.create(
        case=case,
        pattern=pattern,
        why="Seen with older men (synthetic).",
        recorded_by=case.opened_by,
    )


def _offer_of(kind: FamilySupportKind) -> None:
    case = CaseFactory()
    FamilySupportOffer.objects.create(
        case=case,
        kind=kind,
        offered_to="mother",
        offered_on=timezone.localdate(),
        agency=case.opened_by.agency,
        recorded_by=case.opened_by,
    )


def _training_in(course: TrainingCourse) -> None:
    person = StaffUserFactory()
    TrainingRecord.objects.create(
        staff=person,
        course=course,
        completed_on=dt.date(2026, 1, 5),
        provider="Test provider",
        recorded_by=person,
    )


def _category() -> int:
    return InformationCategory.objects.get(code="police-incidents").pk


KINDS = [
    Kind(
        MeetingType,
        "name",
        lambda: {"code": "test-panel", "name": "Test panel", "order": "9", "is_active": "on"},
        _meeting_of,
    ),
    Kind(
        RiskLevel,
        "name",
        lambda: {
            "scheme": "category",
            "code": "category-9",
            "name": "Category 9: test",
            "rank": "9",
            "is_active": "on",
        },
        lambda level: CaseFactory(risk_level=level),
    ),
    Kind(
        ClosureReason,
        "name",
        lambda: {"code": "test-reason", "name": "A test reason", "is_active": "on"},
        lambda reason: CaseFactory(
            status=CaseStatus.CLOSED, closed_at=timezone.now(), closure_reason=reason
        ),
    ),
    Kind(
        ReflectiveQuestion,
        "text",
        lambda: {
            "group": "voice_of_the_child",
            "code": "test-question",
            "text": "Is this a test question?",
            "order": "99",
            "is_active": "on",
        },
        _review_answering,
    ),
    Kind(
        DisruptionTactic,
        "name",
        lambda: {
            "code": "test-tactic",
            "name": "A test tactic",
            "group": "online",
            "is_active": "on",
        },
        lambda tactic: PlanActionFactory(disruption_tactic=tactic, disruption_target="The park"),
    ),
    Kind(
        AbusePattern,
        "name",
        lambda: {
            "code": "test-pattern",
            "name": "A test pattern",
            "order": "99",
            "is_active": "on",
        },
        _pattern_on_a_case,
    ),
    Kind(
        TrainingCourse,
        "name",
        lambda: {
            "code": "test-course",
            "name": "A test course",
            "valid_for_months": "12",
            "version": "1",
            "order": "9",
            "is_active": "on",
        },
        _training_in,
    ),
    Kind(
        EventType,
        "name",
        lambda: {
            "code": "test-event",
            "name": "A test event",
            "category": str(_category()),
            "is_active": "on",
        },
        lambda event_type: AgencyEventFactory(event_type=event_type, category=event_type.category),
    ),
    Kind(
        FamilySupportKind,
        "name",
        lambda: {"code": "test-support", "name": "A test support", "is_active": "on"},
        _offer_of,
    ),
]
IDS = [kind.model.__name__ for kind in KINDS]


@pytest.fixture
def admin_client(verified_client):
    administrator = StaffUserFactory(
        role=Role.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    return verified_client(administrator)


def _add(client, kind: Kind, **changes: str) -> models.Model:
    response = client.post(f"{kind.url}add/", {**kind.new(), **changes})
    assert response.status_code == 302, response.context["errors"]
    return kind.model._default_manager.get(code=changes.get("code", kind.new()["code"]))


def _form(item: models.Model, kind: Kind, **changes: Any) -> dict[str, Any]:
    """The change form as the page would post it, with ``changes``."""
    data = {**kind.new()}
    for name in data:
        value = getattr(item, name + "_id", None) if name == "category" else getattr(item, name)
        data[name] = "on" if value is True else str(value)
    if not item.is_active:  # type: ignore[attr-defined]
        del data["is_active"]
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_an_administrator_adds_edits_and_retires_each_kind(admin_client, kind):
    listing = admin_client.get(kind.url)
    assert listing.status_code == 200

    item = _add(admin_client, kind)
    assert item.is_active  # type: ignore[attr-defined]
    # Nothing uses it yet, so its wording may still be put right in place.
    response = admin_client.post(
        f"{kind.url}{item.pk}/change/", _form(item, kind, **{kind.label: "Reworded"})
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert getattr(item, kind.label) == "Reworded"

    kind.use(item)
    response = admin_client.post(f"{kind.url}{item.pk}/change/", _form(item, kind, is_active=None))
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.is_active  # type: ignore[attr-defined]

    history = list(kind.model.history.filter(id=item.pk).order_by("history_date"))  # type: ignore[attr-defined]
    assert [record.history_type for record in history] == ["+", "~", "~"]
    assert history[-1].history_user.role == Role.SYSTEM_ADMINISTRATOR
    assert history[-1].prev_record.is_active
    assert not history[-1].is_active


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_rewording_an_item_in_use_is_refused_with_the_reason(admin_client, kind):
    item = _add(admin_client, kind)
    kind.use(item)
    page = admin_client.get(f"{kind.url}{item.pk}/change/").content.decode()
    assert "Save as a new version and retire this one" in page
    assert "Used by" in page

    response = admin_client.post(
        f"{kind.url}{item.pk}/change/", _form(item, kind, **{kind.label: "Something else"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be changed: those records would then say something they did not say" in page
    item.refresh_from_db()
    assert getattr(item, kind.label) != "Something else"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_new_version_replaces_an_item_in_use_and_retires_it(admin_client, kind):
    item = _add(admin_client, kind)
    kind.use(item)
    response = admin_client.post(
        f"{kind.url}{item.pk}/change/",
        {**_form(item, kind, code="replacement", **{kind.label: "Reworded"}), "_saveasnew": "1"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    replacement = kind.model._default_manager.get(code="replacement")
    assert not item.is_active  # type: ignore[attr-defined]
    assert getattr(item, kind.label) != "Reworded"
    assert replacement.is_active  # type: ignore[attr-defined]
    assert getattr(replacement, kind.label) == "Reworded"
    if hasattr(item, "version"):
        assert replacement.version == item.version + 1
    retired = kind.model.history.filter(id=item.pk).latest()  # type: ignore[attr-defined]
    assert retired.history_change_reason == f"Replaced by {replacement}"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_deleting_an_item_in_use_is_refused_and_an_unused_one_may_go(admin_client, kind):
    used = _add(admin_client, kind)
    kind.use(used)
    response = admin_client.post(f"{kind.url}{used.pk}/delete/", {"post": "yes"}, follow=True)
    page = response.content.decode()
    assert "cannot be deleted: it is used by" in page
    assert "Retire it instead" in page
    assert kind.model._default_manager.filter(pk=used.pk).exists()

    unused = _add(admin_client, kind, code="unused")
    response = admin_client.post(f"{kind.url}{unused.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not kind.model._default_manager.filter(pk=unused.pk).exists()


def test_an_item_only_the_history_of_records_points_at_is_still_in_use(admin_client):
    kind = KINDS[1]  # risk levels
    level = _add(admin_client, kind)
    case = CaseFactory(risk_level=level)
    case.risk_level = RiskLevel.objects.get(code="category-3")
    case.save()
    response = admin_client.post(f"{kind.url}{level.pk}/delete/", {"post": "yes"}, follow=True)
    assert "it is used by the history of cases" in response.content.decode()
    assert RiskLevel.objects.filter(pk=level.pk).exists()


def test_no_bulk_delete_that_could_skip_the_check(admin_client):
    page = admin_client.get(KINDS[0].url).content.decode()
    assert "delete_selected" not in page


def test_reverting_from_the_history_is_not_offered(admin_client):
    kind = KINDS[0]
    item = _add(admin_client, kind)
    kind.use(item)
    first = kind.model.history.filter(id=item.pk).earliest()  # type: ignore[attr-defined]
    response = admin_client.post(
        f"{kind.url}{item.pk}/history/{first.history_id}/", _form(item, kind)
    )
    assert response.status_code == 403


def test_an_event_type_an_early_warning_rule_names_is_in_use(admin_client):
    kind = next(kind for kind in KINDS if kind.model is EventType)
    item = _add(admin_client, kind)
    RuleSet.objects.create(
        area=AreaFactory(),
        code="test",
        version=1,
        name="Test rules",
        rules={"indicators": [{"code": "x", "event_types": [item.code]}], "rules": []},  # type: ignore[attr-defined]
    )
    response = admin_client.post(f"{kind.url}{item.pk}/delete/", {"post": "yes"}, follow=True)
    assert "it is used by early-warning rule sets" in response.content.decode()


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.CSE_COORDINATOR, Role.DATA_PROTECTION_LEAD]
)
def test_nobody_but_an_administrator_reaches_these_pages(verified_client, kind, role):
    user = StaffUserFactory(role=role, is_staff=True)
    for url in (kind.url, f"{kind.url}add/"):
        response = verified_client(user).get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
