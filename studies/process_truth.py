"""ck.process against the complaints table on worlds it was not written on (seeds 100-109).

Each world's event log is analysed by ck.process alone; the complaints table is read
independently. Per case, the escalation step must match ``escalated``, a loop back must match
``reopened``, the hours from received to the first confirmation must equal
``first_response_at - received_at``, the analyse step is skipped exactly when the complaint was
resolved at first contact without escalation, propose/implement exactly when it was never
resolved; receive, confirm and follow-up are never skipped and nothing is out of order.

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
    return {
        "seed": seed, "cases": len(cases),
        "escalated": bool((acts.map(lambda a: "escalated" in a) == c["escalated"]).all()),
        "reopened": bool(((cases["loops"] > 0) == c["reopened"]).all()),
        "hours_to_confirm": float(np.max(np.abs(cases["hours_to_confirm"] - hours))),
        "analyse": bool((skipped.map(lambda s: "analyse" in s)
                         == (c["first_contact_resolution"] & ~c["escalated"])).all()),
        "propose": bool((skipped.map(lambda s: "propose" in s) == c["resolved_at"].isna()).all()),
        "always": not skipped.map(lambda s: bool({"receive", "confirm", "follow_up"} & set(s)))
        .any(),
        "out_of_order": int((cases["out_of_order"] != "").sum()),
        "handoffs": int(cases["handoffs"].sum()),
        "problems": len(res.problems),
        "usual_share": round(float(res.variants["share"].iloc[0]), 3),
    }


if __name__ == "__main__":
    for seed in range(100, 110):
        print(check(seed))
