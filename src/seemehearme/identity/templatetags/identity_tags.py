"""Template filters for identity review pages."""

from __future__ import annotations

from django import template

from seemehearme.identity.selectors import masked as _masked

register = template.Library()


@register.filter
def masked(number: str) -> str:
    """An NHS number or pupil number by its last four characters: "ending 1234"."""
    return _masked(number or "")
