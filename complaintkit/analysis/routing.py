"""Routing: learn from labelled complaint narratives (投诉内容) which category, department or
priority a new complaint belongs to, and say how well that works on complaints held out.

:func:`route` trains a text classifier on part of the rows and scores it on the rest:

- ``.table``: precision, recall and F1 per class, with bootstrap intervals over the held-out
  complaints, and the support (held-out complaints of the class);
- ``.overall``: macro-F1 and accuracy with intervals for the model, for a plain TF-IDF +
  logistic regression baseline (scikit-learn defaults, word unigrams) and for the majority
  class, against the true label (``truth=``) and against the label as filed;
- ``.confusion``: held-out complaints by true and predicted class;
- ``.learning_curve``: macro-F1 against the number of training complaints (computed on first
  use: the model is fitted again on subsets);
- ``.predict(texts)``: the class of new complaints.

Training uses what was filed (``label``), since that is what an organisation has; when the
true label is known (a generated world's ``category`` beside ``filed_category``), the model is
scored against it as well, so the cost of misfiled training labels is visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, is_english, locale_of, tr
from ..locale import LOCALES
from ..text.tokens import analyzer as text_analyzer
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result, option_passed_as_ax

__all__ = ["route", "RouteResult", "MODELS", "macro_f1"]

#: ``model=`` values; any scikit-learn classifier that takes raw texts is accepted too
MODELS = ("tfidf_svm", "tfidf_logreg")
#: settings chosen on seeds 1-4 (studies/routing_scores.py), never on the reported seeds:
#: word pairs, no class weights (balanced weights amplify misfiled labels in small classes:
#: macro-F1 against the truth 0.05-0.11 lower), a linear SVM with C = 0.3 (0.872 en,
#: 0.865 zh; the next best, logistic regression, 0.850 / 0.854); every token kept
#: (min_df=1: the same on seeds 1-4, and a small export's rare words are its signal:
#: 0.85 against 0.68 macro-F1 on the 90-narrative CFPB fixture)
TFIDF = {"min_df": 1, "sublinear_tf": True, "max_df": 0.9}
CLASS_WEIGHT = None
LOGREG_C = 1.0
SVM_C = 0.3
LEARNING_SIZES = (0.05, 0.1, 0.2, 0.4, 0.7, 1.0)
#: route trains on a stratified sample of this many complaints when given more (issue 14:
#: fitting a million takes minutes; the learning curve is flat long before)
MAX_TRAIN = 100_000

MESSAGES = {
    "model": N_("model must be one of {allowed} or a scikit-learn classifier of texts (with fit "
             "and predict), but {value!r} was passed"),
    "test_size": N_("test_size must be a share between 0 and 1 (e.g. 0.25), but {value!r} was "
                 "passed"),
    "not_text": N_("column {col!r} must hold text, but {where} hold{s} {kind} (e.g. {value!r}): "
                "convert it with data[{col!r}].astype(str) if those are texts"),
    "no_text": N_("without text in {col!r}"),
    "all_blank": N_("every one of the {n:,} rows is empty or missing in {col!r}: routing needs "
                 "narratives (a CFPB export publishes them only with the consumer's consent)"),
    "no_label": N_("without a label in {col!r}"),
    "no_truth": N_("without a true label in {col!r}"),
    "small": N_("in classes with fewer than {k} complaints ({names})"),
    "one_class": N_("routing needs at least two classes, but {col!r} has {n} with {k} or more "
                 "complaints{which}: nothing to tell apart"),
    "no_tokens": N_("no words left to learn from in {col!r} (every text is empty, digits, "
                 "punctuation or emoji, or every word is too rare): routing needs text"),
    "test_small": N_("the held-out part has {n} complaints for {k} classes: raise test_size or "
                  "pass more rows"),
    "same": N_("label and truth are the same column ({col!r}): pass truth= only when it differs "
            "from the label trained on"),
    "time_split": N_("held-out complaints are the latest {share:.0%} by {col!r} (from {start}): "
                  "an out-of-time score"),
    "unseen": N_("{n:,} held-out complaints have a true class the model never saw in training "
              "({names}); they count as errors"),
    "kind": N_("kind must be one of 'confusion', 'per_class', 'learning_curve', but {value!r} "
            "was passed"),
    "predict_texts": N_("texts must be a list or Series of texts, not {kind}"),
    "max_train": N_("trained on a random sample of {n:,} of the {total:,} training complaints "
                    "(max_train, stratified by label) and scored on every held-out one; "
                    "max_train=None trains on all of them"),
    "predict_bad": N_("cannot route {n:,} of {total:,} texts: {what} at position{s} {where}"),
}

ASSUMPTIONS = [
    N_("the held-out complaints are like the new complaints the model will route (same "
       "period, channels and wording; pass time= to hold out the latest complaints instead)"),
    N_("the label trained on is what was filed; errors in it are learned too (scored against "
       "the truth when truth= is given)"),
    N_("intervals come from resampling the held-out complaints (bootstrap); they do not "
       "include the variation from another training sample"),
]


@dataclass(repr=False)
class RouteResult(Result):
    """Held-out scores of a text classifier: ``.table`` per class, ``.overall``,
    ``.confusion``, ``.learning_curve``, ``.predict(texts)``."""

    overall: pd.DataFrame = field(default_factory=pd.DataFrame)
    confusion: pd.DataFrame = field(default_factory=pd.DataFrame)
    predictions: pd.DataFrame = field(default_factory=pd.DataFrame)
    baseline: Any = None
    label: str = ""
    truth: str | None = None
    classes: list = field(default_factory=list)
    _curve: pd.DataFrame | None = field(default=None, repr=False)
    _curve_inputs: dict = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        o, lang = self.overall, self.text_locale
        scored = self.truth or self.label
        get = o.set_index(["model", "scored_against"])
        main = get.loc[("model", scored)]
        base = get.loc[("baseline", scored)]
        major = get.loc[("majority_class", scored)]
        worst = self.table.sort_values("f1").iloc[0]
        text = tr("Routing to {label}: macro-F1 {f1:.2f} ({lo:.2f} to {hi:.2f}) against "
                  "{scored} on {n:,} held-out complaints; plain TF-IDF baseline {base:.2f}, "
                  "majority class {major:.2f}.", lang, label=_column(self.label, lang),
                  f1=main["macro_f1"], lo=main["ci_lower"], hi=main["ci_upper"],
                  scored=_column(scored, lang), n=int(main["n_test"]),
                  base=base["macro_f1"], major=major["macro_f1"])
        if self.truth:
            filed = get.loc[("model", self.label)]
            text += tr(" Against the label as filed ({label}) the model scores {f1:.2f}.",
                       lang, label=_column(self.label, lang), f1=filed["macro_f1"])
        return text + tr(" Hardest class: {name} (F1 {f1:.2f}).", lang,
                         name=_names(self, [worst["label"]])[0], f1=worst["f1"])

    @property
    def learning_curve(self) -> pd.DataFrame:
        """Macro-F1 on the same held-out complaints against the number of training
        complaints (``train_size, share`` (the share of the training rows asked for),
        ``model`` (model, baseline), ``macro_f1, ci_lower, ci_upper``); fitted on first
        use, scored against the truth when it was given."""
        if self._curve is None:
            self._curve = _learning_curve(**self._curve_inputs)
        return self._curve

    def predict(self, texts) -> pd.Series:
        """The class of each text (a list or Series of str); a Series in their order."""
        texts, index = _predict_texts(texts, self.text_locale)
        codes = self.model.predict(texts)
        return pd.Series(np.asarray(self.classes, dtype=object)[codes], index=index,
                         name=self.label)

    def plot(self, ax=None, *, kind: str = "confusion", title: str | None = None):
        """``kind="confusion"`` (row shares), ``"per_class"`` (F1 with intervals) or
        ``"learning_curve"``; returns the Axes."""
        from ..plotting import new_axes, plot_context

        ax, kind = option_passed_as_ax(ax, kind, name="kind", default="confusion")
        lang = self.text_locale
        draw = {"confusion": _plot_confusion, "per_class": _plot_per_class,
                "learning_curve": _plot_curve}
        if kind not in draw:
            raise ValueError(tr(MESSAGES["kind"], lang, value=kind))
        with plot_context():
            fig, ax = new_axes(ax)
            draw[kind](self, ax)
            if title:
                ax.set_title(title)
        return ax


def route(data: pd.DataFrame, text: str = "narrative", label: str = "filed_category", *,
          truth: str | None = None, test_size: float = 0.25, seed: int | None = 0,
          model="tfidf_svm", locale: str | None = None, method: str = "auto",
          time: str | None = None, min_class_size: int = 5, confidence: float = 0.95,
          n_boot: int = 1000, max_train: int | None = MAX_TRAIN) -> RouteResult:
    """Train narrative -> label on part of the rows and score it on the rest.

    Parameters
    ----------
    data : DataFrame
        One row per complaint: a text column and a label column (any labels: category,
        department, priority, a CFPB export's Product or Issue).
    text : str
        The text column (``narrative``; a CFPB export read by :func:`load_cfpb` calls its
        "Consumer complaint narrative" ``narrative`` too).
    label : str
        The label to learn: what was filed (``filed_category`` in a generated world, where a
        share is misfiled; ``category`` in a CFPB export, its Product).
    truth : str, optional
        The true label, when known and different from ``label`` (``category`` in a generated
        world): the held-out complaints are scored against it too, and ``.table`` and
        ``.confusion`` use it.
    test_size : float
        The share of rows held out (stratified by label, or the latest by ``time``).
    seed : int or None
        The split, the model and the bootstrap.
    model : {"tfidf_svm", "tfidf_logreg"} or scikit-learn classifier
        TF-IDF of the kit's tokens (:func:`complaintkit.text.tokens.analyzer`: words, Han
        character 1-2-grams, and pairs of neighbouring tokens) with a linear SVM (C = 0.3) or
        logistic regression (C = 1), chosen on seeds 1-4 (docs/text.md); or any classifier
        that takes texts (e.g. a scikit-learn Pipeline).
    locale : {None, "en_US", "zh_CN"}
        The narratives' language for the tokenizer; None detects it per text.
    method : {"auto", "words", "chars"}
        The tokenizer's method for Chinese (:func:`complaintkit.text.tokens.tokenize`).
    time : str, optional
        A date-time column: hold out the latest ``test_size`` of the rows instead of a
        stratified random share (an out-of-time score, for data that drift).
    min_class_size : int
        Classes with fewer rows are left out (counted in the ledger): they cannot be both
        learned and scored.
    confidence : float
        Level of the bootstrap intervals.
    n_boot : int
        Bootstrap resamples of the held-out complaints.
    max_train : int or None
        With more training complaints than this (default 100,000), the model and the
        baseline are trained on a random sample of ``max_train`` of them (stratified by
        label, drawn with ``seed``; a note says so) and scored on every held-out complaint.
        Fitting grows with the training rows (a million complaints take minutes) while the
        learning curve is flat long before. None: train on all of them.

    Returns
    -------
    RouteResult
        ``.table``: ``label, support, precision, precision_ci_lower, precision_ci_upper,
        recall, recall_ci_lower, recall_ci_upper, f1, f1_ci_lower, f1_ci_upper`` (against
        ``truth`` when given); ``.overall``: ``model`` (model, baseline, majority_class),
        ``scored_against``, ``macro_f1, ci_lower, ci_upper, accuracy, n_train, n_test``;
        ``.confusion``: true class (rows) by predicted class (columns); ``.predictions``:
        the held-out rows (index of ``data``) with ``label``, ``truth``, ``predicted``,
        ``baseline_predicted`` (read the misrouted narratives there); ``.model``: the
        fitted scikit-learn pipeline; ``.baseline``: the fitted baseline;
        ``.learning_curve``; ``.predict(texts)``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> c = ck.load_dataset("ecommerce_en").complaints
    >>> res = ck.route(c.head(1500), label="category", n_boot=50)
    >>> res.notes[0]
    'all 1,500 complaints used'
    >>> list(res.table.columns[:5])
    ['label', 'support', 'precision', 'precision_ci_lower', 'precision_ci_upper']
    >>> res.predict(["The parcel never arrived and tracking has not moved"]).iloc[0] in res.classes
    True
    """
    conf = checks.confidence(confidence)
    lang = locale_of(data)
    args = _check_arguments(seed, n_boot, locale, test_size, model, min_class_size, lang,
                            max_train)
    data = checks.check_frame(data)
    checks.check_columns(data, [text, label] + ([truth] if truth else [])
                         + ([time] if time else []))
    if truth == label:
        raise ValueError(tr(MESSAGES["same"], lang, col=label))
    ledger = RowLedger(data, unit="complaints", locale=lang)
    used = _usable_rows(data, text, label, truth, ledger, args["min_class_size"])
    y, classes = _codes(used, label, truth)
    train, test, notes = _split(used, y, args["test_size"], args["seed"], time, lang)
    train, notes = _cap_training(train, y, args, notes)
    fitted, base = _fit_models(used[text], y["label"], train, args, method)
    scores = _score(fitted, base, used[text], y, train, test, classes, label, truth, conf, args)
    notes += _unseen_note(y, train, test, classes, truth, lang)
    return RouteResult(
        table=scores["table"], model=fitted, assumptions=[tr(a, lang) for a in ASSUMPTIONS],
        notes=notes,
        ledger=ledger, overall=scores["overall"], confusion=scores["confusion"],
        predictions=_predictions(used, test, y, scores["pred"], classes, label, truth),
        baseline=base, label=label, truth=truth, classes=list(classes),
        _curve_inputs=dict(texts=used[text], y=y, train=train, test=test, args=args,
                           method=method, conf=conf, truth=truth))


# --------------------------------------------------------------------------- the steps
def _check_arguments(seed, n_boot, locale, test_size, model, min_class_size,
                     lang=None, max_train=None) -> dict:
    seed = checks.seed(seed)
    n_boot = checks.n_boot(n_boot)
    locale = checks.locale(locale)
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float)) \
            or not 0 < test_size < 1:
        raise ValueError(tr(MESSAGES["test_size"], lang, value=test_size))
    if not (isinstance(model, str) and model in MODELS) and not (
            hasattr(model, "fit") and hasattr(model, "predict")):
        raise ValueError(tr(MESSAGES["model"], lang, allowed=", ".join(map(repr, MODELS)),
                                                  value=model))
    min_class_size = checks.whole_number("min_class_size", min_class_size, minimum=2)
    if max_train is not None:
        max_train = checks.whole_number("max_train", max_train, minimum=2, example=100_000)
    return dict(seed=seed, n_boot=n_boot, locale=locale, test_size=float(test_size),
                model=model, min_class_size=min_class_size, lang=lang, max_train=max_train)


def _stratified_subset(train: np.ndarray, labels: np.ndarray, n_sub: int, seed) -> np.ndarray:
    """``n_sub`` of the positions ``train``, stratified by their ``labels`` (classes with one
    row among them left out of the draw)."""
    from sklearn.model_selection import train_test_split

    ok = np.bincount(labels)[labels] >= 2
    if ok.sum() <= n_sub:
        return train[ok]
    sub, _ = train_test_split(train[ok], train_size=n_sub, random_state=seed,
                              stratify=labels[ok])
    return sub


def _cap_training(train, y, args, notes) -> tuple[np.ndarray, list]:
    """The training positions, or a stratified sample of ``max_train`` of them (sorted),
    with a note."""
    cap = args["max_train"]
    if cap is None or len(train) <= cap:
        return train, notes
    sub = np.sort(_stratified_subset(train, y["label"][train], cap, args["seed"]))
    return sub, notes + [tr(MESSAGES["max_train"], args["lang"], n=len(sub), total=len(train))]


def _usable_rows(data, text, label, truth, ledger, k) -> pd.DataFrame:
    """Rows with a text, a label (and a true label), in classes with at least ``k`` rows."""
    lang = ledger.locale
    _refuse_non_text(data[text], text, lang)
    blank = data[text].isna() | data[text].astype(str).str.strip().eq("")
    if blank.all():
        raise ValueError(tr(MESSAGES["all_blank"], lang, col=text, n=len(data)))
    used = ledger.drop(blank.to_numpy(), tr(MESSAGES["no_text"], lang, col=text))
    used = ledger.drop(used[label].isna().to_numpy(), tr(MESSAGES["no_label"], lang, col=label),
                       data=used)
    if truth:
        used = ledger.drop(used[truth].isna().to_numpy(),
                           tr(MESSAGES["no_truth"], lang, col=truth), data=used)
    counts = used[label].astype(object).value_counts()
    small = counts[counts < k]
    if len(small):
        names = ", ".join(map(str, small.index[:5])) + (" …" if len(small) > 5 else "")
        used = ledger.drop(used[label].astype(object).isin(small.index).to_numpy(),
                           tr(MESSAGES["small"], lang, k=k, names=names), data=used)
    n_classes = len(counts) - len(small)
    if n_classes < 2:
        which = f" ({', '.join(map(repr, counts[counts >= k].index))})" if n_classes else ""
        raise ValueError(tr(MESSAGES["one_class"], lang, col=label, n=n_classes, k=k,
                                                      which=which))
    return used


def _refuse_non_text(values: pd.Series, col: str, lang=None) -> None:
    present = values.dropna()
    bad = ~present.map(lambda v: isinstance(v, str)).astype(bool)
    if bad.any():
        first = present[bad].iloc[0]
        where = checks._rows(bad.to_numpy(), present.index)
        raise TypeError(tr(MESSAGES["not_text"], lang,
            col=col, where=where, s="s" if bad.sum() == 1 else "",
            kind=type(first).__name__, value=first))


def _codes(used: pd.DataFrame, label: str, truth: str | None) -> tuple[dict, np.ndarray]:
    """Integer codes for the label (and the truth) over one list of classes."""
    values = [used[label].astype(object)] + ([used[truth].astype(object)] if truth else [])
    classes = pd.Index(pd.unique(pd.concat(values)))
    try:
        classes = classes.sort_values()
    except TypeError:  # labels of mixed types (1 and "1"): sorted as text
        classes = classes[np.argsort(classes.astype(str), kind="stable")]
    y = {"label": classes.get_indexer(values[0])}
    y["truth"] = classes.get_indexer(values[1]) if truth else y["label"]
    return y, classes.to_numpy(dtype=object)


def _split(used, y, test_size, seed, time,
           lang=None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Positions of the training and held-out rows: stratified, or the latest by time."""
    from sklearn.model_selection import train_test_split

    n = len(used)
    n_classes = len(np.unique(y["label"]))
    if round(n * test_size) < n_classes:
        raise ValueError(tr(MESSAGES["test_small"], lang, n=round(n * test_size), k=n_classes))
    if time is None:
        train, test = train_test_split(np.arange(n), test_size=test_size, random_state=seed,
                                       stratify=y["label"])
        return np.sort(train), np.sort(test), []
    ts = checks.times(used, time)
    order = np.argsort(ts.to_numpy(), kind="stable")
    cut = n - round(n * test_size)
    start = ts.iloc[order[cut]]
    return np.sort(order[:cut]), np.sort(order[cut:]), [
        tr(MESSAGES["time_split"], lang, share=test_size, col=time, start=start)]


def _pipeline(model, args, method):
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    if not isinstance(model, str):
        return clone(model)
    from ..text.columns import ColumnTfidfVectorizer

    vec = ColumnTfidfVectorizer(analyzer=_NgramAnalyzer(args["locale"], method), **TFIDF)
    clf = (LogisticRegression(C=LOGREG_C, class_weight=CLASS_WEIGHT, max_iter=2000)
           if model == "tfidf_logreg" else
           LinearSVC(C=SVM_C, class_weight=CLASS_WEIGHT, random_state=args["seed"]))
    return make_pipeline(vec, clf)


def _baseline():
    """A plain TF-IDF + logistic regression: scikit-learn's defaults (word unigrams by its
    own token pattern), nothing tuned (counted a whole column at once: the same
    vocabulary and matrix as TfidfVectorizer())."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from ..text.columns import ColumnTfidfVectorizer

    return make_pipeline(ColumnTfidfVectorizer(), LogisticRegression(max_iter=1000))


class _NgramAnalyzer:
    """The kit's tokens and their pairs (word 1-2-grams), picklable."""

    def __init__(self, locale, method):
        self.tokens = text_analyzer(locale, method)

    def __call__(self, text):
        t = self.tokens(text)
        return t + [f"{a} {b}" for a, b in zip(t, t[1:], strict=False)]

    def column(self, texts):
        """The same for a whole column at once (a TokenTable, for the vectorizer)."""
        return self.tokens.column(texts).pairs()


def _fit(pipe, texts, y, lang=None):
    try:
        return pipe.fit(texts, y)
    except ValueError as err:
        if "empty vocabulary" in str(err):
            raise ValueError(tr(MESSAGES["no_tokens"], lang, col=texts.name)) from None
        raise


def _fit_models(texts, y, train, args, method):
    fitted = _fit(_pipeline(args["model"], args, method), texts.iloc[train], y[train],
                  args.get("lang"))
    base = _fit(_baseline(), texts.iloc[train], y[train], args.get("lang"))
    return fitted, base


def _score(fitted, base, texts, y, train, test, classes, label, truth, conf, args) -> dict:
    x_test = texts.iloc[test]
    pred = {"model": np.asarray(fitted.predict(x_test)),
            "baseline": np.asarray(base.predict(x_test)),
            "majority_class": np.full(len(test), np.bincount(y["label"][train]).argmax())}
    k = len(classes)
    boot = _Boot(args["seed"], args["n_boot"], len(test))
    against = {label: y["label"][test]}
    if truth:
        against[truth] = y["truth"][test]
    rows = []
    for name, p in pred.items():
        for col, t in against.items():
            rows.append(_overall_row(name, col, t, p, boot, k, conf, len(train)))
    main_truth = y["truth"][test]
    table = _per_class(main_truth, pred["model"], boot, classes, conf)
    confusion = pd.DataFrame(_confusion(main_truth, pred["model"], k),
                             index=pd.Index(classes, name=truth or label),
                             columns=pd.Index(classes, name="predicted"))
    return {"table": table, "overall": pd.DataFrame(rows), "confusion": confusion,
            "pred": pred}


def _predictions(used, test, y, pred, classes, label, truth) -> pd.DataFrame:
    """The held-out rows (their index in ``data``): label, truth, model's and baseline's
    class."""
    names = np.asarray(classes, dtype=object)
    out = pd.DataFrame({label: names[y["label"][test]]}, index=used.index[test])
    if truth:
        out[truth] = names[y["truth"][test]]
    out["predicted"] = names[pred["model"]]
    out["baseline_predicted"] = names[pred["baseline"]]
    return out


# --------------------------------------------------------------------------- metrics
def _confusion(t: np.ndarray, p: np.ndarray, k: int) -> np.ndarray:
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def _prf(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 per class from confusion matrices (..., k, k); 0 where a
    class is never predicted or never present (as scikit-learn's zero_division=0)."""
    tp = np.diagonal(cm, axis1=-2, axis2=-1).astype(float)
    pred = cm.sum(axis=-2)
    true = cm.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        prec = np.where(pred > 0, tp / pred, 0.0)
        rec = np.where(true > 0, tp / true, 0.0)
        f1 = np.where(pred + true > 0, 2 * tp / (pred + true), 0.0)
    return prec, rec, f1


def macro_f1(t: np.ndarray, p: np.ndarray, k: int | None = None) -> float:
    """Macro-averaged F1 over the classes present in ``t`` or ``p`` (as scikit-learn's
    ``f1_score(average="macro")``).

    >>> macro_f1(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]))
    0.7333333333333334
    """
    t, p = np.asarray(t), np.asarray(p)
    k = int(max(t.max(), p.max()) + 1) if k is None else k
    cm = _confusion(t, p, k)
    present = (cm.sum(axis=0) + cm.sum(axis=1)) > 0
    return float(_prf(cm)[2][present].mean())


class _Boot:
    """Bootstrap resamples of the held-out rows, the same draws for every model and label
    (paired), drawn in chunks so memory stays small for a large export (a 250,000-row test
    set and 1,000 resamples would otherwise hold 250 million indices)."""

    CHUNK = 2_000_000  # indices (and confusion-matrix cells) per chunk

    def __init__(self, seed, n_boot: int, n: int):
        self.entropy = np.random.SeedSequence(seed).entropy
        self.n_boot, self.n = n_boot, n

    def stats(self, t: np.ndarray, p: np.ndarray, k: int) -> dict:
        """Per resample: macro-F1, accuracy, and precision / recall / F1 per class."""
        rng = np.random.default_rng(self.entropy)
        step = max(1, self.CHUNK // max(self.n, k * k))
        parts = []
        for start in range(0, self.n_boot, step):
            b = min(step, self.n_boot - start)
            idx = rng.integers(0, self.n, size=(b, self.n))
            flat = (np.arange(b)[:, None] * k * k + t[idx] * k + p[idx]).ravel()
            cms = np.bincount(flat, minlength=b * k * k).reshape(b, k, k)
            prec, rec, f1 = _prf(cms)
            parts.append((_macro(cms), np.trace(cms, axis1=1, axis2=2) / self.n, prec, rec, f1))
        names = ("macro", "accuracy", "precision", "recall", "f1")
        if not parts:
            return {"macro": np.empty(0), "accuracy": np.empty(0),
                    **{n: np.empty((0, k)) for n in names[2:]}}
        return {n: np.concatenate([part[i] for part in parts]) for i, n in enumerate(names)}


def _interval(draws: np.ndarray, conf: float) -> tuple[np.ndarray, np.ndarray]:
    if draws.shape[0] == 0:
        nan = np.full(draws.shape[1:], np.nan)
        return nan, nan
    q = (1 - conf) / 2
    return np.quantile(draws, q, axis=0), np.quantile(draws, 1 - q, axis=0)


def _macro(cms: np.ndarray) -> np.ndarray:
    present = (cms.sum(axis=-2) + cms.sum(axis=-1)) > 0
    f1 = _prf(cms)[2]
    return (f1 * present).sum(axis=-1) / np.maximum(present.sum(axis=-1), 1)


def _overall_row(name, col, t, p, boot, k, conf, n_train) -> dict:
    draws = boot.stats(t, p, k)
    lo, hi = _interval(draws["macro"], conf)
    acc_lo, acc_hi = _interval(draws["accuracy"], conf)
    return {"model": name, "scored_against": col, "macro_f1": macro_f1(t, p, k),
            "ci_lower": float(lo), "ci_upper": float(hi), "accuracy": float(np.mean(t == p)),
            "accuracy_ci_lower": float(acc_lo), "accuracy_ci_upper": float(acc_hi),
            "n_train": n_train, "n_test": len(t)}


def _per_class(t, p, boot, classes, conf) -> pd.DataFrame:
    k = len(classes)
    est = _prf(_confusion(t, p, k))
    stats = boot.stats(t, p, k)
    draws = (stats["precision"], stats["recall"], stats["f1"])
    out = pd.DataFrame({"label": classes, "support": np.bincount(t, minlength=k)})
    for name, e, d in zip(("precision", "recall", "f1"), est, draws, strict=True):
        lo, hi = _interval(d, conf)
        out[name], out[f"{name}_ci_lower"], out[f"{name}_ci_upper"] = e, lo, hi
    return out


def _unseen_note(y, train, test, classes, truth, lang=None) -> list[str]:
    if not truth:
        return []
    seen = np.isin(y["truth"][test], np.unique(y["label"][train]))
    if seen.all():
        return []
    names = ", ".join(map(str, classes[np.unique(y["truth"][test][~seen])]))
    return [tr(MESSAGES["unseen"], lang, n=int((~seen).sum()), names=names)]


def _learning_curve(texts, y, train, test, args, method, conf, truth) -> pd.DataFrame:
    """Fit on growing stratified shares of the training rows; score on the same test rows."""
    k = int(max(y["label"].max(), y["truth"].max()) + 1)
    t = y["truth"][test]
    boot = _Boot(args["seed"], args["n_boot"], len(test))
    rows = []
    for share in LEARNING_SIZES:
        sub = train
        if share < 1:
            n_sub = max(int(round(share * len(train))), 2 * len(np.unique(y["label"][train])))
            if n_sub >= len(train):
                continue
            sub = _stratified_subset(train, y["label"][train], n_sub, args["seed"])
        for name, pipe in (("model", _pipeline(args["model"], args, method)),
                           ("baseline", _baseline())):
            p = np.asarray(_fit(pipe, texts.iloc[sub], y["label"][sub]).predict(texts.iloc[test]))
            lo, hi = _interval(boot.stats(t, p, k)["macro"], conf)
            rows.append({"train_size": len(sub), "share": share, "model": name,
                         "macro_f1": macro_f1(t, p, k), "ci_lower": float(lo),
                         "ci_upper": float(hi)})
    return pd.DataFrame(rows)


def _predict_texts(texts, lang=None) -> tuple[list, pd.Index]:
    if isinstance(texts, str):
        texts = [texts]
    if isinstance(texts, pd.Series):
        index, values = texts.index, texts.tolist()
    elif isinstance(texts, (list, tuple, np.ndarray)):
        values = list(texts)
        index = pd.RangeIndex(len(values))
    else:
        raise TypeError(tr(MESSAGES["predict_texts"], lang, kind=type(texts).__name__))
    bad = [i for i, v in enumerate(values) if not isinstance(v, str)]
    if bad:
        kinds = sorted({type(values[i]).__name__ for i in bad})
        where = ", ".join(map(str, bad[:5])) + (f" and {len(bad) - 5:,} more"
                                                if len(bad) > 5 else "")
        raise ValueError(tr(MESSAGES["predict_bad"], lang,
            n=len(bad), total=len(values), what=" / ".join(kinds),
            s="s" if len(bad) > 1 else "", where=where))
    return values, index


# --------------------------------------------------------------------------- plots
#: the learning curve's lines as its legend shows them (English: the code itself)
SHOWN = (N_("model"), N_("baseline"))


def _column(name: str, lang: str | None) -> str:
    """A column's name as shown: its label in a non-English locale that has one."""
    if is_english(lang) or lang not in LOCALES:
        return name
    return checks.column_label(name, lang)


def _names(res: RouteResult, codes) -> list[str]:
    """The classes as the locale's labels (a zh world's plot shows 配送, not delivery): the
    narratives' locale= when given, else the data's language when it is not English."""
    locale = res._curve_inputs.get("args", {}).get("locale")
    lang = res.text_locale
    if locale is None and not is_english(lang) and lang in LOCALES:
        locale = lang
    labels = checks.level_labels(res.truth or res.label, locale, list(codes))
    return [str(labels.get(str(c), c)) for c in codes]


def _plot_confusion(res: RouteResult, ax) -> None:
    cm = res.confusion.to_numpy(dtype=float)
    share = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    names = _names(res, res.confusion.index)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    for i in range(len(names)):
        for j in range(len(names)):
            if cm[i, j]:
                ax.text(j, i, f"{share[i, j]:.0%}", ha="center", va="center", fontsize=8,
                        color="white" if share[i, j] > 0.5 else "black")
    lang = res.text_locale
    ax.set_xlabel(tr("predicted", lang))
    ax.set_ylabel(tr("true ({column})", lang,
                     column=_column(str(res.confusion.index.name), lang)))
    ax.set_title(tr("Where routing goes wrong (share of each true class)", lang))


def _plot_per_class(res: RouteResult, ax) -> None:
    t = res.table.sort_values("f1")
    pos = np.arange(len(t))
    ax.errorbar(t["f1"], pos, xerr=[t["f1"] - t["f1_ci_lower"], t["f1_ci_upper"] - t["f1"]],
                fmt="o")
    ax.set_yticks(pos, _names(res, t["label"]))
    ax.set_xlim(0, 1.02)
    ax.set_xlabel(tr("F1 on held-out complaints", res.text_locale))
    ax.set_title(tr("Routing quality per class", res.text_locale))


def _plot_curve(res: RouteResult, ax) -> None:
    for name, g in res.learning_curve.groupby("model", sort=False):
        ax.plot(g["train_size"], g["macro_f1"], marker="o", label=tr(name, res.text_locale))
        ax.fill_between(g["train_size"], g["ci_lower"], g["ci_upper"], alpha=0.2)
    lang = res.text_locale
    ax.set_xscale("log")
    ax.set_xlabel(tr("training complaints", lang))
    ax.set_ylabel(tr("macro-F1 (held out)", lang))
    ax.set_title(tr("Learning curve", lang))
    ax.legend()
