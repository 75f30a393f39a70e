"""Which partnership a public page is for, found from the slug in its address."""

from __future__ import annotations

from django.http import Http404

from seemehearme.areas.models import Area


def public_areas() -> list[Area]:
    return list(Area.objects.order_by("name"))


def public_area(slug: str) -> Area:
    """The partnership named by ``slug``; a plain 404 (nothing more) for any other."""
    try:
        return Area.objects.get(slug=slug)
    except Area.DoesNotExist:
        raise Http404("No such partnership") from None
