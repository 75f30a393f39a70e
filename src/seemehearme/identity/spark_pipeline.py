"""The whole identity pipeline on Spark, for a full run over more records than one machine holds.

``seemehearme.identity.engine`` prepares records and clusters them in this process and only
scores pairs on Spark. Here every step runs on Spark's executors (ADR 0025):

1. **prepare**: ``matching.prepare`` and ``engine.without_invalid_nhs`` on each batch of
   records (``mapInArrow``): both work record by record (the given names' lookup is made per
   distinct name in the batch, and a name's variants, key and sound depend only on the name);
   then numbers shared by several children are set aside (``engine.shared_numbers``, counted
   and compared by Spark, ``engine._three_apart`` deciding for each number);
2. **identifier links**: a self-join on NHS number and on pupil number with the same rule as
   the engine (``numbers.alike_sql``, run as Spark SQL);
3. **scoring**: Splink's SparkAPI with the same settings and parameters as ``scoring``, the term
   frequencies counted over all records by Spark, only pairs worth a review kept
   (``engine.worth_review``), and held pairs scored again however low; links by score only
   where ``engine.linkable``;
4. **connected components** of every link (alternating large-star and small-star rounds, Kiveris
   et al. 2014: a few rounds for any graph, each a join and a group-by);
5. **clustering**: ``clustering.resolve`` on each component by itself (``applyInPandas``).
   ``resolve`` only ever looks inside one group of linked records (its checks, cuts and
   placements are per group), so this gives the same children as one call over everything; new
   children are named by their first record rather than numbered.

``link_records_on_spark`` returns Spark DataFrames (``SparkRun``), so a national run can write
them out without bringing them to the driver; ``SparkRun.collect`` gives the engine's
``EngineResult`` for the service and the tests.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker, block_on

from seemehearme.identity.clustering import Link, Placement, Resolution, Via, resolve
from seemehearme.identity.engine import (
    HELD_BY_MANY,
    NUMBER_COLUMNS,
    SHARED_BY,
    EngineResult,
    NumberEvidence,
    Step,
    _three_apart,
    linkable,
    without_invalid_nhs,
    worth_review,
)
from seemehearme.identity.matching import (
    FIELDS,
    INPUT_SCHEMA,
    TF_COLUMNS,
    TF_PRIOR_RECORDS,
    TF_SHRUNK,
    Parameters,
    prepare,
    settings,
)
from seemehearme.identity.numbers import Details, alike_sql
from seemehearme.identity.scoring import PAIR_COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

INVALID_NHS = "__nhs_invalid"  # prepared records' flag: the NHS number failed its check digit
DETAIL_COLUMNS = ("dob", "given_key", "family_name", "nhs_number", "upn")
# The order links are given to ``resolve`` in, as the engine gives them (ties in growing a
# group from its first record follow it).
ORDINAL = {Via.IDENTIFIER: 0, Via.ACCEPTED: 1, Via.SCORE: 2, Via.CURRENT: 3}
ROWS_PER_CALL = 200_000  # about how many records, links and pairs kept apart go to one resolve
MAX_ROUNDS = 60  # connected components take O(log² n) rounds; far more means something is wrong

# One row of a component's input to ``resolve``: a record (``a``, with its details and current
# child), a link (``a``, ``b``, ``via``, ``probability``) or a pair kept apart (``a``, ``b``).
COMPONENT_INPUT = (
    "component long, kind string, a long, b long, via string, probability double, "
    "ordinal int, child long, dob string, given_key string, family_name string, "
    "nhs_number string, upn string"
)
# And of its output: a placement (``a``: the record), a cut link or a merge (``a`` into ``b``).
COMPONENT_OUTPUT = (
    "kind string, a long, b long, child long, group_seed long, via string, "
    "probability double, linked_to long, position int"
)


@dataclass
class SparkRun:
    """A full run's answer, as Spark DataFrames (each already computed)."""

    prepared: DataFrame  # matching.prepare's columns, NHS numbers failing their check removed
    pairs: DataFrame  # scoring.PAIR_COLUMNS: pairs at or above the review threshold, and held
    identifier_links: DataFrame  # a, b: the same valid number and alike details
    held: DataFrame  # a, b: the same number, unalike details (for a reviewer)
    invalid_nhs: DataFrame  # unique_id: records whose NHS number failed its check digit
    shared: DataFrame  # unique_id: records whose number is shared by several children
    shared_values: DataFrame  # column, value: the shared numbers
    # unique_id, child (an existing child) or group_seed (the first record of a new child),
    # via, probability, linked_to, position (order within its new child)
    placements: DataFrame
    cut: DataFrame  # a, b, via, probability: scored links removed to keep groups apart
    merges: DataFrame  # a merged into b (child ids)

    def clusters(self) -> DataFrame:
        """unique_id, cluster: each placed record and its child (positive: an existing child's
        id) or new child (negative: minus its first record's id)."""
        from pyspark.sql import functions as F

        return self.placements.select(
            "unique_id", F.coalesce("child", -F.col("group_seed")).alias("cluster")
        )

    def collect(self) -> EngineResult:
        """Bring everything to the driver as the engine's ``EngineResult``: new children are
        numbered 1, 2, … in the order of their first records."""
        prepared = _arrow(self.prepared.orderBy("unique_id"))
        pairs = _arrow(self.pairs.orderBy("unique_id_l", "unique_id_r")).select(PAIR_COLUMNS)
        resolution = Resolution()
        rows = self.placements.orderBy("group_seed", "position").collect()
        seeds = sorted({row.group_seed for row in rows if row.group_seed is not None})
        number = {seed: index for index, seed in enumerate(seeds, start=1)}
        for row in rows:
            group = number.get(row.group_seed) if row.group_seed is not None else None
            via = Via(row.via) if row.via is not None else None
            resolution.placements[row.unique_id] = Placement(
                row.child, group, via, row.probability, row.linked_to
            )
            if group is not None:
                resolution.new_groups.setdefault(group, []).append(row.unique_id)
        resolution.cut = [
            Link(row.a, row.b, Via(row.via), row.probability) for row in self.cut.collect()
        ]
        resolution.merges = {row.a: row.b for row in self.merges.collect()}
        evidence = NumberEvidence(
            links=[
                Link(row.a, row.b, Via.IDENTIFIER)
                for row in self.identifier_links.orderBy("a", "b").collect()
            ],
            held=sorted((row.a, row.b) for row in self.held.collect()),
            invalid_nhs={row.unique_id for row in self.invalid_nhs.collect()},
            shared={row.unique_id for row in self.shared.collect()},
            shared_values={column: set() for column in NUMBER_COLUMNS},
        )
        for row in self.shared_values.collect():
            evidence.shared_values[row.column].add(row.value)
        return EngineResult(prepared, pairs, resolution, evidence)


def link_records_on_spark(
    records: pa.Table | DataFrame,
    *,
    parameters: Parameters,
    match_threshold: float,
    review_threshold: float,
    current: dict[int, int] | None = None,
    forced: Iterable[Link] = (),
    rejected: Iterable[tuple[int, int]] = (),
    mergeable: Collection[int] = (),
    step: Step | None = None,
) -> SparkRun:
    """Resolve all of ``records`` (``matching.INPUT_SCHEMA``: an Arrow table, or a Spark
    DataFrame, such as Parquet read by Spark) as ``engine.link_records`` does for a full run
    (``new_uids=None``), every step on Spark. The other arguments are the engine's."""
    from seemehearme.identity.spark import spark_database

    done = step or (lambda _name: None)
    forced = list(forced)
    with spark_database() as db_api:
        session: SparkSession = db_api.spark
        _register_functions(session)
        frame = _input(session, records)
        prepared_all = _keep(_prepare(frame))
        invalid = _keep(prepared_all.where(INVALID_NHS).select("unique_id"))
        shared_values = _keep(_shared_numbers(session, prepared_all.drop(INVALID_NHS)))
        prepared, shared = _without_shared(prepared_all.drop(INVALID_NHS), shared_values)
        done("prepared")

        numbers = _keep(_number_pairs(session, prepared))
        # A pair whose rule comes out null is held, as in the engine (``if alike``).
        identifier = numbers.where("coalesce(alike, false)").select("a", "b").distinct()
        accepted = [(link.a, link.b) for link in forced if link.via is Via.ACCEPTED]
        held = _keep(
            numbers.where("not coalesce(alike, false)")
            .select("a", "b")
            .distinct()
            .join(_pairs_frame(session, accepted), ["a", "b"], "left_anti")
        )
        pairs = _keep(_score(db_api, prepared, parameters, review_threshold, held))
        done("scored")

        apart = _keep(_pairs_frame(session, list(rejected)).unionByName(held).distinct())
        links = _links(
            session,
            identifier=identifier,
            pairs=pairs,
            forced=forced,
            rejected=apart,
            current=current or {},
            mergeable=mergeable,
            match_threshold=match_threshold,
        )
        out = _resolve_components(
            session,
            prepared=prepared,
            links=links,
            rejected=apart,
            current=current or {},
            match_threshold=match_threshold,
            mergeable=mergeable,
        )
        placements, cut, merges = out
        run = SparkRun(
            prepared=prepared,
            pairs=pairs,
            identifier_links=_keep(identifier),
            held=held,
            invalid_nhs=invalid,
            shared=shared,
            shared_values=shared_values,
            placements=placements,
            cut=cut,
            merges=merges,
        )
        done("resolved")
        return run


# --- steps --------------------------------------------------------------------------------------


def _register_functions(session: SparkSession) -> None:
    """``numbers.alike_sql`` is written for DuckDB: its Jaro-Winkler function is Splink's
    ``jaro_winkler`` on Spark (the same Java class the scoring uses); the rest are Spark's own."""
    from pyspark.sql.types import DoubleType

    session.udf.registerJavaFunction(
        "jaro_winkler_similarity", "uk.gov.moj.dash.linkage.JaroWinklerSimilarity", DoubleType()
    )


def _input(session: SparkSession, records: pa.Table | DataFrame) -> DataFrame:
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = from_arrow_schema(INPUT_SCHEMA)
    if isinstance(records, pa.Table):
        frame = session.createDataFrame(records.select(INPUT_SCHEMA.names).to_pandas(), schema)
    else:
        frame = records
    return frame.select(
        *[F.col(field.name).cast(field.dataType).alias(field.name) for field in schema.fields]
    )


def prepared_schema() -> pa.Schema:
    """``matching.prepare``'s columns, and the flag for a failed NHS number."""
    return prepare(INPUT_SCHEMA.empty_table()).schema.append(pa.field(INVALID_NHS, pa.bool_()))


def _prepare_batches(batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> Iterator[Any]:
    """On an executor: ``prepare`` and ``without_invalid_nhs`` each batch of records."""
    for batch in batches:
        if batch.num_rows == 0:
            continue
        prepared, invalid = without_invalid_nhs(prepare(pa.Table.from_batches([batch])))
        flag = pc.is_in(prepared["unique_id"], value_set=pa.array(sorted(invalid), pa.int64()))
        yield from prepared.append_column(INVALID_NHS, flag).cast(schema).to_batches()


def _prepare(frame: DataFrame) -> DataFrame:
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = prepared_schema()
    return frame.mapInArrow(partial(_prepare_batches, schema=schema), from_arrow_schema(schema))


def spark_alike_sql(left: str = "l", right: str = "r") -> str:
    """``numbers.alike_sql`` in Spark's words (its lists' overlap is ``arrays_overlap``)."""
    return alike_sql(left, right).replace("list_has_any(", "arrays_overlap(")


def _shared_numbers(session: SparkSession, prepared: DataFrame) -> DataFrame:
    """column, value: ``engine.shared_numbers``, for every number column."""
    from pyspark.sql import functions as F

    prepared.createOrReplaceTempView("__smh_prepared")
    parts = []
    for column in NUMBER_COLUMNS:
        counts = (
            prepared.where(F.col(column).isNotNull())
            .groupBy(F.col(column).alias("value"))
            .count()
            .where(F.col("count") >= SHARED_BY)
        )
        many = counts.where(F.col("count") > HELD_BY_MANY).select("value")
        counts.where(F.col("count") <= HELD_BY_MANY).select("value").createOrReplaceTempView(
            "__smh_few"
        )
        unalike = session.sql(
            f"select l.{column} as value, l.unique_id as a, r.unique_id as b "  # noqa: S608
            f"from __smh_prepared l join __smh_prepared r on l.{column} = r.{column} "
            f"and l.unique_id < r.unique_id "
            f"where l.{column} in (select value from __smh_few) and not {spark_alike_sql()}"
        )
        apart = unalike.groupBy("value").applyInPandas(_apart_of, "value string")
        parts.append(
            many.unionByName(apart).distinct().select(F.lit(column).alias("column"), "value")
        )
    return parts[0].unionByName(parts[1])


def _apart_of(frame: pd.DataFrame) -> pd.DataFrame:
    """On an executor: one number's unalike pairs; the number if ``engine._three_apart``."""
    import pandas as pd

    apart: dict[int, set[int]] = {}
    for a, b in zip(frame["a"], frame["b"], strict=True):
        apart.setdefault(int(a), set()).add(int(b))
        apart.setdefault(int(b), set()).add(int(a))
    values = [frame["value"].iloc[0]] if len(frame) and _three_apart(apart) else []
    return pd.DataFrame({"value": pd.array(values, dtype="string")})


def _without_shared(prepared: DataFrame, shared: DataFrame) -> tuple[DataFrame, DataFrame]:
    """``prepared`` with shared numbers removed, and the records that had one (unique_id)."""
    from pyspark.sql import functions as F

    frame = prepared
    flags = []
    for column in NUMBER_COLUMNS:
        values = shared.where(F.col("column") == column).select(
            F.col("value").alias(column), F.lit(True).alias(f"__shared_{column}")
        )
        frame = frame.join(F.broadcast(values), column, "left")
        flags.append(F.coalesce(F.col(f"__shared_{column}"), F.lit(False)))
        frame = frame.withColumn(
            column, F.when(F.col(f"__shared_{column}"), F.lit(None)).otherwise(F.col(column))
        )
    frame = _keep(frame.withColumn("__shared", flags[0] | flags[1]))
    holders = _keep(frame.where("__shared").select("unique_id"))
    cleaned = _keep(frame.select(*prepared.columns))
    return cleaned, holders


def _number_pairs(session: SparkSession, prepared: DataFrame) -> DataFrame:
    """a, b, alike: records sharing an NHS or pupil number, and whether their details are alike
    (``numbers.alike_sql``), as ``engine.identifier_links``."""
    prepared.createOrReplaceTempView("__smh_prepared")
    parts = [
        f"select l.unique_id as a, r.unique_id as b, {spark_alike_sql()} as alike "  # noqa: S608
        f"from __smh_prepared l join __smh_prepared r on l.{column} = r.{column} "
        f"and l.unique_id < r.unique_id where l.{column} is not null"
        for column in NUMBER_COLUMNS
    ]
    return session.sql(" union all ".join(parts))


def _score(
    db_api: Any,
    prepared: DataFrame,
    parameters: Parameters,
    threshold: float,
    held: DataFrame,
) -> DataFrame:
    """Splink's pairs at or above ``threshold`` (``scoring.PAIR_COLUMNS``, lower id on the
    left), and every held pair however low it scores (``engine._with_held_pairs``)."""

    count = prepared.count()
    if count < 2:
        return _pairs_schema_frame(prepared.sparkSession)
    records = db_api.register(prepared)
    frequencies = _term_frequencies(prepared, count, parameters)
    model = settings(records=count, parameters=parameters)
    linker = Linker(records, model, log_level=None)
    for column, table in frequencies.items():
        linker.table_management.register_term_frequency_lookup(db_api.register(table), column)
    scored = _worth(
        _pair_columns(
            linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        )
    )
    if held.isEmpty():
        return scored
    # Held pairs share a number: a model blocking on the numbers alone finds them all, with the
    # same scores (the prior and frequencies are the same; blocking rules do not change a score).
    numbers_only = settings(records=count, parameters=parameters)
    numbers_only = dataclasses.replace(
        numbers_only,
        blocking_rules_to_generate_predictions=[block_on(c) for c in NUMBER_COLUMNS],
    )
    again_linker = Linker(records, numbers_only, log_level=None)
    for column, table in frequencies.items():
        again_linker.table_management.register_term_frequency_lookup(db_api.register(table), column)
    again = _pair_columns(
        again_linker.inference.predict(threshold_match_probability=None, warning_mode="never")
    )
    missing = held.withColumnsRenamed({"a": "unique_id_l", "b": "unique_id_r"}).join(
        scored.select("unique_id_l", "unique_id_r"), ["unique_id_l", "unique_id_r"], "left_anti"
    )
    extra = again.join(missing, ["unique_id_l", "unique_id_r"], "left_semi").dropDuplicates(
        ["unique_id_l", "unique_id_r"]
    )
    return scored.unionByName(extra).select(*PAIR_COLUMNS)


def _worth_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield from worth_review(pa.Table.from_batches([batch])).to_batches()


def _worth(pairs: DataFrame) -> DataFrame:
    """Only the pairs worth a reviewer's time (``engine.worth_review``, on each batch)."""
    return pairs.mapInArrow(_worth_batches, pairs.schema)


def _may_link_batches(
    batches: Iterator[pa.RecordBatch], threshold: float
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield from linkable(pa.Table.from_batches([batch]), threshold).to_batches()


def _term_frequencies(
    prepared: DataFrame, count: int, parameters: Parameters
) -> dict[str, DataFrame]:
    """``matching.term_frequencies``, counted by Spark."""
    from pyspark.sql import functions as F

    prior_u = {
        level.frequency: parameters.u[field.column][index]
        for field in FIELDS
        for index, level in enumerate(field.levels)
        if level.frequency in TF_SHRUNK
    }
    tables = {}
    for column in TF_COLUMNS:
        pseudo = TF_PRIOR_RECORDS if column in prior_u else 0
        tables[column] = (
            prepared.where(F.col(column).isNotNull())
            .groupBy(column)
            .agg(
                (
                    (F.count(F.lit(1)) + F.lit(float(pseudo * prior_u.get(column, 0.0))))
                    / F.lit(float(count + pseudo))
                ).alias(f"tf_{column}")
            )
        )
    return tables


def _pair_columns(scored: Any) -> DataFrame:
    from pyspark.sql import functions as F

    frame = scored.as_spark_dataframe()
    left, right = F.col("unique_id_l"), F.col("unique_id_r")
    return frame.select(
        F.least(left, right).cast("long").alias("unique_id_l"),
        F.greatest(left, right).cast("long").alias("unique_id_r"),
        F.col("match_probability").cast("double").alias("match_probability"),
        F.col("match_weight").cast("double").alias("match_weight"),
        *[
            F.col(f"gamma_{field.column}").cast("byte").alias(f"gamma_{field.column}")
            for field in FIELDS
        ],
    )


def _pairs_schema_frame(session: SparkSession) -> DataFrame:
    from pyspark.sql.pandas.types import from_arrow_schema

    from seemehearme.identity.scoring import _empty

    return session.createDataFrame([], from_arrow_schema(_empty().schema))


def _links(
    session: SparkSession,
    *,
    identifier: DataFrame,
    pairs: DataFrame,
    forced: list[Link],
    rejected: DataFrame,
    current: dict[int, int],
    mergeable: Collection[int],
    match_threshold: float,
) -> DataFrame:
    """a, b, via, probability, ordinal: the links ``resolve`` keeps (``kept``, and each linked
    record's link to its current child), computed as it does."""
    from pyspark.sql import functions as F

    scored = pairs.mapInArrow(
        partial(_may_link_batches, threshold=match_threshold), pairs.schema
    ).select(
        F.col("unique_id_l").alias("a"),
        F.col("unique_id_r").alias("b"),
        F.lit(Via.SCORE.value).alias("via"),
        F.col("match_probability").alias("probability"),
    )
    given = session.createDataFrame(
        [(link.a, link.b, link.via.value, float(link.probability)) for link in forced],
        "a long, b long, via string, probability double",
    )
    ids = identifier.select(
        "a", "b", F.lit(Via.IDENTIFIER.value).alias("via"), F.lit(1.0).alias("probability")
    )
    links = ids.unionByName(given).unionByName(scored)
    ordinal = F.create_map(*[F.lit(x) for via, n in ORDINAL.items() for x in (via.value, n)])
    key_l, key_r = F.least("a", "b"), F.greatest("a", "b")
    kept = (
        links.where(F.col("a") != F.col("b"))
        .withColumn("x", key_l)
        .withColumn("y", key_r)
        .join(
            rejected.select(F.col("a").alias("x"), F.col("b").alias("y")), ["x", "y"], "left_anti"
        )
        .where((F.col("via") != Via.SCORE.value) | (F.col("probability") >= match_threshold))
        .drop("x", "y")
        .withColumn("ordinal", ordinal[F.col("via")].cast("int"))
    )
    kept = _keep(kept)
    if not current:
        return kept
    children = session.createDataFrame(list(current.items()), "record long, current_child long")
    linked = kept.select(F.col("a").alias("node")).union(kept.select("b")).distinct()
    if mergeable:
        reached = (
            linked.where("node < 0")
            .select((-F.col("node")).alias("current_child"))
            .union(linked.join(children, linked.node == children.record).select("current_child"))
            .distinct()
        )
        extra = children.join(reached, "current_child", "left_semi").select(
            F.col("record").alias("node")
        )
        linked = linked.union(extra).distinct()
    joined = linked.join(children, linked.node == children.record)
    to_child = joined.select(
        F.col("record").alias("a"),
        (-F.col("current_child")).alias("b"),
        F.lit(Via.CURRENT.value).alias("via"),
        F.lit(1.0).alias("probability"),
        F.lit(ORDINAL[Via.CURRENT]).alias("ordinal"),
    )
    return _keep(kept.unionByName(to_child))


def _resolve_components(
    session: SparkSession,
    *,
    prepared: DataFrame,
    links: DataFrame,
    rejected: DataFrame,
    current: dict[int, int],
    match_threshold: float,
    mergeable: Collection[int],
) -> tuple[DataFrame, DataFrame, DataFrame]:
    """placements, cut, merges: ``resolve`` on each connected component of ``links``, and each
    record in no link a new child by itself (or left with its current child)."""
    from pyspark.sql import functions as F

    component = _keep(connected_components(links.select("a", "b")))  # node, component
    children = session.createDataFrame(list(current.items()), "unique_id long, child long")
    records = prepared.select("unique_id", *DETAIL_COLUMNS).join(children, "unique_id", "left")
    in_component = records.join(
        component.withColumnRenamed("node", "unique_id"), "unique_id"
    ).select(
        "component",
        F.lit("record").alias("kind"),
        F.col("unique_id").alias("a"),
        F.lit(None).cast("long").alias("b"),
        F.lit(None).cast("string").alias("via"),
        F.lit(None).cast("double").alias("probability"),
        F.lit(None).cast("int").alias("ordinal"),
        "child",
        *DETAIL_COLUMNS,
    )
    details_null = [F.lit(None).cast("string").alias(c) for c in DETAIL_COLUMNS]
    link_rows = links.join(component.withColumnRenamed("node", "a"), "a").select(
        "component",
        F.lit("link").alias("kind"),
        "a",
        "b",
        "via",
        "probability",
        "ordinal",
        F.lit(None).cast("long").alias("child"),
        *details_null,
    )
    # A pair kept apart matters to the component of either record (see the module's doc).
    apart = rejected.join(component.withColumnRenamed("node", "a"), "a").unionByName(
        rejected.join(component.withColumnRenamed("node", "b"), "b")
    )
    apart_rows = apart.distinct().select(
        "component",
        F.lit("rejected").alias("kind"),
        "a",
        "b",
        F.lit(None).cast("string").alias("via"),
        F.lit(None).cast("double").alias("probability"),
        F.lit(None).cast("int").alias("ordinal"),
        F.lit(None).cast("long").alias("child"),
        *details_null,
    )
    rows = _keep(in_component.unionByName(link_rows).unionByName(apart_rows))
    children_merged = frozenset(mergeable)

    def resolve_some(frame: pd.DataFrame) -> pd.DataFrame:
        return _resolve_components_of(
            frame, match_threshold=match_threshold, mergeable=children_merged
        )

    # Whole components in each call, many to a call: one Python call per component costs more
    # than resolving it. (``resolve`` over several components is ``resolve`` over each.)
    buckets = max(
        int(session.conf.get("spark.sql.shuffle.partitions") or 1),
        -(-rows.count() // ROWS_PER_CALL),
    )
    resolved = _keep(
        rows.withColumn("bucket", F.pmod(F.xxhash64("component"), F.lit(buckets)))
        .groupBy("bucket")
        .applyInPandas(resolve_some, COMPONENT_OUTPUT)
    )
    alone = (
        records.join(component.withColumnRenamed("node", "unique_id"), "unique_id", "left_anti")
        .where(F.col("child").isNull())
        .select(
            "unique_id",
            F.lit(None).cast("long").alias("child"),
            F.col("unique_id").alias("group_seed"),
            F.lit(None).cast("string").alias("via"),
            F.lit(None).cast("double").alias("probability"),
            F.lit(None).cast("long").alias("linked_to"),
            F.lit(0).alias("position"),
        )
    )
    placements = _keep(
        resolved.where("kind = 'placement'")
        .select(
            F.col("a").alias("unique_id"),
            "child",
            "group_seed",
            "via",
            "probability",
            "linked_to",
            "position",
        )
        .unionByName(alone)
    )
    cut = resolved.where("kind = 'cut'").select("a", "b", "via", "probability")
    merges = resolved.where("kind = 'merge'").select("a", "b")
    return placements, cut, merges


def _resolve_components_of(
    frame: pd.DataFrame, *, match_threshold: float, mergeable: frozenset[int]
) -> pd.DataFrame:
    """On an executor: ``clustering.resolve`` on whole connected components' records and links
    (``COMPONENT_INPUT`` rows)."""
    import pandas as pd

    def number(value: Any) -> int | None:
        return None if pd.isna(value) else int(value)

    def text(value: Any) -> str | None:
        return None if pd.isna(value) else str(value)

    records: list[int] = []
    current: dict[int, int] = {}
    details: dict[int, Details] = {}
    links: list[tuple[int, int, int, Link]] = []
    rejected: list[tuple[int, int]] = []
    for row in frame.itertuples(index=False):
        a = int(row.a)
        if row.kind == "record":
            records.append(a)
            child = number(row.child)
            if child is not None:
                current[a] = child
            details[a] = Details(
                text(row.dob),
                text(row.given_key),
                text(row.family_name),
                (text(row.nhs_number), text(row.upn)),
            )
        elif row.kind == "link":
            b = int(row.b)
            link = Link(a, b, Via(row.via), float(row.probability))
            links.append((int(row.ordinal), min(a, b), max(a, b), link))
        else:
            rejected.append((a, int(row.b)))
    resolution = resolve(
        records=sorted(records),
        current=current,
        # Current links are resolve's to add (for the linked records), as in one run over all.
        links=[link for _, _, _, link in sorted(links) if link.via is not Via.CURRENT],
        rejected=rejected,
        match_threshold=match_threshold,
        details=details,
        mergeable=mergeable,
    )
    out: dict[str, list[Any]] = {name: [] for name in _output_names()}

    def add(**values: Any) -> None:
        for name in out:
            out[name].append(values.get(name))

    seed_of = {group: members[0] for group, members in resolution.new_groups.items()}
    position = {
        uid: index
        for members in resolution.new_groups.values()
        for index, uid in enumerate(members)
    }
    for uid, placement in resolution.placements.items():
        add(
            kind="placement",
            a=uid,
            child=placement.child,
            group_seed=seed_of.get(placement.new_group) if placement.new_group else None,
            via=placement.via.value if placement.via is not None else None,
            probability=placement.probability,
            linked_to=placement.linked_to,
            position=position.get(uid, 0),
        )
    for link in resolution.cut:
        add(kind="cut", a=link.a, b=link.b, via=link.via.value, probability=link.probability)
    for merged, into in resolution.merges.items():
        add(kind="merge", a=merged, b=into)
    types = {
        "kind": "string",
        "a": "Int64",
        "b": "Int64",
        "child": "Int64",
        "group_seed": "Int64",
        "via": "string",
        "probability": "Float64",
        "linked_to": "Int64",
        "position": "Int32",
    }
    return pd.DataFrame({name: pd.array(values, dtype=types[name]) for name, values in out.items()})


def _output_names() -> list[str]:
    return [part.strip().split(" ")[0] for part in COMPONENT_OUTPUT.split(",")]


# --- connected components -------------------------------------------------------------------


def connected_components(edges: DataFrame) -> DataFrame:
    """node, component: every node of ``edges`` (columns a, b; undirected) and the smallest
    node it is connected to. Alternates large-star and small-star rounds until every edge joins
    a node to the smallest of its component (Kiveris et al., "Connected Components in MapReduce
    and Beyond", 2014)."""
    from pyspark.sql import functions as F

    current = _keep(
        edges.where(F.col("a") != F.col("b"))
        .select(F.greatest("a", "b").alias("a"), F.least("a", "b").alias("b"))
        .distinct()
    )
    for _ in range(MAX_ROUNDS):
        if _stars(current):
            break
        current = _keep(_small_star(_large_star(current)))
    else:
        raise RuntimeError(f"Connected components did not settle in {MAX_ROUNDS} rounds")
    roots = current.select(F.col("b").alias("node"), F.col("b").alias("component")).distinct()
    return current.select(F.col("a").alias("node"), F.col("b").alias("component")).unionByName(
        roots
    )


def _stars(edges: DataFrame) -> bool:
    """Whether every edge (a > b) joins a node to its component's smallest: each ``a`` in one
    edge only, and no ``b`` an ``a`` (then each component is a star round its smallest node)."""
    from pyspark.sql import functions as F

    twice = edges.groupBy("a").count().where(F.col("count") > 1).select("a")
    inner = edges.join(edges.select(F.col("a").alias("b")), "b", "left_semi").select("a")
    return twice.union(inner).isEmpty()  # one job for both


def _large_star(edges: DataFrame) -> DataFrame:
    """Each node's larger neighbours are joined to the smallest of it and its neighbours."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("u"), F.col("b").alias("v")).union(
        edges.select(F.col("b").alias("u"), F.col("a").alias("v"))
    )
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return (
        both.join(smallest, "u")
        .where(F.col("v") > F.col("u"))
        .select(F.col("v").alias("a"), F.col("m").alias("b"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Each node and its smaller neighbours are joined to the smallest of those."""
    from pyspark.sql import functions as F

    down = edges.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
    smallest = down.groupBy("u").agg(F.min("v").alias("m"))
    out = (
        down.join(smallest, "u")
        .select(F.col("v").alias("n"), "m")
        .union(smallest.select(F.col("u").alias("n"), "m"))
    )
    return (
        out.where(F.col("n") != F.col("m"))
        .select(F.greatest("n", "m").alias("a"), F.least("n", "m").alias("b"))
        .distinct()
    )


# --- helpers ----------------------------------------------------------------------------------


def _keep(frame: DataFrame) -> DataFrame:
    """Compute ``frame`` now and cut its lineage: checkpointed to SMH_SPARK_CHECKPOINT_DIR
    (shared storage, survives an executor's loss) when set, otherwise kept on the executors."""
    if os.environ.get("SMH_SPARK_CHECKPOINT_DIR"):
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)


def _pairs_frame(session: SparkSession, pairs: list[tuple[int, int]]) -> DataFrame:
    """a, b (a < b) for pairs in any order."""
    return session.createDataFrame(
        sorted({(min(a, b), max(a, b)) for a, b in pairs}), "a long, b long"
    )


def _arrow(frame: DataFrame) -> pa.Table:
    if hasattr(frame, "toArrow"):
        return frame.toArrow()
    return pa.Table.from_pandas(frame.toPandas(), preserve_index=False)  # pragma: no cover
