"""Exercise 09 (reading complaints at scale): every check on right and typical wrong answers,
the built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh.

Right answers are recomputed here where an independent computation exists (macro-F1 and
recall from the held-out predictions with scikit-learn, Spearman with scipy, redaction from
the truth's PII spans), so a check cannot agree with a wrong kit function by construction.
"""

import numpy as np
import pandas as pd
import pytest
from exercise_helpers import (
    assert_built_versions_match,
    assert_solution_is_correct,
    assert_trainee_says_not_yet,
    exercise_fixture,
    says,
)
from scipy import stats
from sklearn.metrics import f1_score

import complaintkit as ck
from complaintkit.exercises import ex09
from complaintkit.text.pii import KINDS

NAME = "ex09-reading-complaints.ipynb"

ex = exercise_fixture("09", zh_twin=True)


@pytest.fixture(scope="module")
def world():
    return ck.load_dataset("ecommerce_en")


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "09", 6,
                                leak=("ck.redact(SHARE", "tp.scores.set_index"))


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "09", 6)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "09", 6)


# --------------------------------------------------------------------------- task 1
def test_task1_distinctive_words(ex, world):
    kw = ck.keywords(world.complaints, by="category", top=5, locale="en_US")
    want = kw.table.query("group == 'after_sales'")["term"].tolist()
    fb = ex.check(1, want)
    assert fb.ok, str(fb)
    assert ex.check(1, kw).ok and ex.check(1, want[:4] + ["zzz"]).ok  # 4 of 5 will do
    frequent = ex09._frequent(ex)
    assert len(set(frequent) & set(want)) <= 3  # the two lists differ: the hint is real
    says(ex.check(1, frequent), "most frequent words")
    other = kw.table.query("group == 'billing'")["term"].tolist()
    says(ex.check(1, other), "words of 'billing'")
    says(ex.check(1, want[:3]), "Give 5 words, not 3")
    says(ex.check(1, 42), "list of strings")


# --------------------------------------------------------------------------- task 2
def test_task2_topics_ari(ex, world):
    sample = world.complaints.sample(ex09.N_SAMPLE, random_state=ex09.SAMPLE_SEED)
    tp = ck.topics(sample, truth="category", n_boot=20, locale="en_US")
    s = tp.scores.set_index("metric")["estimate"]
    assert 0 < s["adjusted_rand"] < 0.9  # topics are not the categories
    fb = ex.check(2, s["adjusted_rand"])
    assert fb.ok and "NMI" in str(fb), str(fb)
    assert ex.check(2, tp).ok
    says(ex.check(2, s["nmi"]), "That is the NMI")
    filed = ck.topics(sample, truth="filed_category", n_boot=20, locale="en_US")
    got = filed.scores.set_index("metric")["estimate"]["adjusted_rand"]
    if abs(got - s["adjusted_rand"]) > 0.01:
        says(ex.check(2, got), "as filed")
    says(ex.check(2, 1.5), "at most 1")
    says(ex.check(2, "high"), "single number")


# --------------------------------------------------------------------------- task 3
def test_task3_routing_macro_f1(ex, world):
    rt = ck.route(world.complaints, label="filed_category", truth="category", n_boot=50,
                  locale="en_US")
    p = rt.predictions
    want = f1_score(p["category"], p["predicted"], average="macro")
    filed = f1_score(p["filed_category"], p["predicted"], average="macro")
    accuracy = float((p["category"] == p["predicted"]).mean())
    assert abs(want - filed) > 0.01  # misfiled labels: the two scores differ
    fb = ex.check(3, want)
    assert fb.ok, str(fb)
    assert ex.check(3, rt).ok
    says(ex.check(3, filed), "as filed")
    if abs(want - accuracy) > 0.005:  # (they coincide when the router is nearly perfect)
        says(ex.check(3, accuracy), "accuracy")
    on_truth = ck.route(world.complaints, label="category", n_boot=20, locale="en_US")
    says(ex.check(3, on_truth), "train it on what was filed")
    says(ex.check(3, ck.route(world.complaints, label="filed_category", n_boot=20,
                              locale="en_US")), "truth='category'")
    says(ex.check(3, (0.9, 0.8)), "single number")


# --------------------------------------------------------------------------- task 4
def test_task4_misfiled_complaints_routed(ex, world):
    rt = ex09._route(ex)
    held = rt.predictions.join(world.complaints[["complaint_id", "narrative"]])
    truth = world.truth.text.set_index("complaint_id")["misfiled"]
    misfiled = truth.loc[held["complaint_id"]].to_numpy()
    # the truth's misfiled flag is the filed label differing from the true one
    assert (misfiled == (held["filed_category"] != held["category"]).to_numpy()).all()
    mis = held[misfiled]
    assert len(mis) > 50
    right = int((mis["predicted"] == mis["category"]).sum())
    fb = ex.check(4, right / len(mis))
    assert fb.ok and f"{right} of the {len(mis)}" in str(fb), str(fb)
    assert ex.check(4, round(100 * right / len(mis), 1)).ok  # a percentage will do
    as_filed = float((mis["predicted"] == mis["filed_category"]).mean())
    says(ex.check(4, as_filed), "where they were filed")
    accuracy = float((held["predicted"] == held["category"]).mean())
    if abs(accuracy - right / len(mis)) > 0.006:
        says(ex.check(4, accuracy), "accuracy over all")
    says(ex.check(4, right), "That is a count")
    says(ex.check(4, "most"), "single number")


# --------------------------------------------------------------------------- task 5
def test_task5_anger_against_csat(ex, world):
    frame = ck.complaint_frame(world.complaints, world.surveys)
    se = ck.sentiment(frame, against="csat_score", locale="en_US")
    score = se.table.set_index("row")["score"]
    both = pd.DataFrame({"s": score, "c": frame.loc[score.index, "csat_score"]}).dropna()
    rho = stats.spearmanr(both["s"], both["c"]).statistic
    assert rho < -0.1  # angrier narratives, less satisfied customers: the lesson holds
    fb = ex.check(5, rho)
    assert fb.ok and "lower satisfaction" in str(fb), str(fb)
    assert ex.check(5, se).ok
    says(ex.check(5, -rho), "sign is turned round")
    pearson = np.corrcoef(both["s"], both["c"])[0, 1]
    if abs(pearson - rho) > 0.01:
        says(ex.check(5, pearson), "Pearson")
    says(ex.check(5, 2), "between -1 and 1")


# --------------------------------------------------------------------------- task 6
def _masked_by_truth(world, kinds=None) -> list[str]:
    """The first 300 narratives with the truth's PII spans masked (independent of redact)."""
    share = world.complaints.head(ex09.N_SHARE)
    pii = world.truth.pii
    out = []
    for cid, text in zip(share["complaint_id"], share["narrative"].fillna(""), strict=True):
        spans = pii[(pii["complaint_id"] == cid)
                    & (pii["kind"].isin(kinds) if kinds else True)].sort_values("start")
        for s in spans.iloc[::-1].itertuples():
            text = text[:s.start] + "[X]" + text[s.end:]
        out.append(text)
    return out


def test_task6_redaction(ex, world):
    assert len(ex09._pii(ex)) > 20  # the first 300 carry personal data to find
    fb = ex.check(6, _masked_by_truth(world))
    assert fb.ok, str(fb)
    assert ex.check(6, pd.Series(_masked_by_truth(world))).ok
    no_phones = _masked_by_truth(world, kinds=[k for k in KINDS if k != "phone"])
    says(ex.check(6, no_phones), "still readable", "every phone is left", "kinds=")
    says(ex.check(6, ["[REDACTED]"] * ex09.N_SHARE), "of the other text survives")
    says(ex.check(6, _masked_by_truth(world)[:10]), "give 300 texts")
    says(ex.check(6, world.complaints.head(300)["narrative"].tolist()), "still readable")
    says(ex.check(6, "all of them"), "redacted texts")


def test_task6_with_the_kits_redact(ex, world):
    if not hasattr(ck, "redact"):
        pytest.skip("ck.redact is not exported yet")
    red = ck.redact(world.complaints.head(ex09.N_SHARE)["narrative"], locale="en_US")
    assert ex.check(6, red).ok and ex.check(6, red.text).ok


# --------------------------------------------------------------------------- tried answers
def _kw(ex):
    t = ex09._keywords(ex).table
    return t.loc[t["group"] == ex09.CATEGORY, "term"].tolist()


def _ari(ex, truth="category", method="nmf", metric="adjusted_rand"):
    return ex09._metric(ex09._topics(ex, truth, method), metric)


def _f1(ex, model="model", against="category", col="macro_f1"):
    return ex09._overall(ex09._route(ex), model, against, col)


def _mis(ex):
    return ex09._misfiled(ex)


def _rho(ex):
    return ex09._sentiment(ex)["rho"]


def _masked(ex, kinds=None):
    share, pii = ex09._share(ex), ex09._pii(ex)
    out = []
    for cid, text in zip(share["complaint_id"], share["narrative"].fillna(""), strict=True):
        spans = pii[(pii["complaint_id"] == cid)
                    & (pii["kind"].isin(kinds) if kinds else True)].sort_values("start")
        for sp in spans.iloc[::-1].itertuples():
            text = text[:sp.start] + "[X]" + text[sp.end:]
        out.append(text)
    return out


#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, a list", _kw, "correct", ["far more typical"]),
    (1, "right, the keywords result", ex09._keywords, "correct", []),
    (1, "right, the whole keywords table", lambda ex: ex09._keywords(ex).table, "correct", []),
    (1, "right, one string", lambda ex: ", ".join(_kw(ex)), "correct", []),
    (1, "right, in capitals", lambda ex: [w.upper() for w in _kw(ex)], "correct", []),
    (1, "right, a dict of z", lambda ex: dict.fromkeys(_kw(ex), 5.0), "correct", []),
    (1, "four of five", lambda ex: _kw(ex)[:4] + ["zzz"], "correct", []),
    (1, "the most frequent", ex09._frequent, "not yet", ["most frequent words"]),
    (1, "another category's", lambda ex: ex09._keywords(ex).table.query(
        "group == 'billing'")["term"].tolist(), "not yet", ["words of 'billing'"]),
    (1, "too few", lambda ex: _kw(ex)[:3], "not yet", ["Give 5 words, not 3"]),
    (1, "too many", lambda ex: _kw(ex) + ["zzz"], "not yet", ["Give 5 words, not 6"]),
    (1, "a table without term", lambda ex: pd.DataFrame({"word": _kw(ex)}), "not yet",
     ["list of strings"]),
    (1, "a number", lambda ex: 42, "not yet", ["list of strings"]),
    (2, "right, a number", _ari, "correct", ["NMI"]),
    (2, "right, the topics result", lambda ex: ex09._topics(ex), "correct", []),
    (2, "right, a dict", lambda ex: {"ari": _ari(ex)}, "correct", []),
    (2, "right, rounded", lambda ex: round(_ari(ex), 2), "correct", []),
    (2, "the NMI", lambda ex: _ari(ex, metric="nmi"), "not yet", ["That is the NMI"]),
    (2, "above 1", lambda ex: 1.5, "not yet", ["at most 1"]),
    (2, "a text", lambda ex: "high", "not yet", ["single number"]),
    (3, "right, a number", _f1, "correct", ["against the true category"]),
    (3, "right, the route result", lambda ex: ex09._route(ex), "correct", []),
    (3, "right, rounded to 2 decimals", lambda ex: round(_f1(ex), 2), "correct", []),
    (3, "right, a percentage", lambda ex: round(100 * _f1(ex), 1), "correct", ["percentage"]),
    (3, "against the filed", lambda ex: _f1(ex, against="filed_category"), "not yet",
     ["as filed"]),
    (3, "the baseline", lambda ex: _f1(ex, model="baseline"), "not yet", ["baseline"]),
    (3, "the majority class", lambda ex: _f1(ex, model="majority_class"), "not yet",
     ["majority class"]),
    (3, "a pair", lambda ex: (0.9, 0.8), "not yet", ["single number"]),
    (4, "right, a share", lambda ex: _mis(ex)["share"], "correct", ["held-out complaints"]),
    (4, "right, a percentage", lambda ex: round(100 * _mis(ex)["share"], 1), "correct",
     ["percentage"]),
    (4, "right, a one-value Series", lambda ex: pd.Series([_mis(ex)["share"]]), "correct", []),
    (4, "as filed", lambda ex: _mis(ex)["as_filed"], "not yet", ["where they were filed"]),
    (4, "the count", lambda ex: _mis(ex)["right"], "not yet", ["That is a count"]),
    (4, "the misfiled count", lambda ex: _mis(ex)["n"], "not yet", ["misfiled at intake"]),
    (4, "the share missed", lambda ex: 1 - _mis(ex)["share"], "not yet", ["anywhere else"]),
    (4, "a text", lambda ex: "most", "not yet", ["single number"]),
    (5, "right, a number", _rho, "correct", ["satisfaction"]),
    (5, "right, the sentiment result", lambda ex: ex09._sentiment(ex)["res"], "correct", []),
    (5, "right, a dict", lambda ex: {"rho": _rho(ex)}, "correct", []),
    (5, "the sign turned", lambda ex: -_rho(ex), "not yet", ["sign is turned round"]),
    (5, "out of range", lambda ex: 2, "not yet", ["between -1 and 1"]),
    (6, "right, a list", _masked, "correct", ["masked"]),
    (6, "right, a Series", lambda ex: pd.Series(_masked(ex)), "correct", []),
    (6, "right, a table", lambda ex: pd.DataFrame({"narrative": _masked(ex)}), "correct", []),
    (6, "phones left", lambda ex: _masked(ex, [k for k in KINDS if k != "phone"]), "not yet",
     ["still readable", "every phone is left"]),
    (6, "nothing masked", lambda ex: ex09._share(ex)["narrative"].tolist(), "not yet",
     ["still readable"]),
    (6, "all masked", lambda ex: ["[REDACTED]"] * ex09.N_SHARE, "not yet",
     ["of the other text survives"]),
    (6, "too few texts", lambda ex: _masked(ex)[:10], "not yet", ["give 300 texts"]),
    (6, "a text", lambda ex: "all of them", "not yet", ["redacted texts"]),
    (6, "a misspelt column", lambda ex: pd.DataFrame({"narative": _masked(ex)}), "not yet",
     ["no narrative column", "'narative'"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
