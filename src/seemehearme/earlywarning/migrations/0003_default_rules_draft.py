"""Give every partnership already in the database the shipped early-warning rules (version 1)
as a draft, for its board to approve. New partnerships get them with `smh rules load`.

Reads rule_sets/early-warning-v1.json, which is never edited: a change is a new file."""

import json
from pathlib import Path

from django.db import migrations

RULES_FILE = Path(__file__).resolve().parent.parent / "rule_sets" / "early-warning-v1.json"


def seed(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    RuleSet = apps.get_model("earlywarning", "RuleSet")
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    for area in Area.objects.exclude(rule_sets__code=data["code"]):
        RuleSet.objects.create(
            area=area,
            code=data["code"],
            version=1,
            name=data["name"],
            description=data.get("description", ""),
            rules={"indicators": data["indicators"], "rules": data["rules"]},
            status="draft",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("earlywarning", "0002_initial"),
        ("areas", "0002_case_work_settings"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
