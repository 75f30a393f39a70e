from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "seemehearme.workforce"
    verbose_name = "Training and supervision"
