"""Seed the kinds of support offered to a child's parents or carers, version 1; each item's
history starts with what it says (docs/adr/0013-reference-data-retire-and-replace.md)."""

from django.db import migrations
from django.utils import timezone

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
    Historical = apps.get_model("participation", "HistoricalFamilySupportKind")
    fields = [f.attname for f in Kind._meta.concrete_fields]
    for code, name, description in KINDS:
        kind, created = Kind.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        if created:
            Historical.objects.create(
                **{field: getattr(kind, field) for field in fields},
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="As it was when its history started",
            )


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_participation_and_family_support")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
