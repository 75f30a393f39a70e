"""The data migration gives partnerships already in the database the version 1 rules as a draft."""

from __future__ import annotations

import importlib

from django.apps import apps

from seemehearme.earlywarning.models import RuleSet, RuleSetStatus
from seemehearme.earlywarning.rules import default_rules, references_check, rules_check
from tests.factories import AreaFactory

migration = importlib.import_module("seemehearme.earlywarning.migrations.0003_default_rules_draft")


def test_existing_partnerships_get_the_version_1_rules_as_a_draft(world):
    newcomer = AreaFactory(name="Newcomer Partnership", slug="newcomer")
    migration.seed(apps, None)
    draft = RuleSet.objects.get(area=newcomer)
    assert (draft.code, draft.version, draft.status) == ("early-warning", 1, RuleSetStatus.DRAFT)
    spec = rules_check(draft.rules, stored=True)
    references_check(spec)
    assert spec.stored() == default_rules().stored()
    # A partnership that already has the rules is left alone.
    assert RuleSet.objects.filter(area=world.area).count() == 1
