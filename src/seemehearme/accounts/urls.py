from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.sign_in, name="sign-in"),
    path("two-factor", views.two_factor, name="two-factor"),
    path("two-factor/set-up", views.two_factor_set_up, name="two-factor-set-up"),
    path("sign-out", views.sign_out, name="sign-out"),
    path("signed-out", views.signed_out, name="signed-out"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent", views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/complete", views.password_reset_complete, name="password-reset-complete"),
    path("change-password", views.password_change, name="password-change"),
    path("change-password/done", views.password_change_done, name="password-change-done"),
]
