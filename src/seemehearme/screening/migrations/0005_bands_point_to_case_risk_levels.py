"""Say which case risk level each shipped band points to, in both risk schemes the case-work
reference data seeds ("category" 1 to 3, and the inquiry's two "stage"s).

A professional judgement above the score prompts a review of the case's risk level when the
judged band points higher than the level the case has. A screening cannot show that a child is
being exploited, so no band points to "being exploited". The mapping does not change how
anything is scored, so the version 1 schemes take it in place.
"""

from django.db import migrations

CASE_RISK_LEVELS = {
    ("seraf", "mild"): {"category": "category-1", "stage": "at-risk"},
    ("seraf", "moderate"): {"category": "category-2", "stage": "at-risk"},
    ("seraf", "significant"): {"category": "category-3", "stage": "at-risk"},
    ("three-or-more", "high-risk"): {"category": "category-3", "stage": "at-risk"},
}


def seed(apps, schema_editor):
    ScoringScheme = apps.get_model("screening", "ScoringScheme")
    for scheme in ScoringScheme.objects.filter(code__in=["seraf", "three-or-more"], version=1):
        for band in scheme.rules["bands"]:
            levels = CASE_RISK_LEVELS.get((scheme.code, band["code"]))
            if levels is not None:
                band["case_risk_levels"] = levels
        scheme.save(update_fields=["rules"])


def unseed(apps, schema_editor):
    ScoringScheme = apps.get_model("screening", "ScoringScheme")
    for scheme in ScoringScheme.objects.filter(code__in=["seraf", "three-or-more"], version=1):
        for band in scheme.rules["bands"]:
            band.pop("case_risk_levels", None)
        scheme.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0004_only_a_yes_has_evidence_a_source_or_a_date"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
