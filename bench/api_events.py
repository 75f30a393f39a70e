"""What a full API request costs: 5,000 events through POST /api/v1/events.

Usage: uv run python bench/api_events.py [--events N] [--rounds R] [--pipeline]
Uses a scratch SQLite database (or the one DATABASE_URL names). Sends the same synthetic events
R times: the first request creates them, the next leave them unchanged; then a request with
one event in ten changed. Linking and early warning after each import are left out unless
--pipeline is given (they have their own benchmarks). Prints the request's size and times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time

os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from seemehearme.api import schemas, v1  # noqa: E402
from seemehearme.api.tokens import agency_system_create  # noqa: E402
from seemehearme.areas.models import Agency, AgencyKind, Area  # noqa: E402
from seemehearme.feeds.schema import COLUMN_NAMES, LINKED_PERSON_FIELDS  # noqa: E402
from seemehearme.feeds.synthetic import synthetic_rows  # noqa: E402


def api_events(count: int) -> list[dict[str, object]]:
    """Synthetic file rows as API events, the file's linked person moved into the list."""
    events = []
    for row in synthetic_rows(count, seed=7):
        values = dict(zip(COLUMN_NAMES, row, strict=True))
        person = {key: values.pop(name) for name, key in LINKED_PERSON_FIELDS.items()}
        values["linked_people"] = [person] if any(person.values()) else []
        events.append({name: value or None for name, value in values.items()})
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=schemas.MAX_EVENTS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pipeline", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    settings.ALLOWED_HOSTS = ["*"]
    settings.SMH_API_RATE_LIMIT = "1000/min"
    v1.rate_limit.num_requests = 1000
    if not args.pipeline:
        v1.after_import = lambda result: None  # type: ignore[assignment]
    area, _ = Area.objects.get_or_create(slug="bench-api", defaults={"name": "Bench partnership"})
    agency, _ = Agency.objects.get_or_create(
        area=area, name="Bench police", defaults={"kind": AgencyKind.POLICE}
    )
    _, token = agency_system_create(agency=agency, name=f"Bench system {time.time_ns()}")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    events = api_events(args.events)
    body = json.dumps({"events": events})
    print(f"{len(events):,} events, {len(body) / 1_000_000:.2f} MB of JSON")

    started = time.perf_counter()
    schemas.EventsIn.model_validate_json(body)
    print(f"Validating the body alone: {time.perf_counter() - started:.2f} s")

    def send(label: str, payload: str) -> float:
        started = time.perf_counter()
        response = client.post("/api/v1/events", payload, content_type="application/json")
        took = time.perf_counter() - started
        assert response.status_code == 201, response.content[:500]
        counts = response.json()["counts"]
        print(f"{label}: {took:.2f} s  {counts}")
        return took

    send("First request (creates)", body)
    repeats = [send(f"Repeat {n}", body) for n in range(1, args.rounds)]
    for event in events[::10]:
        event["detail"] = "Changed on a later request."
    send("One event in ten changed", json.dumps({"events": events}))
    if repeats:
        print(f"Median repeat: {statistics.median(repeats):.2f} s")


if __name__ == "__main__":
    main()
