from django.apps import AppConfig


class EarlyWarningConfig(AppConfig):
    name = "seemehearme.earlywarning"
    verbose_name = "Early warning"

    def ready(self) -> None:
        from seemehearme.cases.chronology import register_source
        from seemehearme.earlywarning.chronology import flag_entries

        register_source("early-warning", "Early-warning flags", flag_entries)
