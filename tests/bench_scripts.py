"""The benchmark scripts in bench/, loaded as modules so smoke tests can run them small."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from siblings import sibling  # noqa: E402  (bench/ is scripts, not a package)


def load_bench(name: str) -> ModuleType:
    """``bench/<name>.py`` as a module, loaded the way the scripts load each other."""
    return sibling(name)
