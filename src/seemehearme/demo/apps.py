from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "seemehearme.demo"
    verbose_name = "Synthetic demo area"
