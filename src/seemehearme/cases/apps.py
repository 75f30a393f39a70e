from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "seemehearme.cases"
    verbose_name = "Case work"
