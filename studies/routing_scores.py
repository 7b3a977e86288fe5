"""Routing scores for docs/text.md ("Routing", "Tokenisation"): held out, tuned on other seeds.

    OPENBLAS_NUM_THREADS=1 python studies/routing_scores.py            # everything (~6 min)
    OPENBLAS_NUM_THREADS=1 python studies/routing_scores.py tune       # settings, seeds 1-4
    OPENBLAS_NUM_THREADS=1 python studies/routing_scores.py report     # seeds 101-110
    OPENBLAS_NUM_THREADS=1 python studies/routing_scores.py curve      # learning curves only

Worlds: ``ck.generate("ecommerce", n_complaints=4000, seed=s, locale=...)`` in en_US and
zh_CN. Routing trains on ``filed_category`` (what was filed at intake, misfiled for a share
recorded in the truth) and is scored against ``category`` (the truth) and against the filed
label. Settings (classifier, C, word pairs, Chinese tokenisation) are chosen on seeds 1-4 and
reported on seeds 101-110, with their spread; nothing is chosen on the reported seeds.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import complaintkit as ck
from complaintkit.analysis import routing
from complaintkit.text.tokens import analyzer

TUNE_SEEDS = (1, 2, 3, 4)
REPORT_SEEDS = tuple(range(101, 111))
LOCALES = ("en_US", "zh_CN")
N_COMPLAINTS = 4000
COLUMNS = ["narrative", "category", "filed_category", "department", "priority"]


def route_world(seed: int, locale: str) -> pd.DataFrame:
    w = ck.generate("ecommerce", seed=seed, n_complaints=N_COMPLAINTS, locale=locale)
    label = "filed_category" if "filed_category" in w.complaints else "category"
    return w.complaints[[c for c in COLUMNS if c in w.complaints]].assign(_label=label)


def route_pipeline(clf: str, c: float, pairs: bool, method: str, locale: str,
                   balanced: bool = True):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    if method == "sklearn":  # scikit-learn's own word pattern: a Han run is one "word"
        vec = TfidfVectorizer(ngram_range=(1, 2) if pairs else (1, 1), min_df=1,
                              sublinear_tf=True, max_df=0.9)
    else:
        an = routing._NgramAnalyzer(locale, method) if pairs else analyzer(locale, method)
        vec = TfidfVectorizer(analyzer=an, min_df=1, sublinear_tf=True, max_df=0.9)
    cw = "balanced" if balanced else None
    model = (LogisticRegression(C=c, class_weight=cw, max_iter=2000) if clf == "logreg"
             else LinearSVC(C=c, class_weight=cw))
    return make_pipeline(vec, model)


def route_score(df: pd.DataFrame, seed: int, model="tfidf_svm", method="auto",
                locale=None, label=None) -> dict:
    label = label or df["_label"].iloc[0]
    truth = "category" if label != "category" and label.endswith("category") else None
    t0 = time.perf_counter()
    res = ck.route(df, label=label, truth=truth, seed=seed, model=model, method=method,
                   locale=locale, n_boot=100)
    secs = time.perf_counter() - t0
    o = res.overall.set_index(["model", "scored_against"])["macro_f1"]
    scored = truth or label
    out = {"macro_f1": o[("model", scored)], "baseline": o[("baseline", scored)],
           "majority": o[("majority_class", scored)], "seconds": secs}
    if truth:
        out["macro_f1_vs_filed"] = o[("model", label)]
    return out


def route_tune(worlds: dict) -> pd.DataFrame:
    """Mean held-out macro-F1 (against the truth) of each setting on seeds 1-4."""
    full = [(clf, c, bal, pairs) for clf, cs in (("logreg", (1.0, 10.0)), ("svm", (0.3,)))
            for c in cs for bal in (False, True) for pairs in (False, True)
            if clf == "logreg" or pairs]
    # the other tokenisations on the classifier settings that matter most
    short = [s for s in full if s[0] == "logreg" and s[3]]
    rows = []
    for locale in LOCALES:
        methods = ("chars", "words", "sklearn") if locale == "zh_CN" else ("chars", "sklearn")
        for method in methods:
            for clf, c, bal, pairs in (full if method == "chars" else short):
                for seed in TUNE_SEEDS:
                    pipe = route_pipeline(clf, c, pairs, method, locale, bal)
                    s = route_score(worlds[locale, seed], seed, model=pipe)
                    rows.append({"locale": locale, "method": method, "clf": clf, "c": c,
                                 "balanced": bal, "pairs": pairs, "seed": seed, **s})
    raw = pd.DataFrame(rows)
    return (raw.groupby(["locale", "method", "clf", "c", "balanced", "pairs"])
            .agg(macro_f1=("macro_f1", "mean"), sd=("macro_f1", "std"),
                 seconds=("seconds", "mean")).reset_index()
            .sort_values(["locale", "macro_f1"], ascending=[True, False]))


def route_report(worlds: dict) -> dict:
    """The kit's defaults on seeds 101-110: macro-F1 against truth and as filed, baseline,
    majority class; chars against jieba words in Chinese; other labels; per class."""
    rows, per_class = [], []
    for locale in LOCALES:
        for seed in REPORT_SEEDS:
            df = worlds[locale, seed]
            methods = ("chars", "words") if locale == "zh_CN" else ("chars",)
            for method in methods:
                rows.append({"locale": locale, "label": df["_label"].iloc[0], "method": method,
                             "seed": seed, **route_score(df, seed, method=method)})
            for label in ("department", "priority"):
                if label in df:
                    rows.append({"locale": locale, "label": label, "method": "chars",
                                 "seed": seed, **route_score(df, seed, label=label)})
            label = df["_label"].iloc[0]
            res = ck.route(df, label=label, truth="category" if label != "category" else None,
                           seed=seed, n_boot=200)
            per_class.append(res.table.assign(locale=locale, seed=seed))
    raw = pd.DataFrame(rows)
    summary = (raw.groupby(["locale", "label", "method"])
               .agg(macro_f1=("macro_f1", "mean"), sd=("macro_f1", "std"),
                    lo=("macro_f1", "min"), hi=("macro_f1", "max"),
                    vs_filed=("macro_f1_vs_filed", "mean"), baseline=("baseline", "mean"),
                    baseline_sd=("baseline", "std"), majority=("majority", "mean"),
                    seconds=("seconds", "mean")).reset_index())
    pc = (pd.concat(per_class).groupby(["locale", "label"])
          .agg(support=("support", "mean"), precision=("precision", "mean"),
               recall=("recall", "mean"), f1=("f1", "mean"), f1_sd=("f1", "std"))
          .reset_index())
    return {"raw": raw, "summary": summary, "per_class": pc}


def route_learning_curves(worlds: dict) -> pd.DataFrame:
    out = []
    for locale in LOCALES:
        for seed in REPORT_SEEDS[:3]:
            df = worlds[locale, seed]
            label = df["_label"].iloc[0]
            res = ck.route(df, label=label, truth="category" if label != "category" else None,
                           seed=seed, n_boot=100)
            out.append(res.learning_curve.assign(locale=locale, seed=seed))
    lc = pd.concat(out)
    return (lc.groupby(["locale", "model", "share"])
            .agg(train_size=("train_size", "mean"), macro_f1=("macro_f1", "mean"),
                 sd=("macro_f1", "std")).reset_index())


def route_jieba_costs(texts: list[str]) -> dict:
    """Import and dictionary load in a fresh interpreter, the cache it writes, and the time
    to tokenise ``texts`` by characters and by jieba words."""
    code = ("import time; t=time.perf_counter(); import jieba; t1=time.perf_counter(); "
            "jieba.setLogLevel(60); jieba.initialize(); t2=time.perf_counter(); "
            "print(t1-t, t2-t1)")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    cache = Path(tempfile.gettempdir()) / "jieba.cache"
    out = {"import_s": float(first[0]), "dictionary_s": float(first[1]),
           "cache_file": str(cache), "cache_mb": cache.stat().st_size / 1e6
           if cache.exists() else 0.0}
    for method in ("chars", "words"):
        a = analyzer("zh_CN", method)
        a(texts[0])
        t0 = time.perf_counter()
        for t in texts:
            a(t)
        out[f"{method}_ms_per_1000"] = (time.perf_counter() - t0) / len(texts) * 1e6
    return out


def route_worlds(seeds) -> dict:
    return {(loc, s): route_world(s, loc) for loc in LOCALES for s in seeds}


def main(argv: list[str]) -> None:
    what = argv[1] if len(argv) > 1 else "all"
    pd.set_option("display.width", 160)
    if what in ("tune", "all"):
        tuned = route_tune(route_worlds(TUNE_SEEDS))
        print("## settings on seeds 1-4 (mean held-out macro-F1 against the truth)")
        print(tuned.round(3).to_string(index=False))
    if what == "curve":
        print("## learning curve (seeds 101-103)")
        print(route_learning_curves(route_worlds(REPORT_SEEDS[:3])).round(3)
              .to_string(index=False))
    if what in ("report", "all"):
        worlds = route_worlds(REPORT_SEEDS)
        rep = route_report(worlds)
        print("## seeds 101-110: the kit's defaults")
        print(rep["summary"].round(3).to_string(index=False))
        print("## per class (mean over seeds 101-110, against the truth)")
        print(rep["per_class"].round(3).to_string(index=False))
        print("## learning curve (seeds 101-103)")
        print(route_learning_curves(worlds).round(3).to_string(index=False))
        zh = worlds["zh_CN", REPORT_SEEDS[0]]["narrative"].tolist()
        print("## jieba costs")
        print(route_jieba_costs(zh))


if __name__ == "__main__":
    main(sys.argv)
