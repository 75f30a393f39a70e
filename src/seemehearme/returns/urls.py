from django.urls import path

from seemehearme.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.local_return, name="local"),
    path("download/<str:kind>/", views.download, name="download"),
    path("national/", views.national, name="national"),
    path("national/import/", views.national_import, name="national-import"),
    path("inspection/children-at-risk/", views.inspection_list, name="inspection-list"),
]
