"""Early warning scored on worlds not used for tuning (held out).

The defaults of ``early_warning`` (CUSUM k=0.5, h=5; c-chart and EWMA with L=3, lambda=0.3)
were chosen on five en_US worlds of the ``ecommerce`` preset (seeds 2025, the shipped
``ecommerce_en``, and 1-4), all with the same two incidents: a courier disruption from
2025-09-08 (10 days, carrier delay rate x6, in ``delivery``) and a bad battery batch from
2025-03-10 (21 days, electronics defect rate x3.5, in ``product_quality``). This study scores
the three charts with those settings on fresh worlds (seeds from ``--first-seed`` on, none of
them a tuning seed), in both locales, under four conditions:

* ``preset``: the preset's incidents, as tuned;
* ``moved``: each incident starts on a day drawn at random (per world) between 2025-03-01 and
  the last day that leaves the incident and 14 days after it inside the year;
* ``smaller``: the preset's dates, the excess rate halved (x6 -> x3.5, x3.5 -> x2.25);
* ``absent``: no incident (multiplier 1): any "detection" in the preset's windows is chance.

Per world it records, per incident and method, whether it was detected (a flag in its
category within 14 days of its start), the delay, ``score``'s chance-detection probability,
and the world's false alarms per category-month. It prints (and with ``--out`` writes) the
summary as Markdown: rates over worlds, delays and false alarms as median and 10-90% range.

    .venv/bin/python studies/warning_holdout.py --seeds 20 --out /tmp/holdout.md

About 1.5 s of CPU per world (n_complaints 8000, the shipped size the defaults were tuned
at): 20 seeds x 4 conditions x 2 locales is about 4 minutes on one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import warnings

import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.analysis.warning import early_warning, score

TUNING_SEEDS = {1, 2, 3, 4, 2025}
METHODS = {"cusum": {"method": "cusum"}, "cchart": {"method": "cchart"},
           "ewma": {"method": "ewma"}}   # each at the kit's defaults
LOCALES = ("en_US", "zh_CN")
CONDITIONS = ("preset", "moved", "smaller", "absent")
YEAR_START, YEAR_END = dt.date(2025, 3, 1), dt.date(2025, 12, 31)
GUARD = 14


def scenario_for(base: ck.Scenario, condition: str, seed: int) -> ck.Scenario:
    """The preset with its incidents moved, made smaller or removed."""
    if condition == "preset":
        return base
    rng = np.random.default_rng([seed, 9])
    change = {}
    for code, inc in base.incidents.items():
        if condition == "moved":
            last = YEAR_END - dt.timedelta(days=inc.days + GUARD)
            offset = int(rng.integers(0, (last - YEAR_START).days + 1))
            change[code] = {"start": (YEAR_START + dt.timedelta(days=offset)).isoformat()}
        elif condition == "smaller":
            change[code] = {"multiplier": 1 + (inc.multiplier - 1) / 2}
        else:   # absent: the window stays in the truth, nothing happens in it
            change[code] = {"multiplier": 1.0}
    return base.replace(incidents=change)


def score_world(sc: ck.Scenario, seed: int, locale: str, n_complaints: int) -> list[dict]:
    """One row per method and incident of one world."""
    w = ck.generate(sc, seed=seed, n_complaints=n_complaints, locale=locale)
    daily = ck.complaint_counts(w.complaints, freq="D", by="category")
    rows = []
    for name, setting in METHODS.items():
        res = early_warning(daily, by="category", **setting)
        for _, r in score(res, w.truth.incidents).iterrows():
            rows.append({"method": name, "kind": r["kind"], "start": r["start"],
                         "detected": r["detected"], "delay_days": r["delay_days"],
                         "chance_detection": r["chance_detection"],
                         "false_alarms_per_month": r["false_alarms_per_month"]})
    return rows


def run(seeds: list[int], n_complaints: int, locales=LOCALES,
        conditions=CONDITIONS) -> pd.DataFrame:
    base = ck.get_scenario("ecommerce")
    rows = []
    for locale in locales:
        for condition in conditions:
            for seed in seeds:
                sc = scenario_for(base, condition, seed)
                for r in score_world(sc, seed, locale, n_complaints):
                    rows.append({"locale": locale, "condition": condition, "seed": seed, **r})
    return pd.DataFrame(rows)


def _spread(x: pd.Series, digits: int = 0) -> str:
    """Median [10%-90%] of ``x`` (NaN dropped), as text."""
    x = x.dropna()
    if not len(x):
        return "-"
    q = np.quantile(x, [0.5, 0.1, 0.9])
    return f"{q[0]:.{digits}f} [{q[1]:.{digits}f}-{q[2]:.{digits}f}]"


def detection_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Per condition, method and incident: detection rate, delay, chance detection."""
    g = raw.groupby(["condition", "kind", "method"], sort=False)
    out = g.agg(worlds=("detected", "size"), detected=("detected", "sum"),
                chance=("chance_detection", "mean")).reset_index()
    out["detection rate"] = [f"{d}/{n} = {d / n:.2f}" for d, n in
                             zip(out["detected"], out["worlds"], strict=True)]
    out["delay, days: median [10-90%]"] = [_spread(x["delay_days"]) for _, x in g]
    out["chance detection (score)"] = out["chance"].round(2)
    return out.drop(columns=["worlds", "detected", "chance"])


def false_alarm_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Per method and locale: false alarms per category-month over worlds."""
    per_world = raw.drop_duplicates(["locale", "condition", "seed", "method"])
    rows = []
    for (method, locale), x in per_world.groupby(["method", "locale"], sort=False):
        fa = x["false_alarms_per_month"]
        rows.append({"method": method, "locale": locale, "worlds": len(x),
                     "median [10-90%]": _spread(fa, 2), "mean": round(fa.mean(), 2),
                     "sd": round(fa.std(), 2), "max": round(fa.max(), 2)})
    return pd.DataFrame(rows)


def report(raw: pd.DataFrame, seeds: list[int], n_complaints: int, seconds: float) -> str:
    parts = [f"Held-out worlds: `ecommerce` preset, seeds {seeds[0]}-{seeds[-1]} "
             f"({len(seeds)} per condition and locale), n_complaints {n_complaints:,}; "
             f"{raw[['locale', 'condition', 'seed']].drop_duplicates().shape[0]} worlds "
             f"in {seconds:.0f} s of CPU.\n"]
    for locale, x in raw.groupby("locale", sort=False):
        parts += [f"\n#### Detection, {locale}\n",
                  detection_table(x).to_markdown(index=False), "\n"]
    parts += ["\n#### False alarms per category-month (all conditions)\n",
              false_alarm_table(raw).to_markdown(index=False), "\n"]
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="worlds per condition and locale")
    ap.add_argument("--first-seed", type=int, default=100)
    ap.add_argument("--n-complaints", type=int, default=8000)
    ap.add_argument("--out", default=None, help="write the Markdown summary here")
    ap.add_argument("--csv", default=None, help="write the per-world rows here")
    args = ap.parse_args()
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    if TUNING_SEEDS & set(seeds):
        ap.error(f"seeds {sorted(TUNING_SEEDS & set(seeds))} were used for tuning")
    warnings.simplefilter("ignore")
    t0 = time.process_time()
    raw = run(seeds, args.n_complaints)
    text = report(raw, seeds, args.n_complaints, time.process_time() - t0)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    if args.csv:
        raw.to_csv(args.csv, index=False)


if __name__ == "__main__":
    main()
