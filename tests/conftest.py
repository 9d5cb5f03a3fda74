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
    """400 runs of ``make_sweep``, seed 1.

    The tests on it say exactly which parameters clear the noise floor (``lr`` and
    ``optimizer``). The floor is a statistical bound: over seeds 0–9 an irrelevant parameter
    clears it too in two draws (seeds 0 and 7, ``noise_a``), so the fixture is one of the eight.
    """
    return make_sweep(400, seed=1)


__all__ = ["make_sweep", "sweep"]
