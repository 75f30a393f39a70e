from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "seemehearme.web"
    verbose_name = "Pages"
