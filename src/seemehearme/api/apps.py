from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "seemehearme.api"
    verbose_name = "JSON API for agency systems"
