"""Children's pseudonyms: a stable code per child and partnership, not reversible in the page.

A pseudonym is the HMAC-SHA256 of the child's ID under the partnership's secret key
(``PseudonymKey``), cut to 40 bits and written as eight characters of Crockford's base32 in
two groups, e.g. ``C-7K4Q-2M9X``. The same child has the same code for as long as the key
stands; another partnership's code for the same ID differs; without the key nobody can go from
code to child (nor try every ID, as they could with a plain hash). Rotating the key
(``smh pseudonyms-rotate``) changes every code, on purpose: see docs/adr/0015.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from seemehearme.areas.models import Area
from seemehearme.sharing.models import PseudonymKey

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 40


def _new_secret() -> str:
    return secrets.token_hex(32)


def current_key(area: Area) -> PseudonymKey:
    """The partnership's key in use, made on first use."""
    key = PseudonymKey.objects.filter(area=area).order_by("-version").first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return PseudonymKey.objects.create(area=area, version=1, secret=_new_secret())
    except IntegrityError:  # another request made it first
        return PseudonymKey.objects.get(area=area, version=1)


@transaction.atomic
def rotate(area: Area) -> PseudonymKey:
    """Start a new key version for the partnership: every pseudonym changes from now on."""
    latest = PseudonymKey.objects.select_for_update().filter(area=area).order_by("-version").first()
    version = (latest.version if latest else 0) + 1
    return PseudonymKey.objects.create(area=area, version=version, secret=_new_secret())


def code_for(secret: str, child_id: int) -> str:
    """The pseudonym for one child ID under one secret."""
    digest = hmac.new(bytes.fromhex(secret), f"child:{child_id}".encode(), hashlib.sha256)
    number = int.from_bytes(digest.digest()[: CODE_BITS // 8], "big")
    chars = "".join(ALPHABET[(number >> shift) & 31] for shift in range(CODE_BITS - 5, -1, -5))
    return f"C-{chars[:4]}-{chars[4:]}"


def pseudonym(area: Area, child_id: int) -> str:
    """The child's pseudonym in the partnership today."""
    return code_for(current_key(area).secret, child_id)


def pseudonyms(area: Area, child_ids: Iterable[int]) -> dict[int, str]:
    """Pseudonyms for many children at once, by child ID, with one key look-up."""
    secret = current_key(area).secret
    return {child_id: code_for(secret, child_id) for child_id in child_ids}
