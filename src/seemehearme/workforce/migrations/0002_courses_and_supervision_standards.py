"""Seed the training courses (version 1) and how often each role should have supervision."""

from django.db import migrations

CASE_WORK = ["practitioner", "cse_coordinator", "team_manager"]

# (code, name, valid for months, required for roles)
COURSES = [
    (
        "cse-awareness",
        "Child sexual exploitation awareness (basic)",
        36,
        [
            *CASE_WORK,
            "panel_member",
            "intelligence_analyst",
            "data_protection_lead",
            "strategic_lead",
        ],
    ),
    (
        "warning-signs-screening",
        "Recognising warning signs and using the screening tool",
        24,
        CASE_WORK,
    ),
    ("childs-voice", "Working with the child's voice", 36, CASE_WORK),
    (
        "information-sharing",
        "Information sharing and the law",
        24,
        [*CASE_WORK, "intelligence_analyst", "data_protection_lead"],
    ),
    ("disruption-tactics", "Disruption tactics", 24, ["cse_coordinator", "intelligence_analyst"]),
    ("trauma-informed", "Trauma-informed practice", 36, CASE_WORK),
]

# (role, longest gap between supervision sessions in days)
SUPERVISION = [("practitioner", 31), ("cse_coordinator", 31), ("team_manager", 62)]


def seed(apps, schema_editor):
    Course = apps.get_model("workforce", "TrainingCourse")
    Standard = apps.get_model("workforce", "SupervisionStandard")
    for order, (code, name, months, roles) in enumerate(COURSES, start=1):
        Course.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "valid_for_months": months,
                "required_for": roles,
                "order": order,
            },
        )
    for role, days in SUPERVISION:
        Standard.objects.update_or_create(
            role=role, team=None, is_active=True, defaults={"interval_days": days}
        )


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_training_and_supervision")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
