from django.urls import path

from seemehearme.feeds import views

app_name = "feeds"

urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/upload", views.upload, name="upload"),
    path("imports/template.csv", views.template, name="template"),
    path("imports/<int:batch_id>/", views.import_detail, name="import-detail"),
]
