"""Clear the evidence, agency and date kept on answers that are not a yes.

The screening form once sent the agency list's default (the practitioner's own agency) with
every answer, so each "no" and "not known" was saved as "known to" that agency. Only a yes has
evidence, an agency that knows it and a date; the next migration makes that a constraint.
The answers' history keeps what was saved at the time.
"""

from django.db import migrations
from django.db.models import Q


def clear(apps, schema_editor):
    ScreeningAnswer = apps.get_model("screening", "ScreeningAnswer")
    ScreeningAnswer.objects.exclude(present="yes").filter(
        ~Q(evidence="") | Q(source_agency__isnull=False) | Q(observed_on__isnull=False)
    ).update(evidence="", source_agency=None, observed_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0002_inquiry_indicators_and_schemes"),
    ]

    # Nothing to put back: the cleared values were never the practitioner's answer.
    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
