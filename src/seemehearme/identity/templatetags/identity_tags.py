"""Template filters for identity review pages."""

from __future__ import annotations

from django import template

from seemehearme.identity.numbers import HELD_BY_SEVERAL, NHS_FAILS_CHECK, nhs_fails_check
from seemehearme.identity.selectors import masked as _masked

register = template.Library()


@register.filter
def masked(number: str) -> str:
    """An NHS number or pupil number by its last four characters: "ending 1234"."""
    return _masked(number or "")


@register.filter
def nhs_flag(number: str) -> str:
    """ "NHS number fails its check digit" for a number that does (it is not used to match the
    record: see ``seemehearme.identity.numbers``); otherwise nothing."""
    return NHS_FAILS_CHECK if nhs_fails_check(number) else ""


@register.simple_tag
def held_by_several() -> str:
    """What staff see beside a number held by several children's records (a placeholder: see
    ``seemehearme.identity.engine.shared_numbers``)."""
    return HELD_BY_SEVERAL
