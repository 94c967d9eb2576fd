"""Shared fixtures: where the development corpus is, and the suite's own fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("DECLASS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
TRUTH = SHARED / "truth"


def corpus_path(*parts: str) -> Path:
    """A path inside ../shared/corpus; the calling test is skipped when it is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development corpus not available: {path}")
    return path


def truth_path(*parts: str) -> Path:
    path = TRUTH.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus truth not available: {path}")
    return path


@pytest.fixture
def seeds() -> Path:
    return corpus_path("seeds")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
