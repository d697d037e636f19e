"""slakit.spark without pyspark: a clear error naming the extra, and nothing imported early."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys

import pytest

import slakit
from slakit import spark as sspark

SCHEDULE = slakit.Schedule.always()


def test_a_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyspark, the first call says to pip install 'slakit[spark]'."""
    real = importlib.import_module

    def without_pyspark(name: str, package: str | None = None) -> object:
        if name.startswith("pyspark"):
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_pyspark)
    with pytest.raises(
        slakit.MissingDependencyError, match=r"pip install 'slakit\[spark\]'"
    ) as info:
        sspark.add(SCHEDULE, "start", dt.timedelta(hours=1))
    assert (info.value.package, info.value.extra) == ("pyspark", "spark")
    assert isinstance(info.value, ImportError)


def test_import_slakit_spark_imports_no_engine() -> None:
    """`import slakit.spark` (and slakit.dask) loads neither pyspark nor dask nor pandas."""
    code = (
        "import sys, slakit.spark, slakit.dask; "
        "print(sorted(m for m in ('pyspark', 'dask', 'pandas', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_submodules_are_slakit_attributes() -> None:
    """slakit.spark and slakit.dask are reachable from the package, imported on first use."""
    assert slakit.spark is sspark
    assert slakit.dask.__name__ == "slakit.dask"
