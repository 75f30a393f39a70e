"""Training and supervision pages. None takes an id in its path: the member of staff and the
figure are chosen in the query string or the form, and checked there."""

from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("team", views.team, name="team"),
    path("training/new", views.training_new, name="training-new"),
    path("training/import", views.training_import_page, name="training-import"),
    path("supervision/new", views.supervision_new, name="supervision-new"),
    path("compliance", views.compliance, name="compliance"),
    path("compliance/staff", views.compliance_staff, name="compliance-staff"),
]
