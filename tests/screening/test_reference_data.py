"""The inquiry's checklist and the two schemes, as the data migration seeds them."""

from __future__ import annotations

import pytest

from seemehearme.screening.models import IndicatorKind, IndicatorSet, ScoringScheme
from seemehearme.screening.scoring import rules_check

pytestmark = pytest.mark.django_db

SIGNIFICANT = {
    "Missing from home or care",
    "Repeat sexually transmitted infections, pregnancy and terminations",
    "Receipt of gifts from unknown sources",
    "Recruiting others into exploitative situations",
    "Physical injuries",
    "Self-harm",
    "Thoughts of or attempts at suicide",
    "Estranged from family",
}


def test_the_inquiry_checklist_has_15_vulnerabilities_and_14_warning_signs():
    current = IndicatorSet.objects.get(is_current=True)
    assert (current.code, current.version) == ("inquiry-2012", 1)
    kinds = list(current.indicators.values_list("kind", flat=True))
    assert kinds.count(IndicatorKind.VULNERABILITY) == 15
    assert kinds.count(IndicatorKind.WARNING_SIGN) == 14
    numbers = current.indicators.filter(kind=IndicatorKind.WARNING_SIGN).values_list(
        "number", flat=True
    )
    assert sorted(numbers) == list(range(1, 15))


def test_indicators_are_worded_as_the_inquiry_published_them():
    texts = {
        i.number: i.text
        for i in IndicatorSet.objects.get(is_current=True).indicators.all()
        if i.kind == IndicatorKind.VULNERABILITY
    }
    assert texts[1] == (
        "Chaotic or dysfunctional household (parental substance misuse, domestic violence, "
        "parental mental ill-health, parental criminality)"
    )
    assert texts[13] == "Living in a hostel, bed-and-breakfast accommodation or a foyer"


def test_warning_signs_carry_their_seraf_weight():
    signs = IndicatorSet.objects.get(is_current=True).indicators.filter(
        kind=IndicatorKind.WARNING_SIGN
    )
    assert {s.text for s in signs if s.seraf_level == "significant"} == SIGNIFICANT
    assert all(s.seraf_level == "moderate" for s in signs if s.text not in SIGNIFICANT)


def test_vulnerabilities_have_no_seraf_weight_and_every_indicator_a_category():
    indicators = IndicatorSet.objects.get(is_current=True).indicators.all()
    assert all(i.seraf_level == "" for i in indicators if i.kind == IndicatorKind.VULNERABILITY)
    assert all(i.category_id for i in indicators)


def test_both_schemes_are_seeded_and_valid():
    schemes = {s.code: s for s in ScoringScheme.objects.filter(is_active=True)}
    assert set(schemes) == {"seraf", "three-or-more"}
    for scheme in schemes.values():
        rules_check(scheme.rules)
        scheme.full_clean()
