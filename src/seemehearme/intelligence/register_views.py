"""The intelligence register: a list of each kind of entity, an entity's page with its
associations, forms to record and change entities and associations, withdrawal, and the POLE
download.

Every page asks ``can_use_intelligence`` first and shows only what ``visible_entities`` and
``visible_associations`` allow; an entity the user may not see is "not found", as if it did
not exist. A child is named only through a working relationship; anyone else sees the
pseudonym, and the download gives pseudonyms to everyone.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.intelligence import register, selectors, services
from seemehearme.intelligence.forms import (
    ENTITY_FORMS,
    KIND_SLUGS,
    SLUG_FOR_KIND,
    AssociationForm,
    RegisterFilterForm,
    WithdrawForm,
)
from seemehearme.intelligence.models import KIND_MODELS, Entity
from seemehearme.sharing.policy import (
    Decision,
    can_see_pseudonymised,
    can_use_intelligence,
    require,
)
from seemehearme.web.requests import staff

PAGE_SIZE = 50

# The basis of the one access-log entry a page or download writes when it shows children by
# pseudonym only (ADR 0005): the same words as the analyst's workspace.
PSEUDONYMISED = Decision(
    True,
    "pseudonymised_listing",
    "Children linked to intelligence, as pseudonyms, without names or identifying details.",
)


def _intelligence(request: HttpRequest) -> StaffUser:
    user = staff(request)
    require(can_use_intelligence(user))
    return user


def _kind(kind_slug: str) -> str:
    if kind_slug not in KIND_SLUGS:
        raise Http404("No such part of the register.")
    return KIND_SLUGS[kind_slug]


def _tabs(current: str) -> list[dict[str, Any]]:
    return [
        {
            "label": str(KIND_MODELS[kind]._meta.verbose_name_plural).capitalize(),
            "url": reverse("intelligence:entities", args=[slug]),
            "current": kind == current,
        }
        for slug, kind in KIND_SLUGS.items()
    ]


def _a(name: object) -> str:
    """'a place', 'an online account'."""
    text = str(name)
    return f"{'an' if text[:1] in 'aeiou' else 'a'} {text}"


def _entity(user: StaffUser, entity_id: int) -> Entity:
    entity = selectors.visible_entity(user, entity_id)
    if entity is None:
        raise Http404("No such person, group, place or object that you can see.")
    return entity


@require_GET
def register_home(request: HttpRequest) -> HttpResponse:
    """The menu's way in: the persons of concern."""
    _intelligence(request)
    return redirect("intelligence:entities", kind_slug="persons")


@require_GET
def entity_list(request: HttpRequest, kind_slug: str) -> HttpResponse:
    user = _intelligence(request)
    kind = _kind(kind_slug)
    form = RegisterFilterForm(request.GET)
    entities = selectors.visible_entities(user, kind).select_related("source_agency")
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        entities = entities.filter(label__icontains=query)
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intelligence/entity_list.html",
        {
            "form": form,
            "query": query,
            "kind": kind,
            "kind_slug": kind_slug,
            "kind_name": KIND_MODELS[kind]._meta.verbose_name,
            "a_kind": _a(KIND_MODELS[kind]._meta.verbose_name),
            "kind_plural": KIND_MODELS[kind]._meta.verbose_name_plural,
            "tabs": _tabs(kind),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


@require_http_methods(["GET", "POST"])
def entity_create(request: HttpRequest, kind_slug: str) -> HttpResponse:
    user = _intelligence(request)
    kind = _kind(kind_slug)
    form_class = ENTITY_FORMS[kind]
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entity = services.record_entity(user, kind, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{entity.label} added to the register.")
            return redirect("intelligence:entity", entity_id=entity.pk)
    return render(
        request,
        "intelligence/entity_form.html",
        {
            "form": form,
            "entity": None,
            "kind_slug": kind_slug,
            "a_kind": _a(KIND_MODELS[kind]._meta.verbose_name),
        },
    )


@require_http_methods(["GET", "POST"])
def entity_edit(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = _intelligence(request)
    entity = _entity(user, entity_id)
    if user.agency is None or entity.source_agency_id != user.agency.pk:
        raise PermissionDenied(
            f"Only {entity.source_agency.name}, which recorded it, can change it."
        )
    form_class = ENTITY_FORMS[entity.kind]
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial=form_class.initial_from(entity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entity(user, entity, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Details saved.")
            return redirect("intelligence:entity", entity_id=entity.pk)
    return render(
        request,
        "intelligence/entity_form.html",
        {
            "form": form,
            "entity": entity,
            "kind_slug": SLUG_FOR_KIND[entity.kind],
        },
    )


def _log_children_shown(
    request: HttpRequest, rows: list[register.AssociationRow], entity: Entity
) -> None:
    """Named children: one entry each. Pseudonymised children: one entry naming none, as the
    analyst's workspace writes (ADR 0005)."""
    user = staff(request)
    named = {row.association.child_id: row for row in rows if row.child and row.child.named}
    if named:
        access_log_record_many(
            user=user,
            shown=[
                (row.association.child, row.child.access, "intelligence: linked to an entity")
                for row in named.values()
                if row.association.child is not None and row.child is not None
            ],
            action=AccessAction.VIEW_ITEM,
            request=request,
        )
    pseudonymised = {row.association.child_id for row in rows if row.child and not row.child.named}
    if pseudonymised:
        count = len(pseudonymised)
        access_log_record(
            user=user,
            child=None,
            action=AccessAction.VIEW_ITEM,
            decision=PSEUDONYMISED,
            subject=f"intelligence register: {count} pseudonymised child{pluralize(count, 'ren')} "
            f"linked to {entity.get_kind_display().lower()} {entity.pk}",
            request=request,
        )


@require_GET
def entity_detail(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = _intelligence(request)
    entity = _entity(user, entity_id)
    rows = register.association_rows(user, entity)
    _log_children_shown(request, rows, entity)
    return render(
        request,
        "intelligence/entity_detail.html",
        {
            "entity": entity,
            "details": register.entity_details(entity),
            "rows": rows,
            "can_edit": user.agency is not None and entity.source_agency_id == user.agency.pk,
            "kind_slug": SLUG_FOR_KIND[entity.kind],
            "kind_plural": entity._meta.verbose_name_plural,
            "network_key": f"e{entity.pk}",
        },
    )


def _association_form(request: HttpRequest, user: StaffUser, entity: Entity) -> AssociationForm:
    assert user.agency is not None
    by_pseudonym = can_see_pseudonymised(user).allowed
    entities = list(
        selectors.visible_entities(user).exclude(pk=entity.pk).order_by("kind", "label", "pk")
    )
    children = [] if by_pseudonym else selectors.children_to_link(user)
    if children:  # their names are in the picker
        access_log_record_many(
            user=user,
            shown=[(child, access, "intelligence: children to link") for child, access in children],
            action=AccessAction.LISTED,
            request=request,
        )
    return AssociationForm(
        request.POST if request.method == "POST" else None,
        entity=entity,
        entities=entities,
        children=[child for child, _access in children],
        by_pseudonym=by_pseudonym,
        area=user.agency.area,
    )


@require_http_methods(["GET", "POST"])
def association_add(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = _intelligence(request)
    entity = _entity(user, entity_id)
    form = _association_form(request, user, entity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_association(
                user,
                entity=entity,
                other=data["other_entity"],
                child=data["linked_child"],
                relationship=data["relationship"],
                reported_on=data["reported_on"],
                source_evaluation=data["source_evaluation"],
                intelligence_assessment=data["intelligence_assessment"],
                handling_code=data["handling_code"],
                handling_conditions=data["handling_conditions"],
                source_reference=data["source_reference"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Association recorded.")
            return redirect("intelligence:entity", entity_id=entity.pk)
    return render(request, "intelligence/association_form.html", {"form": form, "entity": entity})


@require_http_methods(["GET", "POST"])
def association_withdraw(request: HttpRequest, association_id: int) -> HttpResponse:
    user = _intelligence(request)
    visible = selectors.visible_entities(user).values("pk")
    association = get_object_or_404(
        selectors.visible_associations(user)
        .filter(entity__in=visible)
        .filter(Q(other__isnull=True) | Q(other__in=visible))
        .select_related("entity", "other", "source_agency"),
        pk=association_id,
    )
    if user.agency is None or association.source_agency_id != user.agency.pk:
        raise PermissionDenied(
            f"Only {association.source_agency.name}, which recorded it, can withdraw it."
        )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_association(user, association, form.cleaned_data["why"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Association withdrawn.")
            return redirect("intelligence:entity", entity_id=association.entity_id)
    return render(
        request,
        "intelligence/association_withdraw.html",
        {"form": form, "association": association},
    )


@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    """Everything in the register the user may see, as CSV, children by pseudonym only."""
    user = _intelligence(request)
    result = register.export(user)
    access_log_record(
        user=user,
        child=None,
        action=AccessAction.EXPORT,
        decision=PSEUDONYMISED,
        subject=f"intelligence register download: {result.entities} entities, "
        f"{result.associations} associations, {result.children} pseudonymised children",
        request=request,
    )
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="intelligence-register-{today:%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    csv.writer(response).writerows(register.export_lines(result))
    return response
