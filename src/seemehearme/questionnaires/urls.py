from django.urls import path

from seemehearme.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.index, name="index"),
    path("new", views.questionnaire_new, name="questionnaire-new"),
    path("suggested", views.starter, name="starter"),
    path("<int:questionnaire_id>/", views.questionnaire_detail, name="questionnaire"),
    path("<int:questionnaire_id>/questions/new", views.question_new, name="question-new"),
    path("questions/<int:question_id>/remove", views.question_remove, name="question-remove"),
    path("<int:questionnaire_id>/new-version", views.new_version, name="new-version"),
    path("<int:questionnaire_id>/send", views.send, name="send"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/remind", views.remind, name="remind"),
    path("rounds/<int:round_id>/report", views.report, name="report"),
    path("answers/<int:response_id>/", views.response_page, name="response"),
]
