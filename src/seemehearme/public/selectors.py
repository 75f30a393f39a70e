"""The history of a partnership's published public text: who published, when, what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from seemehearme.areas.models import Area
from seemehearme.public.models import EDITABLE_FIELDS, PublicText


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Version:
    language: str
    published_at: Any
    published_by: str
    changes: list[Change]

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


def versions(area: Area) -> list[Version]:
    """Every published version of ``area``'s public text, newest first, each with the fields
    it changed from the version before it in the same language."""
    records = list(
        PublicText.history.filter(area_id=area.pk)
        .select_related("history_user")
        .order_by("language", "history_date", "history_id")
    )
    labels = {
        name: str(getattr(PublicText._meta.get_field(name), "verbose_name", name))
        for name in EDITABLE_FIELDS
    }
    previous: dict[str, Any] = {}
    out: list[Version] = []
    for record in records:
        before = previous.get(record.language)
        changes = []
        for name in EDITABLE_FIELDS:
            old = str(getattr(before, name) or "") if before else ""
            new = str(getattr(record, name) or "")
            if old != new:
                changes.append(Change(labels[name], old, new))
        user = record.history_user
        out.append(
            Version(
                record.language,
                record.history_date,
                (user.get_full_name() or user.username) if user else "",
                changes,
            )
        )
        previous[record.language] = record
    out.sort(key=lambda version: version.published_at, reverse=True)
    return out
