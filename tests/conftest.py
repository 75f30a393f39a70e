from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from seemehearme.areas.models import StaffUser
from tests.factories import totp_device_for


def sign_in_verified(client: Client, user: StaffUser) -> Client:
    """Sign a user in as if they had passed both the password and the two-factor steps."""
    device = user.totpdevice_set.filter(confirmed=True).first() or totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client():
    """Call with a user to get a test client signed in with two-factor authentication."""

    def make(user: StaffUser) -> Client:
        return sign_in_verified(Client(), user)

    return make
