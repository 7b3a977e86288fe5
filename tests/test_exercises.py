"""Exercises: the master → trainee/solution build, and the machinery shared by every exercise.

Each exercise's own checks are tested in ``test_exNN.py``; that every built notebook equals a
fresh build of its master is tested in ``test_sources.py``.
"""

from pathlib import Path

import pytest

import complaintkit as ck
from complaintkit.cli import main
from complaintkit.exercises import STRICT_ENV, build_exercises
from complaintkit.exercises.build import read_master, solution_source, trainee_source

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "exercises"
MASTERS = sorted(p for p in (EX / "masters").glob("*.py") if p.name != "conftest.py")


@pytest.fixture(autouse=True)
def _lenient(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")  # wrong answers return feedback instead of raising


@pytest.fixture(scope="module")
def ex():
    return ck.exercises.start("01", dataset="ecommerce_en")


# --------------------------------------------------------------------------- build
def test_markers_become_stubs_for_trainees():
    src = "x = compute()  # SOLUTION\nex.check(1, x)"
    assert trainee_source(src) == "x = ...\nex.check(1, x)"
    assert solution_source(src) == "x = compute()\nex.check(1, x)"
    block = "plan = make()\n# BEGIN SOLUTION\nplan.a = 1\nplan.b = 2\n# END SOLUTION\ncheck(plan)"
    assert trainee_source(block) == "plan = make()\n...\ncheck(plan)"
    assert solution_source(block) == "plan = make()\nplan.a = 1\nplan.b = 2\ncheck(plan)"
    md = "Intro\n<!-- BEGIN SOLUTION -->\nThe answer is 42.\n<!-- END SOLUTION -->\nMore"
    assert trainee_source(md, "markdown") == "Intro\nMore"
    assert "The answer is 42." in solution_source(md, "markdown")
    assert "SOLUTION" not in solution_source(md, "markdown")
    with pytest.raises(ValueError, match="without"):
        trainee_source("# BEGIN SOLUTION\nx = 1")


def test_a_master_is_read_as_a_notebook_with_stable_cell_ids():
    nb = read_master(EX / "masters" / "ex05-forecasting.py")
    assert [c["id"] for c in nb["cells"][:3]] == ["ex05-00", "ex05-01", "ex05-02"]
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert nb["metadata"] == {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                             "language": "python", "name": "python3"},
                              "language_info": {"name": "python"}}
    assert read_master(EX / "masters" / "ex05-forecasting.py") == nb


def test_built_notebooks_are_up_to_date_and_clean(capsys):
    assert build_exercises(EX / "masters", EX, check=True) == []
    assert main(["exercises", "build", "--check", "--masters", str(EX / "masters"),
                 "--out", str(EX)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_build_writes_both_versions(tmp_path):
    files = build_exercises(EX / "masters", tmp_path)
    names = [m.with_suffix(".ipynb").name for m in MASTERS]
    assert {f.relative_to(tmp_path).as_posix() for f in files} == {
        *names, *(f"solutions/{n}" for n in names)}
    for f in files:
        assert f.read_text(encoding="utf-8") == (EX / f.relative_to(tmp_path)).read_text(
            encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="no master notebooks"):
        build_exercises(tmp_path / "none", tmp_path)


def test_a_stale_build_is_reported(tmp_path, capsys):
    (tmp_path / "masters").mkdir()
    master = tmp_path / "masters" / "ex05-forecasting.py"
    master.write_text((EX / "masters" / master.name).read_text(encoding="utf-8"),
                      encoding="utf-8")
    build_exercises(tmp_path / "masters", tmp_path)
    with master.open("a", encoding="utf-8") as f:
        f.write("\n# %% [markdown]\n# A new closing remark.\n")
    stale = build_exercises(tmp_path / "masters", tmp_path, check=True)
    assert [p.relative_to(tmp_path).as_posix() for p in stale] == [
        "ex05-forecasting.ipynb", "solutions/ex05-forecasting.ipynb"]
    assert main(["exercises", "build", "--check", "--masters", str(tmp_path / "masters"),
                 "--out", str(tmp_path)]) == 2
    assert "out of date" in capsys.readouterr().err


# --------------------------------------------------------------------------- checks
def test_unknown_tasks_and_exercises_are_named():
    with pytest.raises(KeyError, match="no task '01.9'"):
        ck.exercises.check("01.9", 1)
    with pytest.raises(KeyError, match="exercise must be one of '01'"):
        ck.exercises.start("99")


def test_strict_mode_raises_on_a_wrong_answer(monkeypatch, ex):
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(AssertionError, match="not yet"):
        ex.check(5, 0.45)


def test_a_non_number_in_an_answer_is_named_not_the_first_value():
    import pandas as pd

    from complaintkit.exercises.answers import AnswerError, to_floats

    with pytest.raises(AnswerError, match="found 'x'"):
        to_floats(pd.Series({"high": 1, "medium": 2.5, "low": "x"}), "shares")
    with pytest.raises(AnswerError, match=r"found \[1\]"):
        to_floats(pd.Series({"high": [1], "low": 2}), "shares")


def test_feedback_shows_code_as_code_in_html():
    fb = ck.exercises.start("01", dataset="ecommerce_en").check(1, ...)
    assert "`...`" in str(fb)                       # the text view keeps the backticks
    html = fb._repr_html_()
    assert "<code>...</code>" in html and "`" not in html
    zh = ck.exercises.start("01", dataset="ecommerce_zh").check(1, ...)
    assert "<code>...</code>" in zh._repr_html_()


def test_an_answer_error_speaks_the_exercise_language():
    from complaintkit.exercises.answers import AnswerError, as_date, as_number

    with pytest.raises(AnswerError) as info:
        as_number("most")
    assert str(info.value) == "the share must be a single number, not str"
    assert info.value.render("zh_CN") == "占比必须是单个数，而不是 'str'"
    zh = ck.exercises.start("01", dataset="ecommerce_zh").check(5, "most")
    assert "占比必须是单个数" in str(zh)
    day = as_date("2025-09-12")
    assert as_date("2025年9月12日") == as_date("2025年9月12日 14:30") == day
    assert as_date("09/12/2025") == as_date("9月12日", year=2025) == day
