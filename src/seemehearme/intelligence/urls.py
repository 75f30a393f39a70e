"""The intelligence pages: one block of patterns per part, each in its own views module."""

from django.urls import path  # noqa: F401 - the parts below add their patterns

from seemehearme.intelligence import persons_views

app_name = "intelligence"

urlpatterns: list = []
urlpatterns += persons_views.urlpatterns
