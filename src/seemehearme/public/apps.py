from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "seemehearme.public"
    verbose_name = "Public pages"
