"""Shared fixtures: one generated world per session (worlds take seconds, tests milliseconds)."""

import numpy as np
import pytest

import complaintkit as ck

SEED = 11


@pytest.fixture(scope="session")
def world():
    """The ecommerce preset at its default size (about 8,000 complaints), en_US."""
    return ck.generate("ecommerce", seed=SEED)


@pytest.fixture(scope="session")
def scenario():
    return ck.get_scenario("ecommerce")


@pytest.fixture(scope="session")
def world_zh():
    """A smaller zh_CN world."""
    return ck.generate("ecommerce", seed=SEED, n_complaints=1500, locale="zh_CN")


@pytest.fixture(autouse=True)
def _no_global_numpy_random():
    """Fail any test whose code touches NumPy's global random state (use a seeded rng)."""
    before = np.random.get_state()[1].copy()
    yield
    after = np.random.get_state()[1]
    assert np.array_equal(before, after), "the global numpy random state was used"
