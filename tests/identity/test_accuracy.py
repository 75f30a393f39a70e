"""Accuracy on labelled synthetic records: the engine the link runs use, on a few thousand
records with realistic mistakes (``seemehearme.identity.synthetic``)."""

from __future__ import annotations

from seemehearme.identity.engine import link_records
from seemehearme.identity.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD, stored_parameters
from seemehearme.identity.synthetic import pairwise_accuracy, synthetic_records

# Measured 0.9735 (precision 1.000, recall 0.948) with model 2026.4, which compares addresses
# (a record with an old address and postcode now loses a little more). Measured 0.975
# (precision 1.000, recall 0.952) on these 3,000 records with model 2026.3 and
# ADR 0023's stricter rules (a number joins two records only when their given names, or their
# day of birth and gender, agree too; a high score never links records whose dates of birth or
# genders plainly differ): 0.978 before those rules, which cost recall on these records to
# avoid merging twins and brothers and sisters on the held-out set. Nearly half of the pairs
# missed have a short form no list knows ("Benj" for Benjamin: a name of under five letters is
# only alike when it is a recognised variant, docs/identity.md) and go to review. The floor
# leaves room for a small change to the model, not for a worse one. At a million records the
# prior is lower and recall with it: see bench/link_identities.py and docs/performance.md.
F1_FLOOR = 0.972


def test_pairwise_f1_on_labelled_synthetic_records_is_above_the_floor():
    records = synthetic_records(records=3_000, seed=3)
    result = link_records(
        records.drop_columns(["child", "agency", "source_person_id"]),
        parameters=stored_parameters(),
        match_threshold=MATCH_THRESHOLD,
        review_threshold=REVIEW_THRESHOLD,
    )
    uids = records["uid"].to_pylist()
    predicted = [result.resolution.placements[uid].new_group for uid in uids]

    accuracy = pairwise_accuracy(uids=uids, truth=records["child"].to_pylist(), predicted=predicted)

    assert accuracy.true_pairs > 2_000
    assert accuracy.precision > 0.99
    assert accuracy.f1 > F1_FLOOR, accuracy


def test_linking_new_records_scores_exactly_as_a_full_run_does():
    records = synthetic_records(records=2_000, seed=5).drop_columns(
        ["child", "agency", "source_person_id"]
    )
    new = {7, 700, 1_999}
    kwargs = {
        "parameters": stored_parameters(),
        "match_threshold": MATCH_THRESHOLD,
        "review_threshold": REVIEW_THRESHOLD,
    }
    full = link_records(records, **kwargs)
    incremental = link_records(records, new_uids=new, **kwargs)

    def pairs(table, keep=lambda a, b: True):
        return sorted(
            (a, b, round(p, 9))
            for a, b, p in zip(
                table["unique_id_l"].to_pylist(),
                table["unique_id_r"].to_pylist(),
                table["match_probability"].to_pylist(),
                strict=True,
            )
            if keep(a, b)
        )

    expected = pairs(full.pairs, lambda a, b: a in new or b in new)
    assert expected
    assert pairs(incremental.pairs) == expected
