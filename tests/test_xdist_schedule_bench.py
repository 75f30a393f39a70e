"""bench/xdist_schedule.py replays pytest-xdist's sending: a smoke test of the replay itself."""

from __future__ import annotations

from tests.bench_scripts import load_bench


def test_default_sending_gives_one_worker_the_long_tests_at_the_end_and_two_at_a_time_does_not():
    schedule = load_bench("xdist_schedule")
    durations = [1.0] * 400 + [50.0] * 8 + [0.1] * 100
    default = schedule.simulate(durations, chunk=None)
    two_at_a_time = schedule.simulate(durations, chunk=2)
    assert max(default) - min(default) > 150  # one worker ran most of the long tests alone
    assert max(two_at_a_time) - min(two_at_a_time) < 50
    assert max(two_at_a_time) < max(default)
