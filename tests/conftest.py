"""Shared fixtures: one generated world per session (worlds take seconds, tests milliseconds)."""

import re
from collections import OrderedDict

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
        ordered = False

        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            if path in SPREAD:
                return nodeid
            odd = ODD_ANSWERS.match(nodeid)
            return f"tests/test_ex{odd[1]}.py" if odd else TOGETHER.get(path, path)

        def _assign_work_unit(self, node):
            if not self.ordered:  # the queue is complete before the first unit is handed out
                self.workqueue = OrderedDict(sorted(self.workqueue.items(),
                                                    key=lambda unit: _rank(unit[0])))
                self.ordered = True
            super()._assign_work_unit(node)

    return FileOrTestScheduling(config, log)


#: a test file that runs notebooks in fresh kernels (an exercise's trainee and solution runs)
KERNELS = re.compile(r"tests/test_ex\d\d\.py$")


def _rank(unit: str) -> int:
    """The order work units are handed out in: long units first, short ones last, so the
    workers end together. xdist queues the files by number of tests, which put the Chinese
    notebook runs (one test, 5-20 s each) last: one worker still ran one after the other had
    finished (15 s apart in a loaded run). Here: 0, a unit that starts a notebook kernel (a
    notebook's nbval cells, a :data:`SPREAD` run, an exercise's test file: 5-30 s each);
    1, other test files; 2, the package's doctests (many modules of a second or less: they
    fill the end evenly). Within a rank, xdist's order (sorted is stable)."""
    path = unit.split("::", 1)[0]
    if path.endswith(".ipynb") or path in SPREAD or KERNELS.match(path):
        return 0
    return 1 if path.startswith("tests/") else 2


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
