"""The intelligence pages: one block of patterns per part, each in its own views module."""

from django.urls import path, register_converter

from seemehearme.intelligence import network_views, persons_views, profile_views, register_views
from seemehearme.intelligence.forms import KIND_SLUGS


class KindConverter:
    """One of the register's kinds in the address (persons, groups, places...) and nothing
    else, so the register's patterns leave other words under /intelligence/ to other pages."""

    regex = "|".join(KIND_SLUGS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "register_kind")

app_name = "intelligence"

# The register: persons of concern, groups, places, vehicles, phones and accounts.
register_patterns = [
    path("", register_views.register_home, name="register"),
    path("export.csv", register_views.register_csv, name="register-csv"),
    path("entities/<int:entity_id>/", register_views.entity_detail, name="entity"),
    path("entities/<int:entity_id>/edit/", register_views.entity_edit, name="entity-edit"),
    path(
        "entities/<int:entity_id>/associations/new/",
        register_views.association_add,
        name="association-add",
    ),
    path(
        "associations/<int:association_id>/withdraw/",
        register_views.association_withdraw,
        name="association-withdraw",
    ),
    path("<register_kind:kind_slug>/", register_views.entity_list, name="entities"),
    path("<register_kind:kind_slug>/new/", register_views.entity_create, name="entity-create"),
]

# Network analysis (network_views)
network_patterns = [
    path("network/", network_views.overview, name="network"),
    path("network/link/", network_views.shortest_link, name="network-link"),
    path("network/subject/<str:key>/", network_views.subject, name="network-subject"),
    path(
        "network/subject/<str:key>/network.svg",
        network_views.subject_svg,
        name="network-subject-svg",
    ),
]

# Places and trends, and the problem profile (profile_views)
profile_patterns = [
    path("places-and-trends/", profile_views.places, name="places"),
    path("profile/", profile_views.profile, name="profile"),
    path("profile.pdf", profile_views.profile_pdf, name="profile-pdf"),
    path("profile/save/", profile_views.profile_keep, name="profile-save"),
    path("profile/<int:profile_id>/", profile_views.profile_saved, name="profile-saved"),
    path(
        "profile/<int:profile_id>/profile.pdf",
        profile_views.profile_saved_pdf,
        name="profile-saved-pdf",
    ),
]

urlpatterns: list = [
    *register_patterns,
    *persons_views.urlpatterns,
    *network_patterns,
    *profile_patterns,
]
