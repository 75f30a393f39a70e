"""The JSON API's URLs. The API checks its own bearer tokens, so each of its views is marked for
the sign-in middleware to pass through (``seemehearme.accounts.middleware``). Every answer is
JSON: a method an address does not take is a JSON 405, and any other address under /api/v1/ a
JSON 404 (``fallback_urls`` does the same for the rest of /api/)."""

from django.urls import URLPattern, URLResolver, re_path

from seemehearme.accounts.middleware import token_authenticated
from seemehearme.api.v1 import api, json_answers, not_found

urlpatterns: list[URLPattern | URLResolver]
urlpatterns, _, app_name = api.urls  # Ninja reverses its own URLs in its namespace
for pattern in urlpatterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = token_authenticated(json_answers(pattern.callback))
urlpatterns.append(re_path(r"^", token_authenticated(not_found), name="not-found"))
