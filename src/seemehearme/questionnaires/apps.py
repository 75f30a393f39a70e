from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "seemehearme.questionnaires"
    verbose_name = "Progress questionnaires"
