"""Network analysis pages: the overview, one subject's network (table, interactive graph and a
picture for reports) and the shortest link between two subjects.

Every page is for those who work with intelligence (``can_use_intelligence``) and shows only
what the policy shares with them. Children appear by pseudonym unless the viewer works with the
child. Each page view writes one access log entry naming no child, saying how many children it
showed by pseudonym, and one entry per child it named (ADR 0005).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET

from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.intelligence import network
from seemehearme.people.models import Child
from seemehearme.sharing.policy import Decision, can_use_intelligence, require
from seemehearme.web.forms import GovukFormMixin
from seemehearme.web.requests import staff

SVG_WIDTH, SVG_HEIGHT, SVG_MARGIN = 900, 640, 70


def _allowed(request: HttpRequest) -> Decision:
    return require(can_use_intelligence(staff(request)))


def _log(
    request: HttpRequest,
    decision: Decision,
    picture: network.Picture,
    what: str,
    action: AccessAction = AccessAction.LISTED,
) -> None:
    """One entry naming no child for the page, and one per child shown by name."""
    named = picture.named_children
    count = picture.pseudonymised_children
    access_log_record(
        user=staff(request),
        child=None,
        action=action,
        decision=decision,
        subject=f"{what}: {count} child{pluralize(count, 'ren')} by pseudonym",
        request=request,
    )
    if named:
        children = Child.objects.in_bulk([shown.child_id for shown in named])
        access_log_record_many(
            user=staff(request),
            shown=[(children[s.child_id], s.access, what) for s in named],
            action=action,
            request=request,
        )


def _subject(picture: network.Picture, key: str) -> int:
    node = network.parse_node_key(key)
    if node is None or node not in picture.network.index:
        raise Http404("There is no such subject in the intelligence you can see.")
    return node


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Connected groups, central figures, communities and children sharing a subject."""
    decision = _allowed(request)
    picture = network.picture_for(staff(request))
    summary = network.overview(picture)
    _log(request, decision, picture, "network overview")
    return render(request, "intelligence/network_overview.html", {"overview": summary})


def _drawn(request: HttpRequest, key: str) -> tuple[Decision, network.Picture, Any]:
    decision = _allowed(request)
    picture = network.picture_for(staff(request))
    return decision, picture, network.subject_network(picture, _subject(picture, key))


@require_GET
def subject(request: HttpRequest, key: str) -> HttpResponse:
    """One subject's network as tables, enhanced into an interactive graph by JavaScript."""
    decision, picture, drawn = _drawn(request, key)
    _log(request, decision, picture, f"network of subject {key}")
    return render(
        request,
        "intelligence/network_subject.html",
        {
            "drawn": drawn,
            "graph": network.graph_data(drawn),
            "limit": network.PICTURE_LIMIT,
        },
    )


@require_GET
def subject_svg(request: HttpRequest, key: str) -> HttpResponse:
    """A still picture of the same network for reports, drawn on the server (SVG)."""
    decision, picture, drawn = _drawn(request, key)
    _log(request, decision, picture, f"network picture of subject {key}", AccessAction.EXPORT)
    width, height = SVG_WIDTH - 2 * SVG_MARGIN, SVG_HEIGHT - 2 * SVG_MARGIN
    at = {
        node.node: (SVG_MARGIN + x * width, SVG_MARGIN + y * height)
        for node, (x, y) in zip(drawn.nodes, drawn.positions, strict=True)
    }
    response = render(
        request,
        "intelligence/network.svg",
        {
            "drawn": drawn,
            "width": SVG_WIDTH,
            "height": SVG_HEIGHT,
            "points": [(node, *at[node.node]) for node in drawn.nodes],
            "lines": [(*at[link.source.node], *at[link.target.node]) for link in drawn.links],
        },
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


class ShortestLinkForm(GovukFormMixin, forms.Form):
    source = forms.ChoiceField(label="From")
    target = forms.ChoiceField(label="To")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", "Choose a subject"), *choices]
        self.fields["source"].choices = options  # type: ignore[attr-defined]
        self.fields["target"].choices = options  # type: ignore[attr-defined]
        self.fields["source"].error_messages["required"] = "Choose where the chain starts."
        self.fields["target"].error_messages["required"] = "Choose where the chain ends."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", "Choose a different subject from the first.")
        return data


@require_GET
def shortest_link(request: HttpRequest) -> HttpResponse:
    """The shortest chain of links between two subjects."""
    decision = _allowed(request)
    picture = network.picture_for(staff(request))
    asked = "source" in request.GET or "target" in request.GET
    form = ShortestLinkForm(request.GET if asked else None, choices=network.choices(picture))
    chain = None
    if asked and form.is_valid():
        source = _subject(picture, form.cleaned_data["source"])
        target = _subject(picture, form.cleaned_data["target"])
        chain = network.chain(picture, source, target)
    _log(request, decision, picture, "shortest link between subjects")
    return render(
        request,
        "intelligence/network_link.html",
        {"form": form, "asked": asked and form.is_valid(), "chain": chain},
    )
