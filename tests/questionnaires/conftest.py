"""A partnership with three agencies, a sender and each agency's manager, and a questionnaire
of one question of each kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Role, StaffUser
from seemehearme.questionnaires.models import QuestionKind, Questionnaire
from seemehearme.questionnaires.services import question_add, questionnaire_create
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory


@dataclass
class World:
    social_care: Agency
    police: Agency
    health: Agency
    lead: StaffUser  # strategic lead, social care
    police_manager: StaffUser
    health_manager: StaffUser
    questionnaire: Questionnaire

    @property
    def due(self) -> dt.date:
        return timezone.localdate() + dt.timedelta(days=28)


def manager_of(agency: Agency, role: str = Role.TEAM_MANAGER) -> StaffUser:
    return StaffUserFactory(role=role, team=TeamFactory(agency=agency))


@pytest.fixture
def world(db) -> World:
    area = AreaFactory()
    social_care = AgencyFactory(area=area, name="Social Care")
    police = AgencyFactory(area=area, name="Police", kind=AgencyKind.POLICE)
    health = AgencyFactory(area=area, name="Health", kind=AgencyKind.HEALTH)
    lead = manager_of(social_care, Role.STRATEGIC_LEAD)
    questionnaire = questionnaire_create(by=lead, title="Progress")
    for key, text, kind in (
        ("strategy", "Do you have a CSE strategy?", QuestionKind.YES_NO_PARTLY),
        ("trained", "How many staff are trained?", QuestionKind.NUMBER),
        ("confidence", "How confident are you?", QuestionKind.SCALE),
        ("changed", "What has changed?", QuestionKind.TEXT),
    ):
        question_add(by=lead, questionnaire=questionnaire, key=key, text=text, kind=kind)
    return World(
        social_care=social_care,
        police=police,
        health=health,
        lead=lead,
        police_manager=manager_of(police),
        health_manager=manager_of(health),
        questionnaire=questionnaire,
    )
