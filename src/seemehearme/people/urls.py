from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.child_search, name="search"),
    path("<int:child_id>/", views.child_detail, name="child"),
    path("<int:child_id>/access-history", views.child_access_history, name="child-access-history"),
    path("<int:child_id>/break-glass", views.break_glass_start, name="break-glass"),
]
