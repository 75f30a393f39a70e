from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "seemehearme.feeds"
    verbose_name = "Agency data feeds"

    def ready(self) -> None:
        from seemehearme.cases.chronology import register_source
        from seemehearme.feeds.chronology import event_entries

        register_source("agency-event", "Agency events", event_entries)
