"""Pages: the child's chronology, across agencies, filtered by the access policy.

The filters are a GET form whose only values are agency ids and entry kinds, so a filtered view
can be bookmarked without putting anything about the child in the address.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record_many
from seemehearme.cases.chronology import Source, child_chronology, sources
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision
from seemehearme.web.forms import GovukFormMixin

PAGE_SIZE = 50


class ChronologyFilterForm(GovukFormMixin, forms.Form):
    agency = forms.TypedMultipleChoiceField(
        label="Held by",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose agencies from the list"},
    )
    kind = forms.MultipleChoiceField(
        label="Type of entry",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose types of entry from the list"},
    )

    def __init__(
        self, data: Any, *, agencies: Sequence[Agency], kinds: Sequence[Source], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        agency_field = cast(forms.ChoiceField, self.fields["agency"])
        agency_field.choices = [(agency.pk, agency.name) for agency in agencies]
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        kind_field.choices = [(source.kind, source.label) for source in kinds]


@child_view(AccessAction.VIEW_RECORD, subject="Chronology")
@require_GET
def chronology(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    user: StaffUser = request.user  # type: ignore[assignment]  # the middleware admits only staff
    timeline = child_chronology(user=user, child=child, access=access)
    form = ChronologyFilterForm(request.GET, agencies=timeline.agencies, kinds=sources())
    page = selection = None
    if form.is_valid():
        selection = timeline.select(
            agency_ids=form.cleaned_data["agency"], kinds=form.cleaned_data["kind"]
        )
        page = Paginator(selection.shown, PAGE_SIZE).get_page(request.GET.get("page"))
        # What this page shows, and every withheld entry it counts: the user was told those
        # exist, so the refusals are recorded too.
        access_log_record_many(
            user=user,
            shown=[
                (child, row.decision, row.log_subject)
                for row in [*page.object_list, *selection.refused]
            ],
            action=AccessAction.VIEW_ITEM,
            purpose=SAFEGUARDING_PURPOSE,
            request=request,
        )
    return render(
        request,
        "cases/chronology/chronology.html",
        {
            "child": child,
            "access": access,
            "form": form,
            "selection": selection,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2)
            if page
            else [],
            "filtered": bool(selection is not None and any(form.cleaned_data.values())),
        },
    )


urlpatterns: list[URLPattern] = [
    path("children/<int:child_id>/chronology", chronology, name="chronology"),
]
