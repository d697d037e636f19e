"""slakit.dask without dask: a clear error naming the extra."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

import slakit
from slakit import dask as sdask


def test_a_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without dask, the first call says to pip install 'slakit[dask]'."""
    real = importlib.import_module

    def without_dask(name: str, package: str | None = None) -> object:
        if name.startswith("dask"):
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_dask)
    with pytest.raises(
        slakit.MissingDependencyError, match=r"pip install 'slakit\[dask\]'"
    ) as info:
        sdask.add(slakit.Schedule.always(), None, dt.timedelta(hours=1))
    assert (info.value.package, info.value.extra) == ("dask", "dask")
