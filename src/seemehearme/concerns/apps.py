from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "seemehearme.concerns"
    verbose_name = "Concerns reported by the public"
