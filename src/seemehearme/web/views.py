"""Shared pages: the home page, the health check and error pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from seemehearme.accounts.middleware import public


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers; says nothing about anyone."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "degraded",
            "database": database,
            "engine": connection.vendor,
        },
        status=status,
    )


@public
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The refusal page: the check's own reason (its PermissionDenied message, written for the
    reader) and what the reader can do instead."""
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return render(request, "web/403.html", {"reason": reason}, status=403)


@public
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.html", status=404)


@public
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/500.html", status=500)
