"""Simulation study: do the kit's estimates recover the truth, with honest intervals?

For each seed, generate a world, run each analysis as a user would, and record the estimate,
its 95% CI and the scenario's true value. Over many seeds, report CI coverage (target 93-97%
for 95% intervals), bias and RMSE per estimate. Not part of the test suite (it takes minutes);
run it and paste the table into docs/coverage.md:

    .venv/bin/python studies/coverage.py --seeds 200 --jobs 2 --out docs/coverage.md
"""

from __future__ import annotations

import argparse
import time
import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

import complaintkit as ck

SCENARIO = "ecommerce"
N_COMPLAINTS = 3000


def _row(name, estimate, lo, hi, truth):
    return {"estimate_name": name, "estimate": float(estimate), "ci_lower": float(lo),
            "ci_upper": float(hi), "truth": float(truth)}


def estimates(seed: int) -> list[dict]:
    """Every key estimate of one world, with its CI and the truth."""
    warnings.simplefilter("ignore")
    sc = ck.get_scenario(SCENARIO)
    w = ck.generate(sc, seed=seed, n_complaints=N_COMPLAINTS)
    rows = []
    frame = ck.complaint_frame(w.complaints, w.surveys, agents=w.agents)

    # satisfaction drivers: ordered-logit coefficients
    d = ck.drivers(frame, n_boot=0)  # coefficients only: no bootstrap needed here
    t = d.table.set_index("driver")
    for k, v in sc.satisfaction.ratings.items():
        r = t.loc[f"rating_{k}"]
        rows.append(_row(f"drivers: rating_{k}", r["ologit_coef"], r["ologit_ci_lower"],
                         r["ologit_ci_upper"], v))
    r = t.loc["resolved"]
    rows.append(_row("drivers: resolved", r["ologit_coef"], r["ologit_ci_lower"],
                     r["ologit_ci_upper"], sc.satisfaction.resolved))

    # training: difference in differences of log first-response hours
    te = ck.training_effect(frame)
    r = te.table.set_index("term").loc["did"]
    rows.append(_row("training: log first-response hours", r["estimate"], r["ci_lower"],
                     r["ci_upper"], sc.training.response_log_mult))

    # loyalty: Cox model among respondents
    lf = ck.loyalty_frame(w.customers, w.complaints, w.surveys, orders=w.orders)
    lo = ck.loyalty(lf)  # Cox fits use exact days
    hr = lo.hazard_ratios
    resp = hr[hr["model"] == "respondents with CSAT"].set_index("term")
    for term, truth in (("csat_score", sc.loyalty.csat_log_hr),
                        ("log1p_hours_to_first_response", sc.loyalty.response_log_hr)):
        r = resp.loc[term]
        rows.append(_row(f"loyalty: {term} (log HR)", r["log_hr"], np.log(r["ci_lower"]),
                         np.log(r["ci_upper"]), truth))
    for r in rows:
        r["seed"] = seed
    return rows


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    df = df.assign(covered=(df["ci_lower"] <= df["truth"]) & (df["truth"] <= df["ci_upper"]),
                   error=df["estimate"] - df["truth"],
                   width=df["ci_upper"] - df["ci_lower"])
    g = df.groupby("estimate_name", sort=False)
    out = pd.DataFrame({
        "truth": g["truth"].first(),
        "mean_estimate": g["estimate"].mean(),
        "bias": g["error"].mean(),
        "bias_se": g["error"].std() / np.sqrt(g.size()),
        "rmse": np.sqrt(g["error"].apply(lambda e: (e ** 2).mean())),
        "mean_ci_width": g["width"].mean(),
        "coverage": g["covered"].mean(),
        "seeds": g.size(),
    })
    return out.reset_index()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--first-seed", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None, help="write the Markdown table here")
    args = ap.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    t = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = [r for part in pool.map(estimates, seeds) for r in part]
    raw = pd.DataFrame(rows)
    table = summarise(raw)
    minutes = (time.perf_counter() - t) / 60
    text = (f"# Coverage and bias of the kit's estimates\n\n"
            f"`studies/coverage.py`: {args.seeds} worlds of the `{SCENARIO}` scenario "
            f"(about {N_COMPLAINTS:,} complaints each, seeds {seeds.start}-{seeds.stop - 1}), "
            f"each analysed with the kit's own functions; 95% intervals. Coverage should lie "
            f"within about 0.92-0.98 for {args.seeds} seeds (binomial SE "
            f"{np.sqrt(0.95 * 0.05 / args.seeds):.3f}). Run time {minutes:.1f} min on 2 cores.\n\n"
            + table.to_markdown(index=False, floatfmt=".4f") + "\n")
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        raw.to_csv(args.out.replace(".md", ".csv"), index=False)


if __name__ == "__main__":
    main()
