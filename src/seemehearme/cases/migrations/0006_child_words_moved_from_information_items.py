"""Move the child's words recorded as agency information items (category "child-voice") into
the one store of the child's words, VoiceEntry, so every page shows one list.

Nothing is lost: the words are kept exactly (the item's title when it had no detail), with the
agency that holds them, who recorded them, the day they were said, when they were recorded,
and the item's title as their context. Each moved entry gets a history row saying where it
came from. Reversing puts them back as information items.
"""

from django.db import migrations

CHILD_VOICE = "child-voice"
MOVED = "Moved from an agency information item"


def words_to_voice_entries(apps, schema_editor):
    InformationItem = apps.get_model("people", "InformationItem")
    VoiceEntry = apps.get_model("cases", "VoiceEntry")
    HistoricalVoiceEntry = apps.get_model("cases", "HistoricalVoiceEntry")
    items = InformationItem.objects.filter(category__code=CHILD_VOICE).order_by("id")
    for item in items.iterator():
        words = item.detail if item.detail.strip() else item.title
        entry = VoiceEntry.objects.create(
            child_id=item.child_id,
            case=None,
            kind="own_words",
            words=words,
            captured_how="other",
            captured_with="",
            captured_where="",
            context=item.title,
            said_on=item.occurred_on,
            source_agency_id=item.source_agency_id,
            recorded_by_id=item.recorded_by_id,
            recorded_at=item.created_at,
        )
        HistoricalVoiceEntry.objects.create(
            id=entry.pk,
            child_id=entry.child_id,
            case_id=None,
            kind=entry.kind,
            words=entry.words,
            captured_how=entry.captured_how,
            captured_with="",
            captured_where="",
            context=entry.context,
            said_on=entry.said_on,
            source_agency_id=entry.source_agency_id,
            recorded_by_id=entry.recorded_by_id,
            recorded_at=entry.recorded_at,
            history_date=item.created_at,
            history_user_id=item.recorded_by_id,
            history_type="+",
            history_change_reason=f"{MOVED} ({item.pk})",
        )
        item.delete()


def voice_entries_to_words(apps, schema_editor):
    InformationItem = apps.get_model("people", "InformationItem")
    InformationCategory = apps.get_model("sharing", "InformationCategory")
    VoiceEntry = apps.get_model("cases", "VoiceEntry")
    HistoricalVoiceEntry = apps.get_model("cases", "HistoricalVoiceEntry")
    moved = HistoricalVoiceEntry.objects.filter(history_change_reason__startswith=MOVED)
    ids = set(moved.values_list("id", flat=True))
    if not ids:
        return
    category = InformationCategory.objects.get(code=CHILD_VOICE)
    for entry in VoiceEntry.objects.filter(pk__in=ids).order_by("id"):
        item = InformationItem.objects.create(
            child_id=entry.child_id,
            source_agency_id=entry.source_agency_id,
            category=category,
            title=entry.context[:200] or "In their own words",
            detail=entry.words,
            occurred_on=entry.said_on,
            recorded_by_id=entry.recorded_by_id,
        )
        InformationItem.objects.filter(pk=item.pk).update(created_at=entry.recorded_at)
    HistoricalVoiceEntry.objects.filter(id__in=ids).delete()
    VoiceEntry.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_voice_entry_is_the_one_store_of_the_childs_words"),
        ("people", "0004_flag_review_relationship_and_merged_children"),
        ("sharing", "0002_reference_categories_and_purposes"),
    ]

    operations = [migrations.RunPython(words_to_voice_entries, voice_entries_to_words)]
