from django.urls import path

from seemehearme.board import views

app_name = "board"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("leadership/", views.leadership, name="leadership"),
    path("targets/", views.targets, name="targets"),
    path("targets/<slug:code>/", views.target_edit, name="target-edit"),
]
