"""ck.route: scores checked against scikit-learn on the same split, against worlds whose truth
is known (separable, uninformative, misfiled at a known rate), on a CFPB-format export, and
on bad input."""

from __future__ import annotations

import pickle
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.analysis.routing import macro_f1

matplotlib.use("Agg")

FIXTURE = Path(__file__).parent / "fixtures" / "text" / "cfpb_narratives.csv"
WORDS = {"a": ["parcel", "courier", "tracking", "late"],
         "b": ["refund", "charged", "invoice", "twice"],
         "c": ["broken", "scratched", "defect", "cracked"]}
SHARED = ["order", "please", "customer", "week", "again", "service", "help", "today"]


def _frame(n=600, noise=0.0, informative=True, seed=0) -> pd.DataFrame:
    """Texts of 2 class words and 4 shared words; ``noise`` of the labels filed under
    another class, at random (the truth is ``category``)."""
    rng = np.random.default_rng(seed)
    classes = np.array(list(WORDS))
    truth = classes[rng.choice(3, size=n, p=[0.5, 0.3, 0.2])]
    texts = []
    for t in truth:
        own = WORDS[t] if informative else sum(WORDS.values(), [])
        words = list(rng.choice(own, 2)) + list(rng.choice(SHARED, 4))
        texts.append(" ".join(rng.permutation(words)))
    filed = truth.copy()
    flip = rng.random(n) < noise
    shift = rng.integers(1, 3, size=n)
    filed[flip] = classes[(np.searchsorted(classes, truth[flip]) + shift[flip]) % 3]
    return pd.DataFrame({"narrative": texts, "category": truth, "filed_category": filed})


@pytest.fixture(scope="module")
def shipped():
    return ck.load_dataset("ecommerce_en").complaints.head(2000)


@pytest.fixture(scope="module")
def priority(shipped):
    return ck.route(shipped, label="priority", n_boot=100, seed=3)


# ----------------------------------------------------------------- independent computation
def test_scores_match_sklearn_on_the_same_split(priority):
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    pr = priority.predictions
    classes = priority.classes
    p, r, f, s = precision_recall_fscore_support(pr["priority"], pr["predicted"],
                                                 labels=classes, zero_division=0)
    t = priority.table.set_index("label").loc[classes]
    np.testing.assert_allclose(t["precision"], p, rtol=0, atol=1e-12)
    np.testing.assert_allclose(t["recall"], r, rtol=0, atol=1e-12)
    np.testing.assert_allclose(t["f1"], f, rtol=0, atol=1e-12)
    assert t["support"].tolist() == s.tolist()
    o = priority.overall.set_index("model")
    for name, col in (("model", "predicted"), ("baseline", "baseline_predicted")):
        want = f1_score(pr["priority"], pr[col], average="macro", zero_division=0)
        assert o.loc[name, "macro_f1"] == pytest.approx(want, abs=1e-12)
        assert o.loc[name, "ci_lower"] <= o.loc[name, "macro_f1"] <= o.loc[name, "ci_upper"]
    cm = confusion_matrix(pr["priority"], pr["predicted"], labels=classes)
    assert (priority.confusion.to_numpy() == cm).all()


def test_baseline_is_plain_tfidf_logreg_refitted_independently(shipped, priority):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    test = priority.predictions.index
    train = shipped.drop(index=test)
    assert len(train) + len(test) == len(shipped)
    vec = TfidfVectorizer().fit(train["narrative"])
    clf = LogisticRegression(max_iter=1000).fit(vec.transform(train["narrative"]),
                                                train["priority"].astype(str))
    pred = clf.predict(vec.transform(shipped.loc[test, "narrative"]))
    assert (pred == priority.predictions["baseline_predicted"].astype(str)).mean() > 0.99


def test_split_is_stratified_and_sized(priority, shipped):
    held = priority.predictions
    assert len(held) == round(0.25 * len(shipped))
    share_all = shipped["priority"].value_counts(normalize=True)
    share_test = held["priority"].value_counts(normalize=True)
    np.testing.assert_allclose(share_test[share_all.index], share_all, rtol=0, atol=0.01)


def test_macro_f1_helper_matches_sklearn():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(5)
    t, p = rng.integers(0, 4, 300), rng.integers(0, 5, 300)
    assert macro_f1(t, p) == pytest.approx(f1_score(t, p, average="macro"), abs=1e-12)


# ----------------------------------------------------------------- truth known
def test_separable_world_is_routed_perfectly_and_majority_matches_hand_count():
    df = _frame(noise=0.0)
    res = ck.route(df, label="category", n_boot=50)
    o = res.overall.set_index("model")
    assert o.loc["model", "macro_f1"] == 1.0
    # majority class "a": precision = share of a, recall 1; the other classes score 0
    share = (res.predictions["category"] == "a").mean()
    assert o.loc["majority_class", "macro_f1"] == pytest.approx(2 * share / (1 + share) / 3,
                                                                 abs=1e-12)


def test_uninformative_texts_score_near_chance():
    res = ck.route(_frame(informative=False, n=900), label="category", n_boot=200)
    o = res.overall.set_index("model").loc["model"]
    assert o["macro_f1"] < 0.5 and o["ci_lower"] < 0.4


def test_misfiled_labels_are_learned_around_and_scored_against_truth():
    df = _frame(n=1500, noise=0.2, seed=1)
    res = ck.route(df, truth="category", n_boot=200)
    o = res.overall.set_index(["model", "scored_against"])
    vs_truth, vs_filed = o.loc[("model", "category")], o.loc[("model", "filed_category")]
    assert vs_truth["accuracy"] > 0.95
    # a model right about the truth agrees with the filed label where it was not misfiled
    misfiled = (res.predictions["category"] != res.predictions["filed_category"]).mean()
    assert vs_filed["accuracy"] == pytest.approx(vs_truth["accuracy"] - misfiled, abs=0.03)
    assert vs_filed["accuracy_ci_lower"] <= 0.8 <= vs_filed["accuracy_ci_upper"] + 0.02
    assert "the label as filed (filed_category)" in res.summary()
    assert res.confusion.index.name == "category"


def test_learning_curve_rises_and_predict_routes_new_texts():
    res = ck.route(_frame(n=600, noise=0.1), truth="category", n_boot=50)
    lc = res.learning_curve
    m = lc[lc["model"] == "model"].sort_values("train_size")
    assert m["train_size"].is_monotonic_increasing and m["macro_f1"].iloc[-1] >= 0.9
    assert set(lc["model"]) == {"model", "baseline"}
    new = res.predict(pd.Series(["the courier lost my parcel", "charged twice refund"],
                                index=[10, 20]))
    assert new.tolist() == ["a", "b"] and new.index.tolist() == [10, 20]
    again = pickle.loads(pickle.dumps(res.model))
    assert again.predict(["cracked defect"])[0] == res.classes.index("c")


def test_time_split_holds_out_the_latest(shipped):
    res = ck.route(shipped, label="category", time="received_at", n_boot=20)
    held = shipped.loc[res.predictions.index, "received_at"]
    rest = shipped.drop(index=res.predictions.index)["received_at"]
    assert held.min() >= rest.max()
    assert any("out-of-time" in n for n in res.notes)


# ----------------------------------------------------------------- a CFPB-format export
def test_cfpb_export_routes_on_product_and_issue():
    df, _ = ck.load_cfpb(FIXTURE)
    assert len(df) == 100
    res = ck.route(df, label="category", n_boot=100, seed=2)
    assert res.notes[0] == "90 of 100 complaints used: 10 without text in 'narrative'"
    assert len(res.classes) == 5
    o = res.overall.set_index("model")["macro_f1"]
    assert o["model"] > o["majority_class"] + 0.3
    issue = ck.route(df, label="sub_category", min_class_size=5, n_boot=50)
    assert len(issue.classes) == 10 and len(issue.table) == 10
    assert res.predict(["The collector keeps calling my work about a debt I do not owe"]
                       ).iloc[0] == "Debt collection"


# ----------------------------------------------------------------- plots
@pytest.mark.parametrize("kind", ["confusion", "per_class", "learning_curve"])
def test_plots_draw_on_the_given_axes(kind):
    import matplotlib.pyplot as plt

    res = ck.route(_frame(n=300), label="category", n_boot=20)
    fig, ax = plt.subplots()
    try:
        assert res.plot(ax, kind=kind) is ax
        assert ax.get_title()
        with pytest.raises(ValueError, match="kind must be one of"):
            res.plot(ax, kind="roc")
    finally:
        plt.close("all")


@pytest.mark.parametrize("kind", ["confusion", "per_class"])
def test_a_zh_plot_shows_the_classes_as_labels_not_codes(kind):
    import matplotlib.pyplot as plt

    codes = {"a": "delivery", "b": "billing", "c": "product_quality"}
    frame = _frame(n=300).assign(category=lambda f: f["category"].map(codes))
    res = ck.route(frame, label="category", n_boot=0, locale="zh_CN")
    zh = ck.labels("zh_CN")["category"]
    try:
        ax = res.plot(kind=kind)
        shown = {t.get_text() for t in ax.get_yticklabels()}
        assert shown == {zh[c] for c in frame["category"].unique()}
    finally:
        plt.close("all")


# ----------------------------------------------------------------- bad input
def test_one_class_is_refused():
    df = _frame(n=100).assign(category="a")
    with pytest.raises(ValueError, match="at least two classes.*has 1 with 5 or more.*'a'"):
        ck.route(df, label="category")


def test_missing_and_empty_texts_are_counted_or_refused():
    df = _frame(n=300)
    df.loc[[0, 1], "narrative"] = None
    df.loc[2, "narrative"] = "   "
    df.loc[3, "category"] = None
    res = ck.route(df, label="category", n_boot=20)
    assert res.notes[0] == ("296 of 300 complaints used: 3 without text in 'narrative', "
                            "1 without a label in 'category'")
    with pytest.raises(ValueError, match="every one of the 300 rows is empty"):
        ck.route(df.assign(narrative=""), label="category")


def test_non_text_cells_are_named():
    df = _frame(n=100).astype({"narrative": object})
    df.loc[7, "narrative"] = 42
    with pytest.raises(TypeError, match=r"'narrative' must hold text, but row 7 holds int"):
        ck.route(df, label="category")


def test_emoji_mixed_scripts_and_very_long_texts():
    df = _frame(n=300)
    df.loc[0, "narrative"] = "😡😡😡 !!!"
    df.loc[1, "narrative"] = "快递 parcel 一直没有到 courier 😡"
    df.loc[2, "narrative"] = "parcel late " * 50_000
    res = ck.route(df, label="category", n_boot=20)
    assert res.notes[0] == "all 300 complaints used"
    assert res.predict(["😡"]).iloc[0] in res.classes
    with pytest.raises(ValueError, match="no words left to learn from"):
        ck.route(df.assign(narrative="😡 123 !!"), label="category")


def test_bad_arguments_get_clear_errors():
    df = _frame(n=100)
    with pytest.raises(ValueError, match="confidence must be a level between 0 and 1"):
        ck.route(df, label="category", confidence=1.5)
    with pytest.raises(ValueError, match="test_size must be a share between 0 and 1"):
        ck.route(df, label="category", test_size=1.5)
    with pytest.raises(ValueError, match="model must be one of 'tfidf_svm', 'tfidf_logreg'"):
        ck.route(df, label="category", model="bert")
    with pytest.raises(ValueError, match="label and truth are the same column"):
        ck.route(df, label="category", truth="category")
    with pytest.raises(KeyError, match="did you mean 'narrative'"):
        ck.route(df, text="narative", label="category")
    with pytest.raises(ValueError, match="held-out part has 2 complaints for 3 classes"):
        ck.route(df.head(40), label="category", test_size=0.05)


def test_predict_names_bad_positions():
    res = ck.route(_frame(n=200), label="category", n_boot=20)
    with pytest.raises(ValueError, match=r"cannot route 2 of 3 texts: NoneType / float at "
                                         r"positions 1, 2"):
        res.predict(["parcel", None, np.nan])
    with pytest.raises(TypeError, match="texts must be a list or Series"):
        res.predict(42)
    assert res.predict("refund charged").tolist() == ["b"]


@pytest.fixture(scope="module")
def small_result():
    return ck.route(_frame(n=200), label="category", model="tfidf_logreg", n_boot=20)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_gets_a_known_class(small_result, texts):
    out = small_result.predict(texts)
    assert len(out) == len(texts) and set(out) <= set(small_result.classes)


def test_mixed_label_types_and_no_bootstrap():
    df = _frame(n=300).astype({"category": object})
    df.loc[:99, "category"] = 1
    res = ck.route(df, label="category", n_boot=0)
    assert res.classes == [1, "a", "b", "c"]
    assert res.overall["ci_lower"].isna().all() and res.overall["macro_f1"].notna().all()


def test_bootstrap_in_chunks_equals_one_draw_and_sklearn():
    from sklearn.metrics import f1_score

    from complaintkit.analysis.routing import _Boot

    rng = np.random.default_rng(4)
    t, p = rng.integers(0, 3, 500), rng.integers(0, 3, 500)
    small, whole = _Boot(7, 50, 500), _Boot(7, 50, 500)
    small.CHUNK = 1_000  # two resamples per chunk
    a, b = small.stats(t, p, 3), whole.stats(t, p, 3)
    np.testing.assert_array_equal(a["macro"], b["macro"])
    idx = np.random.default_rng(whole.entropy).integers(0, 500, size=(50, 500))
    want = [f1_score(t[i], p[i], average="macro") for i in idx[:5]]
    np.testing.assert_allclose(b["macro"][:5], want, rtol=0, atol=1e-12)
    np.testing.assert_allclose(b["accuracy"][:5], [(t[i] == p[i]).mean() for i in idx[:5]],
                               rtol=0, atol=1e-12)
