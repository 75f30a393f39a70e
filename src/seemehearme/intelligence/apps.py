from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "seemehearme.intelligence"
    verbose_name = "Intelligence"
