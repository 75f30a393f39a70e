#!/usr/bin/env bash
# Time `smh seed --children N` into a scratch SQLite database (default N=100000).
# Usage: bench/seed_children.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export SMH_VAR_DIR="$scratch"
/usr/bin/time -f "seed --children $n: %e s wall, %M KB peak memory" uv run smh seed --children "$n"
uv run python - <<'PY'
import os
import sqlite3

db = sqlite3.connect(os.path.join(os.environ["SMH_VAR_DIR"], "seemehearme.sqlite3"))
for table in ["people_child", "people_informationitem", "people_workingrelationship"]:
    print(table, db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
PY
