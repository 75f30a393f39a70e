"""The administrator's back office: partnerships, agencies, teams, panels and staff accounts.

No child data is registered in the admin: children are reached only through the pages that ask
the access policy and write the access log.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from seemehearme.areas.models import Agency, Area, Panel, StaffUser, Team
from seemehearme.sharing.policy import can_use_back_office


class AdministratorsOnly(admin.AdminSite):
    site_header = "See Me, Hear Me administration"
    site_title = "Administration"
    index_title = "Accounts, agencies and reference data"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_authenticated
            and can_use_back_office(user)  # type: ignore[arg-type]
            and user.is_verified()  # type: ignore[union-attr,attr-defined]  # from django-otp
        )


site = AdministratorsOnly(name="admin")


@admin.register(Area, site=site)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ons_code", "child_population"]
    prepopulated_fields = {"slug": ["name"]}


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Agency, site=site)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "is_active", "involvement_is_sensitive"]
    list_filter = ["kind", "area", "is_active", "involvement_is_sensitive"]
    search_fields = ["name"]
    inlines = [TeamInline]


@admin.register(Panel, site=site)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    filter_horizontal = ["members"]


@admin.register(StaffUser, site=site)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "team", "role", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Agency and role", {"fields": ("agency", "team", "role", "job_title")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (
            "Agency and role",
            {"fields": ("email", "first_name", "last_name", "agency", "team", "role")},
        ),
    )


@admin.register(TOTPDevice, site=site)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    """Deleting a lost phone's device makes its owner set up a new one at their next sign-in."""

    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "last_used_at"]
    readonly_fields = ["user", "name", "last_used_at"]  # the secret itself is never shown

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
