from django.urls import path

from seemehearme.identity import views

app_name = "identity"
urlpatterns = [
    path("review/", views.review_queue_page, name="review-queue"),
    path("review/<int:linkcandidate_id>/", views.candidate_page, name="candidate"),
    path("unmatched/", views.unmatched_page, name="unmatched"),
    path("child/<int:child_id>/", views.child_links_page, name="child-links"),
]
