"""ck.process: the six handling steps in an event log.

Checked three ways: exact values on a small hand-built log with known paths and times; the
generated world's event log against its complaints table, computed independently (escalations,
reopenings, first-response times, the steps the generator always writes); and awkward logs
from outside the kit (missing, duplicated, unknown and out-of-order events), each reported.
"""

from __future__ import annotations

import functools
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

import complaintkit as ck
from complaintkit.analysis.process import SIX_STEPS, STEPS

matplotlib.use("Agg")

T0 = pd.Timestamp("2025-03-01 08:00")


def _log(rows):
    """(case, event, hours after T0, agent) -> an events table in the kit's shape."""
    df = pd.DataFrame(rows, columns=["complaint_id", "event", "h", "agent_id"])
    df["at"] = T0 + pd.to_timedelta(df.pop("h"), unit="h")
    df["seq"] = df.groupby("complaint_id").cumcount() + 1
    return df


# C1 follows all six steps, handed from A to B and back; C2 skips analyse and propose and is
# reopened once; C3 skips confirm and analyses after proposing (out of order), and is closed
# without a follow-up (closing is no step: STEPS maps it to None).
HAND = [
    ("C1", "received", 0, None), ("C1", "assigned", 1, "A"), ("C1", "acknowledged", 2, "A"),
    ("C1", "investigated", 5, "B"), ("C1", "solution_proposed", 8, "B"),
    ("C1", "resolved", 9, "B"), ("C1", "follow_up", 33, "A"), ("C1", "closed", 34, "A"),
    ("C2", "received", 0, None), ("C2", "acknowledged", 1, "A"), ("C2", "resolved", 3, "A"),
    ("C2", "reopened", 5, None), ("C2", "resolved", 7, "A"), ("C2", "follow_up", 10, "A"),
    ("C2", "closed", 11, "A"),
    ("C3", "received", 0, None), ("C3", "solution_proposed", 2, "C"),
    ("C3", "investigated", 3, "C"), ("C3", "resolved", 4, "C"), ("C3", "closed", 6, "C"),
]


@pytest.fixture(scope="module")
def hand():
    return ck.process(_log(HAND))


def _row(table, **where):
    m = np.ones(len(table), bool)
    for k, v in where.items():
        m &= (table[k] == v).to_numpy()
    assert m.sum() == 1, where
    return table[m].iloc[0]


# --------------------------------------------------------------------------- hand-built log
def test_hand_paths_and_cases(hand):
    c = hand.cases.set_index("case")
    assert c.loc["C2", "variant"] == ("received → acknowledged → resolved → reopened → "
                                      "resolved → follow_up → closed")
    assert c["events"].to_dict() == {"C1": 8, "C2": 7, "C3": 5}
    assert c["skipped"].to_dict() == {"C1": "", "C2": "analyse, propose",
                                      "C3": "confirm, follow_up"}
    assert c["out_of_order"].to_dict() == {"C1": "", "C2": "", "C3": "analyse"}
    assert c["loops"].to_dict() == {"C1": 0, "C2": 1, "C3": 0}
    assert c.loc["C2", "loop_to"] == "receive" and pd.isna(c.loc["C1", "loop_to"])
    assert c["handoffs"].to_dict() == {"C1": 2, "C2": 0, "C3": 0}
    assert c["hours_total"].tolist() == [34.0, 11.0, 6.0]
    assert c["hours_to_confirm"].iloc[:2].tolist() == [2.0, 1.0]
    assert np.isnan(c.loc["C3", "hours_to_confirm"])
    assert c.loc["C3", "hours_to_analyse"] == 3.0 and c.loc["C3", "hours_to_propose"] == 2.0
    assert hand.variants["cases"].tolist() == [1, 1, 1]
    assert hand.notes[0] == "all 20 events used" and hand.problems.empty


def test_hand_conformance_exact_with_wilson(hand):
    t = hand.table
    lo, hi = proportion_confint(1, 3, alpha=0.05, method="wilson")
    for step, measure in [("confirm", "skipped"), ("analyse", "skipped"),
                          ("propose", "skipped"), ("analyse", "out_of_order")]:
        r = _row(t, step=step, measure=measure)
        assert (r["cases"], r["n"]) == (1, 3)
        np.testing.assert_allclose([r["share"], r["ci_lower"], r["ci_upper"]], [1 / 3, lo, hi],
                                   rtol=1e-12, atol=0)
    for step in ("receive", "implement"):
        assert _row(t, step=step, measure="skipped")["cases"] == 0
    # closing is no step (STEPS maps it to None): C3 closed without a follow-up call
    assert _row(t, step="follow_up", measure="skipped")["cases"] == 1
    assert t.loc[t["measure"] == "out_of_order", "cases"].sum() == 1


def test_hand_times_exact(hand):
    tm = hand.times
    # hours from the start to the first confirm: 2 (C1), 1 (C2); C3 has none
    r = _row(tm, step="confirm", measure="hours_to_step", stat="median")
    assert (r["value"], r["n"]) == (1.5, 2)
    # visits to receive: C1 0->2, C2 0->1 and the reopening 5->7, C3 0->2 (propose at 2)
    r = _row(tm, step="receive", measure="hours_in_step", stat="median")
    assert (r["value"], r["n"]) == (2.0, 4)
    # implement: C1 9->33, C2 3->5 and 7->10; C3's ends at no later step (closed is none)
    r = _row(tm, step="implement", measure="hours_in_step", stat="median")
    assert (r["value"], r["n"]) == (3.0, 3)
    tr = hand.transitions
    r = _row(tr, source="resolved", target="reopened")
    assert (r["transitions"], r["cases"], r["median_hours"]) == (1, 1, 2.0)
    r = _row(tr, source="follow_up", target="closed")
    assert (r["transitions"], r["median_hours"]) == (2, 1.0)
    assert tr["transitions"].sum() == 20 - 3


def test_hand_loops_and_handoffs(hand):
    assert hand.loops[["cases", "with_loops", "loops"]].iloc[0].tolist() == [3, 1, 1]
    assert hand.handoffs[["cases", "with_handoffs", "handoffs"]].iloc[0].tolist() == [3, 1, 2]


def test_hand_summary(hand):
    text = hand.summary()
    assert "is followed by 33% of 3 cases" in text and "3 paths in all" in text
    assert "33% of cases loop back" in text and "33% of cases change hands" in text
    assert "Median time to confirm: 1.5 hours" in text


def test_team_from_agents_through_the_first_agent_of_a_case():
    agents = pd.DataFrame({"agent_id": ["A", "B", "C"], "team": ["x", "y", "y"]})
    res = ck.process(_log(HAND), agents=agents, by="team")
    assert res.cases.set_index("case")["team"].to_dict() == {"C1": "x", "C2": "x", "C3": "y"}
    assert res.loops.set_index("team")[["cases", "with_loops"]].to_dict("index") == {
        "x": {"cases": 2, "with_loops": 1}, "y": {"cases": 1, "with_loops": 0}}
    comp = pd.DataFrame({"complaint_id": ["C1", "C2", "C3"], "agent_id": ["B", "C", "A"]})
    res = ck.process(_log(HAND), complaints=comp, agents=agents, by="team")  # the owner
    assert res.cases.set_index("case")["team"].to_dict() == {"C1": "y", "C2": "y", "C3": "x"}


def test_handoffs_between_teams():
    agents = pd.DataFrame({"agent_id": ["A", "B", "C"], "team": ["x", "x", "y"]})
    res = ck.process(_log(HAND), agents=agents)
    c = res.cases.set_index("case")
    assert c["handoffs"].to_dict() == {"C1": 2, "C2": 0, "C3": 0}
    assert c["team_handoffs"].to_dict() == {"C1": 0, "C2": 0, "C3": 0}
    agents["team"] = ["x", "y", "y"]
    res = ck.process(_log(HAND), agents=agents)
    assert res.cases.set_index("case")["team_handoffs"].to_dict() == {"C1": 2, "C2": 0, "C3": 0}
    assert res.handoffs[["with_handoffs", "handoffs", "with_team_handoffs",
                         "team_handoffs"]].iloc[0].tolist() == [1, 2, 1, 2]


def test_own_statuses_and_groups_from_events():
    log = pd.DataFrame({
        "ticket": [1, 1, 1, 2, 2, 2, 3],
        "status": ["New", "Open", "Solved", "New", "Hold", "Solved", "New"],
        "ts": T0 + pd.to_timedelta([0, 1, 2, 0, 3, 4, 0], unit="h"),
        "queue": ["x", "x", "x", "y", "y", "y", "y"]})
    res = ck.process(log, case="ticket", activity="status", time="ts", by="queue",
                     steps={"New": "receive", "Open": "confirm", "Solved": "implement",
                            "Hold": None})
    assert res.problems.empty and not any("does not map" in n for n in res.notes)
    assert any("map to no step" in n for n in res.notes)
    r = _row(res.table, queue="y", step="confirm", measure="skipped")
    assert (r["cases"], r["n"]) == (2, 2)
    assert res.cases.set_index("case")["variant"][2] == "New → Hold → Solved"


# --------------------------------------------------------------------------- the generated world
@pytest.fixture(scope="module")
def gen():
    w = ck.generate("ecommerce", seed=5, n_complaints=2000)
    res = ck.process(w.events, complaints=w.complaints, agents=w.agents,
                     by=["team", "channel", "priority"])
    c = w.complaints.set_index("complaint_id")
    return w, res, res.cases.set_index("case").loc[c.index], c


def test_world_counts_and_paths_match_the_complaints(gen):
    w, res, cases, c = gen
    assert res.notes[0] == f"all {len(w.events):,} events used" and res.problems.empty
    has = cases["variant"].str.split(" → ")
    escalated = has.map(lambda v: "escalated" in v)
    assert (escalated == c["escalated"]).all()
    assert escalated.mean() == pytest.approx(c["escalated"].mean(), abs=0)
    assert ((cases["loops"] > 0) == c["reopened"]).all()
    assert (cases.loc[c["reopened"], "loop_to"] == "receive").all()
    assert (cases["loops"] <= 1).all()
    hours = (c["first_response_at"] - c["received_at"]).dt.total_seconds() / 3600
    # confirm is reached at the first response, where it confirmed the demand; never else
    np.testing.assert_allclose(cases.loc[c["confirmed"], "hours_to_confirm"],
                               hours[c["confirmed"]], rtol=0, atol=1e-9)
    assert cases.loc[~c["confirmed"], "hours_to_confirm"].isna().all()
    # hand-offs: every one is a change of agent (never to the same agent)
    assert (cases["handoffs"] == c["handoffs"]).all() and c["handoffs"].sum() > 50
    # team hand-offs, counted independently: the agents' teams along each case's agent events
    team = w.agents.set_index("agent_id")["team"].astype(str)
    ev = w.events.dropna(subset=["agent_id"])
    t = ev["agent_id"].map(team)
    changed = (t != t.groupby(ev["complaint_id"]).shift()) & ev.duplicated("complaint_id")
    by_case = changed.groupby(ev["complaint_id"]).sum().reindex(c.index, fill_value=0)
    assert (cases["team_handoffs"] == by_case).all() and 0 < by_case.sum() < c["handoffs"].sum()
    assert res.handoffs["handoffs"].sum() == c["handoffs"].sum()
    assert res.handoffs["with_handoffs"].sum() == (c["handoffs"] > 0).sum()


def test_world_conformance_against_the_complaints(gen):
    w, res, cases, c = gen
    skipped = cases["skipped"].str.split(", ")
    assert not skipped.map(lambda s: "receive" in s).any()  # the generator always writes it
    # the deviations the generator draws: confirmation and the follow-up call skipped
    assert (skipped.map(lambda s: "confirm" in s) == ~c["confirmed"]).all()
    assert (skipped.map(lambda s: "follow_up" in s) == ~c["followed_up"]).all()
    for step, parameter in (("confirm", "confirm_skip_rate"),
                            ("follow_up", "followup_skip_rate")):
        r = res.table[(res.table["step"] == step) & (res.table["measure"] == "skipped")]
        share = r["cases"].sum() / r["n"].sum()
        # the world's realised share is the analysis' share; the scenario's rate lies inside
        # the interval of the whole world's share
        assert share == pytest.approx(w.truth.value(f"process.{parameter}"), abs=1e-12)
        whole = ck.process(w.events).table.query(f"step == '{step}' and measure == 'skipped'")
        lo, hi = whole[["ci_lower", "ci_upper"]].iloc[0]
        assert lo < getattr(ck.get_scenario("ecommerce").process, parameter) < hi
    analyse_skipped = c["first_contact_resolution"] & ~c["escalated"]
    assert (skipped.map(lambda s: "analyse" in s) == analyse_skipped).all()
    for step in ("propose", "implement"):
        assert (skipped.map(lambda s, step=step: step in s) == c["resolved_at"].isna()).all()
    assert (cases["out_of_order"] == "").all()
    assert res.table.loc[res.table["measure"] == "out_of_order", "cases"].sum() == 0


def test_world_groups_against_crosstabs(gen):
    w, res, cases, c = gen
    team = c["agent_id"].map(w.agents.set_index("agent_id")["team"])
    assert (cases["team"] == team).all() and (cases["channel"] == c["channel"]).all()
    t = res.table[(res.table["step"] == "analyse") & (res.table["measure"] == "skipped")]
    by_channel = t.groupby("channel", observed=True)[["cases", "n"]].sum()
    want = (c["first_contact_resolution"] & ~c["escalated"]).groupby(c["channel"],
                                                                      observed=True)
    assert by_channel["cases"].to_dict() == want.sum().to_dict()
    assert by_channel["n"].to_dict() == want.size().to_dict()
    assert t["n"].sum() == len(c)


def test_world_time_to_confirm_matches_kpis(gen):
    """The median time to confirm (acknowledged) is the first-response median of ck.kpis
    over the complaints whose first response confirmed the demand, computed from the
    complaints table, with the same interval."""
    w, _, _, c = gen
    res = ck.process(w.events)
    confirmed = w.complaints[w.complaints["confirmed"]]
    k = ck.kpis(ck.complaint_frame(confirmed), kpis=["first_response_median_hours",
                                                        "first_response_p90_hours"]).table
    for stat, kpi in (("median", "first_response_median_hours"),
                      ("p90", "first_response_p90_hours")):
        r = _row(res.times, step="confirm", measure="hours_to_step", stat=stat)
        want = k.set_index("kpi").loc[kpi]
        np.testing.assert_allclose([r["value"], r["ci_lower"], r["ci_upper"]],
                                   want[["value", "ci_lower", "ci_upper"]].astype(float),
                                   rtol=1e-9, atol=1e-6)


def test_world_plots(gen):
    import matplotlib.pyplot as plt

    _, res, _, _ = gen
    try:
        ax = res.plot()
        texts = {t.get_text().split("\n")[0] for t in ax.texts}
        assert set(pd.unique(res.transitions[["source", "target"]].to_numpy().ravel())) <= texts
        assert set(SIX_STEPS) <= texts
        assert res.plot(kind="conformance").get_title().startswith("Steps skipped")
        assert len(res.plot(kind="variants").patches) == len(res.variants)
        with pytest.raises(ValueError, match="kind must be one of"):
            res.plot(kind="pie")
    finally:
        plt.close("all")
    assert "The usual path, received → assigned → acknowledged" in res.summary()


# --------------------------------------------------------------------------- bad input
def _problems(res, code):
    return res.problems[res.problems["problem"] == code]


def test_missing_times_ids_activities_are_counted_never_silent():
    log = _log(HAND)
    log.loc[3, "at"] = pd.NaT
    log.loc[4, "complaint_id"] = None
    log.loc[5, "event"] = None
    res = ck.process(log)
    assert res.notes[0] == ("17 of 20 events used: 1 without a case id, 1 without an "
                            "activity, 1 without a time (the step may then count as skipped)")
    assert sorted(res.problems["row"]) == [3, 4, 5]
    assert set(res.problems["problem"]) == {"no_case", "no_activity", "no_time"}
    assert res.cases["events"].sum() == 17


def test_problems_table_shows_labels_in_chinese_codes_in_english():
    """In zh the .problems table names each problem in Chinese, not by its code (issue 13
    item 4); English keeps the codes."""
    log = _log(HAND)
    log.loc[3, "at"] = pd.NaT
    log.loc[4, "complaint_id"] = None
    log.loc[5, "event"] = None
    zh = ck.process(log, locale="zh_CN").problems
    assert not any(re.search("[A-Za-z_]", p) for p in zh["problem"])
    assert set(ck.process(log).problems["problem"]) == {"no_case", "no_activity", "no_time"}


def test_duplicated_events_are_kept_once():
    log = _log(HAND)
    log = pd.concat([log, log.iloc[[2, 2, 10]]], ignore_index=True)
    res = ck.process(log, order=None)
    assert "20 of 23 events used: 3 duplicates" in res.notes[0]
    assert _problems(res, "duplicate")["row"].tolist() == [20, 21, 22]
    assert res.cases["events"].sum() == 20


def test_unknown_statuses_are_reported_and_kept_in_paths():
    log = _log(HAND)
    log.loc[3, "event"] = "waiting_for_customer"
    res = ck.process(log)
    assert res.notes[0] == "all 20 events used"
    assert any("'waiting_for_customer'" in n and "does not map" in n for n in res.notes)
    assert _problems(res, "unknown_activity")["row"].tolist() == [3]
    assert "waiting_for_customer" in res.cases.set_index("case").loc["C1", "variant"]
    assert "analyse" in res.cases.set_index("case").loc["C1", "skipped"]


def test_times_running_backwards_against_seq():
    log = _log(HAND)
    log.loc[1, "at"] = T0 + pd.Timedelta(hours=3)   # assigned after acknowledged (2h)
    res = ck.process(log)
    bad = _problems(res, "time_backwards")
    assert bad["row"].tolist() == [2] and bad["case"].tolist() == ["C1"]
    assert any("earlier than an event recorded before them" in n for n in res.notes)
    assert res.cases.set_index("case").loc["C1", "variant"].startswith(
        "received → acknowledged → assigned")
    assert res.cases.set_index("case").loc["C1", "out_of_order"] == ""  # same step
    # without the order column the row order breaks ties only: nothing to report
    assert ck.process(log.drop(columns="seq")).problems.empty


def test_one_case_only_and_awkward_keys():
    log = _log(HAND[:8])
    res = ck.process(log)
    assert len(res.cases) == 1 and any("only one case" in n for n in res.notes)
    assert res.variants["share"].tolist() == [1.0] and res.variants["ci_lower"][0] < 1
    mixed = _log(HAND)
    mixed["complaint_id"] = mixed["complaint_id"].map({"C1": 1, "C2": "2", "C3": 3.5})
    mixed.index = [0] * len(mixed)  # duplicated row labels: rows named by position
    mixed["at"] = mixed["at"].dt.tz_localize("UTC")
    res = ck.process(mixed)
    assert len(res.cases) == 3 and res.notes[0] == "all 20 events used"
    one = ck.process(pd.DataFrame({"complaint_id": ["X"], "event": ["received"],
                                   "at": [T0]}))
    assert one.transitions.empty and one.variants["variant"][0] == "received"
    import matplotlib.pyplot as plt

    try:
        for kind in ("map", "conformance", "variants"):
            assert one.plot(kind=kind) is not None
    finally:
        plt.close("all")


@pytest.mark.parametrize("kwargs, error, match", [
    ({"case": "ticket"}, KeyError, r"column 'ticket' is not in events"),
    ({"activity": "evnt"}, KeyError, r"did you mean 'event'"),
    ({"order": "position"}, KeyError, r"'position' is not in events"),
    ({"steps": ["received"]}, TypeError, r"steps must map each activity"),
    ({"steps": {"received": "intake"}}, ValueError, r"maps 'received' to 'intake'"),
    ({"steps": {"received": None}}, ValueError, r"maps no activity to one of the six"),
    ({"by": "region"}, KeyError, r"by column 'region' is not in events"),
    ({"top": 0}, ValueError, r"top must be a whole number >= 1"),
    ({"confidence": 95}, ValueError, r"confidence must be a level between 0 and 1"),
    ({"case": "event"}, ValueError, r"name the same column 'event'"),
    ({"by": "share"}, ValueError, r"by column 'share' clashes"),
])
def test_bad_arguments_are_named(kwargs, error, match):
    with pytest.raises(error, match=match):
        ck.process(_log(HAND), **kwargs)


def test_bad_tables_are_named():
    log = _log(HAND)
    with pytest.raises(TypeError, match="must hold dates and times.*pd.to_datetime"):
        ck.process(log.assign(at=log["at"].astype(str)))
    with pytest.raises(TypeError, match="events must be a pandas DataFrame, not list"):
        ck.process([1, 2])
    with pytest.raises(ValueError, match="events is empty"):
        ck.process(log.iloc[:0])
    with pytest.raises(ValueError, match="no event is left.*20 without a time"):
        ck.process(log.assign(at=pd.NaT))
    with pytest.raises(TypeError, match="order column 'seq' must hold numbers"):
        ck.process(log.assign(seq="x"))
    comp = pd.DataFrame({"complaint_id": ["C1", "C1"], "channel": ["a", "b"]})
    with pytest.raises(ValueError, match="complaints has more than one row for complaint_id"):
        ck.process(log, complaints=comp, by="channel")
    with pytest.raises(KeyError, match="complaints must have the case column"):
        ck.process(log, complaints=comp.rename(columns={"complaint_id": "id"}))


def test_statuses_with_arrows_spaces_and_numbers_are_drawn():
    import matplotlib.pyplot as plt

    log = pd.DataFrame({"id": [1, 1, 1, 2, 2], "status": [10, "A → B", "Done ", 10, "Done "],
                        "t": T0 + pd.to_timedelta([0, 1, 2, 0, 5], unit="h")})
    res = ck.process(log, case="id", activity="status", time="t",
                     steps={10: "receive", "A → B": "analyse", "Done ": "implement"})
    assert res.problems.empty and res.activities.to_dict() == {"10": 2, "Done ": 2,
                                                               "A → B": 1}
    try:
        ax = res.plot()
        assert {"10", "A → B", "Done "} <= {t.get_text().split("\n")[0] for t in ax.texts}
    finally:
        plt.close("all")


def test_chinese_emoji_and_very_long_statuses():
    import warnings

    import matplotlib.pyplot as plt

    long = "等待" * 500
    log = pd.DataFrame({"工单": ["甲", "甲", "甲", "乙", "乙"],
                        "状态": ["新建", long, "已解决 ✅", "新建", "已解决 ✅"],
                        "时间": T0 + pd.to_timedelta([0, 1, 2, 0, 3], unit="h")})
    res = ck.process(log, case="工单", activity="状态", time="时间",
                     steps={"新建": "receive", "已解决 ✅": "implement"})
    assert _problems(res, "unknown_activity")["activity"].tolist() == [long]
    assert res.cases.set_index("case")["variant"]["乙"] == "新建 → 已解决 ✅"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the emoji is in no bundled font
            res.plot()
            res.plot(kind="variants")
    finally:
        plt.close("all")


def test_complaints_join_reports_the_unmatched():
    comp = pd.DataFrame({"complaint_id": ["C1", "C2", "C9"], "channel": ["a", "b", "c"]})
    res = ck.process(_log(HAND), complaints=comp, by="channel")
    assert any("1 of 3 cases are not in complaints (e.g. 'C3')" in n for n in res.notes)
    assert any("1 complaints have no events (e.g. 'C9')" in n for n in res.notes)
    assert set(res.loops["channel"]) == {"a", "b", "(missing)"}


# --------------------------------------------------------------------------- properties
ACTS = [*STEPS, "on_hold", None]


@st.composite
def awkward_logs(draw):
    n = draw(st.integers(1, 30))
    case = draw(st.lists(st.sampled_from(["a", "b", "c", 7, None]), min_size=n, max_size=n))
    act = draw(st.lists(st.sampled_from(ACTS), min_size=n, max_size=n))
    hours = draw(st.lists(st.one_of(st.none(), st.integers(0, 48)), min_size=n, max_size=n))
    agent = draw(st.lists(st.sampled_from(["A", "B", None]), min_size=n, max_size=n))
    at = pd.Series([pd.NaT if h is None else T0 + pd.Timedelta(hours=h) for h in hours],
                   dtype="datetime64[ns]")
    df = pd.DataFrame({"complaint_id": pd.Series(case, dtype=object),
                       "event": pd.Series(act, dtype=object), "at": at,
                       "agent_id": pd.Series(agent, dtype=object),
                       "seq": draw(st.permutations(list(range(1, n + 1))))})
    return df


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(awkward_logs())
def test_any_log_is_analysed_or_refused_with_a_reason(log):
    try:
        res = ck.process(log)
    except ValueError as e:
        assert "no event is left" in str(e)
        return
    ledger = res.ledger
    assert ledger.total == len(log)
    assert ledger.used == res.cases["events"].sum()
    left_out = res.problems[res.problems["action"].str.startswith("left out")]
    assert len(left_out) == ledger.dropped  # every event left out is named
    assert res.variants["cases"].sum() == len(res.cases)
    for t in (res.table, res.variants, res.loops, res.handoffs):
        ok = t["share"].notna()
        assert ((t["ci_lower"][ok] <= t["share"][ok] + 1e-12)
                & (t["share"][ok] <= t["ci_upper"][ok] + 1e-12)).all()
        assert t["share"][ok].between(0, 1).all()
    assert (res.cases["loops"] <= res.cases["events"]).all()
    assert (res.cases["handoffs"] < res.cases["events"].clip(lower=1)).all()
    assert (res.transitions["transitions"].sum() if len(res.transitions) else 0) \
        == ledger.used - len(res.cases)
    v = res.times["value"].dropna()
    assert (v >= 0).all()
    assert isinstance(res.summary(), str)


@functools.cache
def _hand_cases():
    return ck.process(_log(HAND)).cases


@settings(max_examples=15, deadline=None)
@given(st.permutations(list(range(len(HAND)))), st.booleans())
def test_row_order_does_not_matter(perm, keep_seq):
    """Shuffled rows give the same cases (times order them; seq breaks no tie here)."""
    log = _log(HAND).iloc[list(perm)]
    if not keep_seq:
        log = log.drop(columns="seq")
    res = ck.process(log)
    want = _hand_cases()
    pd.testing.assert_frame_equal(res.cases.sort_values("case").reset_index(drop=True),
                                  want.reset_index(drop=True))


def test_awkward_order_columns():
    log = _log(HAND)
    log["seq"] = log["seq"].astype("Int64")
    log.loc[4, "seq"] = pd.NA  # a missing position: placed by its time like the others
    res = ck.process(log)
    assert res.cases["variant"].tolist() == _hand_cases()["variant"].tolist()
    assert res.problems.empty
    log["seq"] = log["at"].dt.tz_localize("Asia/Shanghai")  # a recorded time as the order
    assert ck.process(log).problems.empty


def test_variant_labels_drop_the_common_start():
    from complaintkit.analysis.process import _short_paths

    paths = ["a → b → c → d", "a → b → e", "other (2 paths)"]
    assert _short_paths(paths, [True, True, False]) == ["… → c → d", "… → e",
                                                        "other (2 paths)"]
    assert _short_paths(["a → b", "a → c"], [True, True]) == ["a → b", "a → c"]
    assert _short_paths(["x" * 80], [True])[0] == "…" + "x" * 69


def test_problem_rows_are_the_users_row_labels():
    log = _log(HAND)
    log.index = [f"r{i}" for i in range(len(log))]
    log.loc["r7", "at"] = pd.NaT
    res = ck.process(log)
    assert res.problems["row"].tolist() == ["r7"]


def test_plots_show_the_locales_names_of_events_and_steps_but_tables_keep_codes():
    import matplotlib.pyplot as plt

    w = ck.load_dataset("ecommerce_zh")
    res = ck.process(w.events, complaints=w.complaints, locale="zh_CN")
    event, step = ck.labels("zh_CN", "event"), ck.labels("zh_CN", "process_step")
    texts = [t.get_text() for t in res.plot().texts]
    assert any(t.startswith(event["acknowledged"] + "\n") for t in texts)
    assert step["confirm"] in texts and "confirm" not in texts
    ticks = [t.get_text() for t in res.plot(kind="conformance").get_yticklabels()]
    assert ticks == [step[s] for s in ck.analysis.SIX_STEPS]
    paths = [t.get_text() for t in res.plot(kind="variants").get_yticklabels()]
    assert any(event["resolved"] in p for p in paths)
    assert "acknowledged" in res.variants["variant"].iloc[0]  # the table keeps the codes
    plt.close("all")
    # without locale=: the events' own language, labels in a Chinese world (issue 13 item 4)
    own = ck.process(w.events, complaints=w.complaints)
    ticks = [t.get_text() for t in own.plot(kind="conformance").get_yticklabels()]
    assert ticks == [step[s] for s in ck.analysis.SIX_STEPS]
    plt.close("all")
    # ... and the codes, as always, for data that say nothing of their language
    log = pd.DataFrame({"complaint_id": ["A", "A", "B"], "event": ["received", "resolved",
                                                                   "received"],
                        "at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"])})
    plain = ck.process(log)
    ticks = [t.get_text() for t in plain.plot(kind="conformance").get_yticklabels()]
    assert ticks == list(ck.analysis.SIX_STEPS)
    plt.close("all")


def test_process_speaks_chinese_in_a_chinese_world():
    """A zh world's summary names the activities' and steps' labels, not codes; the charts
    and the errors are Chinese (issue 13 item 4)."""
    import matplotlib.pyplot as plt

    w = ck.load_dataset("ecommerce_zh")
    res = ck.process(w.events, complaints=w.complaints)
    text = res.summary()
    assert text.startswith("最常见的路径（接收投诉 → 分派 → ") and "received" not in text
    assert "最常被跳过的步骤是“分析原因”" in text
    assert res.notes[0].endswith("条事件均已使用")
    assert res.plot(kind="conformance").get_xlabel() == "案例占比"
    assert res.plot(kind="variants").get_title().startswith("最常见的路径")
    plt.close("all")
    with pytest.raises(ValueError, match="不是六个步骤"):
        ck.process(w.events, steps={"received": "intake"})
