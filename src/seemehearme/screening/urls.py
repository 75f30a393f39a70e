from django.urls import path

from seemehearme.screening import views

app_name = "screening"
urlpatterns = [
    path("child/<int:child_id>/", views.child_screenings, name="child"),
    path("child/<int:child_id>/new", views.screening_new, name="new"),
    path("<int:screening_id>/", views.screening_detail, name="detail"),
]
