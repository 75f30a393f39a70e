"""With REDIS_URL set, the rate limit is counted in Redis, so every worker process shares it.

Needs the Redis server at 127.0.0.1:6379 (there in CI). Without it the test is skipped with the
reason, except in CI, where it fails."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest


def _redis_or_skip() -> str:
    import redis

    url = os.environ.get("SMH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"No Redis to test the shared rate limit against: {error}")
        pytest.skip(f"SHARED RATE LIMIT NOT TESTED: no Redis at {url}")
    return url


# One "worker process": counts one request for the token, prints whether it was let through.
WORKER = """
import django, sys
django.setup()
from django.core.cache import caches
from django.test import RequestFactory
from seemehearme.api.v1 import SystemRateThrottle
class System:
    token_hash = sys.argv[1]
request = RequestFactory().post("/api/v1/events")
request.auth = System()
print(type(caches["default"]).__name__, SystemRateThrottle().allow_request(request))
"""


def _worker(*, redis_url: str, token_hash: str) -> str:
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "SMH_API_RATE_LIMIT": "2/min",
        "DJANGO_SETTINGS_MODULE": "seemehearme.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", WORKER, token_hash],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_separate_processes_share_one_count_for_a_token():
    redis_url = _redis_or_skip()
    token_hash = f"test-{uuid.uuid4().hex}"

    answers = [_worker(redis_url=redis_url, token_hash=token_hash) for _ in range(3)]

    assert answers == ["RedisCache True", "RedisCache True", "RedisCache False"]
    # Another token has its own count.
    assert _worker(redis_url=redis_url, token_hash=f"{token_hash}-other") == "RedisCache True"
