from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "seemehearme.screening"
    verbose_name = "Screening and warning signs"

    def ready(self) -> None:
        from seemehearme.cases.chronology import register_source
        from seemehearme.screening.chronology import screening_entries

        register_source("screening", "Screenings", screening_entries)
