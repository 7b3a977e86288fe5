"""Time of the public analyses on the shipped world, against a plain pandas baseline.

Timings belong here, not in the test suite. The baseline, run in the same process, is the
pandas group-by a hand-written KPI table would need (median first-response hours and the SLA
share per channel and month), so the ratio says what the kit's intervals, ledger and checks
cost on top of the arithmetic.

Run:  .venv/bin/python benchmarks/bench_analyses.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import complaintkit as ck

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    w = ck.load_dataset("ecommerce_en")
    frame = ck.complaint_frame(w.complaints, w.surveys)
    month = frame["received_at"].dt.to_period("M")

    def plain():
        return frame.groupby(["channel", month], observed=True).agg(
            median=("hours_to_first_response", "median"), sla=("sla_met", "mean"))

    base = median_time(plain, args.repeats, warm_up=True)
    cases = {
        "kpis(by='channel', freq='M')": lambda: ck.kpis(frame, by="channel", freq="M"),
        "pareto(category)": lambda: ck.pareto(w.complaints, "category"),
        "sla(by='priority')": lambda: ck.sla(w.complaints),
        "process(events)": lambda: ck.process(w.events, complaints=w.complaints),
    }
    print(f"{len(frame):,} complaints; baseline (pandas group-by): {base * 1000:.0f} ms, "
          f"median of {args.repeats}")
    print(f"{'analysis':<32} {'median s':>9} {'x baseline':>11}")
    for name, fn in cases.items():
        t = median_time(fn, args.repeats, warm_up=True)
        print(f"{name:<32} {t:>9.3f} {t / base:>11.0f}")


if __name__ == "__main__":
    main()
