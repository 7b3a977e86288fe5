"""ck.process against the complaints table on worlds it was not written on (seeds 100-109).

Each world's event log is analysed by ck.process alone; the complaints table is read
independently. Per case, the escalation step must match ``escalated``, a loop back must match
``reopened``, the hours from received to the first confirmation must equal
``first_response_at - received_at`` where the first response confirmed the demand (none
where it did not), the analyse step is skipped exactly when the complaint was resolved at first
contact without escalation, propose/implement exactly when it was never resolved, confirm
exactly when ``confirmed`` is false, follow-up exactly when ``followed_up`` is false; the
hand-offs equal ``handoffs``; receive is never skipped and nothing is out of order. The shares
skipping confirm and follow-up equal the truth's realised rates, and their intervals are
checked for covering the scenario's targets (``*_covers``).

    .venv/bin/python studies/process_truth.py
"""

import numpy as np

import complaintkit as ck


def check(seed: int, n: int = 2000) -> dict:
    w = ck.generate("ecommerce", seed=seed, n_complaints=n)
    res = ck.process(w.events)
    c = w.complaints.set_index("complaint_id")
    cases = res.cases.set_index("case").loc[c.index]
    acts = cases["variant"].str.split(" → ")
    skipped = cases["skipped"].str.split(", ")
    hours = (c["first_response_at"] - c["received_at"]).dt.total_seconds() / 3600
    ok = c["confirmed"]
    target = ck.get_scenario("ecommerce").process
    shares = {}
    for step, param in (("confirm", "confirm_skip_rate"), ("follow_up", "followup_skip_rate")):
        r = res.table.query(f"step == '{step}' and measure == 'skipped'").iloc[0]
        shares[f"{step}_share_is_truth"] = bool(
            abs(r["share"] - w.truth.value(f"process.{param}")) < 1e-12)
        shares[f"{step}_covers"] = bool(r["ci_lower"] < getattr(target, param) < r["ci_upper"])
    return {
        "seed": seed, "cases": len(cases),
        "escalated": bool((acts.map(lambda a: "escalated" in a) == c["escalated"]).all()),
        "reopened": bool(((cases["loops"] > 0) == c["reopened"]).all()),
        "hours_to_confirm": float(np.max(np.abs(cases.loc[ok, "hours_to_confirm"]
                                                - hours[ok]))),
        "unconfirmed_nan": bool(cases.loc[~ok, "hours_to_confirm"].isna().all()),
        "confirm": bool((skipped.map(lambda s: "confirm" in s) == ~ok).all()),
        "follow_up": bool((skipped.map(lambda s: "follow_up" in s) == ~c["followed_up"]).all()),
        "handoffs_equal": bool((cases["handoffs"] == c["handoffs"]).all()),
        **shares,
        "analyse": bool((skipped.map(lambda s: "analyse" in s)
                         == (c["first_contact_resolution"] & ~c["escalated"])).all()),
        "propose": bool((skipped.map(lambda s: "propose" in s) == c["resolved_at"].isna()).all()),
        "receive_always": not skipped.map(lambda s: "receive" in s).any(),
        "out_of_order": int((cases["out_of_order"] != "").sum()),
        "handoffs": int(cases["handoffs"].sum()),
        "problems": len(res.problems),
        "usual_share": round(float(res.variants["share"].iloc[0]), 3),
    }


def coverage(seed: int = 120, n_world: int = 8000, n_cases: int = 300, reps: int = 200,
             confidence: float = 0.9) -> dict:
    """How often the intervals of samples of ``n_cases`` cases cover the whole world's value
    (the population): the usual path's share, the share skipping analyse, the median hours to
    confirm (a sample of 300 of about 7,000 cases: the finite population hardly matters)."""
    w = ck.generate("ecommerce", seed=seed, n_complaints=n_world)
    full = ck.process(w.events)
    usual = full.variants["variant"].iloc[0]
    truth = {"usual": float(full.variants["share"].iloc[0]),
             "analyse": float(full.table.query("step == 'analyse' and measure == 'skipped'")
                              ["share"].iloc[0]),
             "confirm": float(full.times.query("step == 'confirm' and stat == 'median' and "
                                               "measure == 'hours_to_step'")["value"].iloc[0])}
    rng = np.random.default_rng(seed)
    ids = w.complaints["complaint_id"].to_numpy()
    hits = {k: 0 for k in truth}
    for _ in range(reps):
        pick = rng.choice(ids, n_cases, replace=False)
        r = ck.process(w.events[w.events["complaint_id"].isin(pick)], confidence=confidence)
        v = r.variants.set_index("variant")
        rows = {"usual": v.loc[usual] if usual in v.index else None,
                "analyse": r.table.query("step == 'analyse' and measure == 'skipped'").iloc[0],
                "confirm": r.times.query("step == 'confirm' and stat == 'median' and "
                                         "measure == 'hours_to_step'").iloc[0]}
        for k, row in rows.items():
            hits[k] += row is not None and row["ci_lower"] <= truth[k] <= row["ci_upper"]
    return {k: hits[k] / reps for k in truth} | {"confidence": confidence, "reps": reps}


if __name__ == "__main__":
    for seed in range(100, 110):
        print(check(seed))
    print(coverage())
