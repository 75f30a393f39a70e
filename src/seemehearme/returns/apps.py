from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "seemehearme.returns"
    verbose_name = "National return"
