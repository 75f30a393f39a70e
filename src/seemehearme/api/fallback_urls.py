"""Addresses under /api/ outside a version of the API: a JSON answer, never the site's HTML."""

from django.urls import URLPattern, re_path

from seemehearme.accounts.middleware import token_authenticated
from seemehearme.api.v1 import not_found

urlpatterns: list[URLPattern] = [re_path(r"^", token_authenticated(not_found))]
