from django.urls import path

from . import views

app_name = "dataprotection"
urlpatterns = [
    path("", views.register, name="register"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("decisions/", views.decision_list, name="decisions"),
    path("children/<int:child_id>/decisions/", views.child_decisions, name="child-decisions"),
    path(
        "children/<int:child_id>/decisions/new", views.child_decision_new, name="child-decision-new"
    ),
    path("subject-access/", views.sar_list, name="sars"),
    path("subject-access/new", views.sar_new, name="sar-new"),
    path("subject-access/<int:request_id>/", views.sar_detail, name="sar"),
    path("subject-access/<int:request_id>/gather", views.sar_gather, name="sar-gather"),
    path("subject-access/<int:request_id>/items/<int:item_id>", views.sar_item, name="sar-item"),
    path("subject-access/<int:request_id>/release", views.sar_release, name="sar-release-do"),
    path("subject-access/<int:request_id>/released", views.sar_release_page, name="sar-release"),
    path(
        "subject-access/<int:request_id>/release.zip", views.sar_release_zip, name="sar-release-zip"
    ),
    path("retention/", views.retention_page, name="retention"),
    path("retention/<slug:record_type>/edit", views.retention_rule_edit, name="retention-rule"),
]
