"""The partnership's assurance: self-assessment, action plans and recommendations."""

from django.urls import path

from seemehearme.assurance import actionplan_views, recommendation_views, selfassessment_views

app_name = "assurance"

urlpatterns = [
    # Self-assessment
    path("self-assessment/", selfassessment_views.assessments, name="assessments"),
    path("self-assessment/new/", selfassessment_views.assessment_start, name="assessment-start"),
    path(
        "self-assessment/<int:assessment_id>/",
        selfassessment_views.assessment,
        name="assessment",
    ),
    path(
        "self-assessment/<int:assessment_id>/complete/",
        selfassessment_views.assessment_complete,
        name="assessment-complete",
    ),
    path(
        "self-assessment/<int:assessment_id>/report/",
        selfassessment_views.assessment_report,
        name="assessment-report",
    ),
    path(
        "self-assessment/<int:assessment_id>/report.pdf",
        selfassessment_views.assessment_report_pdf,
        name="assessment-report-pdf",
    ),
    path("self-assessment/entries/<int:entry_id>/", selfassessment_views.entry_edit, name="entry"),
    # Action plans
    path("plans/", actionplan_views.plans, name="plans"),
    path("plans/new/", actionplan_views.plan_create, name="plan-create"),
    path("plans/<int:plan_id>/", actionplan_views.plan, name="plan"),
    path("plans/<int:plan_id>/actions/new/", actionplan_views.action_add, name="action-add"),
    path("actions/<int:action_id>/", actionplan_views.action_update, name="action-update"),
    # Recommendations
    path("recommendations/", recommendation_views.recommendations, name="recommendations"),
    path(
        "recommendations/new/",
        recommendation_views.recommendation_create,
        name="recommendation-create",
    ),
    path(
        "recommendations/<int:recommendation_id>/",
        recommendation_views.recommendation,
        name="recommendation",
    ),
    path(
        "recommendations/<int:recommendation_id>/responses/<int:agency_id>/",
        recommendation_views.response_edit,
        name="response",
    ),
]
