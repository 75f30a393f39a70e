from django.urls import include, path

urlpatterns = [
    path("", include("seemehearme.web.urls")),
    path("account/", include("seemehearme.accounts.urls")),
    path("children/", include("seemehearme.people.urls")),
    path("sharing/", include("seemehearme.sharing.urls")),
    path("access-log/", include("seemehearme.audit.urls")),
]

handler403 = "seemehearme.web.views.forbidden"
handler404 = "seemehearme.web.views.not_found"
handler500 = "seemehearme.web.views.server_error"
