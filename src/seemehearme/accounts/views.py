"""Sign-in: password, then a TOTP code. (Skeleton; completed in the accounts work.)"""

from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .middleware import password_verified, public


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    return render(request, "web/404.html")


@password_verified
def two_factor(request: HttpRequest) -> HttpResponse:
    return render(request, "web/404.html")


@public
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:sign-in")


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args, **kwargs
) -> HttpResponse:
    return render(request, "web/403.html", status=403)
