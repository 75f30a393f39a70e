"""Publishing a partnership's public text (the only write the public pages have)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.public.access import can_edit_public_pages
from seemehearme.public.models import EDITABLE_FIELDS, PublicText
from seemehearme.sharing.policy import require


@transaction.atomic
def public_text_publish(*, user: StaffUser, language: str, values: dict[str, Any]) -> PublicText:
    """Publish ``values`` as the user's partnership's public text in ``language``.

    The previous version stays in the history (django-simple-history records who and when).
    """
    require(can_edit_public_pages(user))
    assert user.agency is not None
    text = PublicText.objects.select_for_update().filter(
        area_id=user.agency.area_id, language=language
    ).first() or PublicText(area_id=user.agency.area_id, language=language)
    for name in EDITABLE_FIELDS:
        setattr(text, name, (values.get(name) or "").strip())
    text.published_by = user
    text.published_at = timezone.now()
    text._history_user = user  # type: ignore[attr-defined]  # simple-history's hook
    text.full_clean()
    text.save()
    return text
