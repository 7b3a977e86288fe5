"""Topics against the true categories, and the anger score against the latent anger and CSAT,
measured on worlds not used to write the lexicons (issue 11, item 3).

The lexicons (complaintkit/text/lexicons/) and the defaults were written looking at worlds of
seeds 1-4 only (``--seeds 1-4``); the figures in docs/text.md come from seeds 101-110, in both
locales:

    .venv/bin/python studies/topic_sentiment_scores.py --seeds 101-110 --out /tmp/text.md

For each world (``ecommerce`` preset, ``--n`` complaints):

- topics: ``ck.topics(complaints, truth="category")`` (NMF, as many topics as categories):
  adjusted Rand index and NMI, with the bootstrap interval of each world;
- sentiment: ``ck.sentiment`` on the complaint frame: Spearman correlation of the score with
  the latent anger of the truth (``world.truth.text``) and with CSAT (complaints with a
  survey answer), with Fisher-z intervals;
- a model beside the lexicon (``--ridge``): ridge regression on TF-IDF (the kit's tokenizer)
  trained on the worlds of seeds 1-4 to predict the latent anger, scored on each world;
- keywords: the top words per category of the first world.

Prints (or writes) Markdown: one row per world, then the mean and the range over worlds.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.analysis.text import spearman_ci

TUNE_SEEDS = (1, 2, 3, 4)


def seeds_arg(text: str) -> list[int]:
    """'101-110' or '1,2,5' -> a list of seeds."""
    if "-" in text:
        a, b = map(int, text.split("-"))
        return list(range(a, b + 1))
    return [int(s) for s in text.split(",")]


def world_of(seed: int, locale: str, n: int):
    return ck.generate("ecommerce", seed=seed, n_complaints=n, locale=locale)


def anger_truth(world) -> pd.DataFrame | None:
    """The truth's latent anger per complaint, or None when the world has none."""
    text = getattr(world.truth, "text", None)
    if text is None or "anger" not in getattr(text, "columns", ()):
        return None
    return text[["complaint_id", "anger"]]


def topic_scores(world, method: str = "nmf") -> dict:
    res = ck.topics(world.complaints, truth="category", method=method, n_boot=200, seed=0)
    s = res.scores.set_index("metric")
    return {"ari": s.loc["adjusted_rand", "estimate"],
            "ari_lo": s.loc["adjusted_rand", "ci_lower"],
            "ari_hi": s.loc["adjusted_rand", "ci_upper"],
            "nmi": s.loc["nmi", "estimate"], "nmi_lo": s.loc["nmi", "ci_lower"],
            "nmi_hi": s.loc["nmi", "ci_upper"],
            "purity": float((res.table["main_share"] * res.table["n"]).sum()
                            / res.table["n"].sum())}


def _corr(prefix: str, x, y) -> dict:
    rho, lo, hi, _, n = spearman_ci(x, y)
    return {prefix: rho, f"{prefix}_lo": lo, f"{prefix}_hi": hi, f"n_{prefix}": n}


def sentiment_scores(world, ridge=None) -> dict:
    frame = ck.complaint_frame(world.complaints, world.surveys)
    res = ck.sentiment(frame, against="csat_score")
    c = res.correlations.iloc[0]
    out = {"rho_csat": c["rho"], "rho_csat_lo": c["ci_lower"], "rho_csat_hi": c["ci_upper"],
           "n_csat": c["n"], "share_with_terms": float((res.table["n_terms"] > 0).mean())}
    truth = anger_truth(world)
    if truth is not None:
        m = res.table.merge(truth, on="complaint_id")
        out |= _corr("rho_anger", m["score"], m["anger"])
    if ridge is not None:
        pred = ridge.predict(frame["narrative"].fillna("").tolist())
        out |= _corr("ridge_csat", pred, frame["csat_score"])
        if truth is not None:
            m = frame[["complaint_id"]].assign(pred=pred).merge(truth, on="complaint_id")
            out |= _corr("ridge_anger", m["pred"], m["anger"])
    return out


def train_ridge(locale: str, n: int):
    """Ridge on TF-IDF (the kit's tokenizer) predicting the latent anger, trained on the
    worlds of the tuning seeds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline

    from complaintkit.text.tokens import analyzer

    texts, anger = [], []
    for seed in TUNE_SEEDS:
        w = world_of(seed, locale, n)
        truth = anger_truth(w)
        if truth is None:
            return None
        m = w.complaints[["complaint_id", "narrative"]].merge(truth, on="complaint_id")
        m = m[m["narrative"].map(lambda s: isinstance(s, str) and bool(s.strip()))]
        texts += m["narrative"].tolist()
        anger += m["anger"].tolist()
    model = make_pipeline(TfidfVectorizer(analyzer=analyzer(locale), min_df=3,
                                          sublinear_tf=True),
                          RidgeCV(alphas=np.logspace(-1, 2, 7)))
    return model.fit(texts, np.asarray(anger))


def keyword_table(world, top: int = 5, tokenizer: str = "auto") -> pd.DataFrame:
    res = ck.keywords(world.complaints, top=top, locale=world.locale, tokenizer=tokenizer)
    t = res.table
    return (t.groupby("group", sort=False)
            .apply(lambda g: ", ".join(f"{w} ({z:.0f})" for w, z in zip(g["term"], g["z"],
                                                                         strict=True)),
                   include_groups=False)
            .rename("top words (z)").reset_index())


def jieba_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("jieba") is not None


def spread(rows: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Mean, standard deviation, min and max over worlds, per locale."""
    out = []
    for loc, g in rows.groupby("locale", sort=True):
        for c in cols:
            if c in g and g[c].notna().any():
                v = g[c].astype(float)
                out.append({"locale": loc, "measure": c, "worlds": int(v.notna().sum()),
                            "mean": v.mean(), "sd": v.std(), "min": v.min(), "max": v.max()})
    return pd.DataFrame(out)


SPREAD_COLS = ["ari", "nmi", "purity", "rho_anger", "rho_csat", "ridge_anger", "ridge_csat",
               "share_with_terms"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="101-110", type=seeds_arg)
    ap.add_argument("--n", type=int, default=10_000, help="complaints per world")
    ap.add_argument("--locales", default="en_US,zh_CN")
    ap.add_argument("--ridge", action="store_true", help="also train and score the ridge model")
    ap.add_argument("--lda", action="store_true", help="also score LDA topics")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows, keywords = [], {}
    for loc in args.locales.split(","):
        ridge = train_ridge(loc, args.n) if args.ridge else None
        for seed in args.seeds:
            t0 = time.time()
            w = world_of(seed, loc, args.n)
            row = {"locale": loc, "seed": seed, "n": len(w.complaints)}
            row |= topic_scores(w)
            if args.lda:
                row |= {f"lda_{k}": v for k, v in topic_scores(w, "lda").items()
                        if k in ("ari", "nmi")}
            row |= sentiment_scores(w, ridge)
            rows.append(row)
            if loc not in keywords:
                keywords[loc] = keyword_table(w)
                if loc == "zh_CN" and jieba_installed():
                    keywords[f"{loc}, jieba words"] = keyword_table(w, tokenizer="words")
            print(f"{loc} seed {seed}: {time.time() - t0:.0f}s", flush=True)
    rows = pd.DataFrame(rows)
    cols = SPREAD_COLS + (["lda_ari", "lda_nmi"] if args.lda else [])
    parts = [f"Worlds: `ecommerce` preset, {args.n:,} complaints, seeds "
             f"{args.seeds[0]}-{args.seeds[-1]} ({len(args.seeds)} per locale).\n",
             "\n### Spread over worlds\n", spread(rows, cols).to_markdown(index=False,
                                                                          floatfmt=".3f"),
             "\n\n### Per world (with each world's 95% interval)\n",
             rows.to_markdown(index=False, floatfmt=".3f")]
    for loc, t in keywords.items():
        parts += [f"\n\n### Keywords, {loc}, seed {args.seeds[0]}\n",
                  t.to_markdown(index=False)]
    text = "\n".join(parts) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
