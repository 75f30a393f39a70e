from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "seemehearme.screening"
    verbose_name = "Screening and warning signs"
