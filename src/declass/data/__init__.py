"""Reference tables shipped as data (CSV/JSON with a source column), loaded once."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """Path of a shipped data file by name (e.g. `"exemptions.csv"`)."""
    return Path(str(resources.files("declass.data").joinpath(name)))
