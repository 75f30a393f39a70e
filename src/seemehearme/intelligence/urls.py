"""The intelligence pages: one block of patterns per part, each in its own views module."""

from django.urls import path  # noqa: F401 - the parts below add their patterns

app_name = "intelligence"

urlpatterns: list = []
