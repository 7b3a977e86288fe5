"""The generator's deviations from the six handling steps (issue 12 item 1).

The scenario section ``process`` sets how often the confirmation of the demand and the
follow-up call (回访) are skipped and how many hand-offs (转交) a complaint passes through, and
what each costs. Checked on small worlds of seeds the shipped datasets do not use: the realised
rates against the targets (binomial / Poisson tolerance), the event log (causal order, who
acts, one event per deviation), reproducibility, and the effects recovered by regressions
against the scenario's values (a world with large effects, for power).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.miscmodels.ordinal_model import OrderedModel

import complaintkit as ck
from complaintkit.generator._random import streams
from complaintkit.generator.calendar import build_calendar
from complaintkit.generator.handling import handle
from complaintkit.generator.orders import draw_orders
from complaintkit.generator.people import draw_agents, draw_customers
from complaintkit.generator.voice import draw_complaints
from complaintkit.scenario import ScenarioError

# large effects: the regressions have power on a world of 8,000 complaints
BIG = {"confirm_skip_rate": 0.2, "confirm_skip_reopen_log_odds": 1.5,
       "followup_skip_rate": 0.3, "no_followup_csat": -1.5, "no_followup_log_hr": -0.8,
       "handoff_rate": 0.8, "handoff_hours": 24.0}


@pytest.fixture(scope="module")
def small():
    return ck.generate("ecommerce", seed=31, n_complaints=3000)


@pytest.fixture(scope="module")
def big_sc():
    return ck.get_scenario("ecommerce").replace(process=BIG)


@pytest.fixture(scope="module")
def big(big_sc):
    return ck.generate(big_sc, seed=41, n_complaints=8000, n_customers=80_000)


def _handled(sc, seed):
    """The handling stage's own frame (latent fairness included), as the pipeline runs it."""
    rng = streams(seed)
    calendar = build_calendar(sc, "en_US")
    drawn = draw_orders(sc, calendar, rng["orders"])
    customers = draw_customers(sc, "en_US", seed, drawn.rows, rng["customers"])
    voiced = draw_complaints(sc, customers.orders, rng["voice"])
    agents = draw_agents(sc, customers.names, rng["agents"])
    return handle(sc, voiced.complaints, agents, rng=rng["handling"], agent_rng=rng["agents"],
                  satisfaction_rng=rng["satisfaction"], process_rng=rng["process"])


# --------------------------------------------------------------------------- rates
@pytest.mark.parametrize("seed", [31, 32, 33])
def test_realised_rates_near_targets_and_in_the_truth(seed):
    w = ck.generate("ecommerce", seed=seed, n_complaints=2500)
    c, p = w.complaints, ck.get_scenario("ecommerce").process
    n = len(c)
    e = w.truth.effects.set_index("parameter")
    for param, share in (("confirm_skip_rate", (~c["confirmed"]).mean()),
                         ("followup_skip_rate", (~c["followed_up"]).mean())):
        target = getattr(p, param)
        assert abs(share - target) < 4 * np.sqrt(target * (1 - target) / n), (param, share)
        assert e.loc[f"process.{param}", "kind"] == "realised"
        assert e.loc[f"process.{param}", "target"] == target
        assert w.truth.value(f"process.{param}") == pytest.approx(share, abs=1e-12)
    not_fcr = c.loc[~c["first_contact_resolution"], "handoffs"]
    assert abs(not_fcr.mean() - p.handoff_rate) < 4 * np.sqrt(p.handoff_rate / len(not_fcr))
    assert w.truth.value("process.handoff_rate") == pytest.approx(not_fcr.mean(), abs=1e-12)
    assert (c.loc[c["first_contact_resolution"], "handoffs"] == 0).all()
    for param in ("confirm_skip_reopen_log_odds", "no_followup_csat", "no_followup_log_hr",
                  "handoff_hours"):  # structural effects: the scenario's numbers, as set
        row = e.loc[f"process.{param}"]
        assert row["kind"] == "set" and row["value"] == row["target"] == getattr(p, param)
    assert np.isfinite(w.truth.value("process.confirm_skip_intercept"))


def test_skips_follow_their_drivers(big):
    """Confirmation is skipped more at low priority; the follow-up call more at low priority,
    on the digital team and for new customers (observed columns only)."""
    c = big.complaints
    tier = c["customer_id"].map(big.customers.set_index("customer_id")["tier"]).astype(str)
    team = c["agent_id"].map(big.agents.set_index("agent_id")["team"]).astype(str)
    skip_c = (~c["confirmed"]).groupby(c["priority"], observed=True).mean()
    assert skip_c["low"] > skip_c["medium"] > skip_c["high"]
    skip_f = ~c["followed_up"]
    by_pri = skip_f.groupby(c["priority"], observed=True).mean()
    assert by_pri["low"] > by_pri["medium"] > by_pri["high"]
    assert skip_f[team == "digital"].mean() > skip_f[team == "phone"].mean()
    assert skip_f[tier == "new"].mean() > skip_f[tier == "vip"].mean()


def test_rates_of_zero_give_no_deviation():
    sc = ck.get_scenario("ecommerce").replace(process={"confirm_skip_rate": 0.0,
                                                       "followup_skip_rate": 0.0,
                                                       "handoff_rate": 0.0})
    w = ck.generate(sc, seed=34, n_complaints=400)
    c = w.complaints
    assert c["confirmed"].all() and c["followed_up"].all() and (c["handoffs"] == 0).all()
    assert not w.events["event"].isin(["replied", "handed_off"]).any()
    assert np.isnan(w.truth.value("process.confirm_skip_intercept"))


@pytest.mark.parametrize("field, value", [("confirm_skip_rate", 0.95), ("handoff_rate", -0.1),
                                          ("handoff_hours", float("inf")),
                                          ("followup_skip_rate", "a fifth")])
def test_out_of_range_process_values_are_named(field, value):
    with pytest.raises(ScenarioError, match=f"process.{field}"):
        ck.get_scenario("ecommerce").replace(process={field: value})


# --------------------------------------------------------------------------- the event log
def test_events_follow_the_deviations(small):
    c = small.complaints.set_index("complaint_id")
    ev = small.events
    count = ev.groupby(["complaint_id", "event"], observed=False).size().unstack(fill_value=0)
    count = count.loc[c.index]
    assert (count["acknowledged"] == c["confirmed"]).all()
    assert (count["replied"] == ~c["confirmed"]).all()
    assert (count["follow_up"] == c["followed_up"]).all()
    assert (count["handed_off"] == c["handoffs"]).all()
    assert (count["customer_contacted"] == c["contacts"] - 1).all()
    assert (count[["received", "assigned", "closed"]] == 1).all().all()
    # causal order: times never run backwards along seq; received first, closed last
    ev = ev.sort_values(["complaint_id", "seq"])
    step = ev.groupby("complaint_id")["at"].diff().dropna()
    assert (step >= pd.Timedelta(0)).all()
    first = ev.groupby("complaint_id")["event"].first()
    last = ev.groupby("complaint_id")["event"].last()
    assert (first == "received").all() and (last == "closed").all()
    assert (ev.groupby("complaint_id")["seq"].apply(lambda s: list(s) == list(
        range(1, len(s) + 1)))).all()
    # the first response is logged at first_response_at, as acknowledged or replied
    resp = ev[ev["event"].isin(["acknowledged", "replied"])].set_index("complaint_id")["at"]
    assert (resp.loc[c.index] == c["first_response_at"]).all()
    # hand-offs and the customer's chasing fall between the first response and the closing
    mid = ev[ev["event"].isin(["handed_off", "customer_contacted"])]
    assert (mid["at"].to_numpy() >= c.loc[mid["complaint_id"], "first_response_at"]).all()
    assert (mid["at"].to_numpy() <= c.loc[mid["complaint_id"], "closed_at"]).all()


def test_event_agents_follow_the_hand_offs(small):
    c = small.complaints.set_index("complaint_id")
    ev = small.events.sort_values(["complaint_id", "seq"]).reset_index(drop=True)
    customer = ev["event"].isin(["received", "reopened", "customer_contacted"])
    assert ev.loc[customer, "agent_id"].isna().all()
    assert ev.loc[~customer, "agent_id"].notna().all()
    # the complaint's agent_id is the first agent: the one who is assigned and responds
    assigned = ev[ev["event"] == "assigned"].set_index("complaint_id")["agent_id"]
    assert (assigned.loc[c.index] == c["agent_id"]).all()
    # every agent event is by the holder: the agent of the latest hand-off before it
    acting = ev[~customer].copy()
    holder = acting["agent_id"].where(acting["event"].isin(["assigned", "handed_off"]))
    acting["holder"] = holder.groupby(acting["complaint_id"]).ffill()
    assert (acting["agent_id"] == acting["holder"]).all()
    # a hand-off always passes to another agent; some go to another team, most stay
    prev = acting.groupby("complaint_id")["agent_id"].shift()
    h = acting["event"] == "handed_off"
    assert (acting.loc[h, "agent_id"] != prev[h]).all()
    team = small.agents.set_index("agent_id")["team"].astype(str)
    moved = (acting.loc[h, "agent_id"].map(team) != prev[h].map(team)).mean()
    assert 0.3 - 4 * np.sqrt(0.21 / h.sum()) < moved < 0.3 + 4 * np.sqrt(0.21 / h.sum())


def test_followup_time_and_the_survey(small):
    """followup_at is NaT exactly without the call; the survey still reaches everyone: the
    call where it was made, else a questionnaire sent at closing."""
    c = small.complaints.set_index("complaint_id")
    s = small.surveys.set_index("complaint_id").loc[c.index]
    assert len(s) == len(c)
    assert ((s["method"] == "call") == c["followed_up"]).all()
    fu = small.events[small.events["event"] == "follow_up"].set_index("complaint_id")["at"]
    called = c.index[c["followed_up"]]
    assert (s.loc[called, "sent_at"] == fu.loc[called]).all()
    assert (s.loc[~c["followed_up"], "sent_at"] == c.loc[~c["followed_up"], "closed_at"]).all()
    h = _handled(ck.get_scenario("ecommerce").replace(size={"n_complaints": 600}), 35)
    hc = h.complaints
    assert (hc["followup_at"].isna() == ~hc["followed_up"]).all()
    assert (hc["closed_at"] > hc["settled_at"]).all()


def test_same_seed_same_world():
    a = ck.generate("ecommerce", seed=36, n_complaints=300)
    b = ck.generate("ecommerce", seed=36, n_complaints=300)
    for t in ("complaints", "events", "surveys", "customers"):
        pd.testing.assert_frame_equal(a.tables[t], b.tables[t])
    pd.testing.assert_frame_equal(a.truth.effects, b.truth.effects)


def test_deviations_leave_the_other_streams_alone():
    """The deviations draw on their own stream: with every rate at 0, the channel, priority,
    agent, first response, resolution and ratings of each complaint are those of the default
    world (reopens differ: a skipped confirmation raises their chance)."""
    sc = ck.get_scenario("ecommerce").replace(size={"n_complaints": 500})
    off = sc.replace(process={"confirm_skip_rate": 0.0, "followup_skip_rate": 0.0,
                              "handoff_rate": 0.0})
    a, b = _handled(sc, 38).complaints, _handled(off, 38).complaints
    for col in ("channel", "priority", "agent", "hours", "resolved", "resolution",
                "rating_fairness", "rating_response_speed"):
        np.testing.assert_array_equal(a[col].to_numpy(), b[col].to_numpy())


# --------------------------------------------------------------------------- the effects
def test_skipped_confirmation_raises_the_reopen_log_odds(big_sc):
    """Logistic regression of reopened on the world's own reopen model (fairness, first-contact
    resolution before the reopen) and the skipped confirmation, among resolved complaints:
    the skip's coefficient covers the scenario's value."""
    c = _handled(big_sc.replace(size={"n_complaints": 15_000}), 42).complaints
    r = c[c["resolved"]]
    fcr_before = (r["contacts"] - r["reopened"]) == 1
    X = sm.add_constant(pd.DataFrame({"fairness": r["fairness"], "fcr": fcr_before,
                                      "skipped": ~r["confirmed"]}).astype(float))
    fit = sm.GLM(r["reopened"].astype(float), X, family=sm.families.Binomial()).fit()
    lo, hi = fit.conf_int(alpha=0.01).loc["skipped"]
    assert lo < BIG["confirm_skip_reopen_log_odds"] < hi, (lo, hi)
    lo, hi = fit.conf_int(alpha=0.01).loc["fairness"]
    assert lo < -0.8 < hi


def test_each_hand_off_adds_its_mean_wait(big):
    """Hours from the first response to the resolution (resolved, not at the first contact,
    never reopened) on the hand-offs and the contacts (which set the base waiting): the
    hand-offs' coefficient covers handoff_hours."""
    c = big.complaints
    r = c[c["resolved_at"].notna() & ~c["first_contact_resolution"] & ~c["reopened"]]
    hours = (r["resolved_at"] - r["first_response_at"]).dt.total_seconds() / 3600
    X = pd.get_dummies(r["contacts"].clip(upper=6).astype(str), prefix="k", dtype=float)
    X["handoffs"] = r["handoffs"].astype(float)
    fit = sm.OLS(hours.to_numpy(), X).fit(cov_type="HC3")
    lo, hi = fit.conf_int(alpha=0.01).loc["handoffs"]
    assert lo < BIG["handoff_hours"] < hi, (lo, hi)


def test_missing_follow_up_call_lowers_csat(big):
    """Ordered logit of the respondents' CSAT on what the world's CSAT model uses (ratings,
    how it ended, contacts) and the missing call: the call's coefficient covers
    no_followup_csat (respondents are selected on the systematic part only)."""
    f = ck.complaint_frame(big.complaints, big.surveys)
    f = f[f["csat_score"].notna()]
    called = big.complaints.set_index("complaint_id").loc[f["complaint_id"], "followed_up"]
    X = f[[c for c in f.columns if c.startswith("rating_")]].astype(float).copy()
    X["resolved"] = f["resolved"].astype(float)
    X["fcr"] = f["first_contact_resolution"].astype(float)
    X["extra_contacts"] = f["contacts"].astype(float) - 1
    X["no_call"] = (~called.to_numpy()).astype(float)
    fit = OrderedModel(f["csat_score"].astype(int).to_numpy(), X, distr="logit").fit(
        method="bfgs", disp=False, maxiter=500)
    lo, hi = fit.conf_int(alpha=0.01).loc["no_call"]
    assert lo < BIG["no_followup_csat"] < hi, (lo, hi)
    # and what a team lead sees: lower mean CSAT without the call
    assert f.loc[~called.to_numpy(), "csat_score"].mean() < f.loc[called.to_numpy(),
                                                                   "csat_score"].mean()


def test_missing_follow_up_call_lowers_repurchase(big, big_sc):
    """Cox model of buying again (complainants who answered, by tier) on CSAT, response time
    and the missing call: the call's log-HR covers no_followup_log_hr."""
    from complaintkit.analysis.loyalty import loyalty_frame

    lf = loyalty_frame(big.customers, big.complaints, big.surveys, big.orders)
    lf = lf[(lf["index_event"] == "complaint") & lf["csat_score"].notna()
            & (lf["days_to_next_purchase"] > 0)]
    called = big.complaints.set_index("complaint_id").loc[lf["complaint_id"], "followed_up"]
    d = pd.DataFrame({"t": lf["days_to_next_purchase"].to_numpy(),
                      "status": lf["repurchased"].astype(int).to_numpy(),
                      "csat": lf["csat_score"].to_numpy(float),
                      "log1p_hours": np.log1p(lf["hours_to_first_response"].to_numpy()),
                      "no_call": (~called.to_numpy()).astype(float),
                      "tier": lf["tier"].astype(str).to_numpy()})
    fit = PHReg(d["t"], d[["csat", "log1p_hours", "no_call"]], status=d["status"],
                strata=d["tier"]).fit()
    ci = pd.DataFrame(fit.conf_int(alpha=0.01), index=["csat", "log1p_hours", "no_call"])
    lo, hi = ci.loc["no_call"]
    assert lo < big_sc.process.no_followup_log_hr < hi, (lo, hi)
    lo, hi = ci.loc["csat"]
    assert lo < big_sc.loyalty.csat_log_hr < hi
