"""The back office's pages for changing the public pages (signed in)."""

from django.urls import path

from . import views

app_name = "public_editor"
urlpatterns = [
    path("", views.edit, name="edit"),
    path("history/", views.history, name="history"),
]
