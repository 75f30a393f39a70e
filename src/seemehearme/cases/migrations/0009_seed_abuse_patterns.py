"""Seed the patterns of abuse (version 1): the models of sexual exploitation the inquiry and the
See Me, Hear Me framework describe. A local area may retire, reword (as a new item) and add."""

from django.db import migrations
from django.utils import timezone

PATTERNS = [
    (
        "inappropriate-relationship",
        "Inappropriate relationship",
        "One older person with apparent power or control over the child.",
    ),
    (
        "boyfriend",
        "“Boyfriend” model",
        "Grooming by an older “boyfriend”, who then passes the child to others.",
    ),
    (
        "peer-on-peer",
        "Peer-on-peer exploitation",
        "Exploitation by children or young people of a similar age.",
    ),
    (
        "gang-associated",
        "Gang-associated",
        "Sexual violence in initiation, as punishment or between rival gangs; gang-associated "
        "girls.",
    ),
    (
        "organised-networked",
        "Organised or networked exploitation and trafficking",
        "Children passed between adults within and between towns, sometimes for money.",
    ),
    (
        "party",
        "Party model",
        "“Sex parties” at houses or hotels, often with alcohol or drugs offered.",
    ),
    (
        "online",
        "Online",
        "Grooming, image sharing or coercion through social media and messaging.",
    ),
    (
        "position-of-trust",
        "Position of trust or responsibility",
        "Abuse by someone with a role caring for, teaching or supervising the child.",
    ),
    (
        "family",
        "Within families and family friends",
        "Exploitation by relatives, or by friends of the family the child trusts.",
    ),
]


def seed(apps, schema_editor):
    AbusePattern = apps.get_model("cases", "AbusePattern")
    HistoricalAbusePattern = apps.get_model("cases", "HistoricalAbusePattern")
    for order, (code, name, description) in enumerate(PATTERNS, start=1):
        pattern, created = AbusePattern.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
        if created:
            HistoricalAbusePattern.objects.create(
                id=pattern.pk,
                code=code,
                name=name,
                description=description,
                order=order,
                is_active=True,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Seeded (version 1)",
            )


def unseed(apps, schema_editor):
    apps.get_model("cases", "AbusePattern").objects.filter(
        code__in=[code for code, _, _ in PATTERNS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_abuse_patterns_recorded_on_cases")]

    operations = [migrations.RunPython(seed, unseed)]
