"""Shared by the tests: the synthetic sweep whose truth is known (``tests/sweeps.py``) as the
``sweep`` fixture, and Hypothesis' profile for CI."""

import os

import pandas as pd
import pytest
from hypothesis import settings

from tests.sweeps import make_sweep

# In CI the property tests draw the same examples every run (Hypothesis' advice for CI), so a
# submission passes or fails on its own code, not on a lucky draw; locally they explore anew.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def sweep() -> pd.DataFrame:
    """400 runs of ``make_sweep``."""
    return make_sweep()


__all__ = ["make_sweep", "sweep"]
