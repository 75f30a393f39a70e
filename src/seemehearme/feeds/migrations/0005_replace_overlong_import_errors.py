"""Imports refused before messages were bounded could store a reason that repeated part of the
file (a header cell of 500 MB, say), which the import pages then served in full. Replace any
reason longer than the bound now in force with one that says what happened; a cut-short copy
could still hold the start of the file's contents."""

from django.db import migrations
from django.db.models.functions import Length

MAX_ERROR_CHARS = 1_000  # feeds.importer.MAX_ERROR_CHARS when this was written
REPLACED = (
    "The file was refused. The reason recorded at the time repeated part of the file, so it "
    "has been removed: import the file again to see why it is refused."
)


def replace_overlong_errors(apps, schema_editor):
    ImportBatch = apps.get_model("feeds", "ImportBatch")
    (
        ImportBatch.objects.annotate(error_chars=Length("error"))
        .filter(error_chars__gt=MAX_ERROR_CHARS)
        .update(error=REPLACED)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("feeds", "0004_one_index_per_column"),
    ]

    operations = [
        migrations.RunPython(replace_overlong_errors, migrations.RunPython.noop, elidable=True),
    ]
