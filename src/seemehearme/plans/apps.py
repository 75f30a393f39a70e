from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "seemehearme.plans"
    verbose_name = "Protection plans"
