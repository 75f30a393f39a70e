"""Subject access requests for a child: record the request, gather a copy of what is held (with
other people's data taken out), review it item by item, and release it.

What is never released
----------------------
* Another child's data. Every text gathered is scrubbed (:class:`ThirdParty`) of the names and
  agency identifiers of the partnership's other children that appear in it, and of the names
  and references of others involved in the child's agency events; the release is scrubbed again
  after review, so an edit cannot bring a name back. Meeting entries carry only what was said
  about this child on the agenda, never the rest of the minutes.
* Items the policy withholds unnamed (``InformationCategory.withheld_unnamed`` or an agreement
  marked so): gathered as withheld, counted in the release, never shown.
* Intelligence associations: they are about other people (persons of concern, places), and
  disclosing them could prejudice the prevention or detection of crime; gathered as withheld.
* Staff names, if ``SMH_SAR_REDACT_STAFF_NAMES`` is on (off by default: staff acting in their
  work are usually named in a release; see docs/data-protection.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.audit.selectors import access_log_for_child, access_log_shared_with_agencies
from seemehearme.audit.wording import basis_words
from seemehearme.cases.chronology import sources
from seemehearme.dataprotection.models import (
    ItemDecision,
    RequestStatus,
    SubjectAccessItem,
    SubjectAccessRequest,
)
from seemehearme.dates import date_and_time, long_date
from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity.models import AgencyPerson
from seemehearme.intelligence.models import Association
from seemehearme.people.models import AgencyIdentifier, Child
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, InformationCategory
from seemehearme.sharing.policy import SharingGrants

NAME_WITHHELD = "[name withheld]"
IDENTIFIER_WITHHELD = "[reference withheld]"
STAFF_WITHHELD = "[member of staff]"

UNNAMED_WITHHELD = (
    "Withheld: information of a kind the partnership's policy does not name to others. Ask "
    "the agency that holds it before releasing it."
)
INTELLIGENCE_WITHHELD = (
    "Withheld: intelligence about other people, whose release could prejudice the prevention "
    "or detection of crime (DPA 2018 Schedule 2 paragraph 2)."
)


def due_date(received_on: dt.date) -> dt.date:
    """One calendar month after receipt (UK GDPR Article 12(3)); where the next month has no
    such day, its last day (ICO guidance on time limits)."""
    year, month = (received_on.year + 1, 1) if received_on.month == 12 else (
        received_on.year, received_on.month + 1
    )  # fmt: skip
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(received_on.day, last))


def redact_staff_names() -> bool:
    return bool(getattr(settings, "SMH_SAR_REDACT_STAFF_NAMES", False))


# --- Other people's data --------------------------------------------------------------------

WORD = re.compile(r"[\w'\u2019-]+")  # words, with straight or curly apostrophes
NGRAM = 3


def _phrases(texts: Iterable[str]) -> set[str]:
    """Every word and run of up to three words in ``texts``, lower case (to look names and
    identifiers up in one query each)."""
    found: set[str] = set()
    for text in texts:
        words = [word.lower() for word in WORD.findall(text)]
        for size in range(1, NGRAM + 1):
            for start in range(len(words) - size + 1):
                found.add(" ".join(words[start : start + size]))
    return found


def _key(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


@dataclass
class ThirdParty:
    """Phrases to take out of a subject's copy, each with what replaces it."""

    replacements: dict[str, str] = field(default_factory=dict)  # by casefolded phrase
    forms: set[str] = field(default_factory=set)  # each phrase as written and in lower case

    def add(self, phrase: str, replacement: str, *, keep: set[str]) -> None:
        phrase = " ".join(phrase.split())
        if len(phrase) > 1 and _key(phrase) not in keep:
            self.replacements.setdefault(_key(phrase), replacement)
            self.forms |= {phrase, phrase.lower()}

    def scrub(self, text: str) -> tuple[str, int]:
        """``text`` with every phrase replaced (whole words, any case, any spacing), and how
        many replacements were made."""
        if not text or not self.replacements:
            return text, 0
        phrases = sorted(self.forms, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w])("
            + "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
            + r")(?![\w])",
            re.IGNORECASE,
        )
        count = 0

        def replace(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return self.replacements.get(_key(match.group(1)), NAME_WITHHELD)

        return pattern.sub(replace, text), count


def _own_words(child: Child) -> set[str]:
    """The subject's own names, which stay even if another child shares one of them."""
    names = [child.given_name, child.family_name, child.known_as, child.full_name]
    if child.known_as:
        names.append(f"{child.known_as} {child.family_name}")
    return {_key(name) for name in names if name}


def third_party_for(child: Child, texts: Iterable[str]) -> ThirdParty:
    """What must come out of ``texts`` for ``child``'s copy: names and identifiers (agency
    references and agencies' own person ids) of the partnership's other children that occur
    in them (three queries however long the texts),
    the names and references of others involved in the child's agency events, and staff names
    if the partnership redacts them."""
    texts = list(texts)
    phrases = _phrases(texts)
    keep = _own_words(child)
    same_child = {child.pk, *child.merged_from.values_list("pk", flat=True)}
    if child.merged_into_id:
        same_child.add(child.merged_into_id)
    third = ThirdParty()
    others = (
        Child.objects.filter(area_id=child.area_id)
        .exclude(pk__in=same_child)
        .annotate(g=Lower("given_name"), f=Lower("family_name"), k=Lower("known_as"))
        .filter(Q(g__in=phrases) | Q(f__in=phrases) | Q(k__in=phrases))
    )
    for other in others:
        for name in (
            f"{other.given_name} {other.family_name}",
            f"{other.known_as} {other.family_name}" if other.known_as else "",
            other.given_name,
            other.family_name,
            other.known_as,
        ):
            if name:
                third.add(name, NAME_WITHHELD, keep=keep)
    identifiers = (
        AgencyIdentifier.objects.filter(child__area_id=child.area_id)
        .exclude(child_id__in=same_child)
        .annotate(v=Lower("value"))
        .filter(v__in=phrases)
        .values_list("value", flat=True)
    )
    agency_records = (
        AgencyPerson.objects.filter(agency__area_id=child.area_id, child__isnull=False)
        .exclude(child_id__in=same_child)
        .annotate(v=Lower("source_person_id"))
        .filter(v__in=phrases)
        .values_list("source_person_id", flat=True)
    )
    for value in [*identifiers, *agency_records]:
        third.add(value, IDENTIFIER_WITHHELD, keep=keep)
    for linked in AgencyEvent.objects.filter(child=child).values_list("linked_people", flat=True):
        for person in linked or []:
            given, family = person.get("given_name") or "", person.get("family_name") or ""
            for name in (f"{given} {family}".strip(), given, family):
                if name:
                    third.add(name, NAME_WITHHELD, keep=keep)
            if person.get("person_id"):
                third.add(str(person["person_id"]), IDENTIFIER_WITHHELD, keep=keep)
    if redact_staff_names():
        for user in StaffUser.objects.filter(agency__area_id=child.area_id):
            for name in (user.get_full_name(), user.username):
                if name:
                    third.add(name, STAFF_WITHHELD, keep=keep)
    return third


# --- Recording and gathering ----------------------------------------------------------------


def child_for_request(
    *, area_id: int, given_name: str, family_name: str, dob: dt.date
) -> list[Child]:
    """The partnership's children (not merged away) with exactly this name and date of birth."""
    return list(
        Child.objects.filter(
            area_id=area_id,
            given_name__iexact=given_name.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=dob,
            merged_into__isnull=True,
        ).order_by("pk")
    )


def request_create(
    *,
    by: StaffUser,
    child: Child,
    requester_name: str,
    requester_kind: str,
    received_on: dt.date,
    notes: str = "",
) -> SubjectAccessRequest:
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": ["The date received must be today or in the past"]})
    return SubjectAccessRequest.objects.create(
        area_id=child.area_id,
        child=child,
        requester_name=requester_name.strip(),
        requester_kind=requester_kind,
        received_on=received_on,
        due_on=due_date(received_on),
        notes=notes.strip(),
        created_by=by,
    )


@dataclass
class _Gathered:
    section: str
    section_label: str
    title: str
    text: str = ""
    when: dt.datetime | None = None
    held_by: str = ""
    category: str = ""
    ref: str = ""
    withheld_reason: str = ""


def _as_datetime(when: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(when, dt.datetime):
        return when
    return timezone.make_aware(dt.datetime.combine(when, dt.time(12)))


def _identifying(child: Child) -> _Gathered:
    identifiers = AgencyIdentifier.objects.filter(child=child).select_related("agency")
    address = ", ".join(part for part in (child.address, child.postcode) if part)
    lines = [
        f"Name: {child.full_name}",
        *([f"Known as: {child.known_as}"] if child.known_as else []),
        f"Date of birth: {long_date(child.date_of_birth)}",
        f"Gender: {child.get_gender_display()}",
        f"Ethnicity: {child.get_ethnicity_display()}",
        f"Address: {address or 'None recorded'}",
        f"School: {child.school.name if child.school else 'None recorded'}",
        f"Care status: {child.get_care_status_display()}",
        f"Disability: {child.get_disability_display()}",
        f"First language: {child.first_language}",
        *(f"{i.agency.name} reference ({i.scheme}): {i.value}" for i in identifiers),
    ]
    return _Gathered("record", "The child's record", "Identifying details", "\n".join(lines))


def _held(child: Child, grants: SharingGrants) -> list[_Gathered]:
    """Everything the chronology's sources hold about the child (case work, information items,
    voice, plans, reviews, decisions, flags, events, meetings, decisions to share)."""
    categories = {category.code: category for category in InformationCategory.objects.all()}
    gathered: list[_Gathered] = []
    for source in sources():
        for entry in source.entries(child):
            category = (
                entry.category
                if isinstance(entry.category, InformationCategory)
                else categories[entry.category]
            )
            unnamed = grants.withheld_unnamed(entry.source_agency, category)
            gathered.append(
                _Gathered(
                    source.kind,
                    source.label,
                    entry.title,
                    entry.detail,
                    _as_datetime(entry.when),
                    entry.source_agency.name,
                    category.name,
                    entry.ref,
                    UNNAMED_WITHHELD if unnamed else "",
                )
            )
    return gathered


def _intelligence(child: Child) -> list[_Gathered]:
    associations = Association.objects.filter(child=child).select_related("source_agency")
    return [
        _Gathered(
            "intelligence",
            "Intelligence",
            "Intelligence association",
            "",
            _as_datetime(association.reported_on),
            association.source_agency.name,
            "",
            f"association {association.pk}",
            INTELLIGENCE_WITHHELD,
        )
        for association in associations
    ]


def _who_saw(child: Child) -> _Gathered:
    """The child's access log: who looked (or was refused), when, and on what basis. What each
    entry was about is left out: it can name items withheld from this copy."""
    entries = access_log_for_child(child=child)
    lines = [
        f"{date_and_time(entry.occurred_at)}: {entry.username} ({entry.agency_name or 'no agency'})"
        f", {entry.get_action_display().lower()}, "
        f"{'allowed' if entry.allowed else 'refused'} ({basis_words(entry.basis)})"
        for entry in entries
    ]
    return _Gathered(
        "access-log",
        "Who has seen the record",
        f"Access log: {len(lines)} entries",
        "\n".join(lines) or "Nobody has looked at the record.",
    )


def _shared(child: Child) -> _Gathered:
    """What other agencies were shown under agreements, counted by agency and agreement."""
    shared = access_log_shared_with_agencies(child=child)
    lines = [
        f"{row['agency_name'] or 'No agency'}: {row['n']} time(s), {basis_words(row['basis'])}"
        for row in shared
    ]
    return _Gathered(
        "shared",
        "What was shared and why",
        "Information shown to other agencies under agreements",
        "\n".join(lines) or "Nothing was shown to another agency under an agreement.",
    )


@transaction.atomic
def request_gather(*, request: SubjectAccessRequest, by: StaffUser) -> int:
    """Gather a copy of everything held about the request's child, other people's data taken
    out, for review. Returns how many items. Only once, while the request is received."""
    if request.status != RequestStatus.RECEIVED:
        raise ValidationError("This request has already been gathered.")
    child = request.child
    assert by.agency is not None
    grants = SharingGrants(by.agency, SAFEGUARDING_PURPOSE, timezone.localdate())
    held = sorted(_held(child, grants), key=lambda g: (g.section_label, g.when or timezone.now()))
    gathered = [_identifying(child), *held, *_intelligence(child), _shared(child), _who_saw(child)]
    third = third_party_for(child, (text for g in gathered for text in (g.title, g.text)))
    items = []
    for position, g in enumerate(gathered, start=1):
        title, in_title = third.scrub(g.title)
        text, in_text = third.scrub(g.text)
        items.append(
            SubjectAccessItem(
                request=request,
                section=g.section,
                section_label=g.section_label,
                position=position,
                when=g.when,
                title=title[:300],
                text="" if g.withheld_reason else text,
                held_by=g.held_by,
                category=g.category,
                ref=g.ref,
                third_party_removed=in_title + in_text,
                withheld_reason=g.withheld_reason,
                decision=ItemDecision.EXCLUDE if g.withheld_reason else ItemDecision.UNDECIDED,
                decision_reason=g.withheld_reason[:300],
            )
        )
    SubjectAccessItem.objects.bulk_create(items)
    request.status = RequestStatus.IN_REVIEW
    request.gathered_at = timezone.now()
    request.save(update_fields=["status", "gathered_at"])
    return len(items)


# --- Review and release -----------------------------------------------------------------------


def item_review(
    *, item: SubjectAccessItem, by: StaffUser, decision: str, reason: str, redacted_text: str
) -> SubjectAccessItem:
    """Record the review of one item: include, include with redactions (the text as it will be
    released, and why), or exclude (why)."""
    if item.request.status != RequestStatus.IN_REVIEW:
        raise ValidationError("This request is not in review.")
    if item.withheld:
        raise ValidationError("The policy withholds this item: it cannot be released.")
    problems: dict[str, list[str]] = {}
    if decision not in (ItemDecision.INCLUDE, ItemDecision.REDACT, ItemDecision.EXCLUDE):
        problems["decision"] = ["Choose whether to include, redact or exclude the item"]
    if decision in (ItemDecision.REDACT, ItemDecision.EXCLUDE) and not reason.strip():
        problems["reason"] = [
            "Say why you are redacting the item"
            if decision == ItemDecision.REDACT
            else "Say why you are excluding the item"
        ]
    if decision == ItemDecision.REDACT and redacted_text.strip() == item.text.strip():
        problems["redacted_text"] = ["Take out what is to be redacted from the text"]
    if problems:
        raise ValidationError(problems)
    item.decision = decision
    item.decision_reason = reason.strip()[:300]
    item.redacted_text = redacted_text.strip() if decision == ItemDecision.REDACT else ""
    item.decided_by = by
    item.decided_at = timezone.now()
    item.save()
    return item


def undecided_count(request: SubjectAccessRequest) -> int:
    return request.items.filter(decision=ItemDecision.UNDECIDED).count()


@transaction.atomic
def request_release(*, request: SubjectAccessRequest, by: StaffUser) -> None:
    """Mark the request released. Only once every item has been reviewed."""
    if request.status != RequestStatus.IN_REVIEW:
        raise ValidationError("Only a request in review can be released.")
    waiting = undecided_count(request)
    if waiting:
        raise ValidationError(f"{waiting} item(s) still need a review decision.")
    request.status = RequestStatus.RELEASED
    request.released_at = timezone.now()
    request.released_by = by
    request.save(update_fields=["status", "released_at", "released_by"])


def release_document(request: SubjectAccessRequest) -> dict[str, Any]:
    """The release as data (for the page, the PDF and the JSON): the items included, redacted
    ones as redacted, and the items left out counted by reason. Scrubbed again, so nothing
    about another child can come back through an edit."""
    items = list(request.items.all())
    released = [i for i in items if i.decision in (ItemDecision.INCLUDE, ItemDecision.REDACT)]
    texts = [i.redacted_text if i.decision == ItemDecision.REDACT else i.text for i in released]
    third = third_party_for(request.child, [*texts, *(i.title for i in released)])
    sections: dict[str, dict[str, Any]] = {}
    for item, text in zip(released, texts, strict=True):
        section = sections.setdefault(item.section, {"label": item.section_label, "items": []})
        section["items"].append(
            {
                "when": item.when.isoformat() if item.when else None,
                "when_words": long_date(item.when) if item.when else "",
                "title": third.scrub(item.title)[0],
                "text": third.scrub(text)[0],
                "held_by": item.held_by,
                "category": item.category,
                "redacted": item.decision == ItemDecision.REDACT,
                "redaction_reason": item.decision_reason
                if item.decision == ItemDecision.REDACT
                else "",
                "third_party_removed": item.third_party_removed > 0,
            }
        )
    left_out: dict[str, int] = {}
    for item in items:
        if item.decision == ItemDecision.EXCLUDE:
            left_out[item.decision_reason] = left_out.get(item.decision_reason, 0) + 1
    return {
        "request": {
            "reference": f"SAR-{request.pk}",
            "received_on": request.received_on.isoformat(),
            "received_words": long_date(request.received_on),
            "due_on": request.due_on.isoformat(),
            "released_at": request.released_at.isoformat() if request.released_at else None,
        },
        "subject": request.child.full_name,
        "sections": list(sections.values()),
        "left_out": [{"reason": reason, "count": n} for reason, n in sorted(left_out.items())],
    }


def release_html(document: dict[str, Any]) -> str:
    return render_to_string("dataprotection/release_print.html", {"document": document})


def release_zip(document: dict[str, Any]) -> bytes:
    """A ZIP of the release as JSON and as a PDF."""
    from seemehearme.meetings.pdf import render_pdf

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("release.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr("release.pdf", render_pdf(release_html(document)))
    return buffer.getvalue()
