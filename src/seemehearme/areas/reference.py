"""Reference data a local area looks after: which records use an item.

An item that records already use keeps its wording for ever, so that those records go on saying
what was recorded (see docs/adr/0013-reference-data-retire-and-replace.md). This module answers
"is it in use, and by what?" for any reference model, by following every foreign key that points
at it, the history tables' included.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import models
from django.utils.text import get_text_list

Uses = Callable[[models.Model], list[str]]

# Uses a foreign key cannot see (a code named in JSON), by reference model; see ``named_by``.
_EXTRA_USES: dict[type[models.Model], Uses] = {}


def named_by(model: type[models.Model]) -> Callable[[Uses], Uses]:
    """Register a function listing what names an item of ``model`` other than by foreign key."""

    def register(function: Uses) -> Uses:
        _EXTRA_USES[model] = function
        return function

    return register


def _pointers(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) whose foreign key or many-to-many field points at ``model``."""
    return [
        (other, field.name)
        for other in apps.get_models()
        for field in other._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is model
        and (field.many_to_one or field.one_to_one or field.many_to_many)
    ]


def _kinds(model: type[models.Model]) -> tuple[str, str | None]:
    """What a kind of record is called ('cases'), and for a history table what its records are
    the history of ('cases' again), so that live records can be named first."""
    original = getattr(model, "instance_type", None)  # set on django-simple-history's models
    if original is not None:
        plural = str(original._meta.verbose_name_plural)
        return f"the history of {plural}", plural
    return str(model._meta.verbose_name_plural), None


def uses(item: models.Model) -> list[str]:
    """The kinds of record that use ``item`` ('cases', 'reviews'), empty if none does. A
    history table is named only when no live record of its kind uses the item.

    One ``EXISTS`` query for each pointing field: no counting, so a table of millions of events
    costs no more than a small one."""
    if item.pk is None:
        return []
    live: list[str] = []
    history: dict[str, str] = {}  # "the history of cases": "cases"
    for other, field in _pointers(type(item)):
        kind, history_of = _kinds(other)
        if kind in live or kind in history:
            continue
        if other._base_manager.filter(**{field: item.pk}).exists():
            if history_of is None:
                live.append(kind)
            else:
                history[kind] = history_of
    found = live + [kind for kind, of in history.items() if of not in live]
    extra = _EXTRA_USES.get(type(item))
    if extra is not None:
        found.extend(kind for kind in extra(item) if kind not in found)
    return found


def uses_text(item: models.Model) -> str:
    """``uses`` as words: 'cases, reviews and early-warning rule sets'."""
    return str(get_text_list(uses(item), "and"))


def offered_in_forms() -> models.BooleanField:
    """The field that retires an item: forms stop offering it, records keep showing it."""
    return models.BooleanField(
        "offered in forms",
        default=True,
        help_text="Untick to retire it: forms stop offering it, and records that use it keep "
        "showing it.",
    )
