"""Another script of bench/ as a module (bench/ holds scripts, not a package), loaded once.

A script that builds on another (the board's benchmark on the problem profile's partnership,
say) asks for it here by name; the smoke tests in tests/ load scripts the same way.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent


def sibling(name: str) -> ModuleType:
    """``bench/<name>.py``, run once and kept as ``bench_<name>`` in ``sys.modules``."""
    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"No benchmark script bench/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[key]
        raise
    return module
