"""The intelligence pages: one block of patterns per part, each in its own views module."""

from django.urls import path

from seemehearme.intelligence import profile_views

app_name = "intelligence"

urlpatterns: list = [
    # Places and trends, and the problem profile (profile_views)
    path("places/", profile_views.places, name="places"),
    path("profile/", profile_views.profile, name="profile"),
    path("profile.pdf", profile_views.profile_pdf, name="profile-pdf"),
    path("profile/save/", profile_views.profile_keep, name="profile-save"),
    path("profile/<int:profile_id>/", profile_views.profile_saved, name="profile-saved"),
    path(
        "profile/<int:profile_id>/profile.pdf",
        profile_views.profile_saved_pdf,
        name="profile-saved-pdf",
    ),
]
