"""Service KPIs, checked against numbers worked out by hand or with plain pandas.

Expected values are written out (textbook tables, closed-form formulas, hand counts) or
recomputed independently (exact binomial sums with Fractions, pandas filters); none is copied
from kpis()'s own output.
"""

import matplotlib

matplotlib.use("Agg")

import inspect  # noqa: E402
import math  # noqa: E402
from fractions import Fraction  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit.analysis.kpis import KPI_LABELS, KPIS, KpiResult, kpis  # noqa: E402

Z95 = 1.959963984540054  # the standard normal's 97.5% point
SURVEY_KPIS = ["survey_response_rate", "csat_mean", "csat_top2_share", "nps"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def eworld():
    return ck.load_dataset("ecommerce_en")


@pytest.fixture(scope="module")
def frame(eworld):
    return ck.complaint_frame(eworld.complaints, eworld.surveys)


def _frame(n: int, **cols) -> pd.DataFrame:
    """A minimal complaint frame of n rows: every complaint answered fast, resolved at once."""
    base = {"hours_to_first_response": np.ones(n), "hours_to_resolution": np.ones(n),
            "resolved": np.ones(n, bool), "first_contact_resolution": np.ones(n, bool),
            "sla_met": np.ones(n, bool), "reopened": np.zeros(n, bool),
            "escalated": np.zeros(n, bool)}
    base.update(cols)
    return pd.DataFrame(base)


def _hand() -> pd.DataFrame:
    """10 complaints whose every KPI is worked out in test_every_kpi_on_a_hand_made_frame."""
    nan = np.nan
    return pd.DataFrame({
        # sorted: 0.5 1 2 3 4 5 6 8 10 20 (rows scrambled)
        "hours_to_first_response": [5, 20, 0.5, 3, 10, 1, 8, 4, 2, 6],
        "hours_to_resolution": [2, 4, 6, 8, 10, 12, 14, 16, nan, nan],
        "resolved": [True] * 8 + [False] * 2,
        "first_contact_resolution": [True] * 6 + [False] * 4,
        "sla_met": [True] * 9 + [False],
        "reopened": [True, False, False, True] + [False] * 6,
        "escalated": [False] * 9 + [True],
        "responded": [True, True, True, True, False, False, False, False, True, False],
        "csat_score": [5, 4, 2, 5, nan, nan, nan, nan, 3, nan],
        "nps": [10, 9, 3, 7, nan, nan, nan, nan, 6, nan],
    })


def _row(res: KpiResult, kpi: str, **group) -> pd.Series:
    t = res.table[res.table["kpi"] == kpi]
    for col, value in group.items():
        t = t[t[col] == value]
    assert len(t) == 1, (kpi, group, len(t))
    return t.iloc[0]


def _wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval, written out (Wilson 1927; Agresti & Coull 1998, eq. 2)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


# --------------------------------------------------------------------------- intervals
def test_wilson_interval_matches_the_formula_and_textbook_values():
    # 8 of 10 resolved, 0 of 20 escalated
    res = kpis(_frame(10, resolved=[True] * 8 + [False] * 2))
    r = _row(res, "resolution_rate")
    assert r["n"] == 10 and r["value"] == pytest.approx(0.8)
    assert (r["ci_lower"], r["ci_upper"]) == pytest.approx(_wilson(8, 10), abs=1e-9)
    assert (r["ci_lower"], r["ci_upper"]) == pytest.approx((0.4902, 0.9433), abs=5e-5)
    e = _row(kpis(_frame(20)), "escalation_rate")
    assert e["value"] == 0 and e["n"] == 20
    assert (e["ci_lower"], e["ci_upper"]) == pytest.approx(_wilson(0, 20), abs=1e-9)
    assert (e["ci_lower"], e["ci_upper"]) == pytest.approx((0.0, 0.1611), abs=5e-5)


def test_wilson_coverage_by_simulation():
    # 2,000 samples of 50 complaints with a true FCR of 0.7, as 2,000 groups of one call
    rng = np.random.default_rng(1)
    draws, n, p = 2000, 50, 0.7
    fcr = rng.random(draws * n) < p
    df = _frame(draws * n, first_contact_resolution=fcr, draw=np.repeat(np.arange(draws), n))
    t = kpis(df, by="draw").table
    t = t[t["kpi"] == "first_contact_resolution_rate"]
    assert len(t) == draws and (t["n"] == n).all()
    assert np.allclose(t["value"], fcr.reshape(draws, n).mean(axis=1))
    coverage = ((t["ci_lower"] <= p) & (p <= t["ci_upper"])).mean()
    assert 0.93 <= coverage <= 0.97


def test_median_interval_is_the_table_value_for_n20():
    # Conover (1999), table A3 / any nonparametric text: n = 20, 95% -> [x(6), x(15)]
    rng = np.random.default_rng(3)
    x = rng.permutation(np.arange(1.0, 21.0)) * 1.5
    r = _row(kpis(_frame(20, hours_to_first_response=x)), "first_response_median_hours")
    assert r["value"] == pytest.approx(10.5 * 1.5)
    assert (r["ci_lower"], r["ci_upper"]) == (6 * 1.5, 15 * 1.5)


def _binom_cdf(k: int, n: int, q: Fraction) -> Fraction:
    return sum((math.comb(n, i) * q**i * (1 - q) ** (n - i) for i in range(k + 1)),
               Fraction(0))


@pytest.mark.parametrize("q, kpi", [(Fraction(1, 2), "first_response_median_hours"),
                                    (Fraction(9, 10), "first_response_p90_hours")])
def test_quantile_interval_against_brute_force_coverage(q, kpi):
    """For each small n, search every pair of order statistics (r, s): the interval must be
    the narrowest with each tail's miss probability at most 2.5%, and cover >= 95%."""
    alpha_half = Fraction(1, 40)
    sizes = range(1, 41)
    df = pd.concat([_frame(n, hours_to_first_response=np.arange(1.0, n + 1), size=n)
                    for n in sizes], ignore_index=True)
    t = kpis(df, by="size").table
    for n in sizes:
        r = _row_t(t, kpi, n)
        cdf = [_binom_cdf(k, n, q) for k in range(n + 1)]
        # r = 0 / s = n + 1 stand for "no order statistic": an open bound
        below = [Fraction(0)] + cdf[:n]  # below[r] = P(B < r), r = 0..n
        above = [1 - c for c in cdf[:n]] + [Fraction(0)]  # above[s - 1] = P(B >= s), s = 1..n+1
        ok_r = [r_ for r_ in range(0, n + 1) if below[r_] <= alpha_half]
        ok_s = [s_ for s_ in range(1, n + 2) if above[s_ - 1] <= alpha_half]
        best_r, best_s = max(ok_r), min(ok_s)
        assert 1 - below[best_r] - above[best_s - 1] >= Fraction(95, 100)
        want_lo = float(best_r) if best_r >= 1 else np.nan
        want_hi = float(best_s) if best_s <= n else np.nan
        np.testing.assert_equal((r["ci_lower"], r["ci_upper"]), (want_lo, want_hi),
                                err_msg=f"n={n}")
        assert r["value"] == pytest.approx(np.quantile(np.arange(1.0, n + 1), float(q)))


def _row_t(t: pd.DataFrame, kpi: str, size: int) -> pd.Series:
    rows = t[(t["kpi"] == kpi) & (t["size"] == size)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_nps_on_a_hand_made_vector():
    # promoters 10 9 9 10 10 (5), passives 8 7 (2), detractors 6 0 3 (3) -> 50% - 30% = 20
    scores = [10, 9, 9, 8, 7, 6, 0, 10, 3, 10]
    r = _row(kpis(_frame(10, responded=True, csat_score=4.0, nps=scores)), "nps")
    assert r["value"] == pytest.approx(20.0) and r["n"] == 10
    se = math.sqrt((0.5 + 0.3 - 0.2**2) / 10)
    assert r["ci_lower"] == pytest.approx(20 - 100 * Z95 * se)
    assert r["ci_upper"] == pytest.approx(20 + 100 * Z95 * se)
    assert r["ci_lower"] == pytest.approx(-34.03, abs=0.01)


# --------------------------------------------------------------------------- every KPI
def test_every_kpi_on_a_hand_made_frame():
    res = kpis(_hand())
    t = res.table.set_index("kpi")
    assert list(t.index) == list(KPIS)
    assert list(res.table.columns) == ["kpi", "value", "ci_lower", "ci_upper", "n", "unit"]
    nan = np.nan
    wa, wb = _wilson(8, 10)
    # kpi: value, ci_lower, ci_upper, n, unit
    want = {
        "complaints": (10, nan, nan, 10, "complaints"),
        # sorted 0.5 1 2 3 4 5 6 8 10 20: median (4+5)/2; n=10 table CI [x(2), x(9)]
        "first_response_median_hours": (4.5, 1, 10, 10, "hours"),
        # p90: x(9) + 0.1 (x(10) - x(9)) = 11; lower x(7) since P(B <= 6) = 0.0128 < 0.025
        # <= P(B <= 7) = 0.0702 for B ~ Bin(10, 0.9); no x(11) for the upper bound
        "first_response_p90_hours": (11, 6, nan, 10, "hours"),
        # resolved only: 2 4 ... 16, median 9; n=8 table CI [x(1), x(8)]
        "resolution_median_hours": (9, 2, 16, 8, "hours"),
        "resolution_rate": (0.8, wa, wb, 10, "share"),
        "first_contact_resolution_rate": (0.6, *_wilson(6, 10), 10, "share"),
        "sla_met_rate": (0.9, *_wilson(9, 10), 10, "share"),
        "reopen_rate": (0.25, *_wilson(2, 8), 8, "share"),  # of the 8 resolved
        "escalation_rate": (0.1, *_wilson(1, 10), 10, "share"),
        "survey_response_rate": (0.5, *_wilson(5, 10), 10, "share"),
        # 5 4 2 5 3: mean 3.8, sd sqrt(6.8 / 4); t(4) 97.5% point = 2.776445
        "csat_mean": (3.8, 3.8 - 2.776445 * math.sqrt(1.7 / 5),
                      3.8 + 2.776445 * math.sqrt(1.7 / 5), 5, "score 1-5"),
        "csat_top2_share": (0.6, *_wilson(3, 5), 5, "share"),
        # 10 9 | 7 | 3 6: 40% - 40% = 0; se = sqrt(0.8 / 5) = 0.4
        "nps": (0, -100 * Z95 * 0.4, 100 * Z95 * 0.4, 5, "points"),
    }
    for kpi, (value, lo, hi, n, unit) in want.items():
        got = t.loc[kpi]
        np.testing.assert_allclose([got["value"], got["ci_lower"], got["ci_upper"]],
                                   [value, lo, hi], rtol=1e-6, atol=1e-9, err_msg=kpi)
        assert got["n"] == n and got["unit"] == unit, kpi
    assert t["n"].dtype == np.int64


def test_missing_values_are_counted_not_hidden():
    df = _hand()
    df.loc[[0, 1], "hours_to_first_response"] = np.nan
    df["sla_met"] = df["sla_met"].astype("boolean")
    df.loc[2, "sla_met"] = pd.NA
    res = kpis(df)
    assert _row(res, "first_response_median_hours")["n"] == 8
    # the 8 left: 0.5 3 10 1 8 4 2 6 -> median (3 + 4) / 2
    assert _row(res, "first_response_median_hours")["value"] == pytest.approx(3.5)
    sla = _row(res, "sla_met_rate")
    assert sla["n"] == 9 and sla["value"] == pytest.approx(8 / 9)
    text = " ".join(res.notes)
    assert "hours_to_first_response is missing for 2 of 10" in text
    assert "sla_met is missing for 1 of 10" in text
    assert "resolution_median_hours is over the 8 resolved" in text
    assert "csat: 5 of 10 complaints answered the survey (50%)" in text


def test_survey_response_rate_over_surveys_sent():
    df = _hand().assign(survey_id=["s1", "s2", "s3", "s4", "s5", None, None, "s8", "s9", "s10"])
    r = _row(kpis(df), "survey_response_rate")
    assert r["n"] == 8 and r["value"] == pytest.approx(5 / 8)


# --------------------------------------------------------------------------- grouping
def test_by_and_freq_equal_filtering_and_computing_again(frame):
    res = kpis(frame, by="channel", freq="M")
    cols = ["value", "ci_lower", "ci_upper", "n"]
    for channel, month in [("email", "2025-03"), ("marketplace_review", "2025-11"),
                           ("phone", "2025-12")]:
        start = pd.Timestamp(month + "-01")
        rows = frame[(frame["channel"] == channel) & (frame["received_at"] >= start)
                     & (frame["received_at"] < start + pd.offsets.MonthBegin(1))]
        alone = kpis(rows).table.set_index("kpi")[cols]
        part = res.table[(res.table["channel"] == channel) & (res.table["period"] == start)]
        np.testing.assert_allclose(part.set_index("kpi")[cols].loc[alone.index].to_numpy(float),
                                   alone.to_numpy(float), rtol=1e-12, err_msg=channel)
        assert alone.loc["complaints", "n"] == len(rows)
    # every complaint is in exactly one group
    assert res.table.loc[res.table["kpi"] == "complaints", "n"].sum() == len(frame)


def test_weeks_are_iso_weeks(frame):
    res = kpis(frame, freq="W")
    wk = ck.in_period(frame, "2025-W10")
    r = _row(res, "sla_met_rate", period=pd.Timestamp("2025-03-03"))  # Monday of ISO week 10
    assert r["n"] == len(wk) and r["value"] == pytest.approx(wk["sla_met"].mean())


def test_several_by_columns_and_quarters(frame):
    res = kpis(frame, by=["priority", "channel"], freq="Q")
    assert list(res.table.columns[:3]) == ["priority", "channel", "period"]
    assert sorted(res.table["period"].unique()) == list(pd.date_range("2025-01-01",
                                                                     periods=4, freq="QS"))
    r = _row(res, "escalation_rate", priority="high", channel="app",
             period=pd.Timestamp("2025-07-01"))
    sub = frame[(frame["priority"] == "high") & (frame["channel"] == "app")
                & (frame["received_at"].dt.quarter == 3)]
    assert r["n"] == len(sub) and r["value"] == pytest.approx(sub["escalated"].mean())


def test_empty_groups_are_absent_and_missing_groups_kept(frame):
    no_email = frame[frame["channel"] != "email"]
    assert "email" in no_email["channel"].cat.categories
    res = kpis(no_email, by="channel")
    assert "email" not in set(res.table["channel"].astype(str))
    assert res.table["channel"].nunique() == 5
    df = _hand().assign(team=["a"] * 4 + [None] * 2 + ["b"] * 4)
    res = kpis(df, by="team")
    counts = res.table[res.table["kpi"] == "complaints"]
    assert counts["n"].tolist() == [4, 4, 2]  # a, b, then the missing team
    assert counts["team"].isna().tolist() == [False, False, True]
    assert any("team is missing for 2 complaints" in n for n in res.notes)


def test_wide_has_one_column_per_kpi(frame):
    res = kpis(frame, by="channel", freq="M")
    w = res.wide()
    assert list(w.columns) == ["channel", "period", *KPIS]
    assert len(w) == 72
    r = w[(w["channel"] == "app") & (w["period"] == pd.Timestamp("2025-06-01"))].iloc[0]
    sub = frame[(frame["channel"] == "app") & (frame["received_at"].dt.month == 6)]
    assert r["complaints"] == len(sub)
    assert r["first_contact_resolution_rate"] == pytest.approx(
        sub["first_contact_resolution"].mean())
    one = kpis(_hand()).wide()
    assert one.shape == (1, len(KPIS)) and one.loc[0, "csat_mean"] == pytest.approx(3.8)


def test_columns_mapping_for_real_data():
    df = _hand().rename(columns={"hours_to_first_response": "frt_h", "csat_score": "sat"})
    res = kpis(df, columns={"hours_to_first_response": "frt_h", "csat_score": "sat"})
    assert _row(res, "first_response_median_hours")["value"] == pytest.approx(4.5)
    assert _row(res, "csat_mean")["value"] == pytest.approx(3.8)


def test_without_surveys_the_survey_kpis_are_absent_with_a_note(eworld):
    res = kpis(ck.complaint_frame(eworld.complaints))
    assert not set(SURVEY_KPIS) & set(res.table["kpi"])
    assert any("not reported" in n and "complaint_frame(complaints, surveys)" in n
               for n in res.notes)
    assert "CSAT" not in res.summary()


# --------------------------------------------------------------------------- the row ledger
def test_ledger_line_first_and_every_complaint_used():
    # 10 complaints, 2 without a team: kpis keeps them as a group of their own, so every
    # complaint is used; each KPI's own n says what it left out, after the ledger's line
    df = _hand().assign(team=["a"] * 4 + [None] * 2 + ["b"] * 4)
    df.loc[[0, 1], "hours_to_first_response"] = np.nan
    res = kpis(df, by="team")
    assert res.notes[0] == res.ledger.note() == "all 10 complaints used"
    assert (res.ledger.total, res.ledger.used) == (10, 10)
    counts = res.table.loc[res.table["kpi"] == "complaints", "n"]
    assert counts.sum() == res.ledger.used  # 4 + 4 + 2, every complaint in one group
    rest = res.notes[1:]
    assert "team is missing for 2 complaints" in rest[0]
    assert any("hours_to_first_response is missing for 2 of 10" in n for n in rest)
    assert sum("used" in n for n in res.notes) == 1


def test_ledger_on_the_workshop_data_with_a_missing_time(frame):
    hand = int(frame["complaint_id"].nunique())  # one row per complaint
    res = kpis(frame)
    assert res.notes[0] == f"all {hand:,} complaints used"
    # a complaint without a received_at is kept as a period of its own, not dropped
    df = frame.copy()
    df.loc[df.index[:3], "received_at"] = pd.NaT
    res = kpis(df, freq="M")
    assert res.notes[0] == f"all {hand:,} complaints used"
    assert "received_at is missing for 3 complaints" in res.notes[1]
    assert res.table.loc[res.table["kpi"] == "complaints", "n"].sum() == hand


# --------------------------------------------------------------------------- the workshop data
def test_ecommerce_kpis_recover_the_scenario(frame):
    res = kpis(frame)
    sc = ck.get_scenario("ecommerce")
    fcr = _row(res, "first_contact_resolution_rate")
    share = frame["first_contact_resolution"].sum() / len(frame)
    assert fcr["ci_lower"] <= share <= fcr["ci_upper"]
    assert fcr["n"] == len(frame)
    assert abs(fcr["value"] - sc.handling.fcr_rate) < 0.03
    rr = _row(res, "survey_response_rate")
    assert abs(rr["value"] - sc.satisfaction.response_rate) < 0.05
    answered = frame["csat_score"].notna()
    csat = _row(res, "csat_mean")
    assert csat["n"] == answered.sum()
    assert csat["value"] == pytest.approx(frame.loc[answered, "csat_score"].mean())
    assert _row(res, "first_response_median_hours")["value"] == pytest.approx(
        frame["hours_to_first_response"].median())
    assert _row(res, "resolution_median_hours")["value"] == pytest.approx(
        frame.loc[frame["resolved"], "hours_to_resolution"].median())
    assert f"{len(frame):,} complaints" in res.summary()
    assert any(n.startswith(f"csat: {answered.sum():,} of {len(frame):,} complaints answered")
               and "non-response is not random" in n for n in res.notes)


# --------------------------------------------------------------------------- errors
def test_errors_name_the_fix(eworld, frame):
    # the raw complaints table has the flags but not the hours: those KPIs are not reported,
    # with one note naming the column each lacks; asking for one of them is an error
    res = kpis(eworld.complaints)
    assert "first_response_median_hours" not in set(res.table["kpi"])
    assert _row(res, "escalation_rate")["n"] == len(eworld.complaints)
    [absent] = [n for n in res.notes if "not reported" in n]
    assert ("first_response_median_hours, first_response_p90_hours (no "
            "hours_to_first_response column)") in absent
    assert "complaint_frame(complaints, surveys)" in absent
    with pytest.raises(KeyError, match=r"first_response_median_hours needs the column "
                                       r"'hours_to_first_response', which is not in data"):
        kpis(eworld.complaints, kpis=["first_response_median_hours"])
    with pytest.raises(TypeError, match="not a whole World"):
        kpis(eworld)
    with pytest.raises(KeyError, match="did you mean 'channel'"):
        kpis(frame, by="chanel")
    with pytest.raises(ValueError, match="freq must be one of 'D', 'W', 'M', 'Q'"):
        kpis(frame, freq="month")
    with pytest.raises(ValueError, match="empty"):
        kpis(frame.iloc[:0])
    with pytest.raises(ValueError, match="confidence must be"):
        kpis(frame, confidence=95)
    with pytest.raises(ValueError, match="columns keys must be one of"):
        kpis(frame, columns={"frt": "hours_to_first_response"})
    with pytest.raises(KeyError, match="'frt_h' is not in data"):
        kpis(frame, columns={"hours_to_first_response": "frt_h"})
    with pytest.raises(ValueError, match="csat_score must lie between 1 and 5"):
        kpis(_hand().assign(csat_score=7.0))
    with pytest.raises(ValueError, match="column 'sla_met': 'maybe' is not yes, no or N/A"):
        kpis(_hand().assign(sla_met="maybe"))
    with pytest.raises(TypeError, match="must hold dates and times"):
        kpis(_hand().assign(received_at="2025-01-01"), freq="M")
    with pytest.raises(ValueError, match="clashes"):
        kpis(_hand().assign(n=1), by="n")


# --------------------------------------------------------------------------- dashboard
def test_dashboard_has_one_titled_panel_per_kpi(frame):
    res = kpis(frame)
    axes = res.plot()
    assert len(axes) == len(KPIS)
    assert [a.get_title() for a in axes] == [KPI_LABELS[k] for k in KPIS]
    assert all(a.get_title() and a.get_xlabel() for a in axes)
    assert len(axes[0].figure.axes) == len(KPIS)  # the spare grid cells are removed
    fcr = axes[list(KPIS).index("first_contact_resolution_rate")]
    assert fcr.lines[0].get_xdata()[0] == pytest.approx(
        100 * frame["first_contact_resolution"].mean())


def test_dashboard_over_months_has_twelve_points(frame):
    res = kpis(frame, freq="M")
    axes = res.plot(kpis=["complaints", "sla_met_rate", "nps"])
    assert [a.get_title() for a in axes] == [KPI_LABELS[k] for k in
                                             ["complaints", "sla_met_rate", "nps"]]
    months = pd.date_range("2025-01-01", periods=12, freq="MS")
    for a in axes:
        assert len(a.lines) == 1
        assert list(pd.to_datetime(a.lines[0].get_xdata())) == list(months)
        assert a.get_xlabel() == "month" and a.get_ylabel()
    counts = axes[0].lines[0].get_ydata()
    assert list(counts) == frame.groupby(frame["received_at"].dt.month).size().tolist()
    assert len(axes[1].collections) == 1  # the interval band


def test_dashboard_by_group(frame):
    res = kpis(frame, by="channel")
    axes = res.plot(kpis=["csat_mean", "escalation_rate"])
    names = [t.get_text() for t in axes[0].get_yticklabels()]
    assert sorted(names) == sorted(frame["channel"].cat.categories)
    assert axes[0].get_ylabel() == "channel"
    both = kpis(frame, by="channel", freq="M").plot(kpis=["csat_mean"])
    assert len(both[0].lines) == 6
    assert len(both[0].figure.legends[0].get_texts()) == 6


def test_dashboard_into_given_axes(frame):
    res = kpis(frame)
    fig, grid = plt.subplots(1, 2)
    axes = res.plot(kpis=["nps", "csat_mean"], ax=grid)
    assert list(axes) == list(grid)
    with pytest.raises(ValueError, match="ax has 2 axes but 3 KPIs"):
        res.plot(kpis=["nps", "csat_mean", "complaints"], ax=grid)
    with pytest.raises(ValueError, match="kpis must be among"):
        res.plot(kpis=["speed"])


def test_many_groups_are_drawn_as_the_largest_and_other():
    # 11 groups over two months: the 9 largest get a line each, the last 2 one line "other"
    # whose KPIs are computed again over their pooled complaints (never averaged)
    many = _hand().assign(g=list("abcdefghij"), received_at=pd.Timestamp("2025-01-01"))
    many = pd.concat([many, many.assign(g="z"),
                      many.assign(g="z", received_at=pd.Timestamp("2025-02-01"))],
                     ignore_index=True)
    axes = kpis(many, by="g", freq="M").plot(kpis=["complaints", "sla_met_rate"])
    legend = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert legend == ["z", *"abcdefgh", "other (2 groups)"]
    assert "2 smaller groups of 11" in axes[0].figure.get_suptitle()
    other = [ln for ln in axes[1].lines if ln.get_label() == "other (2 groups)"][0]
    # rows i and j of _hand: sla_met True and False -> 50 %
    assert list(other.get_ydata()) == [50.0]
    counts = [ln for ln in axes[0].lines if ln.get_label() == "other (2 groups)"][0]
    assert list(counts.get_ydata()) == [2.0]
    # dots: more than 20 groups fold the same way
    wide = pd.concat([_hand().assign(g=f"g{i:02d}") for i in range(25)], ignore_index=True)
    ax = kpis(wide, by="g").plot(kpis="sla_met_rate")[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == 20 and names[-1] == "other (6 groups)"
    assert ax.lines[0].get_xdata()[-1] == pytest.approx(90.0)  # 9 of 10 in every group


def test_plot_takes_ax_first_and_kpis_by_keyword():
    params = inspect.signature(KpiResult.plot).parameters
    assert list(params)[:3] == ["self", "ax", "kpis"]
    assert params["kpis"].kind is inspect.Parameter.KEYWORD_ONLY
    res = kpis(_hand().assign(team=["a"] * 5 + ["b"] * 5), by="team")
    fig, grid = plt.subplots(1, 2)
    axes = res.plot(grid, kpis=["nps", "csat_mean"])  # an array of Axes, positionally
    assert list(axes) == list(grid)
    assert [a.get_title() for a in grid] == [KPI_LABELS["nps"], KPI_LABELS["csat_mean"]]


def test_plot_on_one_axes_draws_one_panel():
    res = kpis(_hand().assign(team=["a"] * 5 + ["b"] * 5), by="team")
    fig, ax = plt.subplots()
    out = res.plot(ax)  # the dashboard's first panel: complaints
    assert list(out) == [ax] and ax.get_title() == KPI_LABELS["complaints"]
    assert sorted(ax.lines[0].get_xdata()) == [5, 5]
    fig, ax = plt.subplots()
    assert res.plot(ax, kpis="csat_mean")[0] is ax and ax.get_title() == KPI_LABELS["csat_mean"]
    with pytest.raises(ValueError, match="ax has 1 axes but 2 KPIs"):
        res.plot(ax, kpis=["nps", "csat_mean"])


def test_plot_with_the_kpis_first_still_works_with_a_warning():
    res = kpis(_hand())
    with pytest.warns(DeprecationWarning, match="first argument of plot is ax"):
        axes = res.plot(["nps", "csat_mean"])
    assert [a.get_title() for a in axes] == [KPI_LABELS["nps"], KPI_LABELS["csat_mean"]]
    with pytest.warns(DeprecationWarning):
        assert res.plot("nps")[0].get_title() == KPI_LABELS["nps"]
    with pytest.raises(TypeError, match="got kpis twice"):
        res.plot(["nps"], kpis=["csat_mean"])


# --------------------------------------------------------------------------- complaint_frame
def test_complaint_frame_names_a_missing_join_key(eworld):
    f = ck.complaint_frame(eworld.complaints, eworld.surveys)
    assert len(f) == len(eworld.complaints) and f["complaint_id"].is_unique
    answered = eworld.surveys["csat"].notna().sum()
    assert f["csat_score"].notna().sum() == answered
    with pytest.raises(KeyError, match="column 'agent_id' is not in agents"):
        ck.complaint_frame(eworld.complaints, agents=eworld.agents.drop(columns="agent_id"))
    with pytest.raises(ValueError, match="more than one row for complaint"):
        ck.complaint_frame(eworld.complaints, pd.concat([eworld.surveys, eworld.surveys]))


# --------------------------------------------------------------------------- shares and durations
def _source() -> pd.DataFrame:
    """A CFPB-like export: two flags as text, received and closed dates, no kit columns."""
    return pd.DataFrame({
        "complaint_id": [f"C{i}" for i in range(8)],
        "received_at": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-10",
                                       "2024-02-01", "2024-02-03", "2024-02-05", "2024-02-07"]),
        "closed_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-03", None,
                                     "2024-02-11", "2024-02-01", "2024-02-06", "2024-02-08"]),
        "timely_response": ["Yes", "Yes", "No", "Yes", "yes", "No", "Yes", "Yes"],
        "disputed": ["No", "Yes", "N/A", "N/A", None, "No", "no", "Yes"],
        "company": ["a", "a", "a", "b", "b", "b", "b", "b"],
    })


def test_shares_of_a_source_own_flags_with_na_and_empty_apart():
    res = kpis(_source(), shares=["timely_response", "disputed"])
    assert list(res.table["kpi"]) == ["complaints", "timely_response_share", "disputed_share"]
    t = _row(res, "timely_response_share")
    assert (t["value"], t["n"], t["unit"]) == (pytest.approx(6 / 8), 8, "share")
    d = _row(res, "disputed_share")  # yes: 2, no: 3, n/a: 2, empty: 1
    assert (d["value"], d["n"]) == (pytest.approx(2 / 5), 5)
    # the Wilson score interval, written out (Newcombe 1998, method 3)
    k, n, z = 2, 5, Z95
    centre = (k + z * z / 2) / (n + z * z)
    half = z / (n + z * z) * math.sqrt(k * (n - k) / n + z * z / 4)
    assert (d["ci_lower"], d["ci_upper"]) == (pytest.approx(centre - half, rel=1e-9),
                                              pytest.approx(centre + half, rel=1e-9))
    assert ("disputed is missing for 3 of 8 complaints (2 n/a, 1 empty): disputed_share is "
            "over the 5 that have it") in res.notes
    absent = [n for n in res.notes if "not reported" in n]
    assert len(absent) == 1 and "escalation_rate (no escalated column)" in absent[0]
    assert "timely_response_share 75.0%" in res.summary()


def test_shares_accept_categorical_and_boolean_flags():
    src = _source()
    src["disputed"] = ck.flags.read_flags(src["disputed"], "disputed")  # yes/no/n/a categorical
    src["timely_response"] = src["timely_response"].str.lower().eq("yes")
    res = kpis(src, shares=["timely_response", "disputed"], kpis=[])
    assert _row(res, "disputed_share")["n"] == 5
    assert _row(res, "timely_response_share")["value"] == pytest.approx(6 / 8)
    with pytest.raises(ValueError, match="column 'company': 'a' is not yes, no or N/A"):
        kpis(src, shares="company")
    with pytest.raises(KeyError, match="column 'disputes' is not in data.*did you mean"):
        kpis(src, shares="disputes")


def test_share_intervals_stay_within_0_and_1_and_cover_the_true_share():
    # every share 0 or 1: the interval still lies within [0, 1] (Wilson, unlike the Wald one)
    edge = pd.DataFrame({"f": ["Yes"] * 3 + ["No"] * 3, "g": ["a"] * 3 + ["b"] * 3})
    t = kpis(edge, shares="f", kpis=[], by="g").table
    assert (t["ci_lower"] >= 0).all() and (t["ci_upper"] <= 1).all()
    assert t["ci_lower"].iloc[0] > 0.4 and t["ci_upper"].iloc[1] < 0.6
    # coverage: 1,000 samples of 40 with a known p, each a group of one kpis() call
    from scipy.stats import binom

    rng = np.random.default_rng(7)
    p, n, reps = 0.15, 40, 1000
    sim = pd.DataFrame({"rep": np.repeat(np.arange(reps), n),
                        "f": rng.random(n * reps) < p})
    t = kpis(sim, by="rep", shares="f", kpis=[]).table
    covered = ((t["ci_lower"] <= p) & (p <= t["ci_upper"])).mean()
    # the exact coverage of these intervals, summed over the binomial outcomes
    ks = np.arange(n + 1)
    one = kpis(pd.DataFrame({"rep": np.repeat(ks, n), "f": np.concatenate(
        [np.arange(n) < k for k in ks])}), by="rep", shares="f", kpis=[]).table
    exact = binom.pmf(ks, n, p)[((one["ci_lower"] <= p) & (p <= one["ci_upper"])).to_numpy()]
    exact = exact.sum()
    assert 0.92 < exact < 0.98
    assert abs(covered - exact) < 4 * math.sqrt(exact * (1 - exact) / reps)


def test_durations_median_and_mean_with_intervals_checked_independently():
    from scipy import stats

    rng = np.random.default_rng(3)
    n = 400
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    days = rng.exponential(4.0, n)
    df = pd.DataFrame({"received_at": start,
                       "closed_at": start + pd.to_timedelta(days * 86400, unit="s")})
    res = kpis(df, durations={"days_to_close": ("received_at", "closed_at")}, kpis=[])
    med, mean = _row(res, "days_to_close_median"), _row(res, "days_to_close_mean")
    assert med["unit"] == mean["unit"] == "days" and med["n"] == n
    assert med["value"] == pytest.approx(np.median(days), rel=1e-6)
    ci = stats.quantile_test(days, q=np.median(days), p=0.5).confidence_interval(0.95)
    assert (med["ci_lower"], med["ci_upper"]) == (pytest.approx(ci.low, rel=1e-6),
                                                  pytest.approx(ci.high, rel=1e-6))
    boot = stats.bootstrap((days,), np.mean, confidence_level=0.95, n_resamples=2000,
                           method="percentile", rng=np.random.default_rng(0))
    assert mean["value"] == pytest.approx(days.mean(), rel=1e-6)
    assert mean["ci_lower"] == pytest.approx(boot.confidence_interval.low, rel=0.03)
    assert mean["ci_upper"] == pytest.approx(boot.confidence_interval.high, rel=0.03)
    hours = kpis(df, durations={"to_close": ("received_at", "closed_at")}, kpis=[])
    assert _row(hours, "to_close_median")["unit"] == "hours"
    assert _row(hours, "to_close_median")["value"] == pytest.approx(24 * med["value"],
                                                                    rel=1e-9)
    explicit = kpis(df, durations={"t": ("received_at", "closed_at", "days")}, kpis=[])
    assert _row(explicit, "t_mean")["value"] == pytest.approx(mean["value"], rel=1e-12)


def test_mean_duration_interval_covers_the_true_mean():
    rng = np.random.default_rng(11)
    reps, n, mu = 600, 60, 2.0
    start = pd.Timestamp("2024-01-01")
    d = rng.exponential(mu, reps * n)
    df = pd.DataFrame({"rep": np.repeat(np.arange(reps), n), "received_at": start,
                       "closed_at": start + pd.to_timedelta(d * 86400, unit="s")})
    t = kpis(df, by="rep", durations={"days": ("received_at", "closed_at")}, kpis=[]).table
    m = t[t["kpi"] == "days_mean"]
    covered = ((m["ci_lower"] <= mu) & (mu <= m["ci_upper"])).mean()
    assert 0.91 < covered < 0.98  # a t interval on skewed data: close to 95 %, a little under
    med = t[t["kpi"] == "days_median"]
    true_median = mu * math.log(2)
    covered = ((med["ci_lower"] <= true_median) & (true_median <= med["ci_upper"])).mean()
    assert covered > 0.93  # distribution-free, at least 95 % by construction


def test_negative_and_open_durations_are_counted_with_their_rows():
    res = kpis(_source(), durations={"days_to_close": ("received_at", "closed_at")},
               by="company")
    notes = " | ".join(res.notes)
    assert ("days_to_close: closed_at is before received_at in 1 of 8 complaints (row 5): "
            "they are left out of days_to_close_median and days_to_close_mean") in notes
    assert "days_to_close: 1 of 8 complaints lack received_at or closed_at" in notes
    a = _row(res, "days_to_close_median", company="a")  # 1, 3, 0 days
    b = _row(res, "days_to_close_mean", company="b")  # 10, 1, 1 days (row 5 negative)
    assert (a["value"], a["n"]) == (1.0, 3)
    assert (b["value"], b["n"]) == (pytest.approx(4.0), 3)


def test_by_and_freq_for_shares_equal_filtering():
    src = pd.concat([_source()] * 3, ignore_index=True).assign(
        complaint_id=lambda d: [f"C{i}" for i in range(len(d))])
    res = kpis(src, by="company", freq="M", shares="timely_response")
    sub = src[(src["company"] == "b") & (src["received_at"].dt.month == 2)]
    r = _row(res, "timely_response_share", company="b", period=pd.Timestamp("2024-02-01"))
    assert r["n"] == len(sub)
    assert r["value"] == pytest.approx(sub["timely_response"].str.lower().eq("yes").mean())


def test_bad_shares_and_durations_are_named():
    src = _source()
    with pytest.raises(TypeError, match="durations must map a name to a pair"):
        kpis(src, durations=[("received_at", "closed_at")])
    with pytest.raises(TypeError, match="durations must map a name to a pair"):
        kpis(src, durations={"d": "received_at"})
    with pytest.raises(ValueError, match="the unit of 'd' must be 'hours' or 'days'"):
        kpis(src, durations={"d": ("received_at", "closed_at", "weeks")})
    with pytest.raises(ValueError, match="'Days to close' must be a snake_case name"):
        kpis(src, durations={"Days to close": ("received_at", "closed_at")})
    with pytest.raises(ValueError, match="runs from 'closed_at' to itself"):
        kpis(src, durations={"d": ("closed_at", "closed_at")})
    with pytest.raises(KeyError, match="column 'closed' is not in data"):
        kpis(src, durations={"d": ("received_at", "closed")})
    with pytest.raises(TypeError, match="must hold dates and times"):
        kpis(src, durations={"d": ("received_at", "company")})
    with pytest.raises(ValueError, match="nothing to report"):
        kpis(src, kpis=[])
    with pytest.raises(ValueError, match="kpis must be among .* shares=\\['timely'\\]"):
        kpis(src, kpis=["timely"])
    with pytest.raises(ValueError, match="names a column twice"):
        kpis(src, shares=["disputed", "disputed"])
    with pytest.raises(ValueError, match="kpis names 'complaints' twice"):
        kpis(src, kpis=["complaints", "complaints"])
    with pytest.raises(TypeError, match="kpis must be a KPI's name or a list of them"):
        kpis(src, kpis=3)


def test_a_mean_duration_interval_stays_at_or_above_0():
    # two durations, 0 and 24 hours: the t interval's lower end would be far below 0
    df = pd.DataFrame({"received_at": pd.to_datetime(["2024-01-01", "2024-01-01"]),
                       "closed_at": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    r = _row(kpis(df, durations={"wait": ("received_at", "closed_at")}, kpis=[]), "wait_mean")
    from scipy import stats

    lo, hi = stats.t.interval(0.95, 1, loc=12.0, scale=stats.sem([0.0, 24.0]))
    assert lo < 0 and r["ci_lower"] == 0.0 and r["ci_upper"] == pytest.approx(hi, rel=1e-12)
