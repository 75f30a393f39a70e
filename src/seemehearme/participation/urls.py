from django.urls import path

from seemehearme.participation import views

app_name = "participation"
urlpatterns = [
    path("", views.activity_list, name="activities"),
    path("new", views.activity_new, name="activity-new"),
    path("<int:activity_id>/", views.activity_detail, name="activity"),
    path("<int:activity_id>/edit", views.activity_edit, name="activity-edit"),
    path("<int:activity_id>/changes/new", views.change_new, name="change-new"),
    path("cases/<int:case_id>/family-support/", views.family_support, name="family-support"),
    path(
        "cases/<int:case_id>/family-support/new",
        views.family_support_new,
        name="family-support-new",
    ),
    path(
        "family-support/<int:familysupportoffer_id>/outcome",
        views.family_support_outcome,
        name="family-support-outcome",
    ),
]
