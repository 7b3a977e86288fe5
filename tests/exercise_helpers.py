"""What every ``tests/test_exNN.py`` shares: the started exercise, the feedback assertion, and
the checks of the exercise's built, trainee and solution notebooks.

A test module starts with::

    NAME = "ex04-training-effect.ipynb"
    ex = exercise_fixture("04")  # the module's ``ex`` fixture, wrong answers give feedback

    def test_built_versions_match_the_master(tmp_path):
        assert_built_versions_match(tmp_path, NAME, "04", 6, leak="trained_change")
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from nbrun import outputs, run_notebook

import complaintkit as ck
from complaintkit.exercises import STRICT_ENV, build_exercises

EX = Path(__file__).resolve().parent.parent / "exercises"


_STARTED: dict[tuple[str, str], ck.exercises.Exercise] = {}


def started(exercise: str, dataset: str = "ecommerce_en") -> ck.exercises.Exercise:
    """``ck.exercises.start(exercise, dataset=dataset)``, once per test process: the modules
    that check an exercise's answers (its ``test_exNN.py`` and ``test_awkward_frames.py``, run
    on one worker: conftest.TOGETHER) share its dataset and what its checks computed (right
    answers, fitted models: ``Exercise.cached``), which depend on the dataset only. The checks
    read the strict or lenient mode when they run, so each module still sets its own."""
    key = (exercise, dataset)
    if key not in _STARTED:
        _STARTED[key] = ck.exercises.start(exercise, dataset=dataset)
    return _STARTED[key]


def exercise_fixture(exercise: str, dataset: str = "ecommerce_en", *, zh_twin: bool = False):
    """A module-scoped ``ex`` fixture: ``exercise`` started on ``dataset``, in lenient mode.

    Lenient: while the module's tests use ``ex``, a wrong answer returns its feedback instead of
    raising, whatever ``COMPLAINTKIT_EXERCISE_STRICT`` says outside. Assign it to ``ex``.

    ``zh_twin=True``: every ``ex.check(task, answer)`` of the module is also checked by a twin
    of the exercise whose feedback speaks Chinese (same dataset, same cache, ``locale`` set
    to ``zh_CN``): its feedback must have the same status and hold no English word or code
    (``test_i18n.english_words``). So each tried answer of the module's table is also a test of
    the Chinese feedback (issue 13 item 4).
    """

    @pytest.fixture(scope="module")
    def ex():
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(STRICT_ENV, "0")
            shared = started(exercise, dataset)
            yield ZhTwin(shared) if zh_twin else shared

    return ex


class ZhTwin:
    """An exercise whose every check is repeated in Chinese (see :func:`exercise_fixture`)."""

    def __init__(self, ex):
        self._ex = ex
        self._zh = copy.copy(ex)            # shares the dataset and the checks' cache
        self._zh.__dict__["locale"] = "zh_CN"

    def __getattr__(self, name):
        return getattr(self._ex, name)

    def check(self, task_no, answer):
        from test_i18n import english_words

        fb = self._ex.check(task_no, answer)
        zh = self._zh.check(task_no, answer)
        text = str(zh)
        assert zh.status == fb.status, f"zh feedback has another status:\n{text}\n{fb}"
        left = english_words(text)
        assert not left, f"English in the Chinese feedback: {left}\n{text}"
        return fb


def says(fb, *words) -> None:
    """The feedback is "not yet" and mentions every one of ``words``."""
    text = str(fb)
    assert not fb.ok, text
    for w in words:
        assert w in text, text


def _master(name: str) -> Path:
    """The master of the built notebook ``name`` (same stem, in ``exercises/masters``)."""
    found = sorted((EX / "masters").glob(Path(name).stem + ".*"))
    assert len(found) == 1, f"expected one master for {name}, found {found}"
    return found[0]


def assert_built_versions_match(tmp_path: Path, name: str, exercise: str, n_tasks: int,
                                leak: str | tuple[str, ...]) -> None:
    """The committed trainee and solution versions equal a fresh build of the master, carry
    their version in the metadata, no solution markers and no outputs; the trainee version
    shows no solution (``leak``: pieces of solution code) and no trainer notes; and the
    exercise registers tasks 1..n_tasks."""
    master = _master(name)
    (tmp_path / "masters").mkdir()
    (tmp_path / "masters" / master.name).write_bytes(master.read_bytes())
    build_exercises(tmp_path / "masters", tmp_path)
    for built, version in [(Path(name), "trainee"), (Path("solutions") / name, "solution")]:
        text = (EX / built).read_text(encoding="utf-8")
        assert text == (tmp_path / built).read_text(encoding="utf-8"), f"{built} is stale"
        nb = json.loads(text)
        assert nb["metadata"]["complaintkit"]["version"] == version
        assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    trainee = (EX / name).read_text(encoding="utf-8")
    for piece in (leak,) if isinstance(leak, str) else leak:
        assert piece not in trainee, f"the trainee version shows solution code: {piece!r}"
    assert "For trainers" not in trainee
    assert list(ck.exercises.tasks(exercise)) == [f"{exercise}.{i}"
                                                  for i in range(1, n_tasks + 1)]


def _results(nb, exercise: str) -> list[str]:
    # the feedback speaks the dataset's language: "Task 01.2: correct", "任务 01.2：正确"
    return [text for kind, text in outputs(nb)
            if f"Task {exercise}." in text or f"任务 {exercise}." in text]


def _assert_clean(nb) -> None:
    """No output on stderr and no error."""
    noise = [t for kind, t in outputs(nb) if kind in ("stderr", "error")]
    assert not noise, noise


def assert_trainee_says_not_yet(name: str, exercise: str, n_tasks: int, *,
                                each_says: tuple[str, ...] = ()) -> None:
    """The trainee version runs cleanly and every one of its n_tasks checks answers "not yet"
    (and mentions each of ``each_says``)."""
    nb = run_notebook(EX / name, "ecommerce_en", env={STRICT_ENV: "0"})
    results = _results(nb, exercise)
    assert len(results) == len(ck.exercises.tasks(exercise)) == n_tasks, results
    assert all(": not yet" in r for r in results), results
    assert all(w in r for r in results for w in each_says), results
    _assert_clean(nb)


def assert_solution_is_correct(name: str, exercise: str, n_tasks: int,
                               dataset: str = "ecommerce_zh") -> None:
    """The solution version runs cleanly on ``dataset`` with every check "correct" (strict
    mode: a wrong answer would stop the notebook)."""
    nb = run_notebook(EX / "solutions" / name, dataset, env={STRICT_ENV: "1"})
    results = _results(nb, exercise)
    assert len(results) == n_tasks and all(": correct" in r or "：正确" in r
                                           for r in results), results
    _assert_clean(nb)
