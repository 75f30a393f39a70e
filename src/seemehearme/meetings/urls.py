"""Meeting pages. Every URL with a meeting id goes through ``meetings.access.meeting_view``,
which checks the meeting; each page then checks and logs every child it shows."""

from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan", views.meeting_plan, name="plan"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<int:meeting_id>/children", views.agenda_children_add, name="children"),
    path("<int:meeting_id>/places", views.agenda_place_add, name="places"),
    path("<int:meeting_id>/attendance", views.attendance_add, name="attendance"),
    path("<int:meeting_id>/participation", views.participation_record, name="participation"),
    path("<int:meeting_id>/decision", views.decision_add, name="decision"),
    path("<int:meeting_id>/action", views.action_add, name="action"),
    path("<int:meeting_id>/minutes/write", views.minutes_record, name="minutes-write"),
    path("<int:meeting_id>/minutes/suggest", views.minutes_suggest, name="minutes-suggest"),
    path(
        "<int:meeting_id>/minutes/suggestions",
        views.minutes_suggestion_decide,
        name="minutes-suggestion",
    ),
    path("<int:meeting_id>/minutes", views.meeting_minutes, name="minutes"),
    path("<int:meeting_id>/minutes.pdf", views.meeting_minutes_pdf, name="minutes-pdf"),
    path("<int:meeting_id>/cancel", views.meeting_cancel, name="cancel"),
]
