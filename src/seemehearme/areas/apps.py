from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "seemehearme.areas"
    verbose_name = "Areas, agencies and staff"
