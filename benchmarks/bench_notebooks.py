"""Wall time of every workshop notebook on the English and the Chinese dataset.

The sessions must run top to bottom "in well under a minute" on a trainee's laptop. That is a
timing, so it is measured here and not asserted in the test suite (where a busy machine makes
a timed test fail for no fault of the notebook). Each notebook runs in a fresh kernel, as
tests/test_notebooks.py runs it; the baseline, in the same process, is a notebook that only
imports the kit (kernel start and imports), so the ratio says what the session itself costs.

Run:  .venv/bin/python benchmarks/bench_notebooks.py [--repeats 1] [--only 03,09] [--limit 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from nbrun import run_notebook  # noqa: E402

DATASETS = ("ecommerce_en", "ecommerce_zh")


def median_seconds(path: Path, dataset: str | None, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run_notebook(path, dataset)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def baseline(repeats: int) -> float:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import complaintkit as ck\nimport matplotlib.pyplot")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.ipynb"
        nbformat.write(nb, path)
        return median_seconds(path, None, repeats)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated session numbers, e.g. 03,09")
    ap.add_argument("--limit", type=float, default=60.0, help="seconds a session may take")
    args = ap.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    paths = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
             if not only or p.name[:2] in only]
    base = baseline(args.repeats)
    print(f"baseline (kernel start + import complaintkit): {base:.1f} s, "
          f"median of {args.repeats}")
    print(f"{'notebook':<40} {'dataset':<13} {'median s':>9} {'x baseline':>11}")
    over, total = [], 0.0
    for p in paths:
        for ds in DATASETS:
            t = median_seconds(p, ds, args.repeats)
            total += t
            print(f"{p.name:<40} {ds:<13} {t:>9.1f} {t / base:>11.1f}")
            if t >= args.limit:
                over.append(f"{p.name} on {ds}: {t:.0f} s")
    print(f"all notebooks, both datasets: {total:.0f} s")
    print("over the limit: " + ("; ".join(over) if over else f"none (limit {args.limit:.0f} s)"))


if __name__ == "__main__":
    main()
