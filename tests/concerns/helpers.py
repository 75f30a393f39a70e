"""A filled-in public form, for the concerns tests."""

from __future__ import annotations

import time

from seemehearme.concerns.spam import started_token


def report_data(**changes: str) -> dict[str, str]:
    """A filled-in form, as if started a minute ago."""
    data = {
        "started": started_token(time.time() - 60),
        "reporter_type": "business",
        "business_type": "hotel",
        "what_happened": "Two girls in school uniform checked in late with an older man.",
        "child_description": "",
        "child_age": "about 14",
        "where": "Riverside hotel, Mill Street",
        "when": "Last Friday night",
        "child_knows": "no",
        "contact": "no",
        "website": "",
    }
    data.update(changes)
    return data
