"""Exercise 08 (bring your own data): every check on right and typical wrong answers, the
built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh.

The right answers here come from the world behind the export (complaintkit.byod) and from
statsmodels, not from the kit's reader: the checks must not depend on it.
"""

import numpy as np
import pandas as pd
import pytest
from exercise_helpers import (
    assert_built_versions_match,
    assert_solution_is_correct,
    assert_trainee_says_not_yet,
    exercise_fixture,
    says,
)
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_confint, proportion_effectsize

from complaintkit import byod
from complaintkit.exercises import ex08

NAME = "ex08-bring-your-own-data.ipynb"


ex = exercise_fixture("08", zh_twin=True)


@pytest.fixture(scope="module")
def clean():
    return byod.clean_frame("ecommerce_en")


@pytest.fixture(scope="module")
def raw():
    """The export as written: text cells with the export's column names, by file line."""
    info = byod.injected("ecommerce_en")
    df = pd.read_csv(byod.export_path("ecommerce_en"), encoding=info["encoding"], skiprows=2,
                     dtype=str, keep_default_na=False)
    df.index = pd.RangeIndex(4, 4 + len(df))
    return df


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "08", 6, leak="required_n")


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "08", 6)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "08", 6)


# --------------------------------------------------------------------------- task 1
def test_task1_the_frame_read(ex, clean, raw):
    fb = ex.check(1, clean)
    assert fb.ok and "3,564 complaints from 3,600 rows" in str(fb) and "day above 12" in str(fb)
    bad = list(ex08._impossible(ex))
    assert ex.check(1, (clean[~clean["complaint_id"].isin(bad)], None)).ok  # set aside: fine
    says(ex.check(1, raw), "mapping=MAPPING")
    text = raw.rename(columns=byod.COLUMNS["en_US"])
    says(ex.check(1, text.drop_duplicates()), "not dates", "ck.read_complaints")
    says(ex.check(1, text.iloc[:1]), "not dates")  # the first fault first
    says(ex.check(1, clean.assign(complaint_id="X" + clean["complaint_id"])), "not in the export")
    says(ex.check(1, pd.concat([clean, clean.iloc[:5]])), "5 complaint(s) appear more than once")
    says(ex.check(1, clean.iloc[10:]), "10 complaints are missing", "T0000001")


def test_task1_month_first_dates_are_named(ex, clean, raw):
    """The usual mistake: pandas' default order reads the old tickets' dd/mm as mm/dd."""
    text = raw.rename(columns=byod.COLUMNS["en_US"]).drop_duplicates()
    wrong = text.assign(received_at=pd.to_datetime(text["received_at"], format="mixed",
                                                   errors="coerce"))
    fb = ex.check(1, wrong)
    says(fb, "read month-first", "old helpdesk")
    swapped = (wrong["received_at"].dt.floor("min").to_numpy()
               != clean["received_at"].to_numpy()) & wrong["received_at"].notna().to_numpy()
    assert swapped.sum() > 100  # the check names a real and large error
    says(ex.check(1, "df"), "DataFrame")


# --------------------------------------------------------------------------- task 2
def test_task2_impossible_rows(ex, raw):
    info = byod.injected("ecommerce_en")
    lines = [f["line"] for f in info["impossible"]]
    ids = raw.loc[lines, "Ticket no."].tolist()
    assert raw.loc[lines[:3], "Created"].str.startswith("2099").all()
    assert (raw.loc[lines[3:], "Refund/compensation"].astype(float) < 0).all()
    fb = ex.check(2, ids)
    assert fb.ok and "created in 2099" in str(fb), str(fb)
    assert ex.check(2, pd.DataFrame({"complaint_id": ids[::-1]})).ok
    says(ex.check(2, ids[:3]), "3 more", "negative")
    says(ex.check(2, ids[3:]), "2099")
    dups = raw.loc[info["duplicates"]["lines"][:2], "Ticket no."].tolist()
    says(ex.check(2, ids + dups), "duplicates, not impossible")
    says(ex.check(2, ids + ["T0000001"]), "T0000001 is not impossible")
    says(ex.check(2, 3), "as a list")


# --------------------------------------------------------------------------- task 3
def test_task3_top_category(ex, clean):
    shares = clean["category"].astype(str).value_counts(normalize=True)
    assert shares.index[0] == "product_quality"
    fb = ex.check(3, ("product_quality", shares.iloc[0]))
    assert fb.ok and "next: delivery" in str(fb), str(fb)
    assert ex.check(3, ("Product quality", round(100 * shares.iloc[0], 1))).ok  # label, %
    assert ex.check(3, {"产品质量": shares.iloc[0]}).ok
    says(ex.check(3, ("delivery", shares.iloc[1])), "another category is larger")
    says(ex.check(3, ("product_quality", int((clean["category"] == "product_quality").sum()))),
         "count")
    says(ex.check(3, ("product_quality", shares.iloc[:2].sum())), "cumulative")
    says(ex.check(3, ("complaints", 0.4)), "not a category")


# --------------------------------------------------------------------------- task 4
def test_task4_satisfied_share(ex, clean):
    s = clean["satisfied"]
    yes, no = int((s == "yes").sum()), int((s == "no").sum())
    lo, hi = proportion_confint(yes, yes + no, alpha=0.05, method="wilson")
    fb = ex.check(4, (yes / (yes + no), lo, hi))
    assert fb.ok and "neither is a 'no'" in str(fb), str(fb)
    table = pd.DataFrame({"kpi": ["satisfied_share"], "value": [yes / (yes + no)],
                          "ci_lower": [lo], "ci_upper": [hi]})
    assert ex.check(4, table).ok
    says(ex.check(4, (yes / len(s), lo, hi)), "divided by all complaints")
    says(ex.check(4, (yes / int((s != "n/a").sum()), 0.2, 0.5)), "empty answers as 'no'")
    says(ex.check(4, (yes / (yes + no), 0.5, 0.99)), "The share is right")
    says(ex.check(4, (0.9, 0.95, 0.99)), "inside its interval")
    says(ex.check(4, 0.85), "three numbers")


# --------------------------------------------------------------------------- task 5
def test_task5_escalation_gap(ex, clean):
    public = clean["channel"].isin(["social_media", "marketplace_review"])
    esc = clean["escalated"] == "yes"
    a, b = esc[public].mean(), esc[~public].mean()
    assert a > b  # the effect the scenario put in
    p = ex08._escalation(ex)["p"]
    assert p < 0.05
    fb = ex.check(5, (a - b, p))
    assert fb.ok and "percentage points" in str(fb), str(fb)
    assert ex.check(5, (round(a - b, 3), 0.0)).ok
    says(ex.check(5, (b - a, p)), "sign is reversed")
    says(ex.check(5, (a / b, p)), "ratio")
    says(ex.check(5, (a, p)), "escalation rate of public channels")
    says(ex.check(5, (a - b, 0.2)), "The gap is right")
    says(ex.check(5, (a - b, 3.0)), "not a p-value")
    says(ex.check(5, a - b), "two numbers")


# --------------------------------------------------------------------------- task 6
def test_task6_pilot_size(ex):
    h = proportion_effectsize(0.75, 0.70)
    want = NormalIndPower().solve_power(h, alpha=0.05, power=0.8)
    assert 1200 < want < 1300  # independently: 2 (1.96 + 0.84)^2 / h^2
    assert want == pytest.approx(2 * (1.959964 + 0.841621) ** 2 / h ** 2, rel=1e-3)
    fb = ex.check(6, np.ceil(want))
    assert fb.ok and "in each group" in str(fb), str(fb)
    assert ex.check(6, want * 1.05).ok  # a simulation's answer, within its noise
    says(ex.check(6, 2 * want), "both groups together")
    says(ex.check(6, want * 0.787), "one-sided")
    says(ex.check(6, want * 1.34), "90% power")
    says(ex.check(6, 300), "Too few")
    says(ex.check(6, 5000), "More than needed")
    says(ex.check(6, [1250, 1250]), "single number")
    says(ex.check(6, True), "not True")
    says(ex.check(6, -1250), "positive number")
    says(ex.check(6, float("inf")), "finite")


def test_odd_answers_get_a_reason_never_a_traceback(ex):
    odd = [None, float("nan"), float("inf"), 10**400, "abc", "", [], {}, (), b"x", True,
           pd.DataFrame(), pd.Series(dtype=float), np.array([]), [np.nan] * 3, (np.inf, 0.1),
           ("x", np.nan), ("product_quality", 10**30), (0.8, 0.9, np.inf), (1, 2, 3),
           pd.DataFrame({"complaint_id": [1, 2]})]
    for task in range(1, 7):
        for answer in odd:
            fb = ex.check(task, answer)
            assert not fb.ok and fb.messages and fb.messages[0], (task, answer, str(fb))


# --------------------------------------------------------------------------- tried answers
def _clean(ex):
    return byod.clean_frame(ex.dataset)


def _raw_text(ex):
    """The export with the kit's column names, every cell text (dates not parsed)."""
    return ex08._raw(ex)


def _bad(ex):
    return sorted(ex08._impossible(ex))


def _shares(ex):
    return _clean(ex)["category"].astype(str).value_counts(normalize=True)


def _sat(ex):
    t = ex08._satisfied_truth(ex)
    return t["share"], t["lo"], t["hi"], t


def _gap(ex):
    t = ex08._escalation(ex)
    return t["public"] - t["other"], t["p"], t


def _n(ex):
    h = proportion_effectsize(0.75, 0.70)
    return NormalIndPower().solve_power(h, alpha=0.05, power=0.8)


#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, the clean frame", _clean, "correct", ["complaints from"]),
    (1, "right, (df, report)", lambda ex: (_clean(ex), None), "correct", []),
    (1, "export names", lambda ex: _raw_text(ex).rename(
        columns={v: k for k, v in ex08._info(ex)["columns"].items()}), "not yet",
     ["mapping=MAPPING"]),
    (1, "dates as text", lambda ex: _raw_text(ex).drop_duplicates(), "not yet", ["not dates"]),
    (1, "duplicates kept", lambda ex: pd.concat([_clean(ex), _clean(ex).iloc[:3]]), "not yet",
     ["appear more than once"]),
    (1, "rows lost", lambda ex: _clean(ex).iloc[5:], "not yet", ["missing"]),
    (1, "a text", lambda ex: "df", "not yet", ["DataFrame"]),
    (1, "no id column", lambda ex: _clean(ex).rename(columns={"complaint_id": "id",
                                                              "received_at": "t"}),
     "not yet", ["complaint_id"]),
    (2, "right, a list", _bad, "correct", ["2099"]),
    (2, "right, a table", lambda ex: pd.DataFrame({"complaint_id": _bad(ex)[::-1]}), "correct",
     []),
    (2, "right, a set in lower case", lambda ex: {i.lower() for i in _bad(ex)}, "correct", []),
    (2, "right, one string", lambda ex: ", ".join(_bad(ex)), "correct", []),
    (2, "the 2099 ones only", lambda ex: [k for k, v in ex08._impossible(ex).items()
                                          if v == "2099"], "not yet", ["negative"]),
    (2, "an extra valid one", lambda ex: _bad(ex) + [_clean(ex)["complaint_id"].iloc[0]],
     "not yet", ["is not impossible"]),
    (2, "a table without ids", lambda ex: pd.DataFrame({"id": _bad(ex)}), "not yet",
     ["complaint_id"]),
    (2, "a number", lambda ex: 5, "not yet", ["as a list"]),
    (3, "right, a tuple", lambda ex: (_shares(ex).index[0], _shares(ex).iloc[0]), "correct",
     ["next:"]),
    (3, "right, a percentage", lambda ex: (_shares(ex).index[0],
                                           round(100 * _shares(ex).iloc[0], 1)), "correct",
     ["percentage"]),
    (3, "right, a dict", lambda ex: {_shares(ex).index[0]: _shares(ex).iloc[0]}, "correct",
     []),
    (3, "right, a one-item Series", lambda ex: _shares(ex).head(1), "correct", []),
    (3, "right, the Pareto table's top row", lambda ex: pd.DataFrame(
        {"level": [_shares(ex).index[0]], "n": [1], "share": [_shares(ex).iloc[0]]}).iloc[0],
     "correct", []),
    (3, "right, a one-row table", lambda ex: pd.DataFrame(
        {"level": [_shares(ex).index[0]], "share": [_shares(ex).iloc[0]]}), "correct", []),
    (3, "right, rounded as printed", lambda ex: (_shares(ex).index[0],
                                                 round(_shares(ex).iloc[0], 3)), "correct", []),
    (3, "the count", lambda ex: (_shares(ex).index[0], int((_clean(ex)["category"] == _shares(
        ex).index[0]).sum())), "not yet", ["count"]),
    (3, "cumulative", lambda ex: (_shares(ex).index[0], _shares(ex).iloc[:2].sum()), "not yet",
     ["cumulative"]),
    (3, "the second category", lambda ex: (_shares(ex).index[1], _shares(ex).iloc[1]),
     "not yet", ["another category is larger"]),
    (3, "a misspelt category", lambda ex: ("prodcut_quality", 0.2), "not yet",
     ["'prodcut_quality' is not a category"]),
    (3, "a share only", lambda ex: 0.2, "not yet", ["give two things"]),
    (4, "right, a tuple", lambda ex: _sat(ex)[:3], "correct", ["neither is a 'no'"]),
    (4, "right, percentages", lambda ex: tuple(round(100 * v, 1) for v in _sat(ex)[:3]),
     "correct", ["percentages"]),
    (4, "right, a kpis row", lambda ex: pd.DataFrame(
        {"kpi": ["satisfied_share"], "value": [_sat(ex)[0]], "ci_lower": [_sat(ex)[1]],
         "ci_upper": [_sat(ex)[2]]}), "correct", []),
    (4, "right, a dict", lambda ex: dict(zip(["share", "lo", "hi"], _sat(ex)[:3],
                                             strict=True)), "correct", []),
    (4, "over all complaints", lambda ex: (_sat(ex)[3]["yes"] / _sat(ex)[3]["all"], 0.1, 0.9),
     "not yet", ["divided by all complaints"]),
    (4, "N/A counted as no", lambda ex: (_sat(ex)[3]["yes"] / (_sat(ex)[3]["yes"] + _sat(ex)[
        3]["no"] + _sat(ex)[3]["na"]), 0.1, 0.9), "not yet", ["N/A as 'no'"]),
    (4, "the share of no", lambda ex: (1 - _sat(ex)[0], 0.1, 0.9), "not yet",
     ["said 'no'"]),
    (4, "the interval wrong", lambda ex: (_sat(ex)[0], 0.5, 0.99), "not yet",
     ["The share is right"]),
    (4, "one number", lambda ex: 0.85, "not yet", ["three numbers"]),
    (4, "a misspelt column", lambda ex: pd.DataFrame(
        {"value": [_sat(ex)[0]], "ci_low": [_sat(ex)[1]], "ci_upper": [_sat(ex)[2]]}),
     "not yet", ["ci_lower"]),
    (5, "right, a tuple", lambda ex: _gap(ex)[:2], "correct", ["percentage points"]),
    (5, "right, percentage points", lambda ex: (round(100 * _gap(ex)[0], 1), _gap(ex)[1]),
     "correct", ["Read as percentage points"]),
    (5, "right, a compare table", lambda ex: pd.DataFrame(
        {"effect": ["risk_difference"], "estimate": [_gap(ex)[0]],
         "p_value": [_gap(ex)[1]]}), "correct", []),
    (5, "right, a Series", lambda ex: pd.Series({"gap": _gap(ex)[0], "p": _gap(ex)[1]}),
     "correct", []),
    (5, "reversed", lambda ex: (-_gap(ex)[0], _gap(ex)[1]), "not yet", ["sign is reversed"]),
    (5, "a ratio", lambda ex: (_gap(ex)[2]["public"] / _gap(ex)[2]["other"], _gap(ex)[1]),
     "not yet", ["ratio"]),
    (5, "the public rate", lambda ex: (_gap(ex)[2]["public"], _gap(ex)[1]), "not yet",
     ["escalation rate of public channels"]),
    (5, "a wrong p", lambda ex: (_gap(ex)[0], 0.3), "not yet", ["The gap is right"]),
    (5, "not a p-value", lambda ex: (_gap(ex)[0], 5.0), "not yet", ["not a p-value"]),
    (5, "one number", lambda ex: _gap(ex)[0], "not yet", ["two numbers"]),
    (6, "right, rounded up", lambda ex: np.ceil(_n(ex)), "correct", ["in each group"]),
    (6, "right, a simulation's", lambda ex: _n(ex) * 1.05, "correct", []),
    (6, "right, a dict", lambda ex: {"n": int(np.ceil(_n(ex)))}, "correct", []),
    (6, "both groups", lambda ex: 2 * _n(ex), "not yet", ["both groups together"]),
    (6, "one-sided", lambda ex: ex08._pilot_n(alternative="larger"), "not yet", ["one-sided"]),
    (6, "90% power", lambda ex: ex08._pilot_n(power=0.9), "not yet", ["90% power"]),
    (6, "alpha 0.01", lambda ex: ex08._pilot_n(alpha=0.01), "not yet", ["alpha 0.01"]),
    (6, "the power itself", lambda ex: 0.8, "not yet", ["not a number of complaints"]),
    (6, "too few", lambda ex: 300, "not yet", ["Too few"]),
    (6, "too many", lambda ex: 5000, "not yet", ["More than needed"]),
    (6, "True", lambda ex: True, "not yet", ["not True"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
