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
    path("admin/", admin_site.urls),
]

handler403 = "seemehearme.web.views.forbidden"
handler404 = "seemehearme.web.views.not_found"
handler500 = "seemehearme.web.views.server_error"
