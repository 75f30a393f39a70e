"""The JSON API's URLs. The API checks its own bearer tokens, so each of its views is marked for
the sign-in middleware to pass through (``seemehearme.accounts.middleware``)."""

from django.urls import URLPattern, URLResolver

from seemehearme.accounts.middleware import token_authenticated
from seemehearme.api.v1 import api

urlpatterns: list[URLPattern | URLResolver]
urlpatterns, _, app_name = api.urls  # Ninja reverses its own URLs in its namespace
for pattern in urlpatterns:
    if isinstance(pattern, URLPattern):
        token_authenticated(pattern.callback)
