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
turned round; personal data left in, or whole texts masked. The feedback speaks the
exercise's language (``ctx.locale``), with labels for codes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, tr
from . import task
from .answers import (
    AnswerError,
    as_number,
    as_table,
    close,
    first_match,
    named,
    named_list,
    read_shares,
    type_name,
)
from .feedback import correct, not_yet

CATEGORY = "after_sales"   # task 1's category
N_SAMPLE, SAMPLE_SEED = 2000, 9   # task 2: topics on a random sample (NMF is slow on zh)
N_SHARE = 300              # task 6: the first complaints, to be shared
TOP = 5
MESSAGES = {
    "terms": N_("give the {top} words as a list of strings, e.g. ['refund', 'bank', ...], or "
                "the result of ck.keywords"),
    "route_label": N_("your router learned {label!r}: train it on what was filed at intake "
                      "(label='filed_category'), as an organisation must"),
    "route_truth": N_("your router is scored against the label it learned only: pass "
                      "truth='category' so it is scored against the true category too"),
    "texts": N_("give the {n} redacted texts, in the order of SHARE, as a list or Series of "
                "strings (e.g. ck.redact(SHARE['narrative'], locale=LOCALE).text), not {kind}"),
    "count": N_("give {n} texts, one per complaint of SHARE, in its order; you gave {got}"),
    "not_str": N_("text {i} is {kind}, not a string"),
}


def _words(terms, loc) -> str:
    """Words as the feedback shows them: ``a, b`` in English, quoted in another language (a
    word of an English world is code there)."""
    return fmt_list(terms if is_english(loc) else map(repr, terms), loc)


def _one(answer):
    """A dict with one value: the value."""
    if isinstance(answer, Mapping) and len(answer) == 1:
        return next(iter(answer.values()))
    return answer


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
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        if "group" in answer.columns:   # the whole keywords table: the task's category
            answer = answer[answer["group"].astype(str) == CATEGORY]
        if "term" not in answer.columns:
            raise AnswerError(MESSAGES["terms"], top=TOP)
        answer = answer["term"]
    if isinstance(answer, Mapping):   # {word: z}
        answer = list(answer)
    if isinstance(answer, str):
        answer = (answer.replace("，", ",").replace("、", ",").split(",")
                  if any(c in answer for c in ",，、") else answer.split())
    if not isinstance(answer, (list, tuple, pd.Series, pd.Index, np.ndarray)):
        raise AnswerError(MESSAGES["terms"], top=TOP)
    terms = [str(w).strip().lower() for w in answer if str(w).strip()]
    if not terms:
        raise AnswerError(MESSAGES["terms"], top=TOP)
    return terms


@task("09.1", "The distinctive words (关键词) of the after-sales category")
def distinctive_words(answer, ctx):
    res = _keywords(ctx)
    table = res.table
    want = list(table.loc[table["group"] == CATEGORY, "term"])
    got = _terms(answer)
    hits = [w for w in got[:TOP] if w in want]
    loc = ctx.locale
    if len(got) == TOP and len(hits) >= TOP - 1:
        return correct("09.1", tr("{words}: each is far more typical of after-sales complaints "
                                  "than of the others (z-scores {z} and more).", loc,
                                  words=_words(want, loc), z=format(
                                      table.loc[table["group"] == CATEGORY, "z"].min(), ".0f")),
                       tr("The category's most frequent words are mostly everybody's words; the "
                          "log-odds against the rest keep only what sets it apart.", loc))
    if len(got) != TOP:
        return not_yet("09.1", tr("Give {top} words, not {n}.", loc, top=TOP, n=len(got)))
    frequent = _frequent(ctx)
    if sum(w in frequent for w in got) >= TOP - 1 and len(hits) < TOP - 1:
        return not_yet("09.1", tr("These are the category's most frequent words; many of them "
                                  "are frequent in every category. Compare the category with "
                                  "the rest: ck.keywords(..., by='category').", loc))
    other = table[table["term"].isin(got) & (table["group"] != CATEGORY)]
    if len(other) >= TOP - 1:
        group = other["group"].mode().iloc[0]
        return not_yet("09.1", tr("Those are the words of {group}; the task asks for "
                                  "{category}.", loc, group=named("category", group)(loc),
                                  category=named("category", CATEGORY)(loc)))
    return not_yet("09.1", tr("{k} of your words are among the {top} most distinctive of "
                              "{category}; sort by z, the group against the rest.", loc,
                              k=len(hits), top=TOP, category=named("category", CATEGORY)(loc)))


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
    answer = _one(answer)
    return as_number(as_table(answer) if not isinstance(answer, pd.DataFrame) else answer,
                     N_("the adjusted Rand index (ARI)"))


@task("09.2", "Topics (主题) against the true categories: the adjusted Rand index")
def topics_ari(answer, ctx):
    loc = ctx.locale
    res = _topics(ctx)
    want = _metric(res, "adjusted_rand")
    got = _topics_number(answer)
    if close(got, want, 0.01):
        nmi = _metric(res, "nmi")
        return correct("09.2", tr("ARI {ari} (NMI {nmi}) with {k} topics: far from chance (0), "
                                  "far from the categories (1).", loc, ari=format(want, ".2f"),
                                  nmi=format(nmi, ".2f"), k=len(res.table)),
                       tr("Topics group texts by how they are written as much as by what "
                          "happened; to put a complaint in a category, learn from labels.", loc))
    if not 0 - 0.5 <= got <= 1:
        return not_yet("09.2", tr("The ARI is at most 1 (the same partition) and about 0 for "
                                  "chance; read it from res.scores.", loc))
    wrong = {N_("That is the NMI (normalised mutual information); the task asks for the ARI, "
                "the row 'adjusted_rand' of res.scores."): _metric(res, "nmi")}
    if "filed_category" in _complaints(ctx).columns:
        wrong[N_("That compares the topics with the category as filed; compare with the true "
                 "one (truth='category').")] = _metric(_topics(ctx, "filed_category"),
                                                      "adjusted_rand")
    why = first_match(got, wrong, 0.01)
    if why:
        return not_yet("09.2", tr(why, loc))
    if close(got, _metric(_topics(ctx, method="lda"), "adjusted_rand"), 0.01):
        return correct("09.2", tr("That is LDA's ARI; NMF on TF-IDF (the default) gives {ari}. "
                                  "Either way, topics are not the categories.", loc,
                                  ari=format(want, ".2f")))
    return not_yet("09.2", tr("Not quite: fit ck.topics(SAMPLE, truth='category') with the "
                              "default number of topics (one per category) and seed, and read "
                              "the 'adjusted_rand' estimate.", loc))


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
            raise AnswerError(MESSAGES["route_label"], label=answer.label)
        if answer.truth != "category":
            raise AnswerError(MESSAGES["route_truth"])
        return _overall(answer, "model", "category")
    return as_number(_one(answer), N_("the macro-F1"))


@task("09.3", "Routing (分派/路由): held-out macro-F1 against the true category")
def routing_f1(answer, ctx):
    loc = ctx.locale
    res = _route(ctx)
    want = _overall(res, "model", "category")
    got, notes = read_shares(_route_number(answer), locale=loc)
    wrong = _route_wrong(res)
    why = first_match(got, wrong, 0.005)
    if why and abs(got - wrong[why]) < abs(got - want):   # nearer a wrong score: that one
        return not_yet("09.3", tr(why, loc))
    if close(got, want, 0.01):
        filed = _overall(res, "model", "filed_category")
        base = _overall(res, "baseline", "category")
        return correct("09.3", *notes, tr("Macro-F1 {f1} against the true category ({filed} "
                                          "against the filed one; plain baseline {base}).",
                                          loc, f1=format(want, ".2f"),
                                          filed=format(filed, ".2f"), base=format(base, ".2f")),
                       tr("The router learns the misfiled labels too; scored against the truth "
                          "it can even do better than the labels it was trained on.", loc))
    if why:
        return not_yet("09.3", tr(why, loc))
    if close(got, _overall(_route(ctx, "category", None), "model", "category"), 0.005):
        return not_yet("09.3", tr("Your router learned the true categories, which an "
                                  "organisation does not have: train on label='filed_category' "
                                  "and score against truth='category'.", loc))
    return not_yet("09.3", tr("Not quite: ck.route(complaints, label='filed_category', "
                              "truth='category') with the default split and seed; read the "
                              "model's macro_f1 scored against 'category' in res.overall.", loc))


def _route_wrong(res) -> dict:
    """The typical wrong scores of task 3 (the feedback for each)."""
    return {
        N_("That is the score against the category as filed; the truth is 'category' (the row "
           "scored_against == 'category')."): _overall(res, "model", "filed_category"),
        N_("That is the accuracy; the task asks for the macro-F1 (every category counts the "
           "same, however small)."): _overall(res, "model", "category", "accuracy"),
        N_("That is the plain TF-IDF baseline's score; give the model's."):
            _overall(res, "baseline", "category"),
        N_("That is the majority class's score, the floor to beat; give the model's."):
            _overall(res, "majority_class", "category"),
    }


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
    loc = ctx.locale
    t = _misfiled(ctx)
    got = as_number(_one(answer), N_("the share"))
    if t["n"] and close(got, t["right"], 0.5) and got > 1:
        return not_yet("09.4", tr("That is a count; divide by the {n} held-out complaints that "
                                  "were misfiled.", loc, n=t["n"]))
    if t["n"] and close(got, t["n"], 0.5) and got > 1:
        return not_yet("09.4", tr("That is the number of held-out complaints misfiled at "
                                  "intake; the task asks for the share of them routed to their "
                                  "true category.", loc))
    got, notes = read_shares(got, locale=loc)
    if close(got, t["share"], 0.006):
        return correct("09.4", *notes, tr("{right} of the {n} held-out complaints misfiled at "
                                          "intake ({share}) go to their true category; "
                                          "{as_filed} repeat the intake's mistake.", loc,
                                          right=t["right"], n=t["n"],
                                          share=fmt_pct(t["share"], loc),
                                          as_filed=fmt_pct(t["as_filed"], loc)),
                       tr("A wrong label is learned only when it is the rule: the few misfiled "
                          "training complaints are outvoted by the many filed right. Read the "
                          "ones it still gets wrong: most are vague (they name no problem) or "
                          "mention two problems, where the text itself cannot decide.", loc))
    wrong = {
        N_("That is the share sent where they were filed, the intake's mistake repeated; the "
           "task asks for the share sent to their true category."): t["as_filed"],
        N_("That is the router's accuracy over all {n_held} held-out complaints; the task "
           "asks about the misfiled ones only (world.truth.text's misfiled)."): t["accuracy"],
        N_("That is the share sent anywhere else than their true category; the task asks for "
           "the share sent to it."): 1 - t["share"],
    }
    why = first_match(got, wrong, 0.006)
    return not_yet("09.4", tr(why, loc, n_held=fmt_int(t["n_held"], loc)) if why else
                   tr("Not quite: take the held-out complaints (res.predictions), keep those "
                      "misfiled at intake (world.truth.text, column misfiled) and compare "
                      "predicted with category.", loc))


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
            raise AnswerError(N_("your result has no correlation with csat_score: pass "
                                 "against='csat_score'"))
        return float(c["rho"].iloc[0])
    return as_number(_one(answer), N_("the Spearman correlation"))


@task("09.5", "Sentiment (情绪) against satisfaction: the Spearman correlation with CSAT")
def anger_vs_csat(answer, ctx):
    loc = ctx.locale
    t = _sentiment(ctx)
    got = _rho(answer)
    if not -1 <= got <= 1:
        return not_yet("09.5", tr("A correlation lies between -1 and 1.", loc))
    if close(got, t["rho"], 0.01):
        args = dict(rho=format(t["rho"], "+.2f"), n=fmt_int(t["n"], loc))
        first = (tr("Spearman {rho} over {n} complaints with a survey answer: angrier words go "
                    "with lower satisfaction, weakly.", loc, **args) if t["rho"] < 0 else
                 tr("Spearman {rho} over {n} complaints with a survey answer: angrier words go "
                    "with higher satisfaction, weakly.", loc, **args))
        return correct("09.5", first,
                       tr("How the complaint was handled weighs more than how it was first "
                          "written (session 02).", loc))
    wrong = {N_("That is Pearson's correlation; the scores are skewed and CSAT is on a 1-5 "
                "scale: use Spearman (ranks), as ck.sentiment(..., against='csat_score') "
                "does."): t["pearson"],
             N_("The sign is turned round: check which is x and which is y, and whether you "
                "negated the score."): -t["rho"]}
    why = first_match(got, wrong, 0.01)
    return not_yet("09.5", tr(why, loc) if why else
                   tr("Not quite: score the narratives of ck.complaint_frame(complaints, "
                      "world.surveys) with ck.sentiment(..., against='csat_score') and read rho "
                      "for locale 'all' in .correlations.", loc))


# --------------------------------------------------------------------------- task 6
def _share(ctx) -> pd.DataFrame:
    return _complaints(ctx).head(N_SHARE)


def _texts(answer) -> list[str]:
    if hasattr(answer, "spans") and hasattr(answer, "text"):
        answer = answer.text
    if isinstance(answer, pd.DataFrame):
        if "narrative" not in answer.columns:
            raise AnswerError(N_("your table has no narrative column: give the redacted texts "
                                 "as a list, a Series or the column 'narrative' of a table "
                                 "(its columns: {columns})"),
                              columns=", ".join(map(repr, map(str, answer.columns[:5]))))
        answer = answer["narrative"]
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, pd.Series,
                                                          np.ndarray)):
        raise AnswerError(MESSAGES["texts"], n=N_SHARE, kind=type_name(answer))
    texts = list(answer)
    if len(texts) != N_SHARE:
        raise AnswerError(MESSAGES["count"], n=N_SHARE, got=len(texts))
    for i, t in enumerate(texts):
        if t is not None and not isinstance(t, str) and not pd.isna(t):
            raise AnswerError(MESSAGES["not_str"], i=i, kind=type_name(t))
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
    loc = ctx.locale
    if len(left):
        return not_yet("09.6", _left_feedback(left, pii, loc))
    kept = _kept_share(original, texts, pii)
    if kept < 0.6:
        return not_yet("09.6", tr("No personal data is left, but only {kept} of the other text "
                                  "survives: mask the personal values only, so the complaint "
                                  "can still be read (ck.redact).", loc,
                                  kept=fmt_pct(kept, loc)))
    return correct("09.6", tr("{k} personal values in {m} of the {n} narratives masked; {kept} "
                              "of the rest of the text kept.", loc, k=fmt_int(len(pii), loc),
                              m=pii["complaint_id"].nunique(), n=N_SHARE,
                              kept=fmt_pct(kept, loc)),
                   tr("Customer and order ids in other columns join back to people: "
                      "ck.pseudonymize them with a key kept apart from the data.", loc))


def _left_feedback(left: pd.DataFrame, pii: pd.DataFrame, loc) -> str:
    kinds = left["kind"].value_counts()
    first = left.iloc[0]
    gone = sorted(set(pii["kind"]) - set(left["kind"]))
    cid = first["complaint_id"]
    text = tr("{k} of {n} personal values are still readable, e.g. the {kind} {value!r} in "
              "{cid}", loc, k=len(left), n=len(pii),
              kind=named("pii_kind", first["kind"], quote=False)(loc), value=first["value"],
              cid=cid if is_english(loc) else repr(cid))
    if len(kinds) == 1 and gone:
        return tr("{text}: every {kind} is left while {gone} are masked. Did you pass "
                  "kinds=...? Mask every kind.", loc, text=text,
                  kind=named("pii_kind", kinds.index[0], quote=False)(loc),
                  gone=named_list("pii_kind", gone)(loc))
    return tr("{text}. Redact every narrative of SHARE with ck.redact(..., locale=LOCALE).", loc,
              text=text)


def _kept_share(original: list, texts: list, pii: pd.DataFrame) -> float:
    """The share of the non-personal characters still in the texts (by length)."""
    pii_chars = pii.assign(n=pii["end"] - pii["start"]).groupby("pos")["n"].sum()
    want = sum(len(o) - int(pii_chars.get(i, 0)) for i, o in enumerate(original))
    got = sum(min(len(t), len(o)) for t, o in zip(texts, original, strict=True))
    return min(1.0, got / want) if want else 1.0
