"""The licence is shipped, and every page offers the source when the operator says where it is
(AGPL section 13: users of a network service can get its source)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_licence_text_is_the_agpl_version_3():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007")
    assert "END OF TERMS AND CONDITIONS" in text


@pytest.mark.django_db
def test_the_footer_links_to_the_source_when_the_operator_sets_where_it_is(client):
    with override_settings(SMH_SOURCE_URL="https://git.example.org/smh"):
        page = client.get("/account/sign-in").content.decode()
    assert '<a class="govuk-footer__link" href="https://git.example.org/smh">' in page
    with override_settings(SMH_SOURCE_URL=""):
        page = client.get("/account/sign-in").content.decode()
    assert "Get the source code" not in page
    assert "GNU Affero General Public License" in page
