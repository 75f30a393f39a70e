"""Sign-in pages: password, then a code from an authenticator app; sign-out; password reset.

Every member of staff must pass both steps. There is no exemption and no way to skip the
second step: the deny-by-default middleware only lets a password-only session reach the views
marked ``@password_verified`` here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from seemehearme.web.requests import staff

from . import services
from .forms import CodeForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm
from .middleware import password_verified, public

WRONG_CODE = "The code is not correct. Enter the latest code shown in your authenticator app"
CODE_MESSAGES = {
    services.CodeRefusal.WRONG: WRONG_CODE,
    services.CodeRefusal.REUSED: (
        "That code has already been used. Wait for your authenticator app to show a new code, "
        "then enter it"
    ),
    services.CodeRefusal.THROTTLED: (
        "Too many codes were not correct. Wait a moment, then enter the latest code shown in "
        "your authenticator app"
    ),
}


def _verified(request: HttpRequest) -> bool:
    """Whether this session has passed both steps (``is_verified`` comes from django-otp)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _after_sign_in(request: HttpRequest) -> HttpResponse:
    return redirect(services.next_url_take(request=request) or settings.LOGIN_REDIRECT_URL)


def _signed_in_cookie_set(response: HttpResponse) -> None:
    # A browser-session cookie, like the session cookie itself; it holds no data about anyone.
    response.set_cookie(
        services.SIGNED_IN_COOKIE,
        "1",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _signed_in_cookie_clear(response: HttpResponseBase) -> None:
    response.delete_cookie(services.SIGNED_IN_COOKIE, samesite="Lax")


@public
@sensitive_post_parameters("password")
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: user name and password."""
    if request.user.is_authenticated:
        if _verified(request):
            return redirect(settings.LOGIN_REDIRECT_URL)
        return redirect("accounts:two-factor")

    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user)
        services.next_url_remember(request=request, url=request.POST.get("next"))
        response: HttpResponse = redirect("accounts:two-factor")
        _signed_in_cookie_set(response)
        return response

    # The cookie came back but the session did not: it ran out while the browser sat idle.
    timed_out = request.method == "GET" and request.COOKIES.get(services.SIGNED_IN_COOKIE) == "1"
    next_url = services.next_url_validate(
        request=request, url=request.POST.get("next") or request.GET.get("next")
    )
    response = render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next": next_url,
            "timed_out": timed_out,
            "idle_minutes": services.idle_timeout_minutes(),
        },
    )
    _signed_in_cookie_clear(response)
    return response


@password_verified
@sensitive_post_parameters("code")
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the authenticator app. A wrong code counts as a failed sign-in
    through django-axes' signals, exactly like a wrong password (see ``services``)."""
    user = staff(request)
    if _verified(request):
        return _after_sign_in(request)
    if services.totp_device_confirmed_for(user=user) is None:
        return redirect("accounts:two-factor-set-up")
    username = user.get_username()
    if services.sign_in_is_locked(request=request, username=username):
        return locked_out(request)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = services.totp_verify(user=user, token=form.cleaned_data["code"])
        if not isinstance(checked, services.CodeRefusal):
            services.sign_in_complete(request=request, device=checked)
            return _after_sign_in(request)
        if services.sign_in_failure_record(request=request, username=username):
            # django-axes' middleware swaps this response for the ``locked_out`` page.
            return locked_out(request)
        form.add_error("code", CODE_MESSAGES[checked])
    return render(request, "accounts/two_factor.html", {"form": form})


@password_verified
@sensitive_post_parameters("code")
@never_cache
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app, for staff who have not got one yet.

    Only reachable while no app is confirmed: replacing a lost app needs a system administrator,
    so a stolen password alone can never be used to add a new one. A wrong code here is not
    counted towards lockout, because the secret was made for this session and guessing at it
    reveals nothing; django-otp still slows down repeated wrong codes.
    """
    user = staff(request)
    if _verified(request):
        return _after_sign_in(request)
    if services.totp_device_confirmed_for(user=user) is not None:
        return redirect("accounts:two-factor")
    if services.sign_in_is_locked(request=request, username=user.get_username()):
        return locked_out(request)

    if request.method == "POST":
        device = services.totp_device_for_enrolment(user=user, request=request)
        if device is None:
            return redirect("accounts:two-factor-set-up")
        form = CodeForm(request.POST)
        if form.is_valid():
            if services.totp_device_confirm(
                device=device, token=form.cleaned_data["code"], request=request
            ):
                messages.success(request, "Your authenticator app is set up")
                return _after_sign_in(request)
            form.add_error("code", WRONG_CODE)
    else:
        device = services.totp_device_start_enrolment(user=user, request=request)
        form = CodeForm()
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "qr_code": services.totp_qr_code_data_uri(device=device),
            "secret": services.totp_secret_for_display(device=device),
        },
    )


@public
@never_cache
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out by POST only, so a link, an image or a prefetch cannot sign anyone out."""
    if request.method == "POST":
        logout(request)
        response = redirect("accounts:signed-out")
        _signed_in_cookie_clear(response)
        return response
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.html")


@public
@never_cache
def signed_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signed_out.html")


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Shown once a user name has had too many failed sign-ins (``AXES_LOCKOUT_CALLABLE``).

    The page is the same whether or not the user name belongs to anyone. A half-finished
    sign-in is ended, so the second step cannot be retried from an open session.
    """
    if request.user.is_authenticated:
        logout(request)
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": services.lockout_minutes(request=request)},
        status=429,
    )
    _signed_in_cookie_clear(response)
    return response


# --- Passwords: Django's own views, with GOV.UK templates --------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link by email. The next page is the same whether or not the address is known."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        self.extra_email_context = {
            "partnership_name": settings.SMH_PARTNERSHIP_NAME,
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password. It does not sign anyone in: the two sign-in steps still follow."""

    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False


password_reset = public(PasswordResetView.as_view())
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
password_change = auth_views.PasswordChangeView.as_view(
    form_class=PasswordChangeForm,
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password-change-done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
