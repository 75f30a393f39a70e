"""Sexual health items withheld from someone are counted without naming who holds them or that
they are sexual health: "1 item held by the sexual health service" already says too much.

A partnership can turn this off (or on for other categories) in the back office.
"""

from django.db import migrations

UNNAMED = ["sexual-health"]


def seed(apps, schema_editor):
    Category = apps.get_model("sharing", "InformationCategory")
    Category.objects.filter(code__in=UNNAMED).update(withheld_unnamed=True)


def unseed(apps, schema_editor):
    Category = apps.get_model("sharing", "InformationCategory")
    Category.objects.filter(code__in=UNNAMED).update(withheld_unnamed=False)


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0004_withheld_items_may_be_counted_unnamed"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
