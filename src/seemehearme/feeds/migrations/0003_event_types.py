"""Seed the event types agencies report (reference data, version 1).

Codes are stable: files, the API and early-warning rules refer to them. Each type has the
information category its events are in unless a row says otherwise.
"""

from django.db import migrations

EVENT_TYPES = [
    (
        "missing-episode",
        "Missing episode",
        "Reported missing from home or care.",
        "police-incidents",
    ),
    (
        "absent-episode",
        "Absent episode",
        "Not where they should be, but whereabouts known.",
        "police-incidents",
    ),
    (
        "return-interview",
        "Return home interview",
        "An independent interview after a missing episode.",
        "social-care",
    ),
    (
        "school-absence",
        "School absence",
        "Unauthorised absence from school (one row per session or day).",
        "education",
    ),
    ("school-exclusion", "School exclusion", "A fixed-term or permanent exclusion.", "education"),
    (
        "ae-attendance",
        "A&E attendance",
        "An attendance at an emergency department, with any injury.",
        "health",
    ),
    (
        "sexual-health-attendance",
        "Sexual health attendance",
        "An attendance at a sexual health clinic, including STI testing.",
        "sexual-health",
    ),
    (
        "pregnancy-or-termination",
        "Pregnancy or termination",
        "A pregnancy, miscarriage or termination.",
        "sexual-health",
    ),
    (
        "police-incident",
        "Police incident",
        "An incident in which the child was involved (as victim, witness or otherwise).",
        "police-incidents",
    ),
    ("arrest", "Arrest", "The child was arrested.", "police-incidents"),
    (
        "found-with-adult",
        "Found with an adult of concern",
        "Found in the company of an adult who is a concern (name the adult as a linked person).",
        "police-incidents",
    ),
    (
        "intelligence-report",
        "Intelligence report",
        "A graded intelligence report mentioning the child.",
        "police-intelligence",
    ),
    ("substance-misuse", "Substance misuse", "Drug or alcohol misuse seen or treated.", "health"),
    ("self-harm", "Self-harm", "An episode of self-harm.", "health"),
    (
        "suicidal-thoughts",
        "Thoughts of or attempt at suicide",
        "Expressed thoughts of suicide or an attempt.",
        "health",
    ),
    (
        "mental-health",
        "Mental health concern",
        "A referral to or contact with mental health services.",
        "health",
    ),
    (
        "online-concern",
        "Online concern",
        "Sexual bullying, grooming or exploitation online or on social media.",
        "voluntary-sector",
    ),
    (
        "gifts-or-money",
        "Gifts or unexplained money",
        "New phones, clothes, money or gifts from unknown sources.",
        "social-care",
    ),
    ("placement-move", "Placement move", "A move of care placement.", "social-care"),
    (
        "youth-offending",
        "Youth justice contact",
        "An out-of-court disposal, court order or youth justice intervention.",
        "youth-justice",
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("sharing", "InformationCategory")
    EventType = apps.get_model("feeds", "EventType")
    for code, name, description, category in EVENT_TYPES:
        EventType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "category": Category.objects.get(code=category),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("feeds", "0002_initial"),
        ("sharing", "0002_reference_categories_and_purposes"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
