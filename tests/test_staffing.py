"""Triage and staffing (complaintkit/analysis/staffing.py), checked against:

- a published Erlang C example: the pyworkforce README (PyPI, pyworkforce 0.1.0,
  https://pypi.org/project/pyworkforce/0.1.0/): 100 transactions in 30 minutes, AHT 3 min,
  80% within 20 s -> 14 raw positions, 20 with 30% shrinkage, service level
  0.8883500191794669, waiting probability 0.1741319335950498, occupancy 0.7142857;
- the textbook Erlang B value B(10 agents, 10 Erlangs) = 0.2146 (any Erlang B table, e.g.
  the 10-Erlang row of the tables in Cooper, "Introduction to Queueing Theory");
- exact rational arithmetic of the textbook Erlang C sum (Python fractions) for a few rows
  of an Erlang C table, and the Poisson form in log space for loads of thousands;
- Erlang A: an independent numerical solution of the birth-death chain truncated at a long
  queue, with the tagged customer's wait from a matrix exponential; the M/M/infinity special
  case (patience = handling time); and a small discrete-event simulation;
- the world's own queues at the Black Friday peak (direction, not magnitude: the generator's
  handling model is a daily capacity with a backlog, not an Erlang queue).
"""

from __future__ import annotations

import heapq
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import linalg
from scipy.special import gammaln, logsumexp

import complaintkit as ck
from complaintkit.analysis.staffing import (
    MESSAGES,
    agents_needed,
    erlang_b,
    erlang_c,
    queue_metrics,
    sla_targets,
)


# --------------------------------------------------------------------------- Erlang C
def test_published_pyworkforce_example():
    # 100 calls / 30 min = 200 per hour; AHT 3 min; 80% within 20 s; shrinkage 30%
    res = ck.staffing(200, aht="3min", answer_within="20s", target=0.8, interval="hour",
                      shrinkage=0.3)
    row = res.table.iloc[0]
    assert int(row["agents"]) == 14
    assert int(row["scheduled"]) == 20
    assert row["service_level"] == pytest.approx(0.8883500191794669, rel=1e-9)
    assert row["p_wait"] == pytest.approx(0.1741319335950498, rel=1e-9)
    assert row["occupancy"] == pytest.approx(0.7142857142857143, rel=1e-12)


def test_textbook_erlang_b():
    assert erlang_b(10, 10.0) == pytest.approx(0.2146, abs=5e-5)
    assert erlang_b(1, 1.0) == pytest.approx(0.5, rel=1e-12)
    assert erlang_b(2, 1.0) == pytest.approx(0.2, rel=1e-12)


def _erlang_c_exact(n: int, a: Fraction) -> Fraction:
    """The textbook sum, in exact rational arithmetic."""
    top = a ** n / math.factorial(n) * Fraction(n) / (n - a)
    return top / (sum(a ** k / math.factorial(k) for k in range(n)) + top)


# rows of an Erlang C table: (agents, load in Erlangs)
TABLE = [(3, Fraction(2)), (11, Fraction(10)), (12, Fraction(10)), (13, Fraction(10)),
         (14, Fraction(10)), (55, Fraction(48)), (30, Fraction(45, 2)), (120, Fraction(111))]


@pytest.mark.parametrize(("n", "a"), TABLE)
def test_erlang_c_table_exact(n, a):
    assert erlang_c(n, float(a)) == pytest.approx(float(_erlang_c_exact(n, a)), rel=1e-10)


def test_service_level_and_asa_by_hand():
    # SL = 1 - C exp(-(n - a) t / AHT), ASA = C AHT / (n - a): 12 agents, 10 Erlangs
    c = float(_erlang_c_exact(12, Fraction(10)))
    t = queue_metrics(200, "3min", 12, answer_within="20s").iloc[0]
    assert t["service_level"] == pytest.approx(1 - c * math.exp(-2 * 20 / 180), rel=1e-10)
    assert t["mean_wait_hours"] * 3600 == pytest.approx(c * 180 / 2, rel=1e-10)
    assert t["occupancy"] == pytest.approx(10 / 12)


@pytest.mark.parametrize(("n", "a"), [(5000, 4900.0), (2100, 2000.0), (10_000, 9_000.0),
                                      (40, 1.0)])
def test_large_loads_against_poisson_log_space(n, a):
    k = np.arange(n + 1)
    logp = k * np.log(a) - gammaln(k + 1)
    b = math.exp(logp[-1] - logsumexp(logp))
    assert erlang_b(n, a) == pytest.approx(b, rel=1e-9)
    c = n * b / (n - a * (1 - b))
    assert erlang_c(n, a) == pytest.approx(c, rel=1e-9)


def test_thousands_of_erlangs_square_root_staffing():
    # 5,000 Erlangs: agents a little above the load (square-root staffing), found quickly
    n = agents_needed(100_000, "3min", answer_within="20s")
    assert 5000 < n < 5000 + 3 * math.sqrt(5000)
    sl = queue_metrics(100_000, "3min", [n - 1, n], answer_within="20s")["service_level"]
    assert sl.iloc[0] < 0.8 <= sl.iloc[1]


def test_absurd_loads_are_refused_not_looped():
    with pytest.raises(ValueError, match="beyond what the model staffs"):
        agents_needed(1e12, "3min", answer_within="20s")
    with pytest.raises(ValueError, match="beyond what the model staffs"):
        erlang_b(10**9, 1.0)
    s = pd.Series([5.0, 1e15], index=pd.date_range("2025-01-01", periods=2))
    with pytest.raises(ValueError, match="in period 2025-01-02"):
        ck.staffing(s, aht="30min", answer_within="2h")


def test_overloaded_erlang_c_waits_forever():
    t = queue_metrics(200, "3min", [9, 10], answer_within="20s")
    assert (t["p_wait"] == 1).all() and (t["service_level"] == 0).all()
    assert np.isinf(t["mean_wait_hours"]).all()


# --------------------------------------------------------------------------- Erlang A
def _chain(n, lam, mu, theta, t, k_max=400):
    """Birth-death chain truncated at k_max in queue; the tagged arrival's fate from a
    matrix exponential. Returns p_wait, p_abandon, served within t (share of arrivals)."""
    states = n + k_max + 1
    rates = [min(j, n) * mu + max(j - n, 0) * theta for j in range(1, states)]
    logpi = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(rates))])
    pi = np.exp(logpi - logsumexp(logpi))
    p_wait = pi[n:].sum()
    queue = np.arange(states) - n
    p_ab = theta * (pi * np.maximum(queue, 0)).sum() / lam
    # tagged customer with j ahead (0..k_max-1), plus "served" and "abandoned"
    m = k_max + 2
    q = np.zeros((m, m))
    served, gone = k_max, k_max + 1
    for j in range(k_max):
        down = n * mu + j * theta
        q[j, j - 1 if j else served] += down
        q[j, gone] += theta
        q[j, j] -= down + theta
    start = np.zeros(m)
    start[:k_max] = pi[n:n + k_max]
    within = (1 - p_wait) + (start @ linalg.expm(q * t))[served]
    return p_wait, p_ab, within


@pytest.mark.parametrize(("n", "lam", "theta", "t"), [
    (5, 4.0, 0.5, 0.2), (10, 9.5, 2.0, 0.05), (8, 12.0, 1.0, 0.1), (3, 1.0, 0.2, 1.0)])
def test_erlang_a_against_truncated_chain(n, lam, theta, t):
    # units: mu = 1 per hour (aht 1 h), patience 1/theta hours, threshold t hours
    p_wait, p_ab, within = _chain(n, lam, 1.0, theta, t)
    got = queue_metrics(lam, "1h", n, answer_within=pd.Timedelta(hours=t),
                        patience=pd.Timedelta(hours=1 / theta)).iloc[0]
    assert got["p_wait"] == pytest.approx(p_wait, rel=1e-7)
    assert got["p_abandon"] == pytest.approx(p_ab, rel=1e-7)
    assert got["service_level"] == pytest.approx(within, rel=1e-6)
    assert got["mean_wait_hours"] == pytest.approx(p_ab / theta, rel=1e-7)


def test_erlang_a_with_patience_equal_to_handling_is_m_m_infinity():
    # theta = mu: everyone leaves at rate mu, so the number present is Poisson(a)
    from scipy.stats import poisson

    got = queue_metrics(6.0, "1h", 4, answer_within="0s", patience="1h").iloc[0]
    assert got["p_wait"] == pytest.approx(poisson.sf(3, 6.0), rel=1e-9)
    excess = sum((k - 4) * poisson.pmf(k, 6.0) for k in range(5, 200))
    assert got["p_abandon"] == pytest.approx(excess / 6.0, rel=1e-9)


def test_erlang_a_tends_to_erlang_c_with_endless_patience():
    a = queue_metrics(200, "3min", 12, answer_within="20s", patience="10000h").iloc[0]
    c = queue_metrics(200, "3min", 12, answer_within="20s").iloc[0]
    assert a["service_level"] == pytest.approx(c["service_level"], rel=1e-5)
    assert a["p_wait"] == pytest.approx(c["p_wait"], rel=1e-5)


def _simulate(n, lam, mu, theta, t, arrivals, seed):
    """First come, first served M/M/n+M: each arrival takes the earliest free agent if it
    comes before its patience runs out."""
    rng = np.random.default_rng(seed)
    times = np.cumsum(rng.exponential(1 / lam, arrivals))
    service = rng.exponential(1 / mu, arrivals)
    patience = rng.exponential(1 / theta, arrivals)
    free = [0.0] * n
    waited = abandoned = within = 0
    for at, s, p in zip(times, service, patience, strict=True):
        wait = max(0.0, free[0] - at)
        waited += wait > 0
        if wait > p:
            abandoned += 1
            continue
        within += wait <= t
        heapq.heapreplace(free, at + wait + s)
    return waited / arrivals, abandoned / arrivals, within / arrivals


def test_erlang_a_against_simulation():
    n, lam, theta, t, m = 6, 5.5, 0.8, 0.1, 40_000
    sim = _simulate(n, lam, 1.0, theta, t, m, seed=12)
    got = queue_metrics(lam, "1h", n, answer_within="6min", patience="75min").iloc[0]
    for est, exact in zip(sim, (got["p_wait"], got["p_abandon"], got["service_level"]),
                          strict=True):
        se = math.sqrt(exact * (1 - exact) / m) * 4  # autocorrelated: a wide band
        assert abs(est - exact) < 4 * se + 0.005, (est, exact)


def test_erlang_a_needs_fewer_agents_than_erlang_c():
    c = agents_needed(200, "3min", answer_within="20s")
    a = agents_needed(200, "3min", answer_within="20s", patience="2min")
    assert a <= c
    t = queue_metrics(200, "3min", a, answer_within="20s", patience="2min").iloc[0]
    assert t["service_level"] >= 0.8
    assert t["service_level_served"] >= t["service_level"]


@settings(max_examples=25, deadline=None)
@given(rate=st.floats(0.01, 3000), aht_min=st.integers(1, 120), t_min=st.integers(0, 240),
       patience=st.one_of(st.none(), st.integers(1, 600)), target=st.floats(0.05, 0.99))
def test_agents_needed_is_the_fewest(rate, aht_min, t_min, patience, target):
    kw = {"answer_within": f"{t_min}min",
          "patience": None if patience is None else f"{patience}min"}
    n = agents_needed(rate, f"{aht_min}min", target=target, **kw)
    sl = queue_metrics(rate, f"{aht_min}min", [max(n - 1, 0), n], **kw)["service_level"]
    assert 0 <= sl.min() and sl.max() <= 1
    assert sl.iloc[1] >= target - 1e-9
    assert n == 0 or sl.iloc[0] < target + 1e-9


# --------------------------------------------------------------------------- staffing()
@pytest.fixture(scope="module")
def world():
    return ck.load_dataset("ecommerce_en")


def test_staffing_from_counts_and_forecast(world):
    counts = ck.complaint_counts(world.complaints)
    res = ck.staffing(counts, aht="45min", answer_within="2h", hours_per_day=24,
                      shrinkage=0.3)
    t = res.table
    assert len(t) == 365 and res.notes[0] == "all 365 periods used"
    busiest = t.loc[t["demand"].idxmax()]
    assert busiest["agents"] == t["agents"].max()
    assert (t["scheduled"] == np.ceil(t["agents"].astype(float) / 0.7 - 1e-9)).all()
    assert (t["service_level"].dropna() >= 0.8).all()
    fc = ck.forecast(counts, horizon=7, folds=2)
    res = ck.staffing(fc, aht="45min", answer_within="2h", hours_per_day=24)
    t = res.table
    assert {"demand_upper", "agents_upper", "scheduled_upper"} <= set(t.columns)
    assert (t["agents_upper"] >= t["agents"]).all()
    assert "upper bound" in res.summary()
    same = ck.staffing(fc.table, aht="45min", answer_within="2h", hours_per_day=24)
    pd.testing.assert_frame_equal(same.table, t)


def test_staffing_daily_rate_is_spread_over_open_hours():
    day = ck.staffing(80, aht="6min", answer_within="20s", hours_per_day=8).table.iloc[0]
    hour = ck.staffing(10, aht="6min", answer_within="20s", interval="hour").table.iloc[0]
    assert day["agents"] == hour["agents"]
    assert day["agent_hours"] == 8 * day["scheduled"]


def test_staffing_grows_with_demand_and_never_below_load():
    res = ck.staffing(pd.Series([0, 10, 100, 1000, 10_000],
                                index=pd.date_range("2025-01-01", periods=5)),
                      aht="30min", answer_within="1h", hours_per_day=10)
    a = res.table["agents"].astype(int).to_numpy()
    assert (np.diff(a) >= 0).all() and a[0] == 0
    assert (a[1:] > res.table["load"].to_numpy()[1:]).all()
    assert any("no arrivals" in n for n in res.notes)


def test_staffing_plot_and_missing_counts():
    import matplotlib

    matplotlib.use("Agg")
    s = pd.Series([5.0, np.nan, 7.0], index=pd.date_range("2025-11-27", periods=3))
    res = ck.staffing(s, aht="30min", answer_within="2h")
    assert res.notes[0] == "2 of 3 periods used: 1 without a count"
    ax = res.plot()
    assert ax.get_title() and ax.get_ylabel() == "arrivals per period"
    assert len(ax.patches) == 2


BAD = [
    ({"aht": 30}, TypeError, "needs a unit"),
    ({"aht": "soon"}, ValueError, "must be a duration"),
    ({"aht": "-5min"}, ValueError, "longer than 0"),
    ({"aht": "0s"}, ValueError, "longer than 0"),
    ({"answer_within": "-1h"}, ValueError, "0 or longer"),
    ({"answer_within": None}, ValueError, "must be a duration"),
    ({"patience": "0min"}, ValueError, "longer than 0"),
    ({"target": 1.0}, ValueError, "share between 0 and 1"),
    ({"target": True}, ValueError, "share between 0 and 1"),
    ({"target": "80%"}, ValueError, "share between 0 and 1"),
    ({"shrinkage": 1}, ValueError, "share between 0 and 1"),
    ({"max_occupancy": 0}, ValueError, "share between 0 and 1"),
    ({"interval": "week"}, ValueError, "interval must be one of"),
    ({"hours_per_day": 25}, ValueError, "hours_per_day"),
    ({"hours_per_day": float("nan")}, ValueError, "hours_per_day"),
]


@pytest.mark.parametrize(("kw", "err", "words"), BAD)
def test_staffing_bad_arguments(kw, err, words):
    args = {"aht": "30min", "answer_within": "2h", **kw}
    with pytest.raises(err, match=words):
        ck.staffing(10, **args)


@pytest.mark.parametrize(("demand", "err", "words"), [
    (None, TypeError, "demand must be a number"),
    ("100", TypeError, "demand must be a number"),
    (True, TypeError, "demand must be a number"),
    ([1, 2], TypeError, "demand must be a number"),
    (-3, ValueError, "negative value"),
    (float("inf"), ValueError, "infinite"),
    (float("nan"), ValueError, "no period with a count"),
    (1e300, ValueError, "beyond what the model staffs"),
    (pd.DataFrame(), ValueError, "empty"),
    (pd.DataFrame({"period": [1], "count": [3]}), KeyError, "no count column"),
    (pd.DataFrame({"period": [1], "n": ["3"]}), TypeError, "must be a number"),
    (pd.Series([1, 2], index=pd.date_range("2025-01-01", periods=2, freq="W")), ValueError,
     "per hour"),
    (pd.Series([1, 2], index=pd.date_range("2025-01-01", periods=2, freq="h")), ValueError,
     "interval='hour'"),
])
def test_staffing_bad_demand(demand, err, words):
    with pytest.raises(err, match=words):
        ck.staffing(demand, aht="30min", answer_within="2h")


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                                 st.integers(-5, 10**6)), min_size=1, max_size=6))
def test_staffing_any_numbers_give_a_result_or_a_named_error(values):
    s = pd.Series(values, index=pd.date_range("2025-01-01", periods=len(values)), dtype=float)
    try:
        res = ck.staffing(s, aht="10min", answer_within="1h")
    except ValueError as e:
        assert any(w in str(e) for w in ("negative", "infinite", "no period with a count",
                                         "beyond what the model staffs"))
        return
    t = res.table
    assert res.ledger.used == len(t) == int(s.notna().sum())
    assert (t["agents"].isna() | (t["service_level"] >= 0.8)).all()


def test_sla_counts_rows_without_a_group(world):
    agents = world.agents[world.agents["team"] != "escalation"]
    res = ck.sla(world.complaints, by="team", agents=agents)
    lost = world.complaints["agent_id"].isin(world.agents.loc[
        world.agents["team"] == "escalation", "agent_id"]).sum()
    assert res.notes[0] == (f"{len(world.complaints) - lost:,} of {len(world.complaints):,} "
                            f"complaints used: {lost:,} without a team")


def test_staffing_pools_groups_and_says_so(world):
    counts = ck.complaint_counts(world.complaints, by="channel")
    res = ck.staffing(counts, aht="30min", answer_within="2h", hours_per_day=24)
    total = ck.complaint_counts(world.complaints)
    assert res.table["demand"].sum() == total["n"].sum()
    assert any("pooled queue" in n for n in res.notes)


def test_every_message_is_used_or_named():
    import inspect
    import sys

    src = inspect.getsource(sys.modules["complaintkit.analysis.staffing"])
    unused = [k for k in MESSAGES if src.count(f'"{k}"') < 2]
    assert not unused


# --------------------------------------------------------------------------- sla()
def _frame():
    rec = pd.Timestamp("2025-03-01 09:00")
    return pd.DataFrame({
        "complaint_id": ["a", "b", "c", "d", "e", "f"],
        "priority": ["high", "high", "medium", "low", "low", "urgent"],
        "channel": ["phone", "email", "email", "app", "app", "app"],
        "received_at": [rec] * 6,
        "first_response_at": [rec + pd.Timedelta(hours=h) for h in (1, 3, 24, 47, 49, 1)]
        + [],
        "sla_met": [True, True, True, True, False, True],
    }).astype({"received_at": "datetime64[s]", "first_response_at": "datetime64[s]"})


SLA = {"high": 2, "medium": 24, "low": 48}


def test_sla_by_hand():
    res = ck.sla(_frame(), by="priority", sla_hours=SLA)
    t = res.table.set_index("priority")
    assert res.notes[0] == ("5 of 6 complaints used: 1 with a priority the SLA table does not "
                            "name")
    assert t.loc["high", "met"] == 1 and t.loc["high", "n"] == 2
    assert t.loc["medium", "met"] == 1 and t.loc["low", "met"] == 1
    # Wilson interval by hand for 1 of 2 at 95%
    z = 1.959963984540054
    centre = (0.5 + z * z / 4) / (1 + z * z / 2)
    half = z * math.sqrt(0.25 / 2 + z * z / 16) / (1 + z * z / 2)
    assert t.loc["high", "ci_lower"] == pytest.approx(centre - half, rel=1e-9)
    assert t.loc["high", "ci_upper"] == pytest.approx(centre + half, rel=1e-9)
    # 'b' was recorded as met after 3 h on a 2 h SLA: named
    assert res.mismatches["complaint_id"].tolist() == ["b"]
    assert t.loc["high", "mismatches"] == 1
    assert any("disagrees" in n and "b" in n for n in res.notes)


def test_sla_on_the_world_agrees_and_finds_planted_mismatches(world):
    res = ck.sla(world.complaints, by=["team", "priority"], agents=world.agents)
    assert len(res.mismatches) == 0
    assert res.table["n"].sum() == len(world.complaints)
    assert res.table["met"].sum() == world.complaints["sla_met"].sum()
    bad = world.complaints.copy()
    rows = [3, 50, 700]
    bad.loc[rows, "sla_met"] = ~bad.loc[rows, "sla_met"]
    found = ck.sla(bad).mismatches["complaint_id"]
    assert sorted(found) == sorted(bad.loc[rows, "complaint_id"])


def test_sla_targets_follow_the_scenario(world):
    sc = ck.get_scenario("ecommerce")
    got = sla_targets(world.complaints["priority"], sc.handling.sla_hours)
    want = world.complaints["priority"].astype(str).map(
        {"high": 2.0, "medium": 24.0, "low": 48.0})
    assert (got == want).all()


@pytest.mark.parametrize(("kw", "err", "words"), [
    ({"sla_hours": {"high": -1}}, ValueError, "sla_hours must map"),
    ({"sla_hours": {"high": True}}, ValueError, "sla_hours must map"),
    ({"sla_hours": "2h"}, ValueError, "sla_hours must map"),
    ({"by": "team"}, KeyError, "pass agents="),
    ({"by": "chanel"}, KeyError, "did you mean 'channel'"),
    ({"confidence": 95}, ValueError, "confidence must be a level"),
])
def test_sla_bad_arguments(kw, err, words):
    args = {"sla_hours": SLA, **kw}
    with pytest.raises(err, match=words):
        ck.sla(_frame(), **args)


def test_sla_bad_data(world):
    with pytest.raises(ValueError, match="do not say which scenario"):
        ck.sla(_frame())
    text = _frame().astype({"first_response_at": str})
    with pytest.raises(TypeError, match="must hold dates and times"):
        ck.sla(text, sla_hours=SLA)
    missing = _frame()
    missing.loc[0, "first_response_at"] = pd.NaT
    res = ck.sla(missing, sla_hours=SLA)
    assert "1 without a first response" in res.notes[0]
    with pytest.raises(TypeError, match="not a whole World"):
        ck.sla(world)


# --------------------------------------------------------------------------- the world's queues
def _short_staffed_days(complaints: pd.DataFrame) -> pd.DataFrame:
    """Per day: arrivals, the load a team plans for (the median day of the month around it,
    at least half the year's mean) and the 3-day work ratio (arrivals over plan)."""
    day = complaints["received_at"].dt.floor("D")
    n = day.value_counts().reindex(pd.date_range(day.min(), day.max()), fill_value=0)
    planned = n.rolling(29, center=True, min_periods=1).median().clip(lower=0.5 * n.mean())
    work = n.rolling(3, min_periods=1).sum() / planned.rolling(3, min_periods=1).sum()
    return pd.DataFrame({"n": n, "planned": planned, "work": work})


def test_world_waits_grow_when_short_staffed_as_erlang_says():
    """Days when the digital team had more work than it was planned for (3-day arrivals above
    1.35 x the usual day: the festival peaks among them), on a world not used to tune.

    Direction only: the world's first-response hours grow when staff are short (its handling
    model: a daily capacity planned on the usual load, a backlog carried over, hours x
    load^elasticity), and Erlang C, staffed for the usual day, predicts a lower service level
    at those days' arrival rates. The magnitudes differ (docs/staffing.md).
    """
    w = ck.generate("ecommerce", seed=100, n_complaints=2000, locale="en_US")
    c = w.complaints.merge(w.agents[["agent_id", "team"]], on="agent_id")
    c = c[c["team"] == "digital"]
    days = _short_staffed_days(c)
    hours = (c["first_response_at"] - c["received_at"]).dt.total_seconds() / 3600
    work = c["received_at"].dt.floor("D").map(days["work"])
    short, usual = work > 1.35, work <= 1.0
    assert hours[short].median() > 1.5 * hours[usual].median()
    assert c["sla_met"][short].mean() < c["sla_met"][usual].mean()
    bf = pd.Timestamp("2025-11-28")
    assert days.loc[bf:bf + pd.Timedelta(days=4), "work"].max() > 1.35   # the peak is short
    n = agents_needed(days["planned"].median() / 24, "45min", answer_within="2h")
    rate = days["n"] / 24
    sl = queue_metrics(rate.to_numpy(), "45min", n, answer_within="2h")["service_level"]
    sl.index = days.index
    assert sl[days["work"] > 1.35].mean() < sl[days["work"] <= 1.0].mean()


def test_sla_shows_the_locales_labels_in_the_plot_and_summary_but_keeps_codes():
    import matplotlib.pyplot as plt

    w = ck.load_dataset("ecommerce_zh")
    res = ck.sla(w.complaints, by=["priority", "channel"], locale="zh_CN")
    assert set(res.table["priority"].astype(str)) <= set(ck.labels("zh_CN", "priority"))
    ax = res.plot()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    pri, chan = ck.labels("zh_CN", "priority"), ck.labels("zh_CN", "channel")
    expected = [f"{pri[p]} / {chan[c]}" for p, c in
                zip(res.table["priority"].astype(str), res.table["channel"].astype(str),
                    strict=True)]
    assert ticks == expected
    worst = res.table.loc[res.table["share_met"].idxmin()]
    assert f"{pri[str(worst['priority'])]} / {chan[str(worst['channel'])]}" in res.summary()
    plt.close("all")
    # without locale=: the data's own language, labels in a Chinese world (issue 13 item 4)
    own = ck.sla(w.complaints, by="priority")
    assert [t.get_text() for t in own.plot().get_yticklabels()] == [
        pri[p] for p in own.table["priority"].astype(str)]
    plt.close("all")
    # ... and the codes, as always, in an English one
    en = ck.sla(ck.load_dataset("ecommerce_en").complaints, by="priority")
    assert [t.get_text() for t in en.plot().get_yticklabels()] == list(
        en.table["priority"].astype(str))
    plt.close("all")


def test_sla_and_staffing_speak_chinese_in_a_chinese_world():
    """A zh world's summary names labels (高), not codes; the chart's axis and the errors,
    argument checks included, are Chinese (issue 13 item 4)."""
    import matplotlib.pyplot as plt

    w = ck.load_dataset("ecommerce_zh")
    res = ck.sla(w.complaints, by=["priority", "channel"])
    text = res.summary()
    assert "首次响应" in text and "最低：" in text
    assert not any(code in text for code in ("high", "medium", "low", "phone", "email"))
    assert res.notes[0].startswith("全部") and "投诉" in res.notes[0]
    ax = res.plot()
    assert ax.get_xlabel() == "在 SLA 时限内响应的比例"
    plt.close("all")
    with pytest.raises(ValueError, match="须把每个优先级对应到小时数"):
        ck.sla(w.complaints, sla_hours={"high": -1})
    counts = ck.complaint_counts(w.complaints)
    with pytest.raises(ValueError, match="须为 0 到 1 之间的比例"):
        ck.staffing(counts, aht="45min", answer_within="2h", target=80, locale="zh_CN")
    with pytest.raises(TypeError, match="需要带单位"):
        ck.staffing(counts, aht=45, answer_within="2h", locale="zh_CN")
    with pytest.raises(ValueError, match="须为大于或等于 0 的整数"):  # reads no data: locale=
        queue_metrics(10, "3min", [1.5], answer_within="2h", locale="zh_CN")
    zh = ck.staffing(counts, aht="45min", answer_within="2h", hours_per_day=24,
                     locale="zh_CN")
    assert zh.summary().startswith("要在 2h 内答复 80% 的投诉") and "名坐席在岗" in zh.summary()
    # from a forecast of the zh counts, without locale=: the forecast's language
    fc = ck.forecast(counts, horizon=7, folds=2, models=["seasonal_naive"])
    planned = ck.staffing(fc, aht="45min", answer_within="2h", hours_per_day=24)
    assert planned.summary().startswith("要在 2h 内答复 80% 的投诉")
    ax = zh.plot()
    assert ax.get_xlabel() == "时段" and ax.get_ylabel() == "每个时段的来单数"
    plt.close("all")
