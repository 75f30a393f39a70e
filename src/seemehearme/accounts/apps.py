from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seemehearme.accounts"
    verbose_name = "Sign-in"
