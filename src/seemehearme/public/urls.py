from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.partnerships, name="partnerships"),
    path("language/", views.set_language, name="set-language"),
    path("<slug:area>/", views.home, name="home"),
    path("<slug:area>/young-people/", views.young_people, name="young-people"),
    path("<slug:area>/parents-and-carers/", views.parents, name="parents"),
    path("<slug:area>/businesses/", views.businesses, name="businesses"),
    path("<slug:area>/businesses/<slug:business>/", views.business, name="business"),
    path("<slug:area>/businesses/<slug:business>/poster.pdf", views.poster, name="poster"),
    path("<slug:area>/get-help/", views.get_help, name="help"),
]
