"""Seed the case-work reference data (version 1): risk levels in two common local schemes,
closure reasons, and the See Me, Hear Me framework's reflective questions."""

from django.db import migrations

RISK_LEVELS = [
    # The three categories many areas use (London Child Exploitation Operating Protocol).
    (
        "category",
        "category-1",
        "Category 1: low or emerging risk",
        1,
        "Vulnerable to exploitation; some warning signs; protective factors in place.",
    ),
    (
        "category",
        "category-2",
        "Category 2: medium risk",
        2,
        "Evidence the child is being targeted or groomed; several warning signs.",
    ),
    (
        "category",
        "category-3",
        "Category 3: high risk or being exploited",
        3,
        "The child is being exploited, or the risk of it is high and immediate.",
    ),
    # The inquiry's two stages.
    (
        "stage",
        "at-risk",
        "At risk of sexual exploitation",
        1,
        "Showing warning signs or vulnerabilities; exploitation not known to have happened.",
    ),
    (
        "stage",
        "being-exploited",
        "Being sexually exploited",
        2,
        "There is evidence the child is being, or has been, sexually exploited.",
    ),
]

CLOSURE_REASONS = [
    ("risk-reduced", "Risk reduced: safety plan working and the child agrees"),
    ("stepped-down", "Stepped down to early help or universal services"),
    ("stepped-up", "Stepped up to a child protection plan led elsewhere"),
    ("moved-away", "Moved out of the area (case transferred)"),
    ("turned-18", "Turned 18 (transition to adult services)"),
    ("no-concerns-found", "No exploitation concerns found after assessment"),
]

QUESTIONS = [
    (
        "voice_of_the_child",
        "child-seen",
        "Has the child been seen, on their own, since the last review?",
    ),
    (
        "voice_of_the_child",
        "child-heard",
        "Have the child's own words been recorded and used in decisions?",
    ),
    (
        "voice_of_the_child",
        "child-believed",
        "Has the child been believed and told what is happening and why?",
    ),
    (
        "voice_of_the_child",
        "child-involved",
        "Has the child taken part in the decisions made about them?",
    ),
    (
        "voice_of_the_child",
        "same-worker",
        "Has the child kept the same key worker, or been told why not?",
    ),
    (
        "voice_of_the_professional",
        "trained",
        "Is everyone on the case team trained to recognise exploitation?",
    ),
    (
        "voice_of_the_professional",
        "supervised",
        "Has the key worker had supervision and support on this case?",
    ),
    (
        "voice_of_the_professional",
        "able-to-share",
        "Has each agency shared what it knows, under the agreements?",
    ),
    (
        "voice_of_the_professional",
        "able-to-escalate",
        "Does everyone know how to escalate if they are worried?",
    ),
    (
        "protecting_the_child",
        "specific-plan",
        "Is there a specific protection plan with named owners and dates?",
    ),
    (
        "protecting_the_child",
        "perpetrators-disrupted",
        "Are those harming the child being disrupted?",
    ),
    (
        "protecting_the_child",
        "plan-working",
        "Is the plan working: is the child safer than at the last review?",
    ),
]


def seed(apps, schema_editor):
    RiskLevel = apps.get_model("cases", "RiskLevel")
    ClosureReason = apps.get_model("cases", "ClosureReason")
    ReflectiveQuestion = apps.get_model("cases", "ReflectiveQuestion")
    for scheme, code, name, rank, description in RISK_LEVELS:
        RiskLevel.objects.update_or_create(
            scheme=scheme,
            code=code,
            defaults={"name": name, "rank": rank, "description": description},
        )
    for code, name in CLOSURE_REASONS:
        ClosureReason.objects.update_or_create(code=code, defaults={"name": name})
    for order, (group, code, text) in enumerate(QUESTIONS, start=1):
        ReflectiveQuestion.objects.update_or_create(
            code=code, defaults={"group": group, "text": text, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_case_work")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
