"""Shared checks of an exercise's built notebooks, used by every ``tests/test_exNN.py``."""

from __future__ import annotations

import json
from pathlib import Path

from nbrun import outputs, run_notebook

import complaintkit as ck
from complaintkit.exercises import STRICT_ENV, build_exercises

EX = Path(__file__).resolve().parent.parent / "exercises"


def says(fb, *words) -> None:
    """The feedback is "not yet" and mentions every one of ``words``."""
    text = str(fb)
    assert not fb.ok, text
    for w in words:
        assert w in text, text


def assert_built_versions_match(tmp_path: Path, name: str, exercise: str, n_tasks: int,
                                leak: str) -> None:
    """The committed trainee and solution versions equal a fresh build of the master, the
    trainee version shows no solution (``leak`` is a piece of solution code), and the
    exercise registers tasks 1..n_tasks."""
    (tmp_path / "masters").mkdir()
    (tmp_path / "masters" / name).write_bytes((EX / "masters" / name).read_bytes())
    build_exercises(tmp_path / "masters", tmp_path)
    for built, version in [(Path(name), "trainee"), (Path("solutions") / name, "solution")]:
        text = (EX / built).read_text(encoding="utf-8")
        assert text == (tmp_path / built).read_text(encoding="utf-8"), f"{built} is stale"
        nb = json.loads(text)
        assert nb["metadata"]["complaintkit"]["version"] == version
        assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    trainee = (EX / name).read_text(encoding="utf-8")
    assert leak not in trainee and "For trainers" not in trainee
    assert set(ck.exercises.tasks(exercise)) == {f"{exercise}.{i}" for i in range(1, n_tasks + 1)}


def _results(nb, exercise: str) -> list[str]:
    return [text for kind, text in outputs(nb) if f"Task {exercise}." in text]


def assert_trainee_says_not_yet(name: str, exercise: str, n_tasks: int) -> None:
    """The trainee version runs cleanly and every check answers "not yet"."""
    nb = run_notebook(EX / name, "ecommerce_en", env={STRICT_ENV: "0"})
    results = _results(nb, exercise)
    assert len(results) == n_tasks and all(": not yet" in r for r in results), results
    assert not [t for kind, t in outputs(nb) if kind in ("stderr", "error")]


def assert_solution_is_correct(name: str, exercise: str, n_tasks: int,
                               dataset: str = "ecommerce_zh") -> None:
    """The solution version runs on ``dataset`` with every check "correct" (strict mode)."""
    nb = run_notebook(EX / "solutions" / name, dataset, env={STRICT_ENV: "1"})
    results = _results(nb, exercise)
    assert len(results) == n_tasks and all(": correct" in r for r in results), results
