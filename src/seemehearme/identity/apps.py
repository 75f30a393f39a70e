from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "seemehearme.identity"
    verbose_name = "Identity resolution"
