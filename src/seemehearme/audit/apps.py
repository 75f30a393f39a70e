from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seemehearme.audit"
    verbose_name = "Access log"
