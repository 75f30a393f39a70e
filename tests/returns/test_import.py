"""A national instance imports returns: a sound one is stored, and a malformed, tampered or
inconsistent one is refused with a clear reason."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from seemehearme.returns.document import ReturnError, as_json, digest, schema_errors
from seemehearme.returns.imports import check_return, import_return
from seemehearme.returns.models import NationalReturn, ReturnCell
from seemehearme.returns.synthetic import synthetic_return

START, END = dt.date(2026, 4, 1), dt.date(2027, 3, 31)


@pytest.fixture
def document():
    return synthetic_return(7, start=START, end=END)


def _resign(document):
    document["integrity"]["digest"] = digest(document, "sha256")
    return document


def _table(document, table_id):
    return next(t for t in document["tables"] if t["id"] == table_id)


def _refused(document) -> str:
    with pytest.raises(ReturnError) as refused:
        check_return(document)
    return str(refused.value)


def test_a_synthetic_return_meets_the_schema(document):
    assert schema_errors(document) == []
    check_return(document)


def test_a_malformed_return_is_refused_with_the_json_path(document):
    broken = copy.deepcopy(document)
    broken["area"]["code"] = "Northbridge"
    broken["tables"][0]["cells"][0]["count"] = -1
    del broken["period"]["end"]
    reason = _refused(broken)
    assert "$.area.code" in reason
    assert "$.tables[0].cells[0].count" in reason
    assert "$.period: 'end' is a required property" in reason


def test_a_return_that_is_not_json_is_refused():
    with pytest.raises(ReturnError, match="not JSON"):
        import_return("{not json")


def test_a_tampered_return_is_refused(document):
    tampered = copy.deepcopy(document)
    cell = next(c for c in _table(tampered, "places")["cells"] if not c["suppressed"])
    cell["count"] += 5
    assert "Integrity: the digest does not match" in _refused(tampered)


def test_a_return_with_totals_that_do_not_add_up_is_refused(document):
    wrong = copy.deepcopy(document)
    table = _table(wrong, "review-child-view")
    total = next(c for c in table["cells"] if c["values"]["child_says"] == "total")
    assert not total["suppressed"]
    total["count"] += 10
    reason = _refused(_resign(wrong))
    assert "Table review-child-view: the parts of total add up to" in reason


def test_a_small_count_not_marked_suppressed_is_refused(document):
    shown = copy.deepcopy(document)
    table = _table(shown, "patterns")
    table["cells"].append({"values": {"pattern": "gang"}, "count": 3, "suppressed": False})
    reason = _refused(_resign(shown))
    assert "shows 3, a count below 5 not marked suppressed" in reason


def test_a_suppressed_number_the_others_give_away_is_refused(document):
    leaky = copy.deepcopy(document)
    table = _table(leaky, "review-risk")
    for cell in table["cells"]:
        cell["suppressed"] = False
    table["cells"][0].update(count=None, suppressed=True)
    table["cells"][1]["count"] = 10
    table["cells"][2]["count"] = 7
    table["cells"][3]["count"] = 17 + 3
    reason = _refused(_resign(leaky))
    assert "can be worked out from the published ones" in reason


@pytest.mark.django_db
def test_importing_the_same_area_and_period_replaces_it(document):
    first = import_return(as_json(document))
    assert not first.replaced
    assert not first.unchanged
    cells = ReturnCell.objects.filter(national_return=first.national_return).count()
    assert cells == sum(len(t["cells"]) for t in document["tables"])
    again = import_return(as_json(document))
    assert again.unchanged
    later = synthetic_return(7, start=START, end=END, seed=99)
    replaced = import_return(json.dumps(later))
    assert replaced.replaced
    assert NationalReturn.objects.count() == 1
    record = NationalReturn.objects.get()
    assert record.times_replaced == 1
    assert record.digest == later["integrity"]["digest"]
    assert ReturnCell.objects.count() == sum(len(t["cells"]) for t in later["tables"])


@pytest.mark.django_db
def test_a_refused_return_stores_nothing(document):
    tampered = copy.deepcopy(document)
    tampered["area"]["name"] = "Somewhere else"
    with pytest.raises(ReturnError):
        import_return(json.dumps(tampered))
    assert NationalReturn.objects.count() == 0


def test_a_signed_return_needs_the_key(document, settings):
    settings.SMH_RETURN_SIGNING_KEY = "shared secret for the test"
    signed = synthetic_return(8, start=START, end=END)
    assert signed["integrity"]["algorithm"] == "hmac-sha256"
    check_return(signed)
    settings.SMH_RETURN_SIGNING_KEY = "another key"
    assert "digest does not match" in _refused(signed)
    settings.SMH_RETURN_SIGNING_KEY = ""
    assert "has none to check it" in _refused(signed)
