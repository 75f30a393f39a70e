"""The clean-up of answers saved before only a yes could carry evidence, an agency and a date:
migrate back to before it, save answers as the old form did, migrate forward."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from seemehearme.screening.models import ScreeningAnswer
from tests.factories import ChildFactory, StaffUserFactory

CATEGORIES = importlib.import_module(
    "seemehearme.sharing.migrations.0002_reference_categories_and_purposes"
)
SEED = importlib.import_module(
    "seemehearme.screening.migrations.0002_inquiry_indicators_and_schemes"
)

BEFORE = [("screening", "0002_inquiry_indicators_and_schemes")]
AFTER = [("screening", "0004_only_a_yes_has_evidence_a_source_or_a_date")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest():  # type: ignore[no-untyped-def]
    """Leave the database at the latest migrations: later tests use today's columns."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_no_and_not_known_answers_lose_the_agency_their_form_defaulted_to():
    # People are made with today's models, before going back in time.
    worker = StaffUserFactory()
    child = ChildFactory(area=worker.agency.area)
    # Transactional tests empty every table after each one, seeded rows included, so put
    # back the categories (today's), then the indicators and schemes as the old state had them.
    CATEGORIES.seed(django_apps, None)
    old = migrate(BEFORE)
    SEED.seed(old, None)
    Screening = old.get_model("screening", "Screening")
    Answer = old.get_model("screening", "ScreeningAnswer")
    Indicator = old.get_model("screening", "Indicator")
    Scheme = old.get_model("screening", "ScoringScheme")
    indicators = list(Indicator.objects.filter(indicator_set__is_current=True)[:4])
    screening = Screening.objects.create(
        child_id=child.pk,
        indicator_set_id=indicators[0].indicator_set_id,
        scheme=Scheme.objects.get(code="seraf"),
        completed_by_id=worker.pk,
        source_agency_id=worker.agency_id,
        completed_on=dt.date(2026, 10, 1),
        score=1,
        band_code="not-at-risk",
        band_label="Not at risk",
        reassess_due=dt.date(2026, 12, 31),
    )
    seen = dt.date(2026, 9, 20)
    rows = [
        ("yes", "Sofa surfing (synthetic).", worker.agency_id, seen),
        ("no", "", worker.agency_id, None),  # as the old form saved every "no"
        ("not_known", "Heard something (synthetic).", worker.agency_id, seen),
        ("no", "", None, None),
    ]
    for indicator, (present, evidence, agency_id, observed_on) in zip(
        indicators, rows, strict=True
    ):
        Answer.objects.create(
            screening=screening,
            indicator=indicator,
            present=present,
            evidence=evidence,
            source_agency_id=agency_id,
            observed_on=observed_on,
        )

    migrate(AFTER)

    after = {
        answer.indicator_id: (
            answer.present,
            answer.evidence,
            answer.source_agency_id,
            answer.observed_on,
        )
        for answer in ScreeningAnswer.objects.filter(screening_id=screening.pk)
    }
    assert [after[indicator.pk] for indicator in indicators] == [
        ("yes", "Sofa surfing (synthetic).", worker.agency_id, seen),
        ("no", "", None, None),
        ("not_known", "", None, None),
        ("no", "", None, None),
    ]
