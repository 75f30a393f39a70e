from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "seemehearme.meetings"
    verbose_name = "Multi-agency meetings"

    def ready(self) -> None:
        from seemehearme.cases.chronology import register_source
        from seemehearme.meetings.chronology import meeting_entries

        register_source("meeting", "Multi-agency meetings", meeting_entries)
