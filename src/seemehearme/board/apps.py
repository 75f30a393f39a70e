from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "seemehearme.board"
    verbose_name = "Board"
