from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "seemehearme.participation"
    verbose_name = "Children and families in the strategy"
