"""Seed the kinds of support offered to a child's parents or carers, version 1."""

from django.db import migrations

KINDS = [
    (
        "parent-support-worker",
        "Parent support worker",
        "A worker of the family's own, alongside the child's key worker.",
    ),
    (
        "family-group-conference",
        "Family group conference",
        "The wider family plans, with an independent coordinator, how to keep the child safe.",
    ),
    (
        "parent-liaison",
        "Parent liaison (PACE-style)",
        "Support for parents of exploited children, working with the police and other agencies, as Parents Against Child Exploitation (PACE) offers.",
    ),
    ("family-therapy", "Family therapy", ""),
    (
        "advice-and-information",
        "Advice and information",
        "What CSE is, the warning signs and where to get help (NSPCC helpline, CEOP, ChildLine).",
    ),
    ("parenting-programme", "Parenting programme", ""),
    ("carer-support", "Support for foster or residential carers", ""),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("participation", "FamilySupportKind")
    for code, name, description in KINDS:
        Kind.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_participation_and_family_support")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
