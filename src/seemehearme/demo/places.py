"""Northbridge's made-up streets, postcodes and landmarks.

``NB`` is not a postcode area in the United Kingdom, so no demo postcode can be a real one.
Each street sits in one postcode district (NB1 to NB9), so addresses stay consistent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_STEMS = _words(
    "Alder Brackley Carrow Dunmere Elmsworth Fenwick Garside Hallam Inchley Juniper Kestrel "
    "Larkhill Marlowe Netherby Orchard Pellow Quarry Ravensmoor Saltash Thornbury Upwell Vicarage "
    "Wexcombe Yarrow Ashby Bramwell Coldharbour Dovecote Eastgate Foundry Glebe Hollins Ironside "
    "Kingfisher Lockwood Millbrook Northbank Ouseley Pinfold Rookery Sandpiper Tannery Weaver "
    "Wharfside Beacon Canal Heron Linnet Mill Rope Sorrel Tenter Wren"
)
_SUFFIXES = _words(
    "Road Street Close Avenue Lane Way Gardens Terrace Court Drive Crescent Walk Grove Row"
)
_BLOCKS = _words("Kestrel Heron Linnet Sandpiper Kingfisher Wren Curlew Merlin")
# Letters used in the inward part of a UK postcode (C, I, K, M, O and V are never used).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

STREETS: tuple[str, ...] = tuple(
    f"{stem} {suffix}" for index, stem in enumerate(_STEMS) for suffix in _SUFFIXES[index % 3 :: 5]
)

_DISTRICT = {street: index % 9 + 1 for index, street in enumerate(STREETS)}

# Places where practitioners might note a child was seen or found; all made up.
LANDMARKS: tuple[str, ...] = (
    "Northbridge bus station",
    "the retail park on Carrow Road",
    "a takeaway on Mill Street",
    "Riverside Park",
    "the multi-storey car park on Eastgate",
    "a flat above the shops on Foundry Lane",
    "the canal towpath by Wharfside",
    "Northbridge railway station",
    "a house on Netherby Close",
    "the skate park on Glebe Road",
    "a budget hotel on Northbank",
    "the shopping centre on Beacon Way",
)


@dataclass(frozen=True)
class Address:
    line: str
    postcode: str


def street_district(*, street: str) -> int:
    """The postcode district (1 to 9) a street lies in."""
    return _DISTRICT[street]


def postcode_draw(*, rng: random.Random, district: int) -> str:
    """A postcode in district ``NB{district}``, such as ``NB3 4QX``."""
    letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"NB{district} {rng.randint(1, 9)}{letters}"


def address_draw(*, rng: random.Random) -> Address:
    """A house or flat on one of Northbridge's streets, with a postcode in the street's district."""
    street = rng.choice(STREETS)
    if rng.random() < 0.2:
        line = f"Flat {rng.randint(1, 48)}, {rng.choice(_BLOCKS)} House, {street}, Northbridge"
    else:
        line = f"{rng.randint(1, 180)} {street}, Northbridge"
    return Address(
        line=line, postcode=postcode_draw(rng=rng, district=street_district(street=street))
    )
