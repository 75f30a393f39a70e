from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new", views.agreement_create, name="agreement-create"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/edit", views.agreement_edit, name="agreement-edit"),
    path(
        "agreements/<int:agreement_id>/signatories/new",
        views.signatory_add,
        name="signatory-add",
    ),
    path("break-glass/reviews/", views.break_glass_reviews, name="break-glass-reviews"),
    path(
        "break-glass/reviews/<int:access_id>",
        views.break_glass_review,
        name="break-glass-review",
    ),
    path(
        "break-glass/reviews/<int:access_id>/end",
        views.break_glass_end,
        name="break-glass-end",
    ),
    path("workspace/children/", views.workspace_children, name="workspace-children"),
    path("workspace/children.csv", views.workspace_children_csv, name="workspace-children-csv"),
]
