"""The intelligence register as its pages and download show it: an entity's details in words,
its associations from its own point of view, and the POLE export's rows.

Children appear as ``selectors.children_shown`` says on pages (named only through a working
relationship), and always by pseudonym in the export, whoever downloads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from seemehearme.areas.models import StaffUser
from seemehearme.dates import long_date
from seemehearme.intelligence.models import (
    KIND_MODELS,
    POLE_CLASS,
    Association,
    Entity,
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
)
from seemehearme.intelligence.selectors import (
    ChildShown,
    associations_of,
    children_shown,
    register_associations,
    visible_entities,
)
from seemehearme.sharing.pseudonyms import pseudonyms

# The details each kind shows, in order: (field, heading).
DETAILS: dict[str, list[tuple[str, str]]] = {
    "person": [
        ("given_name", "Given name"),
        ("family_name", "Family name"),
        ("aliases", "Other names or nicknames"),
        ("date_of_birth", "Date of birth"),
        ("gender", "Gender"),
        ("ethnicity", "Ethnicity"),
        ("nationality", "Nationality"),
        ("concern", "Why they are of concern"),
    ],
    "group": [
        ("name", "Name"),
        ("group_kind", "Kind of group"),
        ("patterns", "Patterns of abuse"),
    ],
    "place": [
        ("name", "Name"),
        ("venue_type", "Type of place"),
        ("address", "Address"),
        ("postcode", "Postcode"),
    ],
    "vehicle": [
        ("registration", "Registration"),
        ("make", "Make"),
        ("model", "Model"),
        ("colour", "Colour"),
    ],
    "phone": [("number", "Phone number")],
    "account": [("platform", "Platform"), ("handle", "Username or handle")],
}


def entity_details(entity: Entity) -> list[tuple[str, str]]:
    """(heading, value in words) for each of the entity's details; "" when not recorded."""
    rows = []
    for name, heading in DETAILS[entity.kind]:
        display = getattr(entity, f"get_{name}_display", None)
        value = getattr(entity, name)
        if display is not None:
            text = str(display())
        elif hasattr(value, "all"):
            text = ", ".join(str(item) for item in value.all())
        elif hasattr(value, "strftime"):
            text = long_date(value)
        else:
            text = str(value or "")
        rows.append((heading, text))
    return rows


def _without_number(label: str) -> str:
    """'1: Reliable' -> 'Reliable'."""
    return label.split(": ", 1)[-1]


def grading_words(association: Association) -> str:
    """The grading in words: "Reliable; known indirectly to the source but corroborated;
    lawful sharing permitted"."""
    return "; ".join(
        (
            _without_number(SourceEvaluation(association.source_evaluation).label),
            _without_number(IntelligenceAssessment(association.intelligence_assessment).label),
            _without_number(HandlingCode(association.handling_code).label),
        )
    )


@dataclass(frozen=True)
class AssociationRow:
    """One association on an entity's page, seen from that entity."""

    association: Association
    outgoing: bool  # recorded from this entity (it "uses" the other), not to it
    other: Entity | None
    child: ChildShown | None
    grading_words: str
    can_withdraw: bool


def association_rows(user: StaffUser, entity: Entity) -> list[AssociationRow]:
    """The entity's current associations that ``user`` may see, both directions, newest
    first, with each child shown as ``children_shown`` says."""
    associations = list(associations_of(user, entity))
    shown = children_shown(user, [a.child for a in associations if a.child is not None])
    agency_id = user.agency.pk if user.agency else None
    rows = []
    for association in associations:
        outgoing = association.entity_id == entity.pk
        rows.append(
            AssociationRow(
                association=association,
                outgoing=outgoing,
                other=association.other if outgoing else association.entity,
                child=shown[association.child_id] if association.child_id else None,
                grading_words=grading_words(association),
                can_withdraw=association.source_agency_id == agency_id,
            )
        )
    return rows


# --- The POLE export ---------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "record",
    "pole_class",
    "kind",
    "id",
    "label",
    "details",
    "source_agency",
    "from_id",
    "from_label",
    "to_kind",
    "to_id",
    "to_label",
    "relationship",
    "reported_on",
    "grading",
    "source_reference",
]


@dataclass(frozen=True)
class Export:
    rows: list[list[str]]
    entities: int
    associations: int
    children: int  # distinct children, by pseudonym


def export(user: StaffUser) -> Export:
    """The register ``user`` may see, one row per entity and one per association. Children are
    given by pseudonym only, with no other detail, whoever downloads it."""
    rows: list[list[str]] = []
    visible = visible_entities(user).values("pk")
    entities = 0
    for kind, model in KIND_MODELS.items():
        for entity in (
            model.objects.filter(pk__in=visible).select_related("source_agency").order_by("pk")
        ):
            details = "; ".join(f"{h}: {v}" for h, v in entity_details(entity) if v)
            rows.append(
                [
                    "entity",
                    POLE_CLASS[kind],
                    kind,
                    str(entity.pk),
                    entity.label,
                    details,
                    entity.source_agency.name,
                    *[""] * 9,
                ]
            )
            entities += 1
    associations = list(register_associations(user).select_related("source_agency"))
    codes: dict[int, str] = {}
    if associations and user.agency is not None:
        child_ids = {a.child_id for a in associations if a.child_id}
        codes = pseudonyms(user.agency.area, child_ids)
    for association in associations:
        if association.other is not None:
            to = [association.other.kind, str(association.other.pk), association.other.label]
        else:
            to = ["child", "", codes[association.child_id]]  # type: ignore[index]
        rows.append(
            [
                "association",
                "",
                "",
                str(association.pk),
                "",
                "",
                association.source_agency.name,
                str(association.entity_id),
                association.entity.label,
                *to,
                association.get_relationship_display(),
                association.reported_on.isoformat(),
                association.grading,
                association.source_reference,
            ]
        )
    return Export(rows, entities, len(associations), len(codes))


def export_lines(result: Export) -> Iterator[list[str]]:
    yield EXPORT_COLUMNS
    yield from result.rows
