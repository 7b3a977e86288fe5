"""Narrative scores (issue 11, item 1): distinctness, vocabulary, length, messiness rates.

For each locale and each seed (default 101 and 102: seeds not used while the grammar was
written, which used seeds 1-11), generate a world of 100,000 complaints and report:

- the share of distinct narratives (target > 95%);
- vocabulary size: en lower-cased word types (``[a-z']+`` runs); zh both jieba word types
  (jieba 0.42, default dictionary, precise mode; Chinese runs only) and Han character types;
- length in characters (median, 10% and 90% quantiles), en also in words;
- every kind of messiness, stated rate beside the realised one (truth.text, truth.pii);
- Spearman correlation of the latent anger with the CSAT of the surveys answered;
- the share of generation time spent in the narratives (tables._narratives, timed inside
  one ck.generate call);
- with ``--show``, the first ten narratives of the first seed (the docs' examples: a fixed
  rule, not picked by hand).

Run:  .venv/bin/python studies/narrative_scores.py [--n 100000] [--seeds 101 102] [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from scipy import stats

import complaintkit as ck
from complaintkit.generator import text as nt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_generate import timed_generate  # noqa: E402  (the one timing of the narratives)

HAN = re.compile(r"[\u4e00-\u9fff]+")
EN_WORD = re.compile(r"[a-z']+")


def vocabulary(nar, locale: str) -> dict[str, int]:
    if locale == "en_US":
        words = set()
        for t in nar:
            words.update(EN_WORD.findall(t.lower()))
        return {"word types": len(words)}
    import jieba
    jieba.setLogLevel(60)
    words, chars = set(), set()
    for t in nar:
        for run in HAN.findall(t):
            chars.update(run)
            words.update(jieba.lcut(run))
    return {"jieba word types": len(words), "Han character types": len(chars)}


def rates(w) -> list[tuple[str, float, float, int]]:
    """(what, stated, realised, n)."""
    loc = w.meta["locale"]
    t = w.truth.text
    out = [("vague", nt.VAGUE_RATE, t["vague"].mean(), len(t)),
           ("second problem (of non-vague)", nt.SECOND_PROBLEM_RATE,
            t.loc[~t["vague"], "second_problem"].mean(), int((~t["vague"]).sum())),
           ("typo", nt.TYPO_RATE[loc], t["typo"].mean(), len(t)),
           ("mixed English", nt.MIXED_ENGLISH_RATE[loc], t["mixed_english"].mean(), len(t)),
           ("personal data (>= 1 span)", nt.PII_RATE, (t["pii"] > 0).mean(), len(t)),
           ("two pieces of personal data (of those)", nt.SECOND_PII_RATE,
            (t["pii"] > 1).sum() / max((t["pii"] > 0).sum(), 1), int((t["pii"] > 0).sum()))]
    out.append(("other problem written first (of two-problem)", nt.OTHER_FIRST_RATE,
                t.loc[t["second_problem"], "other_first"].mean(),
                int(t["second_problem"].sum())))
    cat_of = {k: p.category for k, p in ck.get_scenario("ecommerce").problems.items()}
    kinds = nt.misfile_kind(t["vague"], t["second_problem"], t["other_first"],
                            t["second_sub_category"].map(cat_of).fillna("").to_numpy(object),
                            t["cue_category"].to_numpy(object),
                            w.complaints["category"].astype(str).to_numpy(object))
    out.append(("another category's words (cue_category), of non-vague",
                float("nan"), (t.loc[~t["vague"], "cue_category"] != "").mean(),
                int((~t["vague"]).sum())))
    for k in nt.MISFILE_KINDS:
        m = kinds == k
        out.append((f"misfiled ({k}; {m.mean():.1%} of complaints)", nt.MISFILED_RATE[k],
                    t.loc[m, "misfiled"].mean(), int(m.sum())))
    out.append(("misfiled (all)", float("nan"), t["misfiled"].mean(), len(t)))
    mis = t["misfiled"]
    for r, share in t.loc[mis, "misfile_reason"].value_counts(normalize=True).items():
        out.append((f"misfile_reason {r} (of misfiled)", float("nan"), share, int(mis.sum())))
    return out


def report(w, total: float, in_text: float) -> None:
    loc, seed = w.meta["locale"], w.meta["seed"]
    nar = w.complaints["narrative"].astype(str)
    n = len(nar)
    print(f"\n## {loc}, seed {seed}: {n:,} complaints")
    print(f"distinct narratives: {nar.nunique():,} ({nar.nunique() / n:.2%})")
    for k, v in vocabulary(nar, loc).items():
        print(f"vocabulary, {k}: {v:,}")
    q = np.percentile(nar.str.len(), [10, 50, 90])
    print(f"length in characters: median {q[1]:.0f} (10% {q[0]:.0f}, 90% {q[2]:.0f})")
    if loc == "en_US":
        qw = np.percentile(nar.str.split().str.len(), [10, 50, 90])
        print(f"length in words: median {qw[1]:.0f} (10% {qw[0]:.0f}, 90% {qw[2]:.0f})")
    print("| messiness | stated | realised | n |\n|---|---|---|---|")
    for what, stated, got, m in rates(w):
        st = "" if np.isnan(stated) else f"{stated:.3f}"
        print(f"| {what} | {st} | {got:.4f} | {m:,} |")
    p = w.truth.pii
    print("personal-data spans by kind: " + ", ".join(
        f"{k} {v:,}" for k, v in p["kind"].value_counts().items()))
    resp = w.surveys["responded"].to_numpy()
    rho = stats.spearmanr(w.truth.text["anger"].to_numpy()[resp],
                          w.surveys["csat"].cat.codes.to_numpy()[resp]).statistic
    half = 1.96 / np.sqrt(resp.sum() - 3)
    lo, hi = np.tanh(np.arctanh(rho) - half), np.tanh(np.arctanh(rho) + half)
    print(f"Spearman(anger, CSAT) over {resp.sum():,} answered surveys: {rho:.3f} "
          f"(95% CI {lo:.3f} to {hi:.3f})")
    print("tone shares: " + ", ".join(f"{k} {v:.2%}" for k, v in
                                      w.truth.text["tone"].value_counts(normalize=True).items()))
    print(f"generation {total:.1f} s, narratives {in_text:.1f} s ({in_text / total:.1%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[101, 102])
    ap.add_argument("--locales", nargs="+", default=["en_US", "zh_CN"])
    ap.add_argument("--show", action="store_true", help="print the first ten narratives")
    args = ap.parse_args()
    for loc in args.locales:
        for i, seed in enumerate(args.seeds):
            w, total, in_text = timed_generate(args.n, seed, loc)
            report(w, total, in_text)
            if args.show and i == 0:
                print(f"\nfirst ten narratives, {loc}, seed {seed}:")
                for k, t in enumerate(w.complaints["narrative"].head(10), 1):
                    print(f"{k}. {t}")
            del w


if __name__ == "__main__":
    main()
