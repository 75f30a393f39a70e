from django.urls import path

from seemehearme.earlywarning import views

app_name = "earlywarning"
urlpatterns = [
    path("", views.flags, name="flags"),
    path("flags/<int:flag_id>/", views.flag_detail, name="flag"),
    path("rules/", views.rules, name="rules"),
    path("equality/", views.equality, name="equality"),
]
