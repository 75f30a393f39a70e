"""The Spark backend for identity resolution, for when one machine is outgrown.

``smh link --backend spark`` (or ``link_persons(backend="spark")``) scores pairs with Splink's
SparkAPI instead of DuckDB; a full run (``--full``) also prepares, links by number and clusters
on Spark (``spark_pipeline``, ADR 0025). Needs Java 17 or later and
the ``spark`` dependency group (``uv sync --group spark``; ``bin/setup`` adds it when ``java`` is
on the PATH). By default Spark runs in this process in local mode; point it at a cluster with:

- ``SMH_SPARK_MASTER`` — the master URL (default ``local[2]``);
- ``SMH_SPARK_CHECKPOINT_DIR`` — a directory every worker can reach (HDFS, S3 or a shared
  disk) for Splink's intermediate tables; without it they are kept in memory (``persist``);
- ``SMH_SPARK_SHUFFLE_PARTITIONS`` — partitions after blocking (default 8: right for one
  machine; raise it on a cluster, to about three times the cores).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def java_available() -> bool:
    """Whether a Java runtime is on the PATH (Spark cannot start without one)."""
    from shutil import which

    return which("java") is not None or bool(os.environ.get("JAVA_HOME"))


def spark_session() -> Any:
    """A Spark session with Splink's similarity functions (Jaro-Winkler and others) loaded."""
    import sys

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # Python work on the executors (``spark_pipeline``) needs this project's packages: in local
    # mode, this interpreter; on a cluster, set PYSPARK_PYTHON to one that has them.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    partitions = os.environ.get("SMH_SPARK_SHUFFLE_PARTITIONS", "8")
    builder = (
        SparkSession.builder.master(os.environ.get("SMH_SPARK_MASTER", "local[2]"))
        .appName("seemehearme-identity")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", partitions)
        .config("spark.default.parallelism", partitions)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("SMH_SPARK_DRIVER_MEMORY", "2g"))
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    checkpoints = os.environ.get("SMH_SPARK_CHECKPOINT_DIR")
    if checkpoints:
        session.sparkContext.setCheckpointDir(checkpoints)
    return session


@contextmanager
def spark_database() -> Iterator[Any]:
    """Splink's SparkAPI on the session. The session is kept for the next run (starting one
    takes seconds); the run's temporary tables are dropped."""
    from splink import SparkAPI

    session = spark_session()
    method = "parquet" if os.environ.get("SMH_SPARK_CHECKPOINT_DIR") else "persist"
    db_api = SparkAPI(
        spark_session=session,
        break_lineage_method=method,
        num_partitions_on_repartition=int(os.environ.get("SMH_SPARK_SHUFFLE_PARTITIONS", "8")),
    )
    try:
        yield db_api
    finally:
        session.catalog.clearCache()
        for table in session.catalog.listTables():
            if table.isTemporary and table.name.startswith("__splink"):
                session.catalog.dropTempView(table.name)
