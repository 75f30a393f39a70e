"""Pages for persons of concern found in agencies' feeds: the review of pairs of adults' records
that may be the same person, merging two persons, and a person's merge history with a way to
split a merge.

Only staff who work with intelligence (``can_use_intelligence``) reach these pages, and they
see only persons ``visible_entities`` gives them. The pages show adults and counts, never a
child, so they write nothing to the access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seemehearme.areas.models import StaffUser
from seemehearme.dates import date_and_time, long_date
from seemehearme.intelligence import persons
from seemehearme.intelligence.models import (
    AdultMatchCandidate,
    AdultRecord,
    CandidateStatus,
    PersonMerge,
    PersonOfConcern,
)
from seemehearme.intelligence.persons_forms import (
    SAME,
    DecisionForm,
    MergeForm,
    SplitForm,
)
from seemehearme.sharing.policy import can_use_intelligence, require

REVIEW_PAGE_SIZE = 50


def _staff(request: HttpRequest) -> StaffUser:
    user: StaffUser = request.user  # type: ignore[assignment]
    require(can_use_intelligence(user))
    return user


def person_url(person: PersonOfConcern) -> str:
    """The person's own page in the register if there is one, else their merge history."""
    try:
        return reverse("intelligence:entity", args=[person.pk])
    except NoReverseMatch:
        return reverse("intelligence:person-merges", args=[person.pk])


def _record_row(record: AdultRecord, summary: persons.RecordSummary | None) -> dict[str, Any]:
    return {
        "name": str(record),
        "agency": record.agency.name,
        "reference": "None given (made from the name and date of birth)"
        if record.key_derived
        else record.source_key,
        "born": long_date(record.date_of_birth) if record.date_of_birth else "Not known",
        "role": record.role or "Not given",
        "seen": (
            long_date(record.first_seen)
            if record.first_seen == record.last_seen
            else f"{long_date(record.first_seen)} to {long_date(record.last_seen)}"
        ),
        "children": summary.children if summary else 0,
        "events": summary.events if summary else 0,
        "person": record.person,
        "person_url": person_url(record.person) if record.person else "",
    }


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Pairs of agencies' records of adults that may be the same person, most likely first."""
    user = _staff(request)
    candidates = persons.visible_candidates(user)
    page = Paginator(candidates, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "candidate": candidate,
            "percent": round(candidate.probability * 100),
            "first": str(candidate.first),
            "first_agency": candidate.first.agency.name,
            "second": str(candidate.second),
            "second_agency": candidate.second.agency.name,
            "found": long_date(candidate.created_at),
        }
        for candidate in page.object_list
    ]
    return render(
        request,
        "intelligence/adult_review_queue.html",
        {
            "rows": rows,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


def _candidate(user: StaffUser, pk: int) -> AdultMatchCandidate:
    """A pair whose records' persons ``user`` can both see (decided pairs included)."""
    seen = persons.visible_persons(user, include_merged=True).values("pk")
    candidate = (
        AdultMatchCandidate.objects.filter(pk=pk, first__person__in=seen, second__person__in=seen)
        .select_related("first__agency", "second__agency", "first__person", "second__person")
        .select_related("decided_by")
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


@require_http_methods(["GET", "POST"])
def candidate_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Two records side by side, why they may match, and the decision."""
    user = _staff(request)
    candidate = _candidate(user, pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        same = form.cleaned_data["decision"] == SAME
        try:
            if same:
                persons.candidate_accept(user, candidate, form.cleaned_data["reason"])
            else:
                persons.candidate_reject(user, candidate, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Recorded: the same person. Their records are now one person of concern."
                if same
                else "Recorded: different people. They will not be put together.",
            )
            return redirect("intelligence:adult-review")
    summaries = persons.record_summaries([candidate.first, candidate.second])
    reasons = [
        {
            **reason,
            "effect": "Towards a match" if reason["weight"] > 0 else (
                "Against a match" if reason["weight"] < 0 else "No effect"
            ),
            "tag": "green" if reason["weight"] > 0 else ("red" if reason["weight"] < 0 else "grey"),
        }
        for reason in candidate.explanation
    ]  # fmt: skip
    return render(
        request,
        "intelligence/adult_candidate.html",
        {
            "candidate": candidate,
            "percent": round(candidate.probability * 100),
            "pending": candidate.status == CandidateStatus.PENDING,
            "decided_at": long_date(candidate.decided_at) if candidate.decided_at else "",
            "records": [
                _record_row(candidate.first, summaries.get(candidate.first.pk)),
                _record_row(candidate.second, summaries.get(candidate.second.pk)),
            ],
            "reasons": reasons,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _person(user: StaffUser, pk: int, *, include_merged: bool = False) -> PersonOfConcern:
    return get_object_or_404(
        persons.visible_persons(user, include_merged=include_merged).select_related(
            "source_agency", "merged_into"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def merge_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another person of concern into this one."""
    user = _staff(request)
    person = _person(user, pk)
    others = persons.visible_persons(user).exclude(pk=person.pk)
    form = MergeForm(request.POST if request.method == "POST" else None, others=others)
    if request.method == "POST" and form.is_valid():
        try:
            other, why = form.cleaned_data["other"], form.cleaned_data["why"]
            persons.merge_persons(user, person, other, why)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Merged into {person.label}.")
            return redirect("intelligence:person-merges", pk=person.pk)
    return render(
        request,
        "intelligence/person_merge.html",
        {
            "person": person,
            "person_url": person_url(person),
            "form": form,
            "has_others": others.exists(),
        },
        status=400 if form.errors else 200,
    )


def _merge_rows(merges: list[PersonMerge], person: PersonOfConcern) -> list[dict[str, Any]]:
    return [
        {
            "merge": merge,
            "into_this": merge.kept_id == person.pk,
            "kept": merge.kept.label,
            "merged": merge.merged.label,
            "when": date_and_time(merge.merged_at),
            "by": merge.merged_by.display_name,
            "records": len(merge.moved_records),
            "links": len(merge.moved_associations) + len(merge.moved_associations_to),
            "split_when": date_and_time(merge.split_at) if merge.split_at else "",
            "split_by": merge.split_by.display_name if merge.split_by else "",
            "form": SplitForm(prefix=f"split-{merge.pk}"),
        }
        for merge in merges
    ]


@require_GET
def merges_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's merge history: who was merged into them (or they into whom), with a way to
    split each merge that still stands."""
    user = _staff(request)
    person = _person(user, pk, include_merged=True)
    merges = list(persons.person_merges(person))
    return render(
        request,
        "intelligence/person_merges.html",
        {
            "person": person,
            "person_url": person_url(person),
            "rows": _merge_rows(merges, person),
            "records": list(person.adult_records.select_related("agency")),
        },
    )


@require_POST
def split_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Split one merge (from the merge history page)."""
    user = _staff(request)
    seen = persons.visible_persons(user, include_merged=True).values("pk")
    merge = get_object_or_404(
        PersonMerge.objects.filter(kept__in=seen, merged__in=seen).select_related("kept"), pk=pk
    )
    form = SplitForm(request.POST, prefix=f"split-{merge.pk}")
    if form.is_valid():
        try:
            split_off = persons.split_person(user, merge, form.cleaned_data["why"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Split: {split_off.label} stands on their own again.")
            return redirect("intelligence:person-merges", pk=merge.kept_id)
    person = merge.kept
    rows = _merge_rows(list(persons.person_merges(person)), person)
    for row in rows:
        if row["merge"].pk == merge.pk:
            row["form"] = form
    return render(
        request,
        "intelligence/person_merges.html",
        {
            "person": person,
            "person_url": person_url(person),
            "rows": rows,
            "records": list(person.adult_records.select_related("agency")),
            "errors_form": form,
        },
        status=400,
    )


urlpatterns = [
    path("persons/review/", review_queue, name="adult-review"),
    path("persons/review/<int:pk>/", candidate_page, name="adult-candidate"),
    path("persons/<int:pk>/merge/", merge_page, name="person-merge"),
    path("persons/<int:pk>/merges/", merges_page, name="person-merges"),
    path("persons/merges/<int:pk>/split/", split_page, name="person-split"),
]
