"""Checks for exercise 09: reading complaints at scale (大规模读投诉).

Six tasks on the narratives (投诉内容) of the workshop world: the distinctive words
(关键词) of a category, topics (主题) against the true categories, routing (分派/路由)
trained on the categories as filed and scored against the true ones, where the complaints
misfiled at intake are routed, the anger score (情绪) against satisfaction, and redaction
(脱敏) before sharing. The right answers come from the world and its truth
(``world.truth.text``, ``world.truth.pii``). The typical wrong answers recognised: the most
frequent words instead of the distinctive ones; NMI for ARI, or topics scored against the
filed category; the router scored against what was filed, its accuracy, the baseline's score,
or a router trained on the true labels; for the misfiled complaints, the share sent where they
were filed, the accuracy over all complaints, or a count; a Pearson correlation or the sign
turned round; personal data left in, or whole texts masked.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import task
from .answers import AnswerError, as_number, as_table, close, first_match
from .feedback import correct, not_yet

CATEGORY = "after_sales"   # task 1's category
N_SAMPLE, SAMPLE_SEED = 2000, 9   # task 2: topics on a random sample (NMF is slow on zh)
N_SHARE = 300              # task 6: the first complaints, to be shared
TOP = 5
MESSAGES = {
    "terms": "give the {top} words as a list of strings, e.g. ['refund', 'bank', ...], or the "
             "result of ck.keywords",
    "not_number": "give one number: {what}",
    "route_label": "your router learned {label!r}: train it on what was filed at intake "
                   "(label='filed_category'), as an organisation must",
    "route_truth": "your router is scored against the label it learned only: pass "
                   "truth='category' so it is scored against the true category too",
    "texts": "give the {n} redacted texts, in the order of SHARE, as a list or Series of "
             "strings (e.g. ck.redact(SHARE['narrative'], locale=LOCALE).text), not {kind}",
    "count": "give {n} texts, one per complaint of SHARE, in its order; you gave {got}",
    "not_str": "text {i} is {kind}, not a string",
}


def _msg(key: str, **kw) -> str:
    return MESSAGES[key].format(**kw)


# --------------------------------------------------------------------------- the data
def _world(ctx):
    return ctx.world


def _complaints(ctx) -> pd.DataFrame:
    return _world(ctx).complaints


def _locale(ctx) -> str:
    return _world(ctx).locale


# --------------------------------------------------------------------------- task 1
def _keywords(ctx):
    from ..analysis.text import keywords

    return ctx.cached("keywords", lambda: keywords(_complaints(ctx), by="category", top=TOP,
                                                   locale=_locale(ctx)))


def _frequent(ctx) -> list[str]:
    """The most frequent words of the category (raw counts, the kit's tokenizer)."""
    def make():
        from ..text.tokens import tokenize

        c = _complaints(ctx)
        texts = c.loc[c["category"] == CATEGORY, "narrative"].dropna()
        tokens = tokenize(texts, _locale(ctx), missing="empty")
        return pd.Series([t for toks in tokens for t in toks]).value_counts().index[:TOP]

    return list(ctx.cached("frequent", make))


def _terms(answer) -> list[str]:
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame):
        t = answer.table
        if "group" in t.columns:
            t = t[t["group"].astype(str) == CATEGORY]
        answer = t
    if isinstance(answer, pd.DataFrame):
        if "term" not in answer.columns:
            raise AnswerError(_msg("terms", top=TOP))
        answer = answer["term"]
    if isinstance(answer, str):
        answer = answer.replace("，", ",").split(",") if "," in answer else answer.split()
    if not isinstance(answer, (list, tuple, pd.Series, pd.Index, np.ndarray)):
        raise AnswerError(_msg("terms", top=TOP))
    terms = [str(w).strip().lower() for w in answer if str(w).strip()]
    if not terms:
        raise AnswerError(_msg("terms", top=TOP))
    return terms


@task("09.1", "The distinctive words (关键词) of the after-sales category")
def distinctive_words(answer, ctx):
    res = _keywords(ctx)
    table = res.table
    want = list(table.loc[table["group"] == CATEGORY, "term"])
    got = _terms(answer)
    hits = [w for w in got[:TOP] if w in want]
    if len(got) == TOP and len(hits) >= TOP - 1:
        return correct("09.1", f"{', '.join(want)}: each is far more typical of after-sales "
                               "complaints than of the others (z-scores "
                               f"{table.loc[table['group'] == CATEGORY, 'z'].min():.0f} and "
                               "more).",
                       "The category's most frequent words are mostly everybody's words; the "
                       "log-odds against the rest keep only what sets it apart.")
    if len(got) != TOP:
        return not_yet("09.1", f"Give {TOP} words, not {len(got)}.")
    frequent = _frequent(ctx)
    if sum(w in frequent for w in got) >= TOP - 1 and len(hits) < TOP - 1:
        return not_yet("09.1", "These are the category's most frequent words; many of them are "
                               "frequent in every category. Compare the category with the rest: "
                               "ck.keywords(..., by='category').")
    other = table[table["term"].isin(got) & (table["group"] != CATEGORY)]
    if len(other) >= TOP - 1:
        group = other["group"].mode().iloc[0]
        return not_yet("09.1", f"Those are the words of {group!r}; the task asks for "
                               f"{CATEGORY!r}.")
    return not_yet("09.1", f"{len(hits)} of your words are among the {TOP} most distinctive "
                           f"of {CATEGORY!r}; sort by z, the group against the rest.")


# --------------------------------------------------------------------------- task 2
def _topics(ctx, truth: str = "category", method: str = "nmf"):
    from ..analysis.text import topics

    return ctx.cached(("topics", truth, method), lambda: topics(
        _sample(ctx), truth=truth, n_boot=20, method=method, locale=_locale(ctx)))


def _sample(ctx) -> pd.DataFrame:
    return _complaints(ctx).sample(N_SAMPLE, random_state=SAMPLE_SEED)


def _metric(res, name: str) -> float:
    return float(res.scores.set_index("metric").loc[name, "estimate"])


def _topics_number(answer) -> float:
    if hasattr(answer, "scores") and isinstance(answer.scores, pd.DataFrame):
        return _metric(answer, "adjusted_rand")
    return as_number(as_table(answer) if not isinstance(answer, pd.DataFrame) else answer,
                     "the adjusted Rand index (ARI)")


@task("09.2", "Topics (主题) against the true categories: the adjusted Rand index")
def topics_ari(answer, ctx):
    res = _topics(ctx)
    want = _metric(res, "adjusted_rand")
    got = _topics_number(answer)
    if close(got, want, 0.01):
        nmi = _metric(res, "nmi")
        return correct("09.2", f"ARI {want:.2f} (NMI {nmi:.2f}) with {len(res.table)} topics: "
                               "far from chance (0), far from the categories (1).",
                       "Topics group texts by how they are written as much as by what "
                       "happened; to put a complaint in a category, learn from labels.")
    if not 0 - 0.5 <= got <= 1:
        return not_yet("09.2", "The ARI is at most 1 (the same partition) and about 0 for "
                               "chance; read it from res.scores.")
    wrong = {"That is the NMI (normalised mutual information); the task asks for the ARI, "
             "the row 'adjusted_rand' of res.scores.": _metric(res, "nmi")}
    if "filed_category" in _complaints(ctx).columns:
        wrong["That compares the topics with the category as filed; compare with the true "
              "one (truth='category')."] = _metric(_topics(ctx, "filed_category"),
                                                   "adjusted_rand")
    why = first_match(got, wrong, 0.01)
    if why:
        return not_yet("09.2", why)
    if close(got, _metric(_topics(ctx, method="lda"), "adjusted_rand"), 0.01):
        return correct("09.2", f"That is LDA's ARI; NMF on TF-IDF (the default) gives "
                               f"{want:.2f}. Either way, topics are not the categories.")
    return not_yet("09.2", "Not quite: fit ck.topics(SAMPLE, truth='category') with the "
                           "default number of topics (one per category) and seed, and read "
                           "the 'adjusted_rand' estimate.")


# --------------------------------------------------------------------------- task 3
def _route(ctx, label: str = "filed_category", truth: str | None = "category"):
    from ..analysis.routing import route

    return ctx.cached(("route", label, truth), lambda: route(
        _complaints(ctx), label=label, truth=truth, n_boot=50, locale=_locale(ctx)))


def _overall(res, model: str, against: str, col: str = "macro_f1") -> float:
    o = res.overall.set_index(["model", "scored_against"])
    return float(o.loc[(model, against), col])


def _route_number(answer) -> float:
    if hasattr(answer, "overall") and isinstance(answer.overall, pd.DataFrame):
        if answer.label != "filed_category":
            raise AnswerError(_msg("route_label", label=answer.label))
        if answer.truth != "category":
            raise AnswerError(_msg("route_truth"))
        return _overall(answer, "model", "category")
    return as_number(answer, "the macro-F1")


@task("09.3", "Routing (分派/路由): held-out macro-F1 against the true category")
def routing_f1(answer, ctx):
    res = _route(ctx)
    want = _overall(res, "model", "category")
    got = _route_number(answer)
    if close(got, want, 0.01):
        filed = _overall(res, "model", "filed_category")
        base = _overall(res, "baseline", "category")
        return correct("09.3", f"Macro-F1 {want:.2f} against the true category ({filed:.2f} "
                               f"against the filed one; plain baseline {base:.2f}).",
                       "The router learns the misfiled labels too; scored against the truth "
                       "it can even do better than the labels it was trained on.")
    wrong = {
        "That is the score against the category as filed; the truth is 'category' (the row "
        "scored_against == 'category').": _overall(res, "model", "filed_category"),
        "That is the accuracy; the task asks for the macro-F1 (every category counts the "
        "same, however small).": _overall(res, "model", "category", "accuracy"),
        "That is the plain TF-IDF baseline's score; give the model's.":
            _overall(res, "baseline", "category"),
        "That is the majority class's score, the floor to beat; give the model's.":
            _overall(res, "majority_class", "category"),
    }
    why = first_match(got, wrong, 0.005)
    if why:
        return not_yet("09.3", why)
    if close(got, _overall(_route(ctx, "category", None), "model", "category"), 0.005):
        return not_yet("09.3", "Your router learned the true categories, which an organisation "
                               "does not have: train on label='filed_category' and score "
                               "against truth='category'.")
    return not_yet("09.3", "Not quite: ck.route(complaints, label='filed_category', "
                           "truth='category') with the default split and seed; read the "
                           "model's macro_f1 scored against 'category' in res.overall.")


# --------------------------------------------------------------------------- task 4
def _misfiled(ctx) -> dict:
    """The held-out complaints misfiled at intake (truth.text) and where the router sent them."""
    def make():
        res = _route(ctx)
        held = res.predictions.join(_complaints(ctx)[["complaint_id"]])
        truth = _world(ctx).truth.text[["complaint_id", "misfiled"]]
        held = held.merge(truth, on="complaint_id", how="left")
        mis = held[held["misfiled"].fillna(False).astype(bool)]
        right = int((mis["predicted"] == mis["category"]).sum())
        return {"n": len(mis), "right": right, "share": right / len(mis) if len(mis) else 0.0,
                "as_filed": float((mis["predicted"] == mis["filed_category"]).mean()),
                "accuracy": float((held["predicted"] == held["category"]).mean()),
                "n_held": len(held)}

    return ctx.cached("misfiled", make)


@task("09.4", "Where routing fails: misfiled complaints, routed to their true category?")
def misfiled_routed(answer, ctx):
    t = _misfiled(ctx)
    got = as_number(answer, "the share")
    if t["n"] and close(got, t["right"], 0.5) and got > 1:
        return not_yet("09.4", f"That is a count; divide by the {t['n']} held-out complaints "
                               "that were misfiled.")
    if 1 < got <= 100:
        got = got / 100  # a percentage
    if close(got, t["share"], 0.006):
        return correct("09.4", f"{t['right']} of the {t['n']} held-out complaints misfiled at "
                               f"intake ({t['share']:.0%}) go to their true category; "
                               f"{t['as_filed']:.0%} repeat the intake's mistake.",
                       "A wrong label is learned only when it is the rule: the few misfiled "
                       "training complaints are outvoted by the many filed right. Read the "
                       "ones it still gets wrong: most are vague (they name no problem) or "
                       "mention two problems, where the text itself cannot decide.")
    wrong = {
        "That is the share sent where they were filed, the intake's mistake repeated; the task "
        "asks for the share sent to their true category.": t["as_filed"],
        f"That is the router's accuracy over all {t['n_held']:,} held-out complaints; the "
        "task asks about the misfiled ones only (world.truth.text's misfiled).":
            t["accuracy"],
    }
    why = first_match(got, wrong, 0.006)
    return not_yet("09.4", why or "Not quite: take the held-out complaints (res.predictions), "
                                  "keep those misfiled at intake (world.truth.text, column "
                                  "misfiled) and compare predicted with category.")


# --------------------------------------------------------------------------- task 5
def _sentiment(ctx) -> dict:
    def make():
        from scipy import stats

        from ..analysis.frames import complaint_frame
        from ..analysis.text import sentiment

        w = _world(ctx)
        frame = complaint_frame(w.complaints, w.surveys)
        res = sentiment(frame, against="csat_score", locale=_locale(ctx))
        score = res.table.set_index("row")["score"]
        both = pd.DataFrame({"s": score, "c": frame.loc[score.index, "csat_score"]}).dropna()
        rho = float(stats.spearmanr(both["s"], both["c"]).statistic)
        pearson = float(np.corrcoef(both["s"], both["c"])[0, 1])
        return {"rho": rho, "pearson": pearson, "n": len(both), "res": res}

    return ctx.cached("sentiment", make)


def _rho(answer) -> float:
    if hasattr(answer, "correlations") and isinstance(answer.correlations, pd.DataFrame):
        c = answer.correlations
        c = c[(c["column"] == "csat_score") & (c["locale"] == "all")]
        if len(c) != 1:
            raise AnswerError("your result has no correlation with csat_score: pass "
                              "against='csat_score'")
        return float(c["rho"].iloc[0])
    if isinstance(answer, Mapping) and len(answer) == 1:
        answer = next(iter(answer.values()))
    return as_number(answer, "the Spearman correlation")


@task("09.5", "Sentiment (情绪) against satisfaction: the Spearman correlation with CSAT")
def anger_vs_csat(answer, ctx):
    t = _sentiment(ctx)
    got = _rho(answer)
    if not -1 <= got <= 1:
        return not_yet("09.5", "A correlation lies between -1 and 1.")
    if close(got, t["rho"], 0.01):
        way = "lower" if t["rho"] < 0 else "higher"
        return correct("09.5", f"Spearman {t['rho']:+.2f} over {t['n']:,} complaints with a "
                               f"survey answer: angrier words go with {way} satisfaction, "
                               "weakly.",
                       "How the complaint was handled weighs more than how it was first "
                       "written (session 02).")
    wrong = {"That is Pearson's correlation; the scores are skewed and CSAT is on a 1-5 scale: "
             "use Spearman (ranks), as ck.sentiment(..., against='csat_score') does.":
             t["pearson"],
             "The sign is turned round: check which is x and which is y, and whether you "
             "negated the score.": -t["rho"]}
    why = first_match(got, wrong, 0.01)
    return not_yet("09.5", why or "Not quite: score the narratives of "
                                  "ck.complaint_frame(complaints, world.surveys) with "
                                  "ck.sentiment(..., against='csat_score') and read rho "
                                  "for locale 'all' in .correlations.")


# --------------------------------------------------------------------------- task 6
def _share(ctx) -> pd.DataFrame:
    return _complaints(ctx).head(N_SHARE)


def _texts(answer) -> list[str]:
    if hasattr(answer, "spans") and hasattr(answer, "text"):
        answer = answer.text
    if isinstance(answer, pd.DataFrame) and "narrative" in answer.columns:
        answer = answer["narrative"]
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, pd.Series,
                                                          np.ndarray)):
        raise AnswerError(_msg("texts", n=N_SHARE, kind=type(answer).__name__))
    texts = list(answer)
    if len(texts) != N_SHARE:
        raise AnswerError(_msg("count", n=N_SHARE, got=len(texts)))
    for i, t in enumerate(texts):
        if t is not None and not isinstance(t, str) and not pd.isna(t):
            raise AnswerError(_msg("not_str", i=i, kind=type(t).__name__))
    return ["" if t is None or (not isinstance(t, str)) else t for t in texts]


def _pii(ctx) -> pd.DataFrame:
    share = _share(ctx)
    pii = _world(ctx).truth.pii
    pii = pii[pii["complaint_id"].isin(share["complaint_id"])]
    pos = pd.Series(np.arange(len(share)), index=share["complaint_id"].to_numpy())
    return pii.assign(pos=pos.loc[pii["complaint_id"]].to_numpy())


@task("09.6", "Redaction (脱敏): the narratives to share, with no personal data left")
def redacted(answer, ctx):
    texts = _texts(answer)
    share, pii = _share(ctx), _pii(ctx)
    original = share["narrative"].fillna("").tolist()
    left = pii[[v in texts[p] for v, p in zip(pii["value"], pii["pos"], strict=True)]]
    if len(left):
        return not_yet("09.6", _left_feedback(left, pii))
    kept = _kept_share(original, texts, pii)
    if kept < 0.6:
        return not_yet("09.6", f"No personal data is left, but only {kept:.0%} of the other "
                               "text survives: mask the personal values only, so the "
                               "complaint can still be read (ck.redact).")
    return correct("09.6", f"{len(pii):,} personal values in {pii['complaint_id'].nunique()} "
                           f"of the {N_SHARE} narratives masked; {kept:.0%} of the rest of the "
                           "text kept.",
                   "Customer and order ids in other columns join back to people: "
                   "ck.pseudonymize them with a key kept apart from the data.")


def _left_feedback(left: pd.DataFrame, pii: pd.DataFrame) -> str:
    kinds = left["kind"].value_counts()
    first = left.iloc[0]
    gone = sorted(set(pii["kind"]) - set(left["kind"]))
    text = (f"{len(left)} of {len(pii)} personal values are still readable, e.g. the "
            f"{first['kind']} {first['value']!r} in {first['complaint_id']}")
    if len(kinds) == 1 and gone:
        return text + (f": every {kinds.index[0]} is left while {', '.join(gone)} are masked. "
                       "Did you pass kinds=...? Mask every kind.")
    return text + ". Redact every narrative of SHARE with ck.redact(..., locale=LOCALE)."


def _kept_share(original: list, texts: list, pii: pd.DataFrame) -> float:
    """The share of the non-personal characters still in the texts (by length)."""
    pii_chars = pii.assign(n=pii["end"] - pii["start"]).groupby("pos")["n"].sum()
    want = sum(len(o) - int(pii_chars.get(i, 0)) for i, o in enumerate(original))
    got = sum(min(len(t), len(o)) for t, o in zip(texts, original, strict=True))
    return min(1.0, got / want) if want else 1.0
