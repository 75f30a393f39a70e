from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.partnerships, name="partnerships"),
    path("<slug:area>/", views.home, name="home"),
]
