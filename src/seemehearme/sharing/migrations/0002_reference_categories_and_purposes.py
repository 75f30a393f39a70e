"""Seed the information categories and sharing purposes (reference data, version 1).

Administrators may add to these; codes are stable because imports and rules refer to them.
"""

from django.db import migrations

CATEGORIES = [
    (
        "identity",
        "Identifying details",
        "Name, date of birth, address and agency references.",
        False,
    ),
    (
        "social-care",
        "Social care",
        "Assessments, plans, care placements and family history.",
        False,
    ),
    (
        "police-intelligence",
        "Police intelligence",
        "Intelligence reports, suspects, vehicles and associations.",
        True,
    ),
    (
        "police-incidents",
        "Police incidents",
        "Missing episodes, incidents, arrests and crimes.",
        True,
    ),
    (
        "sexual-health",
        "Sexual health",
        "Sexual health clinic attendance, STIs, pregnancy and terminations.",
        True,
    ),
    ("health", "Health", "A&E attendances, injuries, self-harm and mental health.", True),
    ("education", "Education", "Attendance, exclusions and changes noticed at school.", False),
    (
        "youth-justice",
        "Youth justice",
        "Offending, court orders and youth justice interventions.",
        True,
    ),
    ("housing", "Housing", "Tenancy, homelessness and placements in hostels or B&Bs.", False),
    (
        "voluntary-sector",
        "Voluntary sector support",
        "Outreach, relationships and online concerns.",
        False,
    ),
    ("child-voice", "The child's own words", "What the child has said, in their own words.", False),
]

PURPOSES = [
    (
        "safeguarding",
        "Safeguarding an individual child",
        "Identifying, protecting and supporting a child at risk of or experiencing exploitation.",
    ),
    (
        "disruption",
        "Disrupting and prosecuting perpetrators",
        "Investigating, disrupting and prosecuting those who harm children.",
    ),
    (
        "problem-profiling",
        "Problem profiling",
        "Analysing local patterns of exploitation with pseudonymised data.",
    ),
    ("national-return", "National statistics", "Anonymised returns with small numbers suppressed."),
]


def seed(apps, schema_editor):
    Category = apps.get_model("sharing", "InformationCategory")
    Purpose = apps.get_model("sharing", "SharingPurpose")
    for code, name, description, special in CATEGORIES:
        Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "special_category": special},
        )
    for code, name, description in PURPOSES:
        Purpose.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
