"""Seed the disruption tactics (Home Office Child Exploitation Disruption Toolkit), version 1."""

from django.db import migrations

TACTICS = [
    ("cawn", "Child Abduction Warning Notice", "legal_order"),
    ("sexual-risk-order", "Sexual Risk Order", "legal_order"),
    ("sexual-harm-prevention-order", "Sexual Harm Prevention Order", "legal_order"),
    ("closure-order", "Closure of premises", "location"),
    ("hotel-information-request", "Hotel guest information request", "location"),
    ("trespass-asb-powers", "Trespass and antisocial-behaviour powers", "location"),
    ("location-patrols", "Targeted patrols and location-based tactics", "location"),
    ("taxi-licensing", "Licensing action: taxis and private hire", "licensing"),
    (
        "premises-licensing",
        "Licensing action: takeaways, shops and late-night premises",
        "licensing",
    ),
    ("online-takedown", "Online: account reporting and takedown", "online"),
    ("peer-group-work", "Peer-group mapping and intervention", "peer_group"),
    ("perpetrator-arrest", "Arrest and investigation of a suspect", "perpetrator"),
    ("perpetrator-bail-conditions", "Bail or licence conditions", "perpetrator"),
    ("community-guardians", "Briefing community guardians (hotels, taxis, shops)", "community"),
]


def seed(apps, schema_editor):
    Tactic = apps.get_model("plans", "DisruptionTactic")
    for code, name, group in TACTICS:
        Tactic.objects.update_or_create(code=code, defaults={"name": name, "group": group})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_protection_plans")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
