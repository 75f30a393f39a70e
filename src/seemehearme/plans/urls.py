from django.urls import path

from seemehearme.plans import views

app_name = "plans"
urlpatterns = [
    path("case/<int:case_id>/new", views.plan_create, name="plan-create"),
    path("case/<int:case_id>/agreed-actions", views.pending_carry, name="pending-carry"),
    path("<int:protectionplan_id>/", views.plan_detail, name="plan"),
    path("<int:protectionplan_id>/edit", views.plan_edit, name="plan-edit"),
    path("<int:protectionplan_id>/actions/new", views.action_add, name="action-add"),
    path("<int:protectionplan_id>/history", views.plan_history_page, name="plan-history"),
    path("actions/<int:planaction_id>/update", views.action_update, name="action-update"),
]
