"""Analyses on awkward frames (issue 9, item 6): a clear error naming the problem, or the right
answer checked by hand; never a raw pandas/numpy traceback, never a silently wrong result.

Covers pareto, drilldown, improvement_plan, complaint_frame, kpis, forecast and the readers of
the exercise checks (every task of every exercise, fed odd answers, answers "not yet").
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from exercise_helpers import started

import complaintkit as ck
from complaintkit.exercises import STRICT_ENV


@pytest.fixture(scope="module")
def world():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # an old manifest is not this test's topic
        return ck.load_dataset("ecommerce_en")


def _small() -> pd.DataFrame:
    """Ten complaints: x 5, y 3, z 2; the second column splits x into p 4 / q 1."""
    return pd.DataFrame({
        "a": list("xxxxxyyyzz"),
        "b": list("ppppqrrrss"),
        "received_at": pd.date_range("2025-01-01", periods=10, freq="D"),
    })


# --------------------------------------------------------------------------- drilldown
@pytest.mark.parametrize("name", ["depth", "n", "share_of_parent", "share_of_total"])
def test_drilldown_refuses_a_level_named_like_an_output_column(name):
    d = _small().rename(columns={"b": name})
    with pytest.raises(ValueError, match=f"level '{name}' has the name of an output column"):
        ck.drilldown(d, ["a", name])


def test_drilldown_refuses_a_repeated_level_and_a_weight_that_is_a_level():
    with pytest.raises(ValueError, match="levels names a column twice: 'a'"):
        ck.drilldown(_small(), ["a", "b", "a"])
    d = _small().assign(count=1)
    with pytest.raises(ValueError, match="weight column 'count' is also a level"):
        ck.drilldown(d, ["a", "count"], weight="count")
    with pytest.raises(TypeError, match="levels must be a column name or a list of them"):
        ck.drilldown(d, 5)


def test_drilldown_level_with_an_odd_name_gives_the_hand_counted_tree():
    d = _small().rename(columns={"b": "_name"})  # the name of the old sorting helper column
    t = ck.drilldown(d, ["a", "_name"]).table
    assert t["a"].tolist()[:3] == ["x", "x", "x"]
    x_kids = t[(t["depth"] == 2) & (t["a"] == "x")]
    assert x_kids["_name"].tolist() == ["p", "q"]  # 4 then 1: largest first
    assert x_kids["n"].tolist() == [4, 1]
    np.testing.assert_allclose(x_kids["share_of_parent"], [0.8, 0.2], rtol=0, atol=1e-12)
    np.testing.assert_allclose(x_kids["share_of_total"], [0.4, 0.1], rtol=0, atol=1e-12)


# --------------------------------------------------------------------------- pareto
@pytest.mark.parametrize("name", ["level", "label", "n", "share", "cum_share", "vital_few"])
def test_pareto_refuses_a_by_column_named_like_an_output_column(name):
    d = _small().rename(columns={"b": name})
    with pytest.raises(ValueError, match=f"by column '{name}' has the name of an output column"):
        ck.pareto(d, "a", by=name)


def test_pareto_refuses_by_equal_to_the_ranked_column():
    with pytest.raises(ValueError, match=r"by names the column being ranked \('a'\)"):
        ck.pareto(_small(), "a", by="a")
    with pytest.raises(ValueError, match="being ranked"):
        ck.pareto(_small(), "a", by=["b", "a"])


@pytest.mark.parametrize("name", ["n", "share", "level", "cum_share"])
def test_pareto_of_a_column_named_like_an_output_column_is_right(name):
    res = ck.pareto(_small().rename(columns={"a": name}), name)
    t = res.table
    assert t["level"].tolist() == ["x", "y", "z"]
    assert t["n"].tolist() == [5, 3, 2]
    np.testing.assert_allclose(t["share"], [0.5, 0.3, 0.2], rtol=0, atol=1e-12)
    assert res.vital_few == ["x", "y"]  # 0.5 < 0.8, 0.8 reached with y


def test_pareto_and_drilldown_of_true_false_levels():
    d = pd.DataFrame({"flag": [True, False, True, True], "b": list("pqrs")})
    t = ck.pareto(d, "flag").table
    assert t["level"].tolist() == [True, False] and t["n"].tolist() == [3, 1]
    t = ck.drilldown(d, ["flag", "b"]).table
    assert t.loc[t["depth"] == 1, "n"].tolist() == [3, 1]


def test_pareto_huge_weights_are_not_cast_into_an_overflow():
    d = pd.DataFrame({"a": ["x", "y", "z"], "w": [1e20, 1.0, 1.0]})
    t = ck.pareto(d, "a", weight="w").table
    assert t["n"].tolist() == [1e20, 1.0, 1.0]  # was -9223372036854775808
    assert t["n"].dtype == float and (t["n"] > 0).all()
    whole = ck.pareto(pd.DataFrame({"a": ["x", "y"], "w": [3.0, 1.0]}), "a", weight="w").table
    assert whole["n"].dtype == np.int64  # small whole counts still print as integers


def test_missing_values_and_the_text_standing_for_them_are_not_merged():
    d = pd.DataFrame({"a": ["x", None, "(missing)", "x"], "b": list("pqrs")})
    for call in (lambda: ck.pareto(d, "a"), lambda: ck.drilldown(d, ["a", "b"])):
        with pytest.raises(ValueError, match="holds both missing values and the text"):
            call()
    t = ck.pareto(d.dropna(), "a").table  # without real missing values the text is a level
    assert dict(zip(t["level"], t["n"], strict=True)) == {"x": 2, "(missing)": 1}


def test_two_columns_of_one_name_are_refused_by_name(world):
    c = world.complaints.head(40)
    dup = pd.concat([c, c[["category"]]], axis=1)
    for call in (lambda: ck.pareto(dup, "category"), lambda: ck.drilldown(dup),
                 lambda: ck.improvement_plan(dup),
                 lambda: ck.kpis(pd.concat([ck.complaint_frame(c), c[["category"]]], axis=1))):
        with pytest.raises(ValueError, match="data has two or more columns named 'category'"):
            call()
    with pytest.raises(ValueError, match="complaints has two or more columns named 'category'"):
        ck.complaint_frame(dup)
    y = pd.DataFrame({"period": pd.date_range("2025-01-01", periods=30), "n": 1.0})
    with pytest.raises(ValueError, match="counts has two or more columns named 'period'"):
        ck.forecast(pd.concat([y, y[["period"]]], axis=1), horizon=3)


# --------------------------------------------------------------------------- the plan
@pytest.mark.parametrize("kw, message", [
    ({"top": 0}, "top must be a whole number >= 1"),
    ({"top": -1}, "top must be a whole number >= 1"),
    ({"top": 1.5}, "top must be a whole number >= 1"),
    ({"deadline_days": -1}, "deadline_days must be a whole number >= 0"),
    ({"follow_up_days": -3}, "follow_up_days must be a whole number >= 0"),
    ({"target_reduction": 0}, "target_reduction must be a share above 0 and at most 1"),
    ({"target_reduction": -0.1}, "target_reduction must be a share above 0"),
    ({"target_reduction": 1.5}, "target_reduction must be a share above 0"),
    ({"target_reduction": float("nan")}, "target_reduction must be a share above 0"),
    ({"target_reduction": True}, "target_reduction must be a share above 0"),
    ({"start": "tomorrow"}, "start must be a date such as '2025-02-01'"),
    ({"start": pd.NaT}, "start must be a date such as"),
    ({"start": 5}, "start must be a date such as"),
    ({"deadline_days": 10 ** 9}, "runs past the last date pandas can hold"),
])
def test_improvement_plan_refuses_bad_arguments(kw, message):
    with pytest.raises(ValueError, match=message):
        ck.improvement_plan(_small(), column="a", **kw)


def test_improvement_plan_accepts_the_boundaries():
    plan = ck.improvement_plan(_small(), column="a", target_reduction=1, deadline_days=0,
                               follow_up_days=0, top=1)
    row = plan.table.iloc[0]
    assert (row["root_cause"], row["target_n"]) == ("x", 0.0)
    assert row["deadline"] == row["follow_up_date"] == pd.Timestamp("2025-01-11")


def test_improvement_plan_without_dates_needs_start_never_the_clock():
    d = _small().drop(columns="received_at")
    with pytest.raises(ValueError, match=r"no 'received_at' column .* start='2025-02-01'"):
        ck.improvement_plan(d, column="a")
    plan = ck.improvement_plan(d, column="a", start=dt.date(2025, 3, 1), deadline_days=10)
    assert (plan.table["deadline"] == pd.Timestamp("2025-03-11")).all()
    with pytest.raises(ValueError, match="'received_at' is missing in every row"):
        ck.improvement_plan(d.assign(received_at=pd.NaT), column="a")


def test_improvement_plan_dates_from_the_data():
    # the last complaint is on 10 Jan at 00:00 -> the plan starts on 11 Jan
    plan = ck.improvement_plan(_small(), column="a", deadline_days=30, follow_up_days=30)
    assert (plan.table["deadline"] == pd.Timestamp("2025-02-10")).all()
    assert (plan.table["follow_up_date"] == pd.Timestamp("2025-03-12")).all()
    # a time zone is dropped: 10 Jan 23:00 in Shanghai is still 10 Jan locally
    tz = _small().assign(received_at=pd.date_range("2025-01-01 23:00", periods=10, freq="D",
                                                   tz="Asia/Shanghai"))
    plan = ck.improvement_plan(tz, column="a", deadline_days=0)
    assert plan.table["deadline"].iloc[0] == pd.Timestamp("2025-01-11")
    assert plan.table["deadline"].dt.tz is None
    # text dates: one rule, the shared check's message
    with pytest.raises(TypeError, match="pd.to_datetime"):
        ck.improvement_plan(_small().assign(received_at="2025-01-01"), column="a")


def test_improvement_plan_by_department_names_the_department_itself():
    d = _small().rename(columns={"a": "department"})
    plan = ck.improvement_plan(d, column="department", start="2025-02-01")
    assert plan.table["department"].tolist() == ["x", "y"]
    assert plan.table["owner_department"].tolist() == ["x", "y"]


# --------------------------------------------------------------------------- complaint_frame, kpis
def test_complaint_frame_refuses_duplicated_complaint_ids(world):
    c = pd.concat([world.complaints, world.complaints.iloc[[0, 1, 1, 5]]], ignore_index=True)
    ids = world.complaints["complaint_id"].iloc[[0, 1, 5]].tolist()
    with pytest.raises(ValueError, match=r"complaints has more than one row for complaint_id "
                                         r".*\(3 ids repeated, 4 extra rows\)") as err:
        ck.complaint_frame(c)
    assert all(repr(i) in str(err.value) for i in ids)


def test_complaint_frame_refuses_missing_complaint_ids(world):
    c = world.complaints.copy()
    c.loc[[3, 7], "complaint_id"] = None
    with pytest.raises(ValueError, match=r"complaints has 2 rows without a complaint_id "
                                         r"\(rows 3, 7\)"):
        ck.complaint_frame(c)


def test_kpis_refuses_duplicated_complaint_ids(world):
    f = ck.complaint_frame(world.complaints)
    doubled = pd.concat([f, f.head(2)], ignore_index=True)
    with pytest.raises(ValueError, match="data has more than one row for complaint_id"):
        ck.kpis(doubled)
    # the same frame without ids is counted as given: kpis cannot tell, and says nothing wrong
    n = ck.kpis(doubled.drop(columns="complaint_id")).value("complaints")
    assert n == len(f) + 2
    assert ck.kpis(f).value("complaints") == len(world.complaints)


def test_complaint_frame_refuses_duplicated_or_missing_survey_ids(world):
    s = pd.concat([world.surveys, world.surveys.head(2)], ignore_index=True)
    with pytest.raises(ValueError, match=r"surveys has more than one row for complaint_id "
                                         r".*\(2 ids repeated, 2 extra rows\)"):
        ck.complaint_frame(world.complaints, s)
    s = world.surveys.copy()
    s.loc[0, "complaint_id"] = None
    with pytest.raises(ValueError, match="surveys has 1 rows without a complaint_id"):
        ck.complaint_frame(world.complaints, s)


def test_complaint_frame_refuses_surveys_that_match_no_complaint(world):
    s = world.surveys.assign(complaint_id="x" + world.surveys["complaint_id"].astype(str))
    with pytest.raises(ValueError, match="none of the 7,222 surveys has a complaint_id of these"):
        ck.complaint_frame(world.complaints, s)
    # surveys of other complaints are fine when some match (a month's complaints, say)
    f = ck.complaint_frame(world.complaints.head(100), world.surveys)
    assert len(f) == 100
    assert f["responded"].sum() == world.surveys.set_index("complaint_id").loc[
        world.complaints["complaint_id"].head(100), "responded"].sum()


def test_complaint_frame_refuses_mismatched_id_types_and_clashing_columns(world):
    c = world.complaints.assign(complaint_id=np.arange(len(world.complaints)))
    with pytest.raises(TypeError, match="complaint_id is int64 in complaints but"):
        ck.complaint_frame(c, world.surveys)
    agents = pd.concat([world.agents, world.agents.head(1)], ignore_index=True)
    with pytest.raises(ValueError, match="agents has more than one row for agent_id"):
        ck.complaint_frame(world.complaints, agents=agents)
    customers = world.customers.assign(channel="web")
    with pytest.raises(ValueError, match="customers and the complaints both have the "
                                         "column.*'channel'"):
        ck.complaint_frame(world.complaints, customers=customers)
    f = ck.complaint_frame(world.complaints, world.surveys)
    with pytest.raises(ValueError, match="already have the survey column"):
        ck.complaint_frame(f.drop(columns=["csat_score"]).assign(csat=1), world.surveys)


def test_complaint_frame_times_follow_the_one_rule(world):
    c = world.complaints
    with pytest.raises(TypeError, match=r"'first_response_at' must hold dates and times"):
        ck.complaint_frame(c.assign(first_response_at=c["first_response_at"].astype(str)))
    # a zone-aware column is read as the wall-clock time of its zone, next to naive ones
    zoned = c.assign(received_at=c["received_at"].dt.tz_localize("Asia/Shanghai"))
    a, b = ck.complaint_frame(zoned), ck.complaint_frame(c)
    np.testing.assert_allclose(a["hours_to_resolution"], b["hours_to_resolution"], rtol=0,
                               atol=1e-9, equal_nan=True)
    assert a["received_at"].dt.tz is None
    with pytest.raises(TypeError, match="'contacts' must hold numbers"):
        ck.complaint_frame(c.assign(contacts="two"))


# --------------------------------------------------------------------------- forecast
def _monthly(n: int = 48, *, end: bool = True) -> pd.Series:
    rng = np.random.default_rng(3)
    level = 100 + 30 * np.sin(2 * np.pi * np.arange(n) / 12)
    idx = pd.date_range("2021-01-31" if end else "2021-01-01", periods=n,
                        freq="ME" if end else "MS")
    return pd.Series(rng.poisson(level).astype(float), index=idx)


def test_forecast_month_end_series_stays_at_month_ends_with_a_yearly_season():
    y = _monthly()
    res = ck.forecast(y, horizon=6, models=["seasonal_naive"], folds=2)
    t = res.table
    assert [d.strftime("%Y-%m-%d") for d in t["period"]] == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"]
    # the seasonal naive repeats the value twelve months before (season 12, by hand)
    np.testing.assert_allclose(t["forecast"], y.iloc[-12:-6].to_numpy(), rtol=0, atol=0)
    assert res.notes[0] == "all 48 months used"
    # month starts and periods give the same numbers, dated at the start of each month
    for same in (_monthly(end=False), y.to_period("M")):
        r = ck.forecast(same, horizon=6, models=["seasonal_naive"], folds=2)
        np.testing.assert_allclose(r.table["forecast"], t["forecast"], rtol=0, atol=0)
        assert r.table["period"].iloc[0] == pd.Timestamp("2025-01-01")


def test_decompose_month_end_series_uses_a_yearly_period():
    res = ck.decompose(_monthly())
    assert res.periods == (12,)
    assert list(res.table.columns) == ["period", "observed", "trend", "seasonal_12", "resid"]
    np.testing.assert_allclose(res.table[["trend", "seasonal_12", "resid"]].sum(axis=1),
                               res.table["observed"], rtol=0, atol=1e-8)
    hourly = pd.Series(1.0, index=pd.date_range("2025-01-01", periods=100, freq="h"))
    with pytest.raises(ValueError, match="pass periods="):
        ck.decompose(hourly)
    assert ck.decompose(hourly, periods=24).periods == (24,)


def test_forecast_month_end_frame_and_old_month_alias():
    y = _monthly()
    frame = pd.DataFrame({"period": y.index, "n": y.to_numpy()})
    r = ck.forecast(frame, horizon=3, models=["seasonal_naive"], folds=1)
    assert r.table["period"].iloc[-1] == pd.Timestamp("2025-03-31")
    with pytest.raises(ValueError, match=r"need at least 52 periods \(months: two seasons of "
                                         r"12 plus the horizon of 28\).*counts has 48.*season="):
        ck.forecast(y)  # the default horizon of 28 is too long for four years of months


def test_forecast_week_ending_series_uses_a_yearly_season_or_says_season():
    rng = np.random.default_rng(4)
    idx = pd.date_range("2022-01-02", periods=60, freq="W-SUN")
    y = pd.Series(rng.poisson(50, len(idx)).astype(float), index=idx)
    with pytest.raises(ValueError, match=r"need at least 112 periods \(weeks: two seasons of 52.*"
                                         r"pass a shorter horizon= or season="):
        ck.forecast(y, horizon=8)
    r = ck.forecast(y, horizon=8, season=4, models=["seasonal_naive"], folds=2)
    assert (r.table["period"].dt.day_of_week == 6).all()  # still Sundays
    np.testing.assert_allclose(r.table["forecast"], np.tile(y.iloc[-4:].to_numpy(), 2),
                               rtol=0, atol=0)


def test_forecast_needs_season_for_other_spacings_and_refuses_bad_counts():
    hourly = pd.Series(1.0, index=pd.date_range("2025-01-01", periods=200, freq="h"))
    with pytest.raises(ValueError, match="0 days 01:00:00 apart.*pass season="):
        ck.forecast(hourly, horizon=5)
    y = pd.Series(1.0, index=pd.date_range("2025-01-01", periods=60))
    with pytest.raises(ValueError, match="infinite values"):
        ck.forecast(y.where(y.index != y.index[3], np.inf), horizon=7)
    with pytest.raises(ValueError, match=r"need at least 21 periods \(days.* counts has 20"):
        ck.forecast(y.iloc[:20], horizon=7)
    with pytest.raises(ValueError, match=r"2 of the 60 days from .* are missing"):
        ck.forecast(y.drop(y.index[[10, 11]]), horizon=7)
    with pytest.raises(TypeError, match="period column 'period' must hold dates and times"):
        ck.forecast(pd.DataFrame({"period": ["soon"] * 30, "n": 1}), horizon=7)


def test_forecast_drops_a_time_zone_like_every_analysis():
    y = pd.Series(np.tile([5.0, 6, 7, 8, 9, 3, 2], 6),
                  index=pd.date_range("2025-01-01", periods=42, tz="Asia/Shanghai"))
    r = ck.forecast(y, horizon=7, models=["seasonal_naive"], folds=1)
    assert r.table["period"].dt.tz is None
    assert r.table["period"].iloc[0] == pd.Timestamp("2025-02-12")
    np.testing.assert_allclose(r.table["forecast"], y.iloc[-7:].to_numpy(), rtol=0, atol=0)


# --------------------------------------------------------------------------- exercise checks
ODD_ANSWERS = {
    "inf": float("inf"), "-inf": float("-inf"), "nan": float("nan"), "1e308": 1e308,
    "-1e308": -1e308, "10**30": 10 ** 30, "10**400": 10 ** 400, "-10**400": -(10 ** 400),
    "int64 max": np.int64(2 ** 63 - 1), "None": None, "text": "hello", "empty text": "",
    "bytes": b"x", "True": True, "complex": 1 + 2j, "object": object(), "pd.NA": pd.NA,
    "NaT": pd.NaT, "Timestamp": pd.Timestamp("2025-01-01"), "empty list": [], "empty dict": {},
    "set": {1, 2}, "tuple of 3": (1, 2, 3), "nested list": [[1, 2], [3, [4]]],
    "2-d array": np.ones((2, 2)), "pair of inf": (np.inf, -np.inf), "pair of nan": (np.nan, 1),
    "pair of huge": (10 ** 400, 1), "pair of text": ("a", "b"), "list of inf": [np.inf] * 7,
    "list of 1e308": [1e308] * 7, "empty Series": pd.Series(dtype=float),
    "empty DataFrame": pd.DataFrame(), "DataFrame without rows": pd.DataFrame(columns=["a", "b"]),
    "Series of inf": pd.Series([np.inf, -np.inf, np.nan]),
    "Series of 1e308": pd.Series({"delivery": 1e308, "billing": 1e308, "product": 1e308}),
    "Series of huge ints": pd.Series({"delivery": 10 ** 400, "billing": 1}, dtype=object),
    "dict of inf": {"delivery": np.inf, "billing": np.nan}, "dict of None": {"delivery": None},
    "table of inf": pd.DataFrame({"category": ["delivery", "billing"], "share": [np.inf, 1]}),
    "table of huge": pd.DataFrame({"category": ["delivery", "billing"], "n": [10 ** 19] * 2},
                                  dtype=object),
    "text Series": pd.Series(["x", "y"]), "text table": pd.DataFrame({"a": ["x"]}),
    "Series with missing keys": pd.Series([1.0, 2.0], index=[None, np.nan]),
}
EXERCISES = sorted({t.split(".")[0] for t in ck.exercises.tasks()})


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_check_answers_not_yet_with_a_reason_for_any_answer(exercise, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ex = started(exercise, "ecommerce_en")  # shared with tests/test_exNN.py
        _ = ex.world
    failures = []
    for task_id in ck.exercises.tasks(exercise):
        for name, answer in ODD_ANSWERS.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", RuntimeWarning)  # no overflow on the way
                    fb = ex.check(task_id.split(".")[1], answer)
            except Exception as err:  # noqa: BLE001 - the test reports every one
                failures.append(f"{task_id} {name}: {type(err).__name__}: {err}")
                continue
            if fb.ok or fb.status != "not yet" or not fb.messages or not all(fb.messages):
                failures.append(f"{task_id} {name}: {fb}")
    assert not failures, "\n".join(failures)
