"""Report a concern (public, under the partnership's public pages) and the triage team's pages
for one concern (signed in)."""

from django.urls import path

from . import views_public, views_staff

app_name = "concerns"
urlpatterns = [
    path("help/<slug:area>/report/", views_public.report, name="report"),
    path("help/<slug:area>/report/sent", views_public.sent, name="sent"),
    path("concerns/<str:reference>/", views_staff.concern_detail, name="concern"),
    path("concerns/<str:reference>/outcome", views_staff.concern_outcome, name="outcome"),
    path("concerns/<str:reference>/referral", views_staff.concern_referral, name="referral"),
    path("concerns/<str:reference>/contact", views_staff.concern_contact, name="contact"),
]
