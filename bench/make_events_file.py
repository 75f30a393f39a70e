"""Write a synthetic agency events file for benchmarks: N rows, the same for the same seed.

Usage: uv run python bench/make_events_file.py N PATH [--seed S]

About a tenth as many made-up children as rows, each with fixed details; a realistic mix of
event types, optional columns partly filled, one row in ten dated DD/MM/YYYY, about 7% with a
linked adult, and about one row in five hundred deliberately wrong (as real feeds are).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from seemehearme.feeds.synthetic import make_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    make_file(args.path, args.rows, seed=args.seed)
    size = args.path.stat().st_size / 1_000_000
    took = time.perf_counter() - started
    print(f"Wrote {args.rows:,} rows ({size:,.1f} MB) to {args.path} in {took:.1f} s")


if __name__ == "__main__":
    main()
