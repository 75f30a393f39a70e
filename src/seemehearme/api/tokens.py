"""Tokens for agency systems: made, checked and revoked here and nowhere else.

A token is ``smh_`` and 43 random URL-safe characters (256 bits from ``secrets``). Only its
SHA-256 hash and its first characters are stored, so a copy of the database cannot be used to
call the API; the token itself is shown once, when it is made. A slow hash is not needed: the
token is random, not a password a person chose.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.feeds.models import AgencySystem

TOKEN_START = "smh_"
PREFIX_LENGTH = 12  # "smh_" and 8 random characters: enough to tell tokens apart, not to guess
# Compared against when no system has the hash, so a miss does the same work as a hit.
_NO_MATCH = "0" * 64


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def agency_system_create(
    *, agency: Agency, name: str, by: StaffUser | None = None
) -> tuple[AgencySystem, str]:
    """Register a system for ``agency`` and return it with its token, which is not kept."""
    token = TOKEN_START + secrets.token_urlsafe(32)
    system = AgencySystem(
        agency=agency,
        name=name.strip(),
        token_prefix=token[:PREFIX_LENGTH],
        token_hash=token_digest(token),
        created_by=by,
    )
    if not agency.is_active:
        raise ValidationError({"agency": "This agency is no longer active."})
    system.full_clean(validate_constraints=False)
    if AgencySystem.objects.filter(agency=agency, name__iexact=system.name).exists():
        raise ValidationError({"name": f"{agency.name} already has a system with this name."})
    system.save()
    return system, token


def agency_system_revoke(*, system: AgencySystem) -> bool:
    """Stop the system's token working. Returns False if it had already been revoked."""
    updated = AgencySystem.objects.filter(pk=system.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    system.refresh_from_db(fields=["revoked_at"])
    return bool(updated)


def agency_system_authenticate(*, token: str) -> AgencySystem | None:
    """The active system ``token`` belongs to, or None. Records when the token was last used.

    The look-up is by hash, so how long it takes says nothing about the token itself."""
    digest = token_digest(token)
    system = AgencySystem.objects.select_related("agency__area").filter(token_hash=digest).first()
    matches = hmac.compare_digest(system.token_hash if system else _NO_MATCH, digest)
    if system is None or not matches:
        return None
    if system.revoked_at is not None or not system.agency.is_active:
        return None
    system.last_used_at = timezone.now()
    AgencySystem.objects.filter(pk=system.pk).update(last_used_at=system.last_used_at)
    return system
