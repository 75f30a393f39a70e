"""Seed the kinds of multi-agency meeting, version 1."""

from django.db import migrations

# (code, name, discusses places, description)
MEETING_TYPES = [
    (
        "strategy-discussion",
        "Strategy discussion",
        False,
        "A strategy discussion or meeting about one child, on the statutory child protection "
        "route.",
    ),
    (
        "mace-child",
        "Child-focused MACE panel",
        False,
        "The multi-agency child exploitation panel for children at emerging or high risk whose "
        "plan is not working. Usually fortnightly, co-chaired by police and the local authority.",
    ),
    (
        "mace-contextual",
        "Contextual MACE panel",
        True,
        "The multi-agency panel about places, spaces, peer groups and people who harm children. "
        "Usually every 4 weeks. It does not replace strategy meetings or child protection "
        "conferences.",
    ),
    (
        "multi-agency-review",
        "Multi-agency review",
        False,
        "A review of a child's plan with the agencies working with them: is it working?",
    ),
]


def seed(apps, schema_editor):
    MeetingType = apps.get_model("meetings", "MeetingType")
    for order, (code, name, places, description) in enumerate(MEETING_TYPES, start=1):
        MeetingType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "discusses_places": places,
                "description": description,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_meetings_agenda_attendance_decisions_actions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
