"""How much policy-checked, logged pages cost: queries and time per request.

Usage: uv run python bench/record_view.py [--children N] [--requests R]
Builds the demo area in a scratch SQLite database (or the one DATABASE_URL names), then opens
the featured child's record, case page and chronology, and My work, R times each as two
users: one who sees most of it, one who has much withheld. Every request runs the access
policy and writes the access log.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from seemehearme.areas.models import StaffUser  # noqa: E402
from seemehearme.demo.area import demo_area_create  # noqa: E402
from seemehearme.people.models import Child  # noqa: E402


class QueryCounter(list):
    """A database execute wrapper that keeps every statement run through it."""

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.append(sql)
        return execute(sql, params, many, context)


def signed_in(username: str) -> Client:
    user = StaffUser.objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    demo_area_create(children=args.children)
    child = Child.objects.get(family_name="Fernhollow")
    case = child.cases.get(status="open")
    pages = {
        "child record": f"/children/{child.pk}/",
        "case page": f"/cases/{case.pk}/",
        "chronology": f"/children/{child.pk}/chronology",
        "my work": "/my-work",
    }
    print(f"database: {connection.vendor}; children: {Child.objects.count()}")
    for username in ["amara.social", "grace.school"]:
        client = signed_in(username)
        for name, url in pages.items():
            measure(client, f"{username}, {name}", url, args.requests)


def measure(client: Client, label: str, url: str, requests: int) -> None:
    client.get(url)  # warm up
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    print(
        f"{label}: {len(queries)} queries; median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms over {requests} requests"
    )


if __name__ == "__main__":
    main()
