"""Shared test setup: Hypothesis profiles (reproducible in CI, quicker locally), and one
local Spark session for every Spark test module."""

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=300,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# The second CI pass, at the dependency floors (.ci/run): the same fixed examples, fewer.
settings.register_profile(
    "ci-floors",
    derandomize=True,
    max_examples=40,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# A long local run for hunting rare cases: HYPOTHESIS_PROFILE=soak python -m pytest --no-cov
settings.register_profile(
    "soak",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local[2] Spark session, its Python workers on this interpreter.

    The session time zone is Europe/Berlin on purpose: Spark hands pandas naive wall
    times in that zone, where the repeated hour of 25 October 2026 is ambiguous; slakit's
    answers must not depend on it. PySpark starts workers with PYSPARK_PYTHON (else the
    system python3, which lacks pandas): set for the session, restored after.
    """
    sql = pytest.importorskip("pyspark.sql")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            sql.SparkSession.builder.master("local[2]")
            .appName("slakit-tests")
            .config("spark.sql.session.timeZone", "Europe/Berlin")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()
