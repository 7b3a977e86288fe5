"""Early warning: the injected incidents are found in time, at a stated false-alarm rate."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit.analysis.warning import (  # noqa: E402
    early_warning,
    ewma_limit,
    false_alarms,
    score,
    tune,
)

# Stated targets (the tuning table in complaintkit/analysis/warning.py has the numbers).
COURIER_MAX_DELAY = 5     # days from the start of the courier disruption, in `delivery`
BATTERY_MAX_DELAY = 10    # days from the start of the bad battery batch, in `product_quality`
# Flagged quiet days per category and 30 days, at each method's defaults. From the held-out
# study (studies/warning_holdout.py, docs/volume.md: 160 worlds of seeds 100-119 not used for
# tuning, both locales, four incident conditions), per world: CUSUM median 0.43 (10-90%
# 0.36-0.53) en_US, 0.53 (0.42-0.64) zh_CN, max 0.72; c-chart 0.79 / 0.93, max 1.18; EWMA
# 0.99 / 1.26, max 1.72. The bound for one world is the held-out maximum, rounded up (it was
# 2.0 for every method, which no chart here comes near).
MAX_FALSE_PER_MONTH = {"cusum": 0.75, "cchart": 1.2, "ewma": 1.75}
# The held-out 10-90% range of a world's CUSUM rate, pooled over the two locales.
CUSUM_FALSE_RANGE = (0.36, 0.64)
HELD_OUT = [(200, "en_US"), (201, "zh_CN")]   # seeds used neither for tuning nor in the study


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def shipped():
    w = ck.load_dataset("ecommerce_en")
    daily = ck.complaint_counts(w.complaints, freq="D", by="category")
    return daily, w.truth.incidents


@pytest.fixture(scope="module")
def default_result(shipped):
    daily, _ = shipped
    return early_warning(daily, by="category")


def _series(n_days, mean, rng, start="2025-01-01"):
    period = pd.date_range(start, periods=n_days, freq="D")
    n = rng.poisson(np.broadcast_to(mean, n_days))
    return pd.DataFrame({"period": period, "n": n, "weekday": period.day_of_week})


def test_default_detects_incidents_in_time(shipped, default_result):
    _, incidents = shipped
    sc = score(default_result, incidents).set_index("kind")
    assert sc.loc["courier_disruption", "group"] == "delivery"
    assert sc.loc["bad_batch", "group"] == "product_quality"
    assert sc["detected"].all()
    assert sc.loc["courier_disruption", "delay_days"] <= COURIER_MAX_DELAY
    assert sc.loc["bad_batch", "delay_days"] <= BATTERY_MAX_DELAY
    assert (sc["false_alarms_per_month"] <= MAX_FALSE_PER_MONTH["cusum"]).all()
    fa = false_alarms(default_result, incidents)
    # one category alone is noisier (250 quiet days): at most twice the pooled bound
    assert len(fa) == 7 and (fa["per_month"] <= 2 * MAX_FALSE_PER_MONTH["cusum"]).all()
    # the method form gives the same
    pd.testing.assert_frame_equal(default_result.score(incidents), score(default_result,
                                                                         incidents))


@pytest.mark.parametrize("method", ["cchart", "ewma", "cusum"])
def test_every_method_scored(shipped, method):
    daily, incidents = shipped
    sc = early_warning(daily, by="category", method=method).score(incidents)
    assert list(sc["method"].unique()) == [method]
    assert sc["detected"].all()
    assert (sc["false_alarms_per_month"] <= MAX_FALSE_PER_MONTH[method]).all()


@pytest.fixture(scope="module")
def held_out():
    """Two fresh worlds of the preset, one per locale, not used for tuning."""
    out = []
    for seed, locale in HELD_OUT:
        w = ck.generate("ecommerce", seed=seed, locale=locale)
        out.append((ck.complaint_counts(w.complaints, freq="D", by="category"),
                    w.truth.incidents))
    return out


@pytest.mark.parametrize("method", ["cchart", "ewma", "cusum"])
def test_false_alarms_within_the_held_out_spread(held_out, method):
    rates = []
    for daily, incidents in held_out:
        sc = early_warning(daily, by="category", method=method).score(incidents)
        rates.append(sc["false_alarms_per_month"].iloc[0])
    assert max(rates) <= MAX_FALSE_PER_MONTH[method], rates
    if method == "cusum":
        lo, hi = CUSUM_FALSE_RANGE
        assert lo <= np.mean(rates) <= hi, rates


def test_default_detects_on_held_out_worlds(held_out):
    # held out, the preset's incidents were found in 80 of 80 worlds; courier delays at most
    # 6 days, battery delays 5-9 (10-90%), at most 10 in those 40 worlds but 13 over every
    # held-out condition; these two fresh worlds take 12 and 11 days (in docs/volume.md): the
    # tail is longer than 40 worlds show, so the bound is 13, inside the 14-day window
    for daily, incidents in held_out:
        sc = early_warning(daily, by="category").score(incidents).set_index("kind")
        assert sc["detected"].all()
        assert sc.loc["courier_disruption", "delay_days"] <= 6
        assert sc.loc["bad_batch", "delay_days"] <= 13
        assert ((sc["chance_detection"] > 0) & (sc["chance_detection"] < 0.6)).all()


def test_mondays_do_not_alarm_more(shipped):
    daily, incidents = shipped
    inc = incidents.assign(start=incidents["start"] - pd.Timedelta(days=7))
    for method in ("cchart", "cusum"):
        res = early_warning(daily, by="category", method=method, baseline="weekday")
        t = res.table
        quiet = t["baseline"].notna()
        for s, e in zip(inc["start"], inc["end"], strict=True):
            quiet &= ~((t["period"] >= s) & (t["period"] < e + pd.Timedelta(days=14)))
        rate = t[quiet].groupby("weekday")["flag"].mean()
        assert rate[0] <= rate.mean() + 0.01, rate


def test_weekday_baseline_follows_weekly_pattern():
    # strong weekly pattern, no incident: the flat baseline alarms on the peak weekday,
    # the weekday baseline does not
    rng = np.random.default_rng(1)
    weekly = np.array([40, 20, 20, 20, 20, 10, 10])   # Monday .. Sunday
    df = _series(364 * 2, np.tile(weekly, 104), rng, start="2024-12-30")  # a Monday
    flat = early_warning(df, method="cchart", baseline="flat").table
    wk = early_warning(df, method="cchart", baseline="weekday").table
    assert flat.loc[flat["weekday"] == 0, "flag"].mean() > 0.2
    assert wk.loc[wk["weekday"] == 0, "flag"].mean() < 0.02
    monday = wk[(wk["weekday"] == 0) & wk["baseline"].notna()]
    assert monday["baseline"].mean() == pytest.approx(40, rel=0.05)


def test_cchart_false_alarm_rate_near_nominal():
    rng = np.random.default_rng(1)
    df = _series(3000, 20.0, rng)
    t = early_warning(df, method="cchart").table
    monitored = t[t["baseline"].notna()]
    assert len(monitored) == 3000 - 56
    # one-sided normal rate for L=3 is 0.00135; the estimated baseline and the Poisson skew
    # raise it a little
    assert monitored["flag"].mean() < 0.01
    # days without a full window are not monitored and never flagged
    head = t.iloc[:56]
    assert head["baseline"].isna().all() and not head["flag"].any()


def test_cusum_detects_step_faster_than_cchart():
    rng = np.random.default_rng(1)
    step_at = 200
    mean = np.where(np.arange(300) < step_at, 10.0, 15.0)   # +1.6 sd sustained shift
    df = _series(300, mean, rng)
    start = df["period"].iloc[step_at]
    inc = pd.DataFrame({"incident": ["step"], "kind": ["step"], "start": [start],
                        "end": [start + pd.Timedelta(days=30)]})
    delays = {}
    for method in ("cchart", "cusum"):
        sc = early_warning(df, method=method).score(inc, max_delay=30)
        delays[method] = sc["delay_days"].iloc[0] if sc["detected"].iloc[0] else np.inf
    assert delays["cusum"] < delays["cchart"]
    assert delays["cusum"] <= 7


def test_ewma_by_hand():
    assert ewma_limit(3.0, 0.3) == pytest.approx(3 * np.sqrt(0.3 / 1.7))
    assert ewma_limit(2.7, 0.1) == pytest.approx(0.619422, abs=1e-6)
    # a constant series of 4: baseline 4, sd 2; then a day of 10 (z = 3)
    n = np.full(20, 4)
    n[15] = 10
    period = pd.date_range("2025-01-05", periods=20, freq="D")
    df = pd.DataFrame({"period": period, "n": n})
    t = early_warning(df, method="ewma", baseline="flat", window=7, ewma_lambda=0.3).table
    assert t["baseline"].iloc[7] == 4 and np.isnan(t["baseline"].iloc[6])
    assert t["statistic"].iloc[15] == pytest.approx(0.3 * 3.0)
    assert t["statistic"].iloc[16] == pytest.approx(0.7 * 0.9 + 0.3 * (4 - 34 / 7)
                                                    / np.sqrt(34 / 7))
    assert t["limit"].iloc[15] == pytest.approx(ewma_limit(3.0, 0.3))
    assert not t["flag"].any()
    # CUSUM by hand on the same series: C = max(0, z - k)
    c = early_warning(df, method="cusum", baseline="flat", window=7, cusum_k=0.5,
                      cusum_h=2.0).table
    assert c["statistic"].iloc[15] == pytest.approx(2.5)
    assert c["flag"].iloc[15] and c["flag"].sum() == 1


def test_table_columns_and_flags(default_result):
    t = default_result.table
    assert list(t.columns) == ["period", "category", "n", "weekday", "baseline", "upper", "z",
                               "statistic", "limit", "flag"]
    assert t["flag"].dtype == bool
    assert default_result.flags["flag"].all()
    assert len(default_result.flags) == t["flag"].sum()
    ok = t["baseline"].notna()
    np.testing.assert_allclose(t.loc[ok, "upper"], t.loc[ok, "baseline"]
                               + 3 * np.sqrt(t.loc[ok, "baseline"]), rtol=1e-12, atol=0)
    assert "flagged" in default_result.summary()
    assert "<table" in default_result._repr_html_()


def test_tune_table(shipped):
    daily, incidents = shipped
    grid = [{"method": "cchart", "L": 3.0}, {"method": "cusum", "cusum_k": 0.5,
                                             "cusum_h": 5.0}]
    out = tune(daily, incidents, by="category", grid=grid)
    assert len(out) == 2
    assert {"method", "setting", "detected", "mean_delay", "false_alarms_per_month",
            "delay_courier_disruption", "delay_bad_batch"} <= set(out.columns)


def test_errors(shipped):
    daily, _ = shipped
    with pytest.raises(KeyError, match="'n'"):
        early_warning(daily.drop(columns="n"), by="category")
    with pytest.raises(KeyError, match="categroy"):
        early_warning(daily, by="categroy")
    with pytest.raises(ValueError, match="too short"):
        early_warning(daily[daily["period"] < "2025-02-01"], by="category")
    with pytest.raises(ValueError, match="by="):
        early_warning(daily)   # seven series in one frame, no `by`
    with pytest.raises(ValueError, match="method must be one of"):
        early_warning(daily, by="category", method="shewhart")
    with pytest.raises(ValueError, match="multiple of 7"):
        early_warning(daily, by="category", window=30)
    with pytest.raises(TypeError, match="DataFrame"):
        early_warning(daily["n"])
    with pytest.raises(ValueError, match="window must be a whole number >= 7"):
        early_warning(daily, by="category", window=5)
    with pytest.raises(ValueError, match="by names a column twice"):
        early_warning(daily, by=["category", "category"])
    with pytest.raises(TypeError, match="must hold dates"):
        early_warning(daily.assign(period=daily["period"].astype(str)), by="category")


def test_plot(shipped, default_result):
    _, incidents = shipped
    ax = default_result.plot(group="delivery", incidents=incidents)
    assert "delivery" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    red = [ln for ln in ax.lines if ln.get_color() == "red" and ln.get_marker() == "o"]
    assert len(red) == 1 and len(red[0].get_xdata()) == (
        default_result.flags["category"] == "delivery").sum()
    assert len(ax.lines) == 4   # counts, baseline, limit, flags
    assert len(ax.patches) == 1   # the courier disruption's window, not the battery batch's
    # default group: the one with the most flags; an unknown group is an error
    assert default_result.plot().get_title()
    with pytest.raises(ValueError, match="group must be one of"):
        default_result.plot(group="nope")


def test_plot_takes_ax_first(default_result):
    import inspect

    from complaintkit.analysis.warning import WarningResult

    params = inspect.signature(WarningResult.plot).parameters
    assert list(params)[:2] == ["self", "ax"]
    assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in ("group", "incidents"))
    fig, own = plt.subplots()
    assert default_result.plot(own) is own
    assert "delivery" in own.get_title()   # the most flags (9) are in delivery
    fig, own = plt.subplots()
    assert default_result.plot(own, group="billing") is own
    assert "billing" in own.get_title()


def test_plot_old_group_first_still_works(default_result):
    # plot("delivery") was plot(group, ax): still taken as the group, with a warning
    with pytest.warns(DeprecationWarning, match="group="):
        ax = default_result.plot("delivery")
    assert "delivery" in ax.get_title()
    with pytest.raises(TypeError, match="got group twice"):
        default_result.plot("delivery", group="billing")


# --------------------------------------------------------------------------- ledger
def _two_series(n_days=20):
    period = pd.date_range("2025-01-06", periods=n_days, freq="D")   # a Monday
    return pd.DataFrame({"period": np.tile(period, 2), "g": np.repeat(["a", "b"], n_days),
                         "n": np.tile(np.arange(n_days) % 5 + 3, 2)})


def test_ledger_counts_the_warm_up_by_hand():
    # 2 series x 20 days, a 7-day flat window: days 1-7 of each have no baseline
    res = early_warning(_two_series(), by="g", baseline="flat", window=7)
    assert res.ledger.total == 40 and res.ledger.dropped == 14 and res.ledger.used == 26
    assert res.notes[0] == ("26 of 40 days of 2 series used: 14 in the baseline warm-up "
                            "(the first 7 days of each series)")
    assert res.notes[0] == res.ledger.note()
    assert res.table["baseline"].notna().sum() == 26
    # the weekday baseline over 14 days: 2 weeks of warm-up, 20 - 14 = 6 days left per series
    wk = early_warning(_two_series(), by="g", window=14)
    assert wk.notes[0] == ("12 of 40 days of 2 series used: 28 in the baseline warm-up "
                           "(the first 14 days of each series)")
    # one series: 20 days, 7 of warm-up
    one = early_warning(_two_series().query("g == 'a'"), baseline="flat", window=7)
    assert one.notes[0] == "13 of 20 days used: 7 in the baseline warm-up (the first 7 days)"


def test_missing_count_is_refused_naming_the_day():
    # a missing count used to leave its day and the days whose window held it without a
    # statistic (9 days with the weekday baseline), noted only in the ledger: now an error
    df = _two_series().astype({"n": float})
    df.loc[10, "n"] = np.nan
    with pytest.raises(ValueError, match=r"no count \(NaN\) on 1 day\(s\): 2025-01-16 "
                                         r"\(g='a'\) \(index 10\): fill them"):
        early_warning(df, by="g", baseline="flat", window=7)
    one = df.query("g == 'a'")
    with pytest.raises(ValueError, match=r"2025-01-16 \(index 10\)"):
        early_warning(one, baseline="flat", window=7)
    # many missing days: the first five named, the rest counted
    many = df.assign(n=np.where(np.arange(len(df)) % 2, np.nan, df["n"]))
    with pytest.raises(ValueError, match=r"on 21 day\(s\): .* and 16 more"):
        early_warning(many, by="g", baseline="flat", window=7)


@pytest.mark.parametrize("value", [-1, -0.5, np.inf, -np.inf])
def test_negative_or_infinite_count_is_refused(value):
    df = _two_series().astype({"n": float})
    df.loc[25, "n"] = value
    with pytest.raises(ValueError, match=r"negative or infinite count on 1 day\(s\): "
                                         r"2025-01-11 \(g='b'\) \(index 25\)"):
        early_warning(df, by="g", baseline="flat", window=7)


def test_non_numeric_counts_are_refused():
    df = _two_series()
    with pytest.raises(TypeError, match="'n' of counts must hold numbers"):
        early_warning(df.assign(n=df["n"].astype(str)), by="g", baseline="flat", window=7)
    with pytest.raises(TypeError, match="'n' of counts must hold numbers"):
        early_warning(df.assign(n=df["n"] > 4), by="g", baseline="flat", window=7)


def test_zoned_periods_are_read_as_local_days(shipped):
    daily, incidents = shipped
    zoned = daily.assign(period=daily["period"].dt.tz_localize("Asia/Shanghai"))
    a = early_warning(zoned, by="category").score(incidents)
    b = early_warning(daily, by="category").score(incidents)
    pd.testing.assert_frame_equal(a, b)


def test_ledger_on_the_shipped_world(default_result):
    # 7 categories x 365 days, 56 days of warm-up each
    assert default_result.notes[0] == ("2,163 of 2,555 days of 7 series used: 392 in the "
                                       "baseline warm-up (the first 56 days of each series)")
    assert 7 * 365 - 7 * 56 == 2163 == default_result.table["baseline"].notna().sum()


# --------------------------------------------------------------------------- chance
def test_score_reports_detections_expected_by_chance(shipped, default_result):
    # independent computation from the table: the group's flag rate on quiet days (outside
    # both incident windows and the 14 days after), and the monitored days in the 14-day
    # detection window; P(at least one flag by chance) = 1 - (1 - p) ** days
    _, incidents = shipped
    t = default_result.table
    quiet = t["baseline"].notna()
    for s, e in zip(incidents["start"], incidents["end"], strict=True):
        quiet &= ~((t["period"] >= s) & (t["period"] < e + pd.Timedelta(days=14)))
    sc = score(default_result, incidents).set_index("kind")
    for kind, group in [("courier_disruption", "delivery"), ("bad_batch", "product_quality")]:
        g = t["category"] == group
        p = t.loc[g & quiet, "flag"].mean()
        start = sc.loc[kind, "start"]
        days = (g & (t["period"] >= start) & (t["period"] < start + pd.Timedelta(days=14))
                & t["baseline"].notna()).sum()
        assert sc.loc[kind, "window_days"] == days == 14
        assert sc.loc[kind, "chance_detection"] == pytest.approx(1 - (1 - p) ** days)
    # delivery: 5 false alarms in 250 quiet days; product quality: 3 in 250
    assert sc["chance_detection"].tolist() == pytest.approx(
        [1 - (245 / 250) ** 14, 1 - (247 / 250) ** 14])


def test_chance_detection_edge_cases():
    rng = np.random.default_rng(3)
    df = _series(200, 10.0, rng)
    res = early_warning(df, method="cchart", L=1.0)   # a loose chart flags often
    start = df["period"].iloc[150]
    inc = pd.DataFrame({"start": [start], "end": [start + pd.Timedelta(days=5)]})
    sc = res.score(inc, max_delay=10)
    t = res.table
    quiet = t["baseline"].notna() & ~((t["period"] >= start)
                                      & (t["period"] < start + pd.Timedelta(days=19)))
    p = t.loc[quiet, "flag"].mean()
    assert 0.1 < p < 0.3
    assert sc["chance_detection"].iloc[0] == pytest.approx(1 - (1 - p) ** 10)
    # an incident inside the warm-up has no monitored day in its window: no chance either
    early = pd.DataFrame({"start": [df["period"].iloc[3]], "end": [df["period"].iloc[8]]})
    sc = res.score(early, max_delay=10)
    assert sc["window_days"].iloc[0] == 0 and sc["chance_detection"].iloc[0] == 0
    assert not sc["detected"].iloc[0]


def test_weekday_comes_from_the_period_and_duplicated_columns_are_refused():
    df = _two_series()
    ref = early_warning(df, by="g", window=14).table
    # a damaged or differently coded weekday column is not read (it once raised a raw
    # "invalid literal for int()" error)
    for bad in ("2025-02-30", 9):
        out = early_warning(df.assign(weekday=bad), by="g", window=14).table
        pd.testing.assert_frame_equal(out, ref)
    assert (ref["weekday"] == ref["period"].dt.day_of_week).all()
    two_n = pd.concat([df, df[["n"]]], axis=1)
    with pytest.raises(ValueError, match="two or more columns named 'n'"):
        early_warning(two_n, by="g", window=14)


def test_score_and_period_errors_name_the_problem(shipped, default_result):
    daily, incidents = shipped
    with pytest.raises(ValueError, match=r"period column 'period' is empty in 1 of .* "
                                         r"\(row 5\)"):
        early_warning(daily.assign(period=daily["period"].where(daily.index != 5)),
                      by="category")
    for bad in (0, -3, 1.5, True):
        with pytest.raises(ValueError, match="max_delay must be a whole number >= 1"):
            score(default_result, incidents, max_delay=bad)
    with pytest.raises(ValueError, match="guard must be a whole number >= 0"):
        score(default_result, incidents, guard=-1)
    with pytest.raises(ValueError, match="'start' of incidents must hold dates: .*2025-02-30"):
        score(default_result, incidents.assign(start="2025-02-30"))
    with pytest.raises(ValueError, match=r"'end' of incidents has no date in row\(s\) \[1\]"):
        score(default_result, incidents.assign(end=[incidents["end"].iloc[0], pd.NaT]))
    # text dates and zoned dates are read as the local day
    text = incidents.assign(start=incidents["start"].dt.strftime("%Y-%m-%d"))
    pd.testing.assert_frame_equal(score(default_result, text),
                                  score(default_result, incidents), check_dtype=False)
    zoned = incidents.assign(start=incidents["start"].dt.tz_localize("Asia/Shanghai"),
                             end=incidents["end"].dt.tz_localize("Asia/Shanghai"))
    pd.testing.assert_frame_equal(score(default_result, zoned),
                                  score(default_result, incidents), check_dtype=False)


def test_a_world_without_incidents_is_scored_every_monitored_day_quiet(shipped, default_result):
    """No incident is a valid truth: every flag is a false alarm, and there is nothing to score."""
    none = shipped[1].iloc[0:0]
    fa = false_alarms(default_result, none)
    t = default_result.table
    monitored = t[t["baseline"].notna()]
    expected = monitored.groupby("category", observed=True)["flag"].agg(["size", "sum"])
    got = fa.set_index("category")
    assert got["days"].to_dict() == expected["size"].to_dict()
    assert got["false_alarms"].to_dict() == expected["sum"].astype(int).to_dict()
    sc = default_result.score(none)
    assert sc.empty and "chance_detection" in sc.columns
    with pytest.raises(KeyError, match="start"):
        false_alarms(default_result, pd.DataFrame({"end": []}))


# --------------------------------------------------------------------------- a Chinese world
def test_early_warning_speaks_chinese_in_a_chinese_world():
    w = ck.load_dataset("ecommerce_zh")
    daily = ck.complaint_counts(w.complaints, freq="D", by="category")
    res = early_warning(daily, by="category")
    text = res.summary()
    assert text.startswith("累积和控制图（k=0.5, h=5；56 天的同星期几基线）：")
    assert "最多的是" in text and "cusum" not in text
    top = res.flags["category"].value_counts().index[0]
    # categories by their labels, never their codes
    assert ck.locale.labels("zh_CN")["category"][top] in text
    assert not any(code in text for code in daily["category"].cat.categories)
    assert res.notes[0].endswith("（392）") and "基线预热期" in res.notes[0]
    ax = res.plot(incidents=w.truth.incidents)
    assert ax.get_xlabel() == "日" and ax.get_ylabel() == "每日投诉数"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "预警（累积和控制图）" in legend and "基线" in legend
    assert any(t.startswith("事件：") and "_" not in t for t in legend)
    with pytest.raises(ValueError, match="用同星期几的基线时 window 须为 7 天的倍数，而不是 10"):
        early_warning(daily, by="category", window=10)
    with pytest.raises(ValueError, match="counts 中同一时段出现了两次|一张表里有多个序列"):
        early_warning(daily)                         # forgot by=


def test_plot_shades_only_the_incidents_of_the_group_drawn():
    """Issue 13 item 8: the delivery chart shaded the battery batch (a product-quality
    incident) too. Each group's chart now shades the incidents that show in it."""
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    w = ck.load_dataset("ecommerce_en")
    res = ck.early_warning(ck.complaint_counts(w.complaints, freq="D", by="category"),
                           by="category")
    inc = w.truth.incidents
    try:
        for group, kind in [("delivery", "courier_disruption"), ("product_quality", "bad_batch")]:
            ax = res.plot(group=group, incidents=inc)
            spans = [h for h in ax.patches]
            assert len(spans) == 1, (group, len(spans))
            start = inc.set_index("kind").loc[kind, "start"]
            x0 = matplotlib.dates.num2date(spans[0].get_x()).replace(tzinfo=None)
            assert abs((x0 - start.to_pydatetime()).days) <= 1
        # an incident of unknown kind is shaded on every chart
        other = inc.assign(kind=["unknown", "bad_batch"], incident=["x", "battery_batch"])
        assert len(res.plot(group="delivery", incidents=other).patches) == 1
    finally:
        plt.close("all")
