from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "seemehearme.assurance"
    verbose_name = "Assurance"
