from __future__ import annotations

import pytest

from seemehearme.areas.models import Area
from seemehearme.demo.area import demo_area_create


@pytest.fixture
def northbridge(db) -> Area:
    """The demo area with a few dozen children besides the featured child, dated today."""
    return demo_area_create(children=40).area
