"""The generator's deviations from the six steps (issue 12 item 1), measured out of sample.

1. Realised rates against the scenario's targets, on seeds 100-109 (8,000 complaints each).
2. What the missing follow-up call's effects do to the older truths: the drivers' ordered-logit
   coefficients (CSAT on the ratings) and the loyalty Cox model's log-HRs (CSAT, response
   time), each fitted as the analyses do it (the follow-up call not in the model), on the
   same seeds with the effects at the preset's values and at 0 (everything else identical:
   the deviations draw on their own stream). The paired difference is the bias the omitted
   term adds.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python studies/process_world.py
"""

from __future__ import annotations

import pandas as pd

import complaintkit as ck
from complaintkit.analysis.drivers import drivers
from complaintkit.analysis.loyalty import loyalty, loyalty_frame

SEEDS = range(100, 110)


def rates(seed: int, n: int = 8000) -> dict:
    w = ck.generate("ecommerce", seed=seed, n_complaints=n)
    t = w.truth.effects.set_index("parameter")
    return {p: t.loc[f"process.{p}", "value"]
            for p in ("confirm_skip_rate", "followup_skip_rate", "handoff_rate")}


def fits(seed: int, sc: ck.Scenario, n: int) -> dict:
    w = ck.generate(sc, seed=seed, n_complaints=n, n_customers=10 * n)
    d = drivers(ck.complaint_frame(w.complaints, w.surveys), n_boot=0).table.set_index("driver")
    out = {k: d.loc[k, "ologit_coef"] for k in d.index if k.startswith("rating_")}
    hr = loyalty(loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)).hazard_ratios
    hr = hr[hr["model"] == "respondents with CSAT"].set_index("term")["log_hr"]
    out.update({f"loyalty.{k}": hr[k] for k in hr.index})
    return out


def bias(n: int = 20_000) -> pd.DataFrame:
    base = ck.get_scenario("ecommerce")
    off = base.replace(process={"no_followup_csat": 0.0, "no_followup_log_hr": 0.0})
    rows = []
    for seed in SEEDS:
        a, b = fits(seed, base, n), fits(seed, off, n)
        rows.append({k: a[k] - b[k] for k in a})
    d = pd.DataFrame(rows)
    return pd.DataFrame({"mean_shift": d.mean(), "sd": d.std(), "min": d.min(),
                         "max": d.max()})


if __name__ == "__main__":
    r = pd.DataFrame([rates(s) for s in SEEDS], index=list(SEEDS))
    print(r.describe().loc[["mean", "std", "min", "max"]].round(4))
    print(bias().round(4))
