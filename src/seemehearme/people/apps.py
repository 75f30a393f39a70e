from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "seemehearme.people"
    verbose_name = "Children"
