from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "seemehearme.notifications"
    verbose_name = "Notifications"
