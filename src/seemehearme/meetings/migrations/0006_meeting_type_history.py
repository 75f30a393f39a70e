"""Keep the history of the meeting types a local area manages, and name the flag that retires one
("offered in forms"). Every existing item stays as it is, offered as before, and its history
starts with what it says today, so the first change an administrator makes shows its before
and after (docs/adr/0013-reference-data-retire-and-replace.md)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

MODELS = ["MeetingType"]


def history_starts(apps, schema_editor):
    """One "created" history row per existing item, as it is now."""
    for name in MODELS:
        model = apps.get_model("meetings", name)
        historical = apps.get_model("meetings", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        now = timezone.now()
        historical.objects.bulk_create(
            historical(
                **{field: getattr(item, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="As it was when its history started",
            )
            for item in model.objects.all()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_meeting_action_on_the_plan_or_the_case"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="meetingtype",
            name="is_active",
            field=models.BooleanField(
                default=True,
                help_text="Untick to retire it: forms stop offering it, and records that use it keep showing it.",
                verbose_name="offered in forms",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalMeetingType",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=60)),
                ("name", models.CharField(max_length=150)),
                ("description", models.TextField(blank=True)),
                (
                    "discusses_places",
                    models.BooleanField(
                        default=False,
                        help_text="Whether places, spaces and peer groups are on the agenda.",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("version", models.PositiveSmallIntegerField(default=1)),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to retire it: forms stop offering it, and records that use it keep showing it.",
                        verbose_name="offered in forms",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical meeting type",
                "verbose_name_plural": "historical meeting types",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(history_starts, migrations.RunPython.noop),
    ]
