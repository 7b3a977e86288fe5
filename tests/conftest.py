"""Shared fixtures: one generated world per session (worlds take seconds, tests milliseconds)."""

import re

import numpy as np
import pytest

import complaintkit as ck

SEED = 11


#: files of independent long runs that share no module fixture: their tests may run apart
SPREAD = ("tests/test_notebooks.py",)

#: files that use the same big worlds of :func:`generated`: run on one worker, in the unit
#: of the file named here, so each world is made once (file -> the file whose work unit it joins)
TOGETHER = {"tests/test_recovery.py": "tests/test_loyalty.py"}

#: each exercise's odd-answers test joins that exercise's test file: they share its started
#: exercise and the right answers its checks computed (exercise_helpers.started)
ODD_ANSWERS = re.compile(r"tests/test_awkward_frames\.py::"
                         r"test_every_check_answers_not_yet_with_a_reason_for_any_answer\[(\d\d)\]$")


def pytest_xdist_make_scheduler(config, log):
    """Work units for ``pytest -n auto --dist loadfile`` (the Makefile's test command).

    As loadfile: a file is one unit, so its module fixtures are built once and a notebook's
    nbval cells run on one worker, in order. Except the files in :data:`SPREAD` (each workshop
    notebook run on the Chinese dataset, 5-20 s apiece): as one unit they kept one worker busy
    for minutes at the end of the suite while the other sat idle, so each of their tests is a
    unit. The files in :data:`TOGETHER` join another file's unit, to share its worlds, and
    the tests matched by :data:`ODD_ANSWERS` join their exercise's file.
    (``--dist loadgroup`` would say this with marks, but pytest-xdist 3.8 renames node
    ids in a way pytest 9 ignores, so its groups are lost.) Other ``--dist`` modes unchanged.
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileOrTestScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            if path in SPREAD:
                return nodeid
            odd = ODD_ANSWERS.match(nodeid)
            return f"tests/test_ex{odd[1]}.py" if odd else TOGETHER.get(path, path)

    return FileOrTestScheduling(config, log)


@pytest.fixture(scope="session")
def world():
    """The ecommerce preset at its default size (about 8,000 complaints), en_US."""
    return ck.generate("ecommerce", seed=SEED)


_GENERATED: dict = {}


@pytest.fixture(scope="session")
def generated():
    """``generated(preset, **kwargs)`` is ``ck.generate(preset, **kwargs)``, made once per test
    process and shared by the tests that ask for the same world (do not change it). For the big
    worlds several files need (see :data:`TOGETHER`)."""

    def make(preset: str, **kwargs):
        key = (preset, *sorted(kwargs.items()))
        if key not in _GENERATED:
            _GENERATED[key] = ck.generate(preset, **kwargs)
        return _GENERATED[key]

    yield make
    _GENERATED.clear()


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
