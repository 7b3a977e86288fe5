"""Exercises: the master → trainee/solution build, and every check on right and wrong answers."""

import json
from pathlib import Path

import pandas as pd
import pytest
from nbrun import outputs, run_notebook

import complaintkit as ck
from complaintkit.exercises import STRICT_ENV, build_exercises
from complaintkit.exercises.build import solution_source, trainee_source

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "exercises"


@pytest.fixture(autouse=True)
def _lenient(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")  # wrong answers return feedback instead of raising


@pytest.fixture(scope="module")
def ex():
    return ck.exercises.start("01", dataset="ecommerce_en")


@pytest.fixture(scope="module")
def january(ex):
    return ck.in_period(ex.world.complaints, "2025-01")


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


def test_built_notebooks_are_up_to_date_and_clean():
    assert build_exercises(EX / "masters", EX, check=True) == []
    for path, version in [(EX / "01-delivery-delay-drilldown.ipynb", "trainee"),
                          (EX / "solutions" / "01-delivery-delay-drilldown.ipynb", "solution")]:
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
        assert nb["metadata"]["complaintkit"]["version"] == version
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    trainee = (EX / "01-delivery-delay-drilldown.ipynb").read_text(encoding="utf-8")
    assert "value_counts(normalize=True)" not in trainee  # no solution leaks
    assert "For trainers" not in trainee


def test_build_writes_both_versions(tmp_path):
    files = build_exercises(EX / "masters", tmp_path)
    masters = [p.name for p in (EX / "masters").glob("*.ipynb")]
    assert {f.relative_to(tmp_path).as_posix() for f in files} == {
        *masters, *(f"solutions/{m}" for m in masters)}
    with pytest.raises(FileNotFoundError, match="no master notebooks"):
        build_exercises(tmp_path / "none", tmp_path)


def _run(path: Path, dataset: str, strict: str):
    return run_notebook(path, dataset, env={STRICT_ENV: strict})


def _outputs(nb) -> list[str]:
    return [text if kind == "result" else f"{kind}: {text}" for kind, text in outputs(nb)]


def test_trainee_version_runs_and_every_check_says_not_yet():
    nb = _run(EX / "01-delivery-delay-drilldown.ipynb", "ecommerce_en", "0")
    results = [o for o in _outputs(nb) if "Task 01." in o]
    assert len(results) == len(ck.exercises.tasks("01")) == 6
    assert all(": not yet" in r for r in results), results
    assert not [o for o in _outputs(nb) if o.startswith("stderr")]


def test_solution_runs_on_the_chinese_dataset():
    nb = _run(EX / "solutions" / "01-delivery-delay-drilldown.ipynb", "ecommerce_zh", "1")
    results = [o for o in _outputs(nb) if "Task 01." in o]
    assert len(results) == 6 and all(": correct" in r for r in results), results


# --------------------------------------------------------------------------- checks
def _says(fb, *words):
    text = str(fb)
    assert not fb.ok, text
    for w in words:
        assert w in text, text


def test_task1_shares(ex, january):
    right = january["category"].value_counts(normalize=True)
    assert ex.check(1, right).ok
    # equivalent forms: order, rounding, a table, a dict, percentages, Chinese labels
    assert ex.check(1, right.sort_index().round(3)).ok
    assert ex.check(1, right.rename_axis("category").reset_index(name="share")).ok
    assert ex.check(1, right.to_dict()).ok
    assert ex.check(1, right * 100).ok
    zh = ck.labels("zh_CN", "category")
    assert ex.check(1, right.rename(lambda k: zh[k])).ok
    # typical wrong answers
    _says(ex.check(1, january["category"].value_counts()), "counts", "divide")
    _says(ex.check(1, ex.world.complaints["category"].value_counts(normalize=True)),
          "whole year", "January")
    _says(ex.check(1, right * 1.37), "sum to 1.37")
    _says(ex.check(1, "product_quality"), "expected a pandas Series")
    _says(ex.check(1, ...), "Replace the `...`")


def test_task2_cumulative(ex, january):
    shares = january["category"].value_counts(normalize=True)
    assert ex.check(2, shares.sort_values(ascending=False).cumsum()).ok
    _says(ex.check(2, shares.sort_index().cumsum()), "Sort the categories by share")
    _says(ex.check(2, january["category"].value_counts().cumsum()), "divide the running count")
    _says(ex.check(2, shares.sort_values(ascending=False)), "end at 1")


def test_task3_vital_few(ex, january):
    cum = january["category"].value_counts(normalize=True).sort_values(ascending=False).cumsum()
    right = list(cum[cum.shift(fill_value=0) < 0.8].index)
    assert ex.check(3, right).ok
    assert ex.check(3, list(reversed(right))).ok
    assert ex.check(3, [ck.labels("zh_CN", "category")[k] for k in right]).ok
    _says(ex.check(3, list(cum[cum <= 0.8].index)), "stopped before reaching 80%")
    _says(ex.check(3, list(cum.index)), "more than you need")
    _says(ex.check(3, ["weather"]), "'weather' is not a category")


def test_task4_root_causes(ex, january):
    delays = january[january["sub_category"] == "delivery_delay"]
    right = delays["root_cause"].value_counts(normalize=True)  # includes unused categories
    assert ex.check(4, right).ok
    _says(ex.check(4, delays["root_cause"].value_counts() / len(january)),
          "all of January's complaints")
    per_category = (delays["root_cause"].value_counts()
                    / (january["category"] == "delivery").sum())
    _says(ex.check(4, per_category), "whole delivery category")


def test_task5_joyo_share(ex):
    assert ex.check(5, 530 / 1094).ok
    assert ex.check(5, 48.4).ok  # a percentage
    _says(ex.check(5, 0.45), "what the article says")
    _says(ex.check(5, 530), "530 is the count")
    _says(ex.check(5, 270 / 1094), "one of the two rows")
    _says(ex.check(5, "half"), "single number")


def test_task6_plan(ex, january):
    plan = ck.improvement_plan(january, where={"sub_category": "delivery_delay"})
    _says(ex.check(6, plan), "no action yet", "owner in customer service")
    t = plan.table
    t["action"] = "call the customer"
    t["owner_customer_service"] = "Li"
    assert ex.check(6, plan).ok
    t.loc[0, "target_reduction"] = 0.5  # target changed but target_n not updated
    _says(ex.check(6, plan), "target_n should be")
    whole = ck.improvement_plan(january)
    whole.table["action"], whole.table["owner_customer_service"] = "x", "y"
    _says(ex.check(6, whole), "Did you filter to delivery timeouts")
    _says(ex.check(6, pd.DataFrame({"root_cause": ["x"]})), "missing column")


def test_unknown_tasks_and_exercises_are_named():
    with pytest.raises(KeyError, match="no task '01.9'"):
        ck.exercises.check("01.9", 1)
    with pytest.raises(KeyError, match="exercise must be one of '01'"):
        ck.exercises.start("99")


def test_strict_mode_raises_on_a_wrong_answer(monkeypatch, ex):
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(AssertionError, match="not yet"):
        ex.check(5, 0.45)
