from django.urls import include, path

from seemehearme.areas.admin import site as admin_site

urlpatterns = [
    path("", include("seemehearme.web.urls")),
    path("account/", include("seemehearme.accounts.urls")),
    path("children/", include("seemehearme.people.urls")),
    path("sharing/", include("seemehearme.sharing.urls")),
    path("", include("seemehearme.cases.urls")),
    path("plans/", include("seemehearme.plans.urls")),
    path("meetings/", include("seemehearme.meetings.urls")),
    path("screening/", include("seemehearme.screening.urls")),
    path("access-log/", include("seemehearme.audit.urls")),
    path("data-protection/", include("seemehearme.dataprotection.urls")),
    path("feeds/", include("seemehearme.feeds.urls")),
    path("identity/", include("seemehearme.identity.urls")),
    path("early-warning/", include("seemehearme.earlywarning.urls")),
    path("intelligence/", include("seemehearme.intelligence.urls")),
    path("assurance/", include("seemehearme.assurance.urls")),
    path("participation/", include("seemehearme.participation.urls")),
    path("questionnaires/", include("seemehearme.questionnaires.urls")),
    path("returns/", include("seemehearme.returns.urls")),
    path("workforce/", include("seemehearme.workforce.urls")),
    path("board/", include("seemehearme.board.urls")),
    path("", include("seemehearme.concerns.urls")),
    path("help/", include("seemehearme.public.urls")),
    path("public-pages/", include("seemehearme.public.editor_urls")),
    path("api/v1/", include("seemehearme.api.urls")),
    path("api/", include("seemehearme.api.fallback_urls")),
    path("agency-systems/", include("seemehearme.api.page_urls")),
    path("admin/", admin_site.urls),
]

handler403 = "seemehearme.web.views.forbidden"
handler404 = "seemehearme.web.views.not_found"
handler500 = "seemehearme.web.views.server_error"
