"""Staff comparing two records of a child see each agency's address for them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.urls import reverse


def rows(response) -> list[list[tuple[str, str]]]:
    """Each record card's summary list as (key, value) pairs."""
    page = BeautifulSoup(response.content, "html.parser")
    return [
        [
            (
                row.select_one(".govuk-summary-list__key").get_text(strip=True),
                row.select_one(".govuk-summary-list__value").get_text(strip=True),
            )
            for row in card.select(".govuk-summary-list__row")
        ]
        for card in page.select(".govuk-summary-card")
    ]


def test_a_record_card_shows_the_address_or_says_it_was_not_given(place, pair, verified_client):
    first, _second, candidate = pair
    first.address = "12 Testing Row, Flat 2"
    first.save(update_fields=["address"])
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})

    cards = rows(verified_client(place.reviewer).get(url))

    addresses = [dict(card).get("Address") for card in cards]
    assert sorted(addresses, key=str) == ["12 Testing Row, Flat 2", "Not given"]
