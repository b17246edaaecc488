"""The Spark engine: the same directed co-share weights as the embedded engine, on Apache Spark.

For inputs larger than one machine's memory, the pairwise work (the self-join of shares on
their object within ±Δt, the distinct (pair, message) count) runs on a Spark cluster: point
`master` (setting GP_SPARK_MASTER) at `spark://host:7077`, `yarn` or `k8s://…`; `local[2]`
runs Spark in this machine with two cores. It computes exactly the definition the embedded
engine implements (coshare.py) as a plain relational plan: crowd of a share = shares of its
object within ±Δt; pairs = shares of the same object by another account within ±Δt whose
crowd is at most `max_crowd`; near-duplicate text pairs join them; weight = distinct messages
per directed pair. The input arrives as Arrow from this process (the graph export), as do the
near-duplicate pairs and the evidence of the kept pairs, which are computed here.

pyspark is an optional dependency (extra `spark`); it needs Java 17 or newer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from graph_platform.analytics.coshare import DirectedWeights, MessagePairs
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.share_table import ShareCodes


class SparkEngine:
    """Directed co-share weights computed by Spark (see the module doc)."""

    name = "spark"

    def __init__(self, master: str = "local[2]", config: dict[str, str] | None = None) -> None:
        self.master = master
        self.config = {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "8",
            "spark.sql.execution.arrow.pyspark.enabled": "true",
            **(config or {}),
        }
        self._session: Any = None

    def session(self) -> Any:
        """The SparkSession, started on first use."""
        if self._session is None:
            from pyspark.sql import SparkSession

            builder = SparkSession.builder.master(self.master).appName(
                "graph_platform coordination"
            )
            for key, value in self.config.items():
                builder = builder.config(key, value)
            self._session = builder.getOrCreate()
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def stop(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None

    def directed(
        self,
        codes: ShareCodes,
        params: CoordinationParameters,
        text_pairs: MessagePairs,
        accounts: NDArray[np.bool_] | None = None,
    ) -> DirectedWeights:
        from pyspark.sql import functions as F

        spark = self.session()
        window = params.window_ms
        shares = spark.createDataFrame(
            pa.table(
                {
                    "row": np.arange(len(codes), dtype=np.int64),
                    "account": codes.account,
                    "message": codes.message,
                    "object": codes.object,
                    "t": codes.time_ms,
                }
            )
        )
        a, b = shares.alias("a"), shares.alias("b")
        near = a.join(
            b,
            (F.col("a.object") == F.col("b.object"))
            & (F.col("b.t") >= F.col("a.t") - window)
            & (F.col("b.t") <= F.col("a.t") + window),
        )
        if params.max_crowd is not None:
            crowd = near.groupBy(F.col("a.row").alias("row")).agg(F.count("*").alias("crowd"))
            counted = crowd.where(F.col("crowd") <= params.max_crowd).select("row")
            near = near.join(counted, F.col("a.row") == counted["row"], "left_semi")
        triples = near.where(F.col("a.account") != F.col("b.account")).select(
            F.col("a.account").alias("source"),
            F.col("b.account").alias("target"),
            F.col("a.message").alias("message"),
        )
        if len(text_pairs):
            texts = spark.createDataFrame(
                pa.table(
                    {
                        "source": text_pairs.account,
                        "target": text_pairs.other_account,
                        "message": text_pairs.message,
                    }
                )
            )
            triples = triples.unionByName(texts)
        if accounts is not None:
            allowed = spark.createDataFrame(
                pa.table({"account": np.flatnonzero(accounts).astype(np.int64)})
            )
            triples = triples.join(
                allowed.withColumnRenamed("account", "source"), "source", "left_semi"
            ).join(allowed.withColumnRenamed("account", "target"), "target", "left_semi")
        weights = (
            triples.distinct()
            .groupBy("source", "target")
            .agg(F.count("*").alias("weight"))
            .where(F.col("weight") >= params.min_repetitions)
            .orderBy("source", "target")
            .toArrow()
        )
        return DirectedWeights(
            *(
                np.asarray(weights[c].to_numpy(), dtype=np.int64)
                for c in ("source", "target", "weight")
            )
        )
