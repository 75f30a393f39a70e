"""Case-work URLs, gathered from the view modules that own them."""

from seemehearme.cases.views import case, chronology, referrals, worklists

app_name = "cases"
urlpatterns = [
    *referrals.urlpatterns,
    *case.urlpatterns,
    *chronology.urlpatterns,
    *worklists.urlpatterns,
]
