from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "seemehearme.meetings"
    verbose_name = "Multi-agency meetings"
