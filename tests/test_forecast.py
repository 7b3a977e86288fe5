"""Forecasting: backtest-chosen model beats the seasonal naive, honest intervals, edge cases.

Tolerances: interval coverage at level 0.9 must lie in [0.75, 0.98] (6 origins x 28 days =
168 counts, whose binomial sd at 0.9 is about 0.023, plus the model's misspecification); the
weekly profile of a synthetic Poisson series must be recovered within 15% per weekday.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit.analysis.forecast import (  # noqa: E402
    DecompositionResult,
    ForecastResult,
    decompose,
    forecast,
)

HORIZON = 28
LEVEL = 0.9


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def daily():
    return ck.complaint_counts(ck.load_dataset("ecommerce_en").complaints, freq="D",
                               locale="en_US")


@pytest.fixture(scope="module")
def res(daily):
    return forecast(daily, horizon=HORIZON, confidence=LEVEL)


def _synthetic(n_weeks=40, profile=(10, 12, 14, 16, 18, 30, 25), seed=1) -> pd.Series:
    rng = np.random.default_rng(seed)
    mean = np.tile(np.asarray(profile, float), n_weeks)
    idx = pd.date_range("2024-01-01", periods=len(mean), freq="D")  # a Monday
    return pd.Series(rng.poisson(mean), index=idx)


# --------------------------------------------------------------------------- real series
def test_backtest_table(res):
    assert isinstance(res, ForecastResult)
    bt = res.backtest
    assert list(bt.columns) == ["model", "mae", "mase", "coverage", "folds"]
    assert bt["model"].tolist() == ["seasonal_naive", "ets", "nb_glm"]
    assert (bt["folds"] == 6).all()
    assert bt[["mae", "mase", "coverage"]].notna().all().all()
    assert len(res.backtest_folds) == 18
    # the origins end one horizon before the end, a horizon apart
    origins = sorted(res.backtest_folds["origin"].unique())
    assert origins[-1] == res.history.index[-HORIZON]
    assert (np.diff(origins) == pd.Timedelta(days=HORIZON)).all()


def test_chosen_model_beats_seasonal_naive(res):
    bt = res.backtest.set_index("model")
    assert res.chosen == bt["mase"].idxmin()
    assert bt.loc[res.chosen, "mase"] < bt.loc["seasonal_naive", "mase"]
    assert res.chosen != "seasonal_naive"


def test_chosen_model_coverage_near_nominal(res):
    cov = res.backtest.set_index("model").loc[res.chosen, "coverage"]
    assert 0.75 <= cov <= 0.98


def test_forecast_table(res, daily):
    t = res.table
    assert list(t.columns) == ["model", "period", "forecast", "lower", "upper"]
    assert len(t) == HORIZON
    assert (t["model"] == res.chosen).all()
    assert t["period"].iloc[0] == daily["period"].iloc[-1] + pd.Timedelta(days=1)
    assert (np.diff(t["period"]) == pd.Timedelta(days=1)).all()
    for m, g in res.forecasts.groupby("model"):
        assert len(g) == HORIZON, m
        assert (g[["forecast", "lower", "upper"]] >= 0).all().all(), m
        assert (g["lower"] <= g["forecast"]).all() and (g["forecast"] <= g["upper"]).all(), m
    assert set(res.model) == {"seasonal_naive", "ets", "nb_glm"}
    text = res.summary()
    assert res.chosen in text and "MASE" in text
    assert any("festival" in n for n in res.notes)  # no future calendar was given
    assert "<table" in res._repr_html_()


def test_future_festival_calendar_raises_festival_days(daily):
    start = daily["period"].iloc[-1] + pd.Timedelta(days=1)
    cal = pd.DataFrame({"date": [start + pd.Timedelta(days=3)], "festival": ["christmas"]})
    a = forecast(daily, horizon=7, models=["nb_glm"], folds=1, future=cal)
    b = forecast(daily, horizon=7, models=["nb_glm"], folds=1)
    fa = a.forecasts.query("model == 'nb_glm'")["forecast"].to_numpy()
    fb = b.forecasts.query("model == 'nb_glm'")["forecast"].to_numpy()
    assert fa[3] > fb[3] * 1.2  # festival days had higher counts in the history
    np.testing.assert_allclose(np.delete(fa, 3), np.delete(fb, 3), rtol=1e-9, atol=0)
    assert not any("festival" in n for n in a.notes)


# --------------------------------------------------------------------------- recovery
def test_recovers_a_known_weekly_profile():
    profile = np.array([10, 12, 14, 16, 18, 30, 25], float)
    y = _synthetic(profile=profile)
    r = forecast(y, horizon=HORIZON, folds=3, models=["seasonal_naive", "nb_glm"])
    assert r.chosen == "nb_glm"
    t = r.table
    by_day = t.groupby(t["period"].dt.day_of_week)["forecast"].mean().to_numpy()
    np.testing.assert_allclose(by_day, profile, rtol=0.15, atol=0)
    cov = r.backtest.set_index("model").loc["nb_glm", "coverage"]
    assert 0.75 <= cov <= 1.0


def test_single_group_frame_and_series_agree(daily):
    w = ck.load_dataset("ecommerce_en").complaints
    by = ck.complaint_counts(w, by="channel")
    one = by[by["channel"] == by["channel"].iloc[0]]
    r = forecast(one, horizon=7, folds=2, models=["seasonal_naive"])
    s = forecast(one.set_index("period")["n"], horizon=7, folds=2, models=["seasonal_naive"])
    pd.testing.assert_frame_equal(r.table, s.table)


# --------------------------------------------------------------------------- edge cases
def test_too_short():
    y = _synthetic(n_weeks=5)  # 35 < 2 * 7 + 28
    with pytest.raises(ValueError, match="need at least 42 periods"):
        forecast(y)


def test_few_folds_noted():
    y = _synthetic(n_weeks=8)  # 56 periods: origins 28 and 0 -> only 28 keeps 14 of training
    r = forecast(y, models=["seasonal_naive"], folds=3)
    assert r.backtest["folds"].iloc[0] == 1
    assert any("1 used" in n for n in r.notes)


def test_gaps(daily):
    with pytest.raises(ValueError, match="gaps.*complaint_counts"):
        forecast(daily.drop(index=[100, 101]))


def test_several_groups():
    w = ck.load_dataset("ecommerce_en").complaints
    by = ck.complaint_counts(w, by="channel")
    with pytest.raises(ValueError, match="filter one group first"):
        forecast(by)


def test_all_zeros_fallback():
    y = pd.Series(0, index=pd.date_range("2025-01-01", periods=70, freq="D"))
    r = forecast(y, horizon=14)
    assert r.chosen == "zero"
    assert len(r.table) == 14
    assert (r.table[["forecast", "lower", "upper"]] == 0).all().all()
    assert any("zero" in n for n in r.notes)
    assert "no backtest" in r.summary()


@pytest.mark.parametrize("kw, msg", [({"horizon": 0}, "horizon"),
                                     ({"confidence": 1.0}, "confidence must be a level"),
                                     ({"models": ["arima"]}, "models"), ({"season": 1}, "season")])
def test_bad_arguments(kw, msg):
    with pytest.raises(ValueError, match=msg):
        forecast(_synthetic(), **kw)


def test_level_is_a_deprecated_name_for_confidence():
    y = _synthetic(n_weeks=12)
    kw = {"horizon": 14, "folds": 2, "models": ["seasonal_naive", "nb_glm"]}
    new = forecast(y, confidence=0.8, **kw)
    with pytest.warns(DeprecationWarning, match="level= is deprecated: use confidence="):
        old = forecast(y, level=0.8, **kw)
    pd.testing.assert_frame_equal(old.table, new.table)
    pd.testing.assert_frame_equal(old.backtest, new.backtest)
    assert old.confidence == new.confidence == 0.8
    assert new.table["upper"].sum() < forecast(y, **kw).table["upper"].sum()  # 0.8 was used
    with pytest.warns(DeprecationWarning, match=r"\.confidence"):
        assert new.level == 0.8
    with pytest.raises(TypeError, match="not both"):
        forecast(y, level=0.8, confidence=0.8, **kw)


def test_wrong_types():
    with pytest.raises(TypeError, match="DatetimeIndex"):
        forecast(pd.Series(np.arange(100)))
    with pytest.raises(TypeError, match="complaint_counts"):
        forecast([1, 2, 3])


# --------------------------------------------------------------------------- plots
def test_fan_chart(res):
    ax = res.plot(history=60)
    assert len(ax.lines) >= 3  # history, forecast, origin line
    hist, fc = ax.lines[0], ax.lines[1]
    assert len(hist.get_xdata()) == 60
    assert len(fc.get_xdata()) == HORIZON + 1  # joined to the last observation
    assert any(isinstance(c, PolyCollection) for c in ax.collections)
    vx = ax.lines[2].get_xdata()
    assert vx[0] == vx[1]  # vertical
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_fan_chart_into_given_axes(res):
    fig, ax = plt.subplots()
    assert res.plot(ax=ax) is ax
    fig, ax = plt.subplots()
    assert res.plot(ax) is ax
    with pytest.raises(TypeError):
        res.plot(ax, 60)  # history is keyword-only


# --------------------------------------------------------------------------- row ledger
def test_ledger_counts_the_periods(res, daily):
    # hand count: one row per day of 2025 in complaint_counts' frame, all of them used
    n = len(daily)
    assert n == 365 and daily["period"].nunique() == n
    assert (res.ledger.total, res.ledger.used, res.ledger.unit) == (n, n, "days")
    assert res.notes[0] == "all 365 days used"
    assert res.notes[1].startswith("no future festival calendar given")
    d = decompose(daily, periods=[7])
    assert d.ledger.used == n and d.notes[0] == "all 365 days used"
    weekly = _synthetic(n_weeks=12).resample("W-SUN").sum()  # 12 weekly periods
    w = decompose(weekly, periods=[4])
    assert w.notes[0] == "all 12 weeks used"
    zeros = forecast(pd.Series(0, index=pd.date_range("2025-01-01", periods=70)), horizon=14)
    assert zeros.notes[0] == "all 70 days used"


def test_decompose(daily):
    d = decompose(daily, periods=(7, 365))
    assert isinstance(d, DecompositionResult)
    assert list(d.table.columns) == ["period", "observed", "trend", "seasonal_7", "resid"]
    t = d.table
    np.testing.assert_allclose(t["trend"] + t["seasonal_7"] + t["resid"], t["observed"],
                               rtol=0, atol=1e-8)
    assert any("365" in n for n in d.notes)
    assert "STL" in d.summary()
    ax = d.plot()
    assert len(ax.lines) == 3 and ax.get_title()
    assert len(ax.lines[0].get_xdata()) == len(t)  # the whole series by default
    fig, given = plt.subplots()
    assert d.plot(given, history=90) is given
    assert len(given.lines[0].get_xdata()) == 90

    y = _synthetic(n_weeks=20)
    m = decompose(y, periods=(7, 28))
    assert {"seasonal_7", "seasonal_28"} <= set(m.table.columns)
    # the weekly part recovers the profile's shape (Saturday highest, Monday lowest)
    s = m.table.groupby(m.table["period"].dt.day_of_week)["seasonal_7"].mean()
    assert s.idxmax() == 5 and s.idxmin() == 0


# --------------------------------------------------------------------------- a Chinese world
@pytest.fixture(scope="module")
def zh_daily():
    """Daily counts of the shipped Chinese world: complaint_counts keeps its locale."""
    return ck.complaint_counts(ck.load_dataset("ecommerce_zh").complaints, freq="D")


ZH_MODELS = {"seasonal_naive": "季节性朴素法", "ets": "ETS（阻尼趋势，含季节）",
             "nb_glm": "负二项 GLM"}


def test_forecast_speaks_chinese_in_a_chinese_world(zh_daily):
    assert zh_daily.attrs["locale"] == "zh_CN"
    res = forecast(zh_daily, horizon=14, folds=2)
    text = res.summary()
    # the model by its name, not its code; the ledger line in Chinese
    assert text.startswith(f"所选模型：{ZH_MODELS[res.chosen]}；预测未来 14 个时段")
    assert res.chosen not in text and "Backtest" not in text
    assert res.notes[0] == f"全部 {len(zh_daily)} 天均已使用"
    assert any(n.startswith("季节周期为 7（一周的天数）") for n in res.notes)
    ax = res.plot()
    assert ax.get_ylabel() == "每个时段的投诉数" and ax.get_xlabel() == "时段"
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "实际值"
    # locale= overrides the data's own: English as before
    assert forecast(zh_daily, horizon=14, folds=2, locale="en_US").notes[0] == \
        f"all {len(zh_daily)} days used"


def test_forecast_errors_speak_chinese_in_a_chinese_world(zh_daily):
    with pytest.raises(ValueError, match="horizon 须为不小于 1 的整数（例如 28），但传入的是 0"):
        forecast(zh_daily, horizon=0)
    with pytest.raises(ValueError, match="拟合与回测至少需要"):
        forecast(zh_daily.head(20), horizon=14)
    with pytest.raises(ValueError, match="periods 须为不小于 2 的整数"):
        decompose(zh_daily, periods=[1])


def test_decompose_speaks_chinese_in_a_chinese_world(zh_daily):
    res = decompose(zh_daily)
    assert res.summary().startswith(f"对 {len(zh_daily)} 个时段做 STL 分解；方差占比：趋势 ")
    assert "季节（周期 7）" in res.summary() and "seasonal_7" not in res.summary()
    ax = res.plot()
    assert ax.get_title() == "投诉：趋势与季节规律"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["实际值", "趋势 + 季节",
                                                                   "趋势"]
