"""Generation speed: medians over repeats, as ratios to a baseline run in the same process.

The baseline is the smallest world; a vectorised generator should scale about linearly, so the
time per 1,000 complaints should stay flat as worlds grow. A second baseline times Faker
called once per customer (what a naive generator does) against the pooled names we use.
Last, the share of generation time spent writing the narratives (the grammar of
complaintkit.generator.text, timed inside one ck.generate call per locale at
``--narrative-n`` complaints, default 100,000).

Run:  .venv/bin/python benchmarks/bench_generate.py [--repeats 3] [--narrative-n 100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from faker import Faker

import complaintkit as ck
from complaintkit.generator.people import name_pool

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--narrative-n", type=int, default=100_000)
    ap.add_argument("--only-narratives", action="store_true",
                    help="measure only the narratives' share of generation time")
    args = ap.parse_args()
    if args.only_narratives:
        narrative_share(args.narrative_n)
        return
    sizes = [2_000, 8_000, 32_000]
    print(f"{'complaints':>10} {'median s':>9} {'s / 1k':>7} {'ratio to 2k':>12}")
    base = None
    for n in sizes:
        t = median_time(lambda n=n: ck.generate(n_complaints=n, seed=1,
                                                n_customers=max(150_000, 20 * n)), args.repeats)
        per_k = t / n * 1000
        base = base or per_k
        print(f"{n:>10,} {t:>9.2f} {per_k:>7.3f} {per_k / base:>12.2f}")

    n_names = 20_000
    fake = Faker("zh_CN")
    fake.seed_instance(0)
    rng = np.random.default_rng(0)
    naive = median_time(lambda: [fake.name() for _ in range(n_names)], args.repeats)
    pooled = median_time(lambda: name_pool("zh_CN", 0)[rng.integers(0, 4000, n_names)],
                         args.repeats)
    print(f"\nnames for {n_names:,} customers: Faker per row {naive:.3f} s, "
          f"pool + sampling {pooled:.3f} s (ratio {naive / pooled:.1f}x)")
    narrative_share(args.narrative_n)


def timed_generate(n: int, seed: int, locale: str):
    """``(world, total seconds, seconds in the narratives)`` of one ``ck.generate`` call: the
    narratives stage (tables._narratives: anger, grammar, personal data, filed category) is
    timed by wrapping it for the call. studies/narrative_scores.py uses this too."""
    from complaintkit.generator import tables

    spent = []
    original = tables._narratives

    def wrapped(*a, **k):
        t = time.perf_counter()
        out = original(*a, **k)
        spent.append(time.perf_counter() - t)
        return out

    tables._narratives = wrapped
    try:
        t = time.perf_counter()
        w = ck.generate(n_complaints=n, seed=seed, locale=locale)
        total = time.perf_counter() - t
    finally:
        tables._narratives = original
    return w, total, sum(spent)


def narrative_share(n: int) -> None:
    """Seconds in the narratives against the whole ck.generate call, per locale."""
    print(f"\nnarratives at {n:,} complaints:")
    for locale in ("en_US", "zh_CN"):
        w, total, spent = timed_generate(n, 1, locale)
        print(f"  {locale}: {len(w.complaints):,} complaints, generation {total:.1f} s, "
              f"narratives {spent:.1f} s ({spent / total:.1%})")
        del w


if __name__ == "__main__":
    main()
