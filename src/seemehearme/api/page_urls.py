"""The data protection lead's pages for agency systems and their API tokens."""

from django.urls import path

from seemehearme.api import views

app_name = "agency_systems"
urlpatterns = [
    path("", views.system_list, name="list"),
    path("new", views.system_create, name="new"),
    path("<int:system_id>/revoke", views.system_revoke, name="revoke"),
]
