from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "seemehearme.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from seemehearme.cases.chronology import register_source
        from seemehearme.dataprotection.chronology import sharing_decision_entries

        register_source("sharing-decision", "Decisions to share", sharing_decision_entries)
