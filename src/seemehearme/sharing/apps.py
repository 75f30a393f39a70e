from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "seemehearme.sharing"
    verbose_name = "Information sharing"
