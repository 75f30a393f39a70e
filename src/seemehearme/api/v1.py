"""Version 1 of the JSON API for agency systems (``/api/v1/``).

Every operation, and the OpenAPI document, needs an agency system's bearer token. Nothing here
returns a child's data: only counts, positions, reasons and reference data. Version 1 stays
stable; a breaking change would be version 2, beside it.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from ninja import NinjaAPI, Status
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.throttling import SimpleRateThrottle

from seemehearme.api import schemas, selectors
from seemehearme.api.auth import agency_system_token, token_required, unauthorized
from seemehearme.feeds.importer import RowProblem, import_records
from seemehearme.feeds.models import (
    AgencySystem,
    ImportBatch,
    ImportChannel,
    ImportProblem,
    ImportStatus,
)
from seemehearme.feeds.pipeline import after_import
from seemehearme.feeds.validation import bounded, shown_name

logger = logging.getLogger(__name__)

# 5,000 events of about 500 bytes is 2.5 MB, Django's limit for any request; the API allows
# a generous 2 KB an event on average.
MAX_BODY_BYTES = 10 * 1024 * 1024
NAMESPACE = "api-v1"

DESCRIPTION = """\
The way an agency's computer system sends events about children (missing episodes, school
absences, health attendances, police incidents, intelligence) to the safeguarding partnership,
and checks what happened to them.

Every request needs your agency system's token as `Authorization: Bearer <token>`; ask your
partnership's data protection lead for one. No endpoint returns information about a child.

Limits: at most 5,000 events and 10 MB in one request, and a rate limit per token (429 with
`Retry-After` when exceeded). Sending an event again with the same `record_id` updates it or
leaves it unchanged; it never makes a duplicate.
"""


class SystemRateThrottle(SimpleRateThrottle):
    """A per-token limit, so one misbehaving system cannot crowd out the others."""

    scope = "agency-system"

    def __init__(self) -> None:
        super().__init__(getattr(settings, "SMH_API_RATE_LIMIT", "60/min"))

    def get_cache_key(self, request: HttpRequest) -> str:
        system: AgencySystem = request.auth  # type: ignore[attr-defined]  # set by the auth
        return self.cache_format % {"scope": self.scope, "ident": system.token_hash}


class BodyNotJSON(ValueError):
    """The body could not be read as JSON (Ninja turns any parser error into a 400)."""


class JSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except json.JSONDecodeError as error:
            raise BodyNotJSON(
                f"The body is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}."
            ) from error
        except UnicodeDecodeError as error:
            raise BodyNotJSON("The body is not valid JSON: it is not UTF-8 text.") from error


rate_limit = SystemRateThrottle()

api = NinjaAPI(
    title="See Me, Hear Me agency API",
    version="1",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    auth=agency_system_token,
    throttle=rate_limit,
    parser=JSONParser(),
    # The interactive page would load scripts from a CDN, which the CSP and a closed network
    # forbid: the schema itself is at openapi.json, behind the same token as everything else.
    docs_url=None,
    docs_decorator=token_required,
)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return unauthorized(request)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyNotJSON):
        detail = [{"type": "json_invalid", "loc": ["body"], "msg": str(exc.__cause__)}]
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Pydantic's errors in the documented shape; a place named by the sender (a field name
    that is not part of the format) is shortened, so an answer cannot grow with the body."""
    detail = [
        {
            "type": str(error.get("type", "")),
            "loc": [
                part if isinstance(part, int) else shown_name(part, 100)
                for part in error.get("loc", ())
            ],
            "msg": bounded(str(error.get("msg", "")), 500),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A JSON answer for an error nobody foresaw, instead of the site's HTML error page."""
    logger.error(
        "API request failed with %s:\n%s",
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),  # not the message: it may quote data
    )
    return api.create_response(request, {"detail": UNEXPECTED}, status=500)


UNEXPECTED = (
    "An unexpected error stopped the request. Try again; if it happens again, tell your "
    "partnership's system administrator."
)
NOT_FOUND = "Not Found"


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any address under /api/ that is not one of the API's: 401 without a token, like every
    other, and a JSON 404 with one."""
    if agency_system_token(request) is None:
        return unauthorized(request)
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


def json_answers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method an address does not take, and its root address, outside its own
    error handling (a plain-text 405, Django's HTML 404): answer those in JSON too."""

    @wraps(view)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            if agency_system_token(request) is None:
                return unauthorized(request)
            allowed = response["Allow"]
            detail = f"This address does not take {request.method}: use {allowed}."
            answer = api.create_response(request, {"detail": detail}, status=405)
            answer["Allow"] = allowed
            return answer
        return response

    return answered


def _too_large(request: HttpRequest) -> HttpResponse:
    megabytes = MAX_BODY_BYTES // (1024 * 1024)
    return api.create_response(
        request,
        {"detail": f"The body is larger than {megabytes} MB: send fewer events in each request."},
        status=413,
    )


def body_within_limit(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Read the body under the API's own limit instead of Django's 2.5 MB for every request,
    and only for a caller with a valid token (this runs before Ninja's own checks)."""

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if agency_system_token(request) is None:
            return unauthorized(request)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES:
            return _too_large(request)
        body = request.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            return _too_large(request)
        # HttpRequest.body returns this from now on, without Django's size check.
        request._body = body  # type: ignore[attr-defined]
        return run(request, *args, **kwargs)

    return checked


def _import_out(batch: ImportBatch, problems: Iterable[RowProblem | ImportProblem]) -> Any:
    return {
        "batch_id": batch.pk,
        "status": batch.status,
        "channel": batch.channel,
        "started_at": batch.started_at,
        "finished_at": batch.finished_at,
        "counts": {
            "read": batch.rows_read,
            "created": batch.rows_created,
            "updated": batch.rows_updated,
            "unchanged": batch.rows_unchanged,
            "rejected": batch.rows_rejected,
        },
        "problems": [
            {"position": problem.line, "field": problem.column, "reason": problem.reason}
            for problem in problems
        ],
        "error": batch.error,
    }


# Any operation can answer these; listing them puts them in the OpenAPI document.
_REFUSALS: dict[int, Any] = {401: schemas.ErrorOut, 429: schemas.ErrorOut}


def _system(request: HttpRequest) -> AgencySystem:
    return request.auth  # type: ignore[attr-defined,no-any-return]  # set by the auth


@api.post(
    "/events",
    response={
        201: schemas.ImportOut,
        413: schemas.ErrorOut,
        422: schemas.ValidationErrorOut,
        500: schemas.ImportOut,
        **_REFUSALS,
    },
    summary="Send events",
    description=(
        "Import up to 5,000 events in one go. Good events are kept and bad ones reported with "
        "their position in the request; the response says how many were created, updated, "
        "unchanged and rejected. Sending the same record_id again never makes a duplicate."
    ),
    tags=["Events"],
    url_name="events",
)
@decorate_view(body_within_limit)
def events_send(
    request: HttpRequest, response: HttpResponse, payload: schemas.EventsIn
) -> Status[Any]:
    system = _system(request)
    result = import_records(
        agency=system.agency,
        records=[
            (position, event.as_record()) for position, event in enumerate(payload.events, start=1)
        ],
        channel=ImportChannel.API,
        system=system,
    )
    if result.batch.status != ImportStatus.COMPLETED:
        # Nothing of it was kept and ``error`` says so; sending the request again is safe.
        return Status(500, _import_out(result.batch, result.problems))
    try:
        after_import(result)
    except Exception as error:
        # The events are kept, so the sender must not be told to send them again (that would
        # leave them unchanged and start nothing). An operator re-runs matching and the sweep.
        logger.error(
            "Matching or early warning failed after import %s with %s:\n%s",
            result.batch.pk,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),  # not the message: it may quote data
        )
    response["Location"] = reverse(f"{NAMESPACE}:import", kwargs={"batch_id": result.batch.pk})
    return Status(201, _import_out(result.batch, result.problems))


@api.get(
    "/imports/{int:batch_id}",
    response={200: schemas.ImportOut, 404: schemas.ErrorOut, **_REFUSALS},
    summary="Check an import",
    description="The status, counts and problems of one of your agency's imports.",
    tags=["Events"],
    url_name="import",
)
def import_detail(request: HttpRequest, batch_id: int) -> Any:
    batch = selectors.import_batch_for_agency(agency=_system(request).agency, batch_id=batch_id)
    if batch is None:
        raise Http404
    return _import_out(batch, batch.problems.all())


@api.get(
    "/event-types",
    response={200: list[schemas.EventTypeOut], **_REFUSALS},
    summary="List event types",
    description="The codes to send as event_type, with the category each is in by default.",
    tags=["Reference data"],
    url_name="event-types",
)
def event_types(request: HttpRequest) -> Any:
    return [
        {
            "code": event_type.code,
            "name": event_type.name,
            "description": event_type.description,
            "default_category": {
                "code": event_type.category.code,
                "name": event_type.category.name,
            },
        }
        for event_type in selectors.event_types_active()
    ]


@api.get(
    "/me",
    response={200: schemas.SystemOut, **_REFUSALS},
    summary="Check your token",
    description="Which agency system, and which agency, the token belongs to.",
    tags=["Reference data"],
    url_name="me",
)
def me(request: HttpRequest) -> Any:
    system = _system(request)
    agency = system.agency
    return {
        "name": system.name,
        "token_prefix": system.token_prefix,
        "created_at": system.created_at,
        "last_used_at": system.last_used_at,
        "agency": {
            "id": agency.pk,
            "name": agency.name,
            "kind": agency.kind,
            "area": agency.area.name,
        },
    }
