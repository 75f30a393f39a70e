"""Which children practitioners have recorded case work about.

A child with case work is never merged into another automatically (a person must decide what
happens to each record), and two children who both have some are not merged by the service at
all. A child made by linking agency records, with nothing recorded about it beyond early
warning's own flags, may be merged with another when later records show they are one child.
"""

from __future__ import annotations

from seemehearme.areas.models import Area
from seemehearme.people.models import Child, RelationshipKind

# The child's reverse relations that are records practitioners made about it.
CASE_WORK = ("referrals", "cases", "voice", "screenings", "items", "meeting_agendas")


def has_case_work(child: Child) -> bool:
    """Whether practitioners have recorded anything about the child (beyond early warning's
    own flags, which follow the events)."""
    if any(getattr(child, name).exists() for name in CASE_WORK):
        return True
    return child.relationships.exclude(kind=RelationshipKind.FLAG_REVIEW).exists()


def children_without_case_work(*, area: Area) -> set[int]:
    """The ids of the area's children (not merged away) that have no case work."""
    children = Child.objects.filter(area=area, merged_into__isnull=True)
    with_work: set[int] = set()
    for name in CASE_WORK:
        with_work.update(children.filter(**{f"{name}__isnull": False}).values_list("pk", flat=True))
    with_work.update(
        children.filter(relationships__isnull=False)
        .exclude(relationships__kind=RelationshipKind.FLAG_REVIEW)
        .values_list("pk", flat=True)
    )
    return set(children.values_list("pk", flat=True)) - with_work
