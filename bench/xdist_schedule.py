"""How long two pytest-xdist workers take for the suite, by sending size: a simulation.

Usage: uv run python bench/xdist_schedule.py DURATIONS [--scale S] [--database-tests SECONDS]
    [--quick-tests SECONDS]

DURATIONS is the output of ``pytest -n0 --durations=0 tests/e2e`` (each browser test's setup,
call and teardown); --scale turns those into seconds on one idle core (0.25 when they were timed
on a machine four times over-committed). The database tests and the tests without a database are
given as totals, spread evenly. Replays pytest-xdist 3.8's ``--dist load`` scheduling (its
``LoadScheduling.check_schedule``) in the order pytest-django runs tests, with xdist's default
sending and with --maxschedchunk=2, and prints when each worker would finish. Migrations, start-up
and the checks before pytest are left out.
"""

from __future__ import annotations

import argparse
import heapq
import re
from pathlib import Path

DATABASE_TESTS = 2104  # then 2 other committing tests, the browser tests, and the rest
QUICK_TESTS = 226
SLOW = (
    "tests/e2e/test_case_work_journey.py::"
    "test_referral_through_screening_case_voice_plan_meeting_review_to_closure",
    "tests/e2e/test_every_page.py::test_every_page_answers_is_accessible_and_reflows_at_320_pixels",
)


def simulate(durations: list[float], chunk: int | None, workers: int = 2) -> list[float]:
    """When each worker finishes, sending as pytest-xdist's load scheduling does."""
    pending = list(range(len(durations)))
    queue: dict[int, list[int]] = {w: [] for w in range(workers)}
    most = chunk if chunk is not None else len(durations)

    def send(worker: int, count: int) -> None:
        queue[worker].extend(pending[:count])
        del pending[:count]

    for worker in range(workers):
        send(worker, max(min(len(durations) // workers // 4, most), 2))
    events = [(durations[queue[w][0]], w) for w in range(workers) if queue[w]]
    heapq.heapify(events)
    finished = [0.0] * workers
    while events:
        clock, worker = heapq.heappop(events)
        done = queue[worker].pop(0)
        finished[worker] = clock
        if pending:
            low = max(2, len(pending) // workers // 4)
            high = max(2, len(pending) // workers // 2)
            waiting = len(queue[worker])
            if waiting < low and not (durations[done] >= 0.1 and waiting >= 2):
                send(worker, min(high - waiting, max(2 - waiting, most)))
        if queue[worker]:
            heapq.heappush(events, (clock + durations[queue[worker][0]], worker))
    return finished


def browser_durations(path: Path, scale: float) -> dict[str, float]:
    parts: dict[str, dict[str, float]] = {}
    for line in path.read_text().splitlines():
        if match := re.match(r"([0-9.]+)s (setup|call|teardown)\s+(\S+)", line):
            parts.setdefault(match[3], {})[match[2]] = float(match[1]) * scale
    # The longest setup is the first test's, which created the test database: leave that out.
    setups = sorted(part.get("setup", 0.0) for part in parts.values())
    longest = max(parts, key=lambda name: parts[name].get("setup", 0.0))
    parts[longest]["setup"] = setups[len(setups) // 2]
    return {name: sum(part.values()) for name, part in parts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("durations", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-tests", type=float, default=700.0)
    parser.add_argument("--quick-tests", type=float, default=40.0)
    args = parser.parse_args()
    browser = browser_durations(args.durations, args.scale)
    print(f"browser tests: {len(browser)}, {sum(browser.values()):.0f} s on one core")
    collected = sorted(browser)
    others = [name for name in collected if name not in SLOW]
    slow_first = [SLOW[0], *others[:2], SLOW[1], *others[2:]]
    for label, order, chunk in (
        ("collection order, xdist's default sending", collected, None),
        ("collection order, --maxschedchunk=2", collected, 2),
        ("slow first, --maxschedchunk=2", slow_first, 2),
    ):
        durations = (
            [args.database_tests / DATABASE_TESTS] * DATABASE_TESTS
            + [0.5, 0.5]
            + [browser[name] for name in order]
            + [args.quick_tests / QUICK_TESTS] * QUICK_TESTS
        )
        finished = simulate(durations, chunk)
        print(
            f"{label:45} {max(finished):5.0f} s (workers finish at {sorted(map(round, finished))})"
        )


if __name__ == "__main__":
    main()
