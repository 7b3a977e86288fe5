"""Reading complaint narratives (投诉内容) at scale: distinctive words, topics and anger.

Three analyses, each on any table with a text column (a generated world's ``narrative``, a
CFPB export's ``Consumer complaint narrative``, survey comments):

- :func:`keywords`: the words that set a group apart (weighted log-odds with an informative
  Dirichlet prior, Monroe, Colaresi & Quinn 2008);
- :func:`topics`: topics found without labels (NMF on TF-IDF, or LDA on counts, from
  scikit-learn), compared with a true label when there is one (adjusted Rand index and
  normalised mutual information, with bootstrap intervals);
- :func:`sentiment`: an anger / negativity score per complaint from a documented lexicon per
  locale (``complaintkit/text/lexicons/<locale>.txt``), with simple negation and intensifiers,
  and its Spearman correlation with any outcome column (CSAT, a true anger) with an interval.

Rows without text are counted in the row ledger, never dropped silently; a value that is not
text (a number, bytes) is an error naming its rows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_list, is_english, locale_of, tr
from ..text.tokens import analyzer as _kit_analyzer
from ..text.tokens import detect_locale
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result

__all__ = ["KeywordsResult", "TopicsResult", "SentimentResult", "keywords", "topics",
           "sentiment", "log_odds", "agreement", "load_lexicon", "detect_locale", "MAX_CHARS",
           "LEXICON_DIR", "MAX_TOPIC_TEXTS"]

#: ``tokenizer=`` values (:func:`complaintkit.text.tokens.tokenize`'s methods)
TOKENIZERS = ("auto", "words", "chars")
#: texts longer than this are read up to this many characters (the rest is noted, not read)
MAX_CHARS = 20_000
#: topics finds its topics in a random sample of this many texts when given more (issue 14:
#: the NMF of a million narratives takes tens of minutes; max_texts=None reads them all)
MAX_TOPIC_TEXTS = 50_000
LEXICON_DIR = Path(__file__).resolve().parent.parent / "text" / "lexicons"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# every user-visible message of this module, so they can be translated in one place
MESSAGES = {
    "not_text": N_("column {col!r} must hold text, but {rows} hold {kind} (e.g. {value}): convert "
                "them with df[{col!r}].astype(str) if they are text, or drop them"),
    "drop_missing": N_("without text in {col}"),
    "drop_empty": N_("with empty text in {col}"),
    "drop_group": N_("without {by}"),
    "drop_no_words": N_("with no words to count (only symbols, numbers or emoji)"),
    "drop_no_topic_words": N_("with no word the topics use (too rare or too common)"),
    "long": N_("{n:,} text(s) longer than {max:,} characters were read up to that length"),
    "one_group": N_("keywords compares groups, but {by!r} has only one group with text "
                 "({group!r}): pass a column with two groups or more"),
    "no_terms": N_("no word occurs {min_count} times or more in the texts: lower min_count or "
                "pass more text"),
    "prior": N_("prior must be 'corpus' or a number > 0 (the prior's total weight in words), "
             "but {value!r} was passed"),
    "too_few_docs": N_("topics needs at least {need} texts with words to find {k} topics, but "
                    "{n} are left (see the row ledger)"),
    "lexicon_missing": N_("there is no lexicon for locale {language!r}: pass lexicon= a file of "
                       "'word<TAB>weight' lines"),
    "lexicon_file": N_("lexicon file {path} does not exist"),
    "lexicon_line": N_("{path}, line {line}: expected 'term<TAB>weight' (or a term alone under "
                    "[negators]), got {text!r}"),
    "lexicon_weight": N_("a lexicon maps a term (text) to a finite number, but {term!r} has "
                      "{value!r}"),
    "lexicon_type": N_("lexicon must be None (the kit's), a file path or a dict of term -> "
                    "weight, not {kind}"),
    "against_numeric": N_("against column {col!r} must be numeric (e.g. csat_score), not {dtype}"),
    "text_arg": N_("text must be the name of the text column (e.g. 'narrative'), not {value!r}"),
    "kw_summary": N_("The words that most set each group of {by} apart from the rest: {parts}."),
    "kw_part": N_("{group}: {terms}"),
    "kw_title": N_("Distinctive words by {by} (z-score of the log-odds ratio)"),
    "kw_axis": N_("z-score of the weighted log-odds (group against the rest)"),
    "tp_summary": N_("{k} topics found in {n:,} texts ({method}); the largest, {share:.0%} of "
                  "texts, is about {terms}."),
    "tp_truth": N_(" Against the true {truth}: adjusted Rand index {ari:.2f} ({conf:.0%} CI "
                "{ari_lo:.2f} to {ari_hi:.2f}), normalised mutual information {nmi:.2f} "
                "({nmi_lo:.2f} to {nmi_hi:.2f}); 0 is chance, 1 a perfect match."),
    "tp_title": N_("Topics against {truth} (share of each topic's texts)"),
    "tp_sizes": N_("Topics (number of texts)"),
    "drop_sample": N_("not in the random sample of {max:,} texts (max_texts)"),
    "sampled": N_("topics found in a simple random sample of {n:,} of the {total:,} texts "
                  "(max_texts={n:,}); the tables and the agreement with the truth are the "
                  "sample's, its intervals include the sampling error; max_texts=None reads "
                  "every text"),
    "se_summary": N_("Mean anger score {mean:.2f} over {n:,} texts; {share:.0%} use at least one "
                  "angry or negative word."),
    "se_none": N_("No text to score ({note})."),
    "se_corr": N_(" Spearman correlation with {col}{where}: {rho:+.2f} ({conf:.0%} CI {lo:+.2f} "
               "to {hi:+.2f}, n = {n:,})."),
    "se_title": N_("Anger score per complaint"),
    "se_axis": N_("anger score (lexicon)"),
}


def _msg(name: str, lang: str | None = None, /, **kw) -> str:
    """MESSAGES[name] in ``lang``, formatted."""
    return tr(MESSAGES[name], lang, **kw)


def _shown(locale: str | None, lang: str | None) -> str | None:
    """Whose labels a text shows: ``locale=`` when given, else the data's language when it
    is not English (an English world shows the codes, as always)."""
    return locale or (None if is_english(lang) else lang)


def _column(column: str, lang: str | None) -> str:
    """A column named in a text: itself in English, its label elsewhere."""
    return column if is_english(lang) else checks.column_label(column, lang)


# =========================================================================== reading text
def _read_texts(data: pd.DataFrame, text: str, ledger: RowLedger) -> tuple[pd.Series, list]:
    """The rows of ``data`` with text in column ``text`` (others left out with a reason),
    as a Series of str cut at :data:`MAX_CHARS`; plus the notes."""
    lang = ledger.locale
    if not isinstance(text, str):
        raise TypeError(_msg("text_arg", lang, value=text))
    checks.check_columns(data, [text])
    col = data[text]
    values = col.to_numpy(dtype=object)
    missing = pd.isna(col).to_numpy()
    is_str = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    bad = ~missing & ~is_str
    if bad.any():
        first = values[bad][0]
        raise TypeError(_msg("not_text", lang, col=text,
                             rows=checks._rows(bad, data.index, lang=lang),
                             kind=type(first).__name__, value=checks._value(first)))
    kept = ledger.drop(missing, _msg("drop_missing", lang, col=_column(text, lang)), data=data)
    texts = kept[text].astype(object)
    empty = texts.map(lambda s: not s.strip()).to_numpy(dtype=bool)
    kept = ledger.drop(empty, _msg("drop_empty", lang, col=_column(text, lang)), data=kept)
    texts = kept[text].astype(object)
    notes = []
    long = texts.map(len).to_numpy() > MAX_CHARS
    if long.any():
        notes.append(_msg("long", lang, n=int(long.sum()), max=MAX_CHARS))
        texts = texts.map(lambda s: s[:MAX_CHARS])
    return texts, notes


def _analyzer(locale: str | None, method: str = "auto"):
    """A callable text -> list of content words: the kit's tokenizer
    (:func:`complaintkit.text.tokens.analyzer`), without tokens holding digits and single
    Latin letters; ``.column(texts)`` tokenises a whole column at once (same tokens)."""
    return _ContentWords(_kit_analyzer(locale, method))


def _content_word(t: str) -> bool:
    return not any(c.isdigit() for c in t) and bool(len(t) > 1 or _CJK.match(t))


class _ContentWords:
    """The kit's tokens that are content words (see :func:`_analyzer`)."""

    def __init__(self, base):
        self.base = base

    def __call__(self, text: str) -> list[str]:
        return [t for t in self.base(text) if _content_word(t)]

    def column(self, texts):
        """A :class:`complaintkit.text.columns.TokenTable` of the texts' content words."""
        table = self.base.column(texts)
        return table.keep(np.fromiter(map(_content_word, table.vocab), bool, len(table.vocab)))


def _group_labels(data: pd.DataFrame, by: str, locale: str | None) -> dict:
    return checks.level_labels(by, locale, data[by].dropna().unique())


# =========================================================================== keywords
def log_odds(counts: np.ndarray, prior="corpus") -> tuple[np.ndarray, np.ndarray]:
    """Weighted log-odds ratios of each group against the rest, with an informative
    Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 16-22).

    Parameters
    ----------
    counts : array (groups x terms)
        Word counts per group.
    prior : "corpus" or float
        The prior's total weight ``a0`` in words, spread over the terms in proportion to their
        corpus counts (``alpha_w = a0 * y_w / n``). ``"corpus"`` takes ``a0 = n``, the whole
        corpus (``alpha_w = y_w``, as R's tidylo does).

    Returns
    -------
    delta, se : arrays (groups x terms)
        ``delta = log[(y_iw + a_w) / (n_i + a0 - y_iw - a_w)]
        - log[(y_rw + a_w) / (n_r + a0 - y_rw - a_w)]`` where ``r`` is the rest of the corpus,
        and its standard error ``sqrt(1 / (y_iw + a_w) + 1 / (y_rw + a_w))``; the z-score is
        ``delta / se``.

    Examples
    --------
    >>> d, se = log_odds(np.array([[3, 1], [1, 3]]))
    >>> np.round(d / se, 3)
    array([[ 1.149, -1.149],
           [-1.149,  1.149]])
    """
    y = np.asarray(counts, dtype=float)
    yw = y.sum(axis=0)
    n = yw.sum()
    a0 = n if isinstance(prior, str) else float(prior)
    alpha = a0 * yw / n
    ni = y.sum(axis=1, keepdims=True)
    rest, nr = yw - y, n - ni
    delta = (np.log((y + alpha) / (ni + a0 - y - alpha))
             - np.log((rest + alpha) / (nr + a0 - rest - alpha)))
    se = np.sqrt(1 / (y + alpha) + 1 / (rest + alpha))
    return delta, se


def _check_prior(prior, lang: str | None = None):
    if isinstance(prior, str) and prior == "corpus":
        return prior
    if isinstance(prior, bool) or not isinstance(prior, (int, float, np.number)) \
            or not np.isfinite(prior) or prior <= 0:
        raise ValueError(_msg("prior", lang, value=prior))
    return float(prior)


def _check_top(top) -> int:
    return checks.whole_number("top", top, 1, example=10)


@dataclass
class KeywordsResult(Result):
    """Distinctive words per group, returned by :func:`keywords`.

    Attributes
    ----------
    table : DataFrame
        The ``top`` words of each group (among the words it uses more than the rest,
        z > 0): ``group, rank, term, count, n_group_words, log_odds, se, z, ci_lower,
        ci_upper``.
    scores : DataFrame
        Every counted term of every group, in the same columns (without ``rank``).
    """

    by: str = ""
    labels: dict = field(default_factory=dict)
    locale: str | None = None

    def summary(self) -> str:
        lang = self.text_locale
        parts = []
        for g, t in self.table.groupby("group", sort=False, observed=True):
            terms = fmt_list([f"'{w}'" if is_english(lang) else f"“{w}”"
                              for w in t["term"].head(3)], lang)
            parts.append(_msg("kw_part", lang, group=self.labels.get(g, g), terms=terms))
        return _msg("kw_summary", lang, by=_column(self.by, lang),
                    parts=tr("; ", lang).join(parts))

    def plot(self, ax=None, *, top: int = 5, title: str | None = None):
        """Bars of the z-scores of each group's ``top`` words, grouped and labelled."""
        from ..plotting import new_axes, plot_context

        t = self.table[self.table["rank"] <= top].iloc[::-1]
        lang = self.text_locale
        with plot_context(self.locale):
            fig, ax = new_axes(ax)
            groups = list(dict.fromkeys(t["group"]))
            colours = {g: f"C{i % 10}" for i, g in enumerate(groups)}
            ax.barh(range(len(t)), t["z"], color=[colours[g] for g in t["group"]])
            ax.set_yticks(range(len(t)), [f"{w}  ({self.labels.get(g, g)})"
                                          for w, g in zip(t["term"], t["group"], strict=True)])
            ax.set_xlabel(_msg("kw_axis", lang))
            ax.set_title(title or _msg("kw_title", lang, by=_column(self.by, lang)))
        return ax


def keywords(data: pd.DataFrame, text: str = "narrative", by: str = "category", *,
             prior="corpus", top: int = 10, min_count: int = 5, confidence: float = 0.95,
             locale: str | None = None, tokenizer: str = "auto") -> KeywordsResult:
    """The words that set each group apart from the rest, by weighted log-odds.

    For every group of ``by`` and every word, the log-odds ratio of the word in the group
    against the rest of the corpus, shrunk by an informative Dirichlet prior built from the
    whole corpus, and its z-score (Monroe, Colaresi & Quinn 2008, "Fightin' words", Political
    Analysis 16(4), eq. 22). Rare words get small z-scores instead of the huge ratios of raw
    frequencies; words every group uses get z near 0.

    Parameters
    ----------
    data : DataFrame
        One row per text, e.g. ``world.complaints``.
    text : str
        The text column (投诉内容).
    by : str
        The group column, e.g. ``"category"`` or ``"channel"``.
    prior : "corpus" or float
        The prior's total weight in words (see :func:`log_odds`); ``"corpus"`` (default)
        weighs it as the whole corpus. Smaller values shrink less.
    top : int
        Words per group in ``.table``.
    min_count : int
        Words counted fewer times in the whole corpus are left out.
    confidence : float
        Level of the normal interval of the log-odds ratio.
    locale : str, optional
        Tokenisation, group labels and the language of the summary, notes, errors and chart
        (``"en_US"``, ``"zh_CN"``); None reads each text's script and writes in the data's
        own language (a Chinese world's speak Chinese, with labels).
    tokenizer : {"auto", "words", "chars"}
        How Chinese is cut (:func:`complaintkit.text.tokens.tokenize`): ``"words"`` uses jieba
        (optional package) and reads better in a keyword table; ``"auto"`` character 1- and
        2-grams.

    Returns
    -------
    KeywordsResult
        ``.table``: ``group, rank, term, count`` (in the group), ``n_group_words``,
        ``log_odds``, ``se``, ``z``, ``ci_lower``, ``ci_upper``; ``.scores`` every term;
        ``.plot(ax)`` bars of the top words per group.

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_en")
    >>> res = ck.keywords(world.complaints, by="category", top=3)
    >>> res.notes[0]
    'all 7,222 complaints used'
    >>> bool((res.table["z"] > 2).all())
    True
    """
    conf = checks.confidence(confidence)
    locale = checks.locale(locale)
    lang = locale_of(data, locale=locale)
    prior, top = _check_prior(prior, lang), _check_top(top)
    min_count = checks.whole_number("min_count", min_count, 1, example=5)
    words = _analyzer(locale, checks.one_of("tokenizer", tokenizer, TOKENIZERS))
    data = checks.check_frame(data)
    by = checks.column_names("by", by, data)[0]
    ledger = RowLedger(data, unit="complaints", locale=lang)
    kept = ledger.drop(data[by].isna().to_numpy(), _msg("drop_group", lang, by=_column(by, lang)))
    texts, notes = _read_texts(kept, text, ledger)
    counts, terms, groups = _group_counts(texts, kept.loc[texts.index, by], words, ledger,
                                          min_count, by)
    scores = _keyword_table(counts, terms, groups, prior, conf)
    over = scores[(scores["count"] > 0) & (scores["z"] > 0)]  # words the group over-uses
    table = over.groupby("group", sort=False).head(top).copy()
    table.insert(1, "rank", table.groupby("group", sort=False).cumcount() + 1)
    return KeywordsResult(table=table.reset_index(drop=True), ledger=ledger, notes=notes,
                          assumptions=[tr(a, lang) for a in _KW_ASSUMPTIONS], by=by,
                          locale=locale, labels=_group_labels(kept, by, _shown(locale, lang)),
                          model={"scores": scores, "prior": prior})


_KW_ASSUMPTIONS = [
    N_("each word occurrence counts once (a complaint that repeats a word counts it again); "
       "words are compared group against the rest of the corpus"),
    N_("the z-score's standard error is the approximation of Monroe, Colaresi & Quinn (2008); "
       "the interval is delta +/- z * se, not corrected for the many words compared"),
]


def _group_counts(texts, groups, words, ledger, min_count, by):
    """Counts (groups x terms, terms sorted as scikit-learn's vocabulary) of the words of
    ``texts``, by group; the whole column is tokenised at once."""
    lang = ledger.locale

    table = words.column(texts.tolist())
    empty = table.lengths() == 0
    ledger.record(int(empty.sum()), _msg("drop_no_words", lang))
    groups = groups.astype(object)
    levels = list(pd.unique(groups[~empty]))
    if len(levels) < 2:
        raise ValueError(_msg("one_group", lang, by=by, group=levels[0] if levels else None))
    n_terms = len(table.vocab)
    total = np.bincount(table.codes, minlength=n_terms)
    keep = np.flatnonzero(total >= min_count)
    if not len(keep):
        raise ValueError(_msg("no_terms", lang, min_count=min_count))
    keep = keep[np.argsort(table.vocab[keep].astype(str), kind="stable")]
    doc_group = pd.Categorical(groups, categories=levels).codes.astype(np.int64)
    cells = np.bincount(doc_group[table.docs()] * n_terms + table.codes,
                        minlength=len(levels) * n_terms).reshape(len(levels), n_terms)
    return cells[:, keep].astype(float), table.vocab[keep].astype(object), levels


def _keyword_table(counts, terms, groups, prior, conf) -> pd.DataFrame:
    from scipy import stats
    delta, se = log_odds(counts, prior)
    q = stats.norm.ppf(0.5 + conf / 2)
    g, w = np.indices(counts.shape)
    out = pd.DataFrame({"group": np.asarray(groups, dtype=object)[g.ravel()],
                        "term": terms[w.ravel()], "count": counts.ravel().astype(np.int64),
                        "n_group_words": counts.sum(axis=1).astype(np.int64)[g.ravel()],
                        "log_odds": delta.ravel(), "se": se.ravel()})
    out["z"] = out["log_odds"] / out["se"]
    out["ci_lower"] = out["log_odds"] - q * out["se"]
    out["ci_upper"] = out["log_odds"] + q * out["se"]
    order = {k: i for i, k in enumerate(groups)}
    out = out.sort_values(["group", "z"], ascending=[True, False],
                          key=lambda s: s.map(order) if s.name == "group" else s)
    return out.reset_index(drop=True)


# =========================================================================== topics
def agreement(topic, truth) -> tuple[float, float]:
    """Adjusted Rand index and normalised mutual information (arithmetic mean, as
    ``sklearn.metrics.normalized_mutual_info_score``) of two labellings, from their
    contingency table.

    >>> agreement([0, 0, 1, 1], ["a", "a", "b", "b"])
    (1.0, 1.0)
    """
    table = pd.crosstab(np.asarray(topic), np.asarray(truth)).to_numpy()
    return _agreement_from_table(table)


def _agreement_from_table(table: np.ndarray) -> tuple[float, float]:
    t = np.asarray(table, dtype=float)
    n = t.sum()
    a, b = t.sum(axis=1), t.sum(axis=0)
    comb = lambda x: (x * (x - 1) / 2).sum()  # noqa: E731
    index, sa, sb, total = comb(t), comb(a), comb(b), n * (n - 1) / 2
    expected = sa * sb / total
    top = (sa + sb) / 2 - expected
    ari = 1.0 if top == 0 else (index - expected) / top
    with np.errstate(divide="ignore", invalid="ignore"):
        pij = t / n
        mi = np.nansum(pij * np.log(pij / np.outer(a / n, b / n)))
    ha = -np.sum((a / n)[a > 0] * np.log((a / n)[a > 0]))
    hb = -np.sum((b / n)[b > 0] * np.log((b / n)[b > 0]))
    nmi = 1.0 if ha == hb == 0 else (0.0 if ha == 0 or hb == 0 else mi / ((ha + hb) / 2))
    return float(ari), float(nmi)


def _check_n_topics(n_topics, truth_levels: int | None) -> int:
    if n_topics is None:
        return max(truth_levels or 8, 2)
    # None (the default) takes the number of groups in truth=
    return checks.whole_number("n_topics", n_topics, 2, example=8)


@dataclass
class TopicsResult(Result):
    """Topics found in texts, returned by :func:`topics`.

    Attributes
    ----------
    table : DataFrame
        One row per topic: ``topic, n, share, top_terms`` and, with a truth, ``main_truth``
        (its most common true label) and ``main_share`` (that label's share of the topic).
    terms : DataFrame
        ``topic, rank, term, weight``: the top words of each topic.
    documents : DataFrame
        ``row`` (the input's index), ``topic``, ``weight`` (the topic's share of the text's
        loadings), and the truth column when given.
    scores : DataFrame or None
        ``metric`` (``adjusted_rand``, ``nmi``), ``estimate``, ``ci_lower``, ``ci_upper``:
        bootstrap percentile intervals over texts (topics held fixed).
    crosstab : DataFrame or None
        Texts per topic (rows) and true label (columns).
    """

    terms: pd.DataFrame | None = None
    documents: pd.DataFrame | None = None
    scores: pd.DataFrame | None = None
    crosstab: pd.DataFrame | None = None
    method: str = "nmf"
    truth: str | None = None
    confidence: float = 0.95
    locale: str | None = None

    def summary(self) -> str:
        lang = self.text_locale
        big = self.table.sort_values("n", ascending=False).iloc[0]
        out = _msg("tp_summary", lang, k=len(self.table), n=int(self.table["n"].sum()),
                   method=self.method.upper(), share=big["share"],
                   terms=fmt_list(big["top_terms"].split(", ")[:3], lang))
        if self.scores is not None:
            s = self.scores.set_index("metric")
            out += _msg("tp_truth", lang, truth=_column(self.truth, lang), conf=self.confidence,
                        ari=s.loc["adjusted_rand", "estimate"],
                        ari_lo=s.loc["adjusted_rand", "ci_lower"],
                        ari_hi=s.loc["adjusted_rand", "ci_upper"],
                        nmi=s.loc["nmi", "estimate"], nmi_lo=s.loc["nmi", "ci_lower"],
                        nmi_hi=s.loc["nmi", "ci_upper"])
        return out

    def plot(self, ax=None, *, n_terms: int = 3, title: str | None = None):
        """With a truth: a heat map of each topic's share of texts per true label; else bars
        of the topics' sizes. Topics are labelled by their top words."""
        from ..plotting import new_axes, plot_context

        lang = self.text_locale
        names = [f"{k}: {fmt_list(s.split(', ')[:n_terms], lang)}"
                 for k, s in zip(self.table["topic"], self.table["top_terms"], strict=True)]
        with plot_context(self.locale):
            fig, ax = new_axes(ax)
            if self.crosstab is not None:
                shares = self.crosstab.div(self.crosstab.sum(axis=1), axis=0)
                ax.imshow(shares.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=1)
                shown = _shown(self.locale, lang)
                labels = (checks.level_labels(self.truth, shown, [str(c) for c in shares.columns])
                          if shown else {})
                ax.set_xticks(range(shares.shape[1]),
                              [labels.get(str(c), str(c)) for c in shares.columns],
                              rotation=45, ha="right")
                ax.set_yticks(range(len(names)), names)
                ax.set_title(title or _msg("tp_title", lang, truth=_column(self.truth, lang)))
            else:
                ax.barh(range(len(names)), self.table["n"])
                ax.set_yticks(range(len(names)), names)
                ax.invert_yaxis()
                ax.set_title(title or _msg("tp_sizes", lang))
        return ax


def topics(data: pd.DataFrame, text: str = "narrative", n_topics: int | None = None, *,
           method: str = "nmf", truth: str | None = None, top: int = 8, n_boot: int = 200,
           confidence: float = 0.95, seed: int | None = 0,
           locale: str | None = None, tokenizer: str = "auto",
           max_texts: int | None = MAX_TOPIC_TEXTS) -> TopicsResult:
    """Topics in a set of texts, found without labels, and how well they match a true label.

    ``method="nmf"`` (default): non-negative matrix factorisation of the TF-IDF matrix
    (sublinear term frequency, words in at least 2 texts and at most 90% of them) with the
    Kullback-Leibler loss (on worlds of seeds 1-2 it doubled the adjusted Rand index against
    the categories over the Frobenius loss, and matched LDA at a tenth of its time);
    ``method="lda"``: latent Dirichlet allocation on word counts. Each text goes to its
    heaviest topic. With ``truth=`` (e.g. ``"category"``), the topics are compared with the
    true labels: adjusted Rand index (0 chance, 1 identical partitions) and normalised mutual
    information, each with a bootstrap interval over texts (the topics held fixed, so the
    interval shows sampling spread, not the spread between fits with other seeds).

    Parameters
    ----------
    data : DataFrame
        One row per text.
    text : str
        The text column (投诉内容).
    n_topics : int, optional
        Number of topics; None takes the number of groups of ``truth`` (else 8).
    method : {"nmf", "lda"}
    truth : str, optional
        A column of true labels to compare with; rows without one are left out.
    top : int
        Words per topic in ``.terms`` and ``top_terms``.
    n_boot, confidence, seed : bootstrap draws, interval level, random seed (the fit and
        the bootstrap).
    locale : str, optional
        Tokenisation and the language of the texts (None reads each text's script and writes
        in the data's own language).
    tokenizer : {"auto", "words", "chars"}
        How Chinese is cut (see :func:`keywords`).
    max_texts : int or None
        With more texts than this (default 50,000), the topics are found in a simple random
        sample of ``max_texts`` of them (drawn with ``seed``), and the tables, the
        agreement with ``truth`` and its intervals are those of the sample: the rows left
        out are counted in the row ledger and a note says so. The bootstrap resamples the
        sampled texts, so the intervals carry the sampling error of the agreement (the
        topics held fixed). The model's fit grows with the texts (a million narratives take
        tens of minutes) while topics of a few kinds of complaint are found as well in
        50,000. None: every text.

    Returns
    -------
    TopicsResult
        ``.table`` one row per topic (``topic, n, share, top_terms``, with a truth
        ``main_truth, main_share``); ``.terms``, ``.documents``, ``.scores`` (ARI, NMI with
        intervals), ``.crosstab`` (topic x truth); ``.model`` the fitted scikit-learn model.

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_en")
    >>> res = ck.topics(world.complaints, truth="category", n_boot=20)
    >>> list(res.scores["metric"])
    ['adjusted_rand', 'nmi']
    >>> bool(res.scores["estimate"].between(0, 1).all())
    True
    """
    conf = checks.confidence(confidence)
    boots, seed = checks.n_boot(n_boot), checks.seed(seed)
    method = checks.one_of("method", method, ("nmf", "lda"))
    top, locale = _check_top(top), checks.locale(locale)
    lang = locale_of(data, locale=locale)
    words = _analyzer(locale, checks.one_of("tokenizer", tokenizer, TOKENIZERS))
    data = checks.check_frame(data)
    ledger = RowLedger(data, unit="complaints", locale=lang)
    kept = data
    if truth is not None:
        checks.check_columns(data, [truth])
        kept = ledger.drop(data[truth].isna().to_numpy(),
                           _msg("drop_group", lang, by=_column(truth, lang)))
    texts, notes = _read_texts(kept, text, ledger)
    texts, notes = _sample_texts(texts, max_texts, seed, ledger, notes)
    labels = None if truth is None else kept.loc[texts.index, truth].astype(object)
    k = _check_n_topics(n_topics, None if labels is None else labels.nunique())
    model, weights, terms, rows = _fit_topics(texts, k, method, seed, words, ledger)
    docs = _documents(texts.index[rows], weights, labels, truth)
    out = _topic_tables(docs, model, terms, k, top, truth)
    scores = None if truth is None else _agreement_scores(out[2], boots, conf, seed)
    return TopicsResult(table=out[0], terms=out[1], documents=docs, crosstab=out[2],
                        scores=scores, model=model, ledger=ledger, notes=notes,
                        assumptions=[tr(a, lang) for a in _TP_ASSUMPTIONS[method]],
                        method=method, truth=truth,
                        confidence=conf, locale=locale)


def _sample_texts(texts: pd.Series, max_texts, seed, ledger: RowLedger, notes: list):
    """``texts``, or a simple random sample of ``max_texts`` of them (in their order), the
    others counted in the ledger and a note."""
    if max_texts is None:
        return texts, notes
    max_texts = checks.whole_number("max_texts", max_texts, 2, example=50_000)
    if len(texts) <= max_texts:
        return texts, notes
    lang = ledger.locale
    rng = np.random.default_rng(None if seed is None else [seed, 14])  # not the bootstrap's
    keep = np.sort(rng.choice(len(texts), size=max_texts, replace=False))
    ledger.record(len(texts) - max_texts, _msg("drop_sample", lang, max=max_texts))
    note = _msg("sampled", lang, n=max_texts, total=len(texts))
    return texts.iloc[keep], notes + [note]


_TP_ASSUMPTIONS = {
    "nmf": [N_("a text is a mix of topics; each text is counted in its heaviest topic"),
            N_("NMF (scikit-learn, Kullback-Leibler loss, nndsvda start) on TF-IDF with "
               "sublinear term frequency; another seed or number of topics gives other topics"),
            N_("the ARI / NMI intervals resample texts with the topics held fixed")],
    "lda": [N_("a text is a mix of topics; each text is counted in its heaviest topic"),
            N_("LDA (scikit-learn, batch variational Bayes) on word counts; another seed or "
               "number of topics gives other topics"),
            N_("the ARI / NMI intervals resample texts with the topics held fixed")],
}


def _fit_topics(texts, k, method, seed, words, ledger):
    """Fit the topic model; return it, the texts' topic weights, the terms and which texts
    (positions) had a word the model uses."""
    from sklearn.decomposition import NMF, LatentDirichletAllocation

    from ..text.columns import ColumnCountVectorizer, ColumnTfidfVectorizer

    lang = ledger.locale

    tokens = texts.tolist()  # tokenised by the vectorizer, the whole column at once
    min_df = 2 if len(tokens) >= 20 else 1
    vec_cls = ColumnTfidfVectorizer if method == "nmf" else ColumnCountVectorizer
    extra = {"sublinear_tf": True} if method == "nmf" else {}
    vec = vec_cls(analyzer=words, min_df=min_df, max_df=0.9, **extra)
    try:
        m = vec.fit_transform(tokens)
    except ValueError:  # no word left after min_df / max_df
        m = None
    if m is None:
        raise ValueError(_msg("too_few_docs", lang, need=k, k=k, n=0))
    rows = np.flatnonzero(np.asarray(m.sum(axis=1)).ravel() > 0)
    ledger.record(len(tokens) - len(rows), _msg("drop_no_topic_words", lang))
    if len(rows) < max(k, 2) or m.shape[1] < k:
        raise ValueError(_msg("too_few_docs", lang, need=max(k, 2), k=k, n=len(rows)))
    m = m[rows]
    if method == "nmf":
        model = NMF(n_components=k, init="nndsvda", beta_loss="kullback-leibler",
                    solver="mu", random_state=seed, max_iter=400)
    else:
        model = LatentDirichletAllocation(n_components=k, random_state=seed,
                                          learning_method="batch", max_iter=30)
    weights = model.fit_transform(m)
    return model, weights, vec.get_feature_names_out(), rows


def _documents(index, weights, labels, truth) -> pd.DataFrame:
    total = weights.sum(axis=1)
    best = weights.argmax(axis=1)
    share = np.divide(weights[np.arange(len(best)), best], total,
                      out=np.zeros(len(best)), where=total > 0)
    docs = pd.DataFrame({"row": np.asarray(index), "topic": best + 1, "weight": share})
    if labels is not None:
        docs[truth] = labels.loc[index].to_numpy()
    return docs


def _topic_tables(docs, model, terms, k, top, truth):
    comps = model.components_
    top = min(top, comps.shape[1])
    order = np.argsort(-comps, axis=1)[:, :top]
    term_rows = pd.DataFrame({"topic": np.repeat(np.arange(1, k + 1), top),
                              "rank": np.tile(np.arange(1, top + 1), k),
                              "term": terms[order].ravel(),
                              "weight": np.take_along_axis(comps, order, axis=1).ravel()})
    n = docs["topic"].value_counts().reindex(range(1, k + 1), fill_value=0)
    table = pd.DataFrame({"topic": np.arange(1, k + 1), "n": n.to_numpy(),
                          "share": n.to_numpy() / len(docs),
                          "top_terms": [", ".join(terms[o]) for o in order]})
    cross = None
    if truth is not None:
        cross = pd.crosstab(docs["topic"], docs[truth]).reindex(range(1, k + 1), fill_value=0)
        cross.index.name, cross.columns.name = "topic", truth
        table["main_truth"] = [str(c) if s else "" for c, s in
                               zip(cross.idxmax(axis=1), cross.sum(axis=1), strict=True)]
        table["main_share"] = np.divide(cross.max(axis=1).to_numpy(), n.to_numpy(),
                                        out=np.zeros(k), where=n.to_numpy() > 0)
    return table, term_rows, cross


def _agreement_scores(cross: pd.DataFrame, n_boot: int, conf: float, seed) -> pd.DataFrame:
    """ARI and NMI with bootstrap percentile intervals: texts resampled with replacement
    (a multinomial draw on the topic x truth table, which is the same thing)."""
    t = cross.to_numpy()
    est = _agreement_from_table(t)
    rng = np.random.default_rng(seed)
    n = int(t.sum())
    draws = rng.multinomial(n, t.ravel() / n, size=n_boot).reshape(n_boot, *t.shape)
    boot = np.array([_agreement_from_table(d) for d in draws]).reshape(-1, 2)
    q = [(1 - conf) / 2, (1 + conf) / 2]
    lo, hi = (np.quantile(boot, q, axis=0) if n_boot else np.full((2, 2), np.nan))
    return pd.DataFrame({"metric": ["adjusted_rand", "nmi"], "estimate": est,
                         "ci_lower": lo, "ci_upper": hi})


# =========================================================================== sentiment
@dataclass(frozen=True)
class Lexicon:
    """A sentiment lexicon: term weights, negators and intensifiers (with multipliers)."""

    terms: dict
    negators: tuple = ()
    intensifiers: dict = field(default_factory=dict)
    source: str = ""


def load_lexicon(path, *, locale: str | None = None) -> Lexicon:
    """Read a lexicon file: ``term<TAB>weight`` lines under ``[terms]``, terms alone under
    ``[negators]``, ``term<TAB>multiplier`` under ``[intensifiers]``; ``#`` starts a comment.

    ``locale`` (``"en_US"``, ``"zh_CN"``) is the language of its errors; None: English (a
    file says nothing of its readers' language).

    >>> lex = load_lexicon(LEXICON_DIR / "en_US.txt")
    >>> lex.terms["furious"] > lex.terms["disappointed"] > 0
    True
    """
    lang = checks.locale(locale)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(_msg("lexicon_file", lang, path=path))
    parts: dict = {"terms": {}, "negators": [], "intensifiers": {}}
    section = "terms"
    for i, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = checks.one_of("lexicon section", line[1:-1], tuple(parts))
            continue
        cells = line.split("\t") if "\t" in line else line.rsplit(None, 1)
        try:
            if section == "negators":
                parts["negators"].append(line)
            else:
                parts[section][cells[0].strip().lower()] = float(cells[1])
        except (IndexError, ValueError):
            raise ValueError(_msg("lexicon_line", lang, path=path, line=i, text=raw)) from None
    return Lexicon(parts["terms"], tuple(parts["negators"]), parts["intensifiers"],
                   source=str(path))


def _lexicons(lexicon, locales, lang: str | None = None) -> dict:
    out = {}
    for loc in locales:
        default = LEXICON_DIR / f"{loc}.txt"
        if lexicon is None and not default.is_file():
            raise ValueError(_msg("lexicon_missing", lang, language=loc))
        if lexicon is None:
            out[loc] = load_lexicon(default, locale=lang)
        elif isinstance(lexicon, Lexicon):
            out[loc] = lexicon
        elif isinstance(lexicon, (str, Path)):
            out[loc] = load_lexicon(lexicon, locale=lang)
        elif isinstance(lexicon, dict):
            base = load_lexicon(default, locale=lang) if default.is_file() else Lexicon({})
            out[loc] = Lexicon(_weights(lexicon, lang), base.negators, base.intensifiers,
                               source="dict")
        else:
            raise TypeError(_msg("lexicon_type", lang, kind=type(lexicon).__name__))
    return out


_UNIT = {"en_US": re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*"),
         "zh_CN": re.compile(r"\S")}


def _weights(lexicon: dict, lang: str | None = None) -> dict:
    out = {}
    for k, v in lexicon.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) \
                or not np.isfinite(v) or not isinstance(k, str) or not k.strip():
            raise ValueError(_msg("lexicon_weight", lang, term=k, value=v))
        out[k.strip().lower()] = float(v)
    return out


class _Scorer:
    """Scores a text with a lexicon: the sum of the weights of the terms found (longest
    first; whole words in English, characters in Chinese), each multiplied by the
    intensifiers among the 2 words (3 characters) just before it, and by -0.5 when a negator
    is among the 3 words (4 characters) before it; plus 0.5 per '!' (at most 3)."""

    NEGATION = -0.5
    EXCLAIM, MAX_EXCLAIM = 0.5, 3
    WINDOW = {"en_US": (3, 2), "zh_CN": (4, 3)}  # negator, intensifier window in units

    def __init__(self, lex: Lexicon, locale: str):
        self.lex, self.zh = lex, locale == "zh_CN"
        self.unit = _UNIT["zh_CN" if self.zh else "en_US"]
        self.join = "" if self.zh else " "
        self.longest = max((len(self._units(t)) for t in lex.terms), default=1)
        self.neg_window, self.amp_window = self.WINDOW["zh_CN" if self.zh else "en_US"]
        # a term can match only where its first unit stands (the units joined by
        # self.join hold no separator), so the other units are skipped at once
        self.first = frozenset((t[:1] if self.zh else t.split(" ")[0]) for t in lex.terms)
        self.size = {t: len(self._units(t)) for t in lex.terms}

    def _units(self, text: str) -> list[str]:
        return self.unit.findall(text)

    def __call__(self, text: str) -> tuple[float, int, int, str]:
        low = text.lower()
        units = self._units(low)
        score, hits, negated, found, i = 0.0, 0, 0, [], 0
        first = self.first
        if not first.isdisjoint(units):
            for at in [j for j, u in enumerate(units) if u in first]:
                if at < i:  # inside the term found last
                    continue
                term = self._match(units, at)
                if term is None:
                    continue
                w, neg = self._modified(self.lex.terms[term], units, at)
                score, hits, negated = score + w, hits + 1, negated + neg
                found.append(term)
                i = at + self.size[term]
        score += self.EXCLAIM * min(low.count("!") + low.count("！"), self.MAX_EXCLAIM)
        return score, hits, negated, " ".join(found)

    def column(self, texts: list[str]) -> tuple | None:
        """``(score, n_terms, n_negated, terms)`` of every text at once (arrays, the last
        a list of str), the same as calling the scorer on each; English only (None for
        Chinese: text by text)."""
        if self.zh or not texts:
            return None
        from ..text.columns import _chunks

        parts = list(_chunks(texts))
        if len(parts) > 1:  # chunk by chunk (the arrays of a chunk: about 100 MB)
            got = [self.column(texts[a:b]) for a, b in parts]
            if any(g is None for g in got):
                return None
            return (np.concatenate([g[0] for g in got]), np.concatenate([g[1] for g in got]),
                    np.concatenate([g[2] for g in got]), [t for g in got for t in g[3]])
        units = _column_units(texts, self.MAX_EXCLAIM)  # None: a text Python cannot encode
        if units is None:
            return None
        names, codes, doc, exclaim = units
        terms = list(self.lex.terms)
        cand, tid = self._matches(names, codes, doc, terms)
        weight = np.array([self.lex.terms[t] for t in terms] or [0.0], float)[tid]
        mult = np.array([self.lex.intensifiers.get(u, 1.0) for u in names] or [1.0], float)
        negator = np.array([u in self.lex.negators for u in names] or [False], bool)
        for back in range(self.amp_window, 0, -1):  # units[i-2] then units[i-1], as before
            inside, q = _before(cand, back, doc)
            weight = weight * np.where(inside, mult[codes[q]], 1.0)
        negated = np.zeros(len(cand), bool)
        for back in range(1, self.neg_window + 1):
            inside, q = _before(cand, back, doc)
            negated |= inside & negator[codes[q]]
        weight = np.where(negated, weight * self.NEGATION, weight)
        n_texts, hit_doc = len(texts), doc[cand]
        score = np.bincount(hit_doc, weights=weight, minlength=n_texts) + self.EXCLAIM * exclaim
        hits = np.bincount(hit_doc, minlength=n_texts)
        found = np.asarray(terms, dtype=object)[tid].tolist() if len(tid) else []
        bounds = np.concatenate([[0], np.cumsum(hits)]).tolist()
        joined = [" ".join(found[a:b]) if b > a else "" for a, b in
                  zip(bounds[:-1], bounds[1:], strict=True)]
        return score, hits, np.bincount(hit_doc[negated], minlength=n_texts), joined

    def _matches(self, names, codes, doc, terms):
        """Positions of the units where a term is found (longest first, left to right, a
        match inside the previous one skipped, as ``__call__``) and the terms' ids."""
        n_units, size = len(codes), max(len(names), 1)
        code_of = {u: i for i, u in enumerate(names)}
        # the terms as a trie of unit codes: (node, code) -> child; a term ends at a node
        child: dict[int, int] = {}
        ends = [-1]
        for i, term in enumerate(terms):
            parts = term.split(" ")
            if not all(p in code_of for p in parts):  # a unit never seen: cannot match
                continue
            node = 0
            for p in parts:
                key = node * size + code_of[p]
                if key not in child:
                    child[key] = len(ends)
                    ends.append(-1)
                node = child[key]
            ends[node] = i
        keys = np.array(sorted(child), np.int64)
        nodes = np.array([child[k] for k in keys.tolist()], np.int64)
        ends = np.array(ends, np.int64)
        best = np.full(n_units, -1, np.int64)
        at = np.arange(n_units)
        node = np.zeros(n_units, np.int64)
        for j in range(self.longest):  # a longer match found later replaces a shorter one
            at, node = at[at + j < n_units], node[at + j < n_units]
            if not len(at) or not len(keys):
                break
            same = doc[at + j] == doc[at]
            at, node = at[same], node[same]
            key = node * size + codes[at + j]
            k = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            found = keys[k] == key
            at, node = at[found], nodes[k[found]]
            term = ends[node]
            best[at[term >= 0]] = term[term >= 0]
        cand = np.flatnonzero(best >= 0)
        length = np.array([len(self._units(t)) for t in terms] or [1], np.int64)
        if len(cand) and (length[best[cand]] > 1).any():
            keep, end = [], -1
            for p, ln in zip(cand.tolist(), length[best[cand]].tolist(), strict=True):
                if p >= end:
                    keep.append(p)
                    end = p + ln
            cand = np.array(keep, np.int64)
        return cand, best[cand]

    def _match(self, units, i):
        for n in range(min(self.longest, len(units) - i), 0, -1):
            cand = self.join.join(units[i:i + n])
            if cand in self.lex.terms:
                return cand
        return None

    def _modified(self, w: float, units, i) -> tuple[float, int]:
        amp = units[max(0, i - self.amp_window):i]
        neg = units[max(0, i - self.neg_window):i]
        if self.zh:
            amp_s, neg_s = "".join(amp), "".join(neg)
            for a, m in self.lex.intensifiers.items():
                w *= m if a in amp_s else 1.0
            negated = any(n in neg_s for n in self.lex.negators)
        else:
            for a in amp:
                w *= self.lex.intensifiers.get(a, 1.0)
            negated = any(n in self.lex.negators for n in neg)
        return (w * self.NEGATION, 1) if negated else (w, 0)


def _column_units(texts: list[str], max_exclaim: int):
    """The English scorer's units of every lower-cased text at once: (distinct units,
    unit codes in order, the text of each unit, '!' per text up to ``max_exclaim``); None
    for the text-by-text path."""
    import pyarrow.compute as pc

    from ..text.columns import _LETTER, _code_points, _flags, _pieces, _runs

    got = _code_points([t.lower() for t in texts])
    if got is None:
        return None
    cp, starts = got
    bang = np.flatnonzero((cp == 33) | (cp == 0xFF01))
    exclaim = np.minimum(np.bincount(np.searchsorted(starts, bang, side="right") - 1,
                                     minlength=len(texts)), max_exclaim)
    # a unit: a run of letters, joined over one ' ’ or - standing between two letters
    letter = (_flags(cp) & _LETTER) != 0
    cont = letter.copy()
    joiner = (cp == 39) | (cp == 0x2019) | (cp == 45)
    cont[1:-1] |= joiner[1:-1] & letter[:-2] & letter[2:]
    u_start, _ = _runs(cont)
    names, codes = [], np.zeros(0, np.int64)
    if len(u_start):
        pieces = _pieces(cp, cont)
        if len(pieces) != len(u_start):
            return None
        enc = pc.dictionary_encode(pieces)
        names = enc.dictionary.to_pylist()
        codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return names, codes, np.searchsorted(starts, u_start, side="right") - 1, exclaim


def _before(at: np.ndarray, back: int, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether the unit ``back`` places before each of ``at`` is in the same text, and its
    position (clipped to 0 where there is none)."""
    q = np.maximum(at - back, 0)
    return (at >= back) & (doc[q] == doc[at]), q


@dataclass
class SentimentResult(Result):
    """An anger / negativity score per text, returned by :func:`sentiment`.

    Attributes
    ----------
    table : DataFrame
        One row per text: ``row`` (the input's index), ``complaint_id`` (when the data has
        it), ``locale``, ``score``, ``n_terms``, ``n_negated``, ``terms``.
    groups : DataFrame
        ``group, locale, n, mean_score, ci_lower, ci_upper, share_with_terms`` (by the
        ``by=`` column, else one row per locale).
    correlations : DataFrame or None
        With ``against=``: ``column, locale, n, rho, ci_lower, ci_upper, p_value``
        (Spearman; Fisher-z interval with the Bonett-Wright standard error), per locale and
        over all texts (``locale == "all"``).
    """

    groups: pd.DataFrame | None = None
    correlations: pd.DataFrame | None = None
    confidence: float = 0.95
    locale: str | None = None

    def summary(self) -> str:
        t, lang = self.table, self.text_locale
        if t.empty:
            return _msg("se_none", lang, note=self.notes[0] if self.notes else "")
        out = _msg("se_summary", lang, mean=t["score"].mean(), n=len(t),
                   share=(t["n_terms"] > 0).mean())
        if self.correlations is not None:
            for r in self.correlations.itertuples():
                if r.locale == "all" and np.isfinite(r.rho):
                    out += _msg("se_corr", lang, col=_column(r.column, lang), where="",
                                rho=r.rho,
                                conf=self.confidence, lo=r.ci_lower, hi=r.ci_upper, n=r.n)
        return out

    def plot(self, ax=None, *, bins: int = 30, title: str | None = None):
        """Histogram of the scores, one per locale."""
        from ..plotting import new_axes, plot_context

        lang = self.text_locale
        with plot_context(self.locale):
            fig, ax = new_axes(ax)
            for loc, t in self.table.groupby("locale", sort=True):
                name = str(loc) if is_english(lang) else tr(_TEXTS_IN.get(loc, str(loc)), lang)
                ax.hist(t["score"], bins=bins, alpha=0.6, label=name)
            ax.set_xlabel(_msg("se_axis", lang))
            ax.set_ylabel(tr("texts", lang))
            ax.legend()
            ax.set_title(title or _msg("se_title", lang))
        return ax


#: the texts of a locale as a chart's legend names them (in English: the locale's code)
_TEXTS_IN = {"en_US": N_("English texts"), "zh_CN": N_("Chinese texts")}


def sentiment(data: pd.DataFrame, text: str = "narrative", *, locale: str | None = None,
              lexicon=None, by: str | None = None, against=None,
              confidence: float = 0.95) -> SentimentResult:
    """An anger / negativity score per complaint from a lexicon, and how it tracks outcomes.

    Each text is scored with the lexicon of its locale (``complaintkit/text/lexicons/
    en_US.txt`` and ``zh_CN.txt``, written for the kit, MIT like the kit: general words of
    anger and complaint with weights 1-3, negators and intensifiers): the sum of the weights
    of the terms found, an intensifier just before a term multiplies its weight (``very``
    1.5, 非常 1.5), a negator within 3 words (4 Chinese characters) before it multiplies it
    by -0.5 (``not happy`` counts against, ``not angry`` a little for calm), and each
    exclamation mark adds 0.5 (at most 3). 0 means no angry word was found, not a calm
    customer.

    Parameters
    ----------
    data : DataFrame
        One row per text, e.g. ``world.complaints`` or ``ck.complaint_frame(...)``.
    text : str
        The text column (投诉内容).
    locale : str, optional
        The lexicon to use for every text, and the language of the summary, notes and chart;
        None reads each text's script (:func:`detect_locale`), so a table with English and
        Chinese texts is scored in both, and writes in the data's own language.
    lexicon : None, path or dict
        None: the kit's lexicon per locale; a file in the same format; or a dict term ->
        weight (with the kit's negators and intensifiers).
    by : str, optional
        A group column for ``.groups``.
    against : str or list of str, optional
        Numeric columns to correlate with the score (Spearman), e.g. ``"csat_score"``;
        rows missing a value are left out of that correlation only.
    confidence : float
        Level of the intervals.

    Returns
    -------
    SentimentResult
        ``.table`` per complaint, ``.groups`` mean scores with intervals, ``.correlations``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_en")
    >>> frame = ck.complaint_frame(world.complaints, world.surveys)
    >>> res = ck.sentiment(frame, against="csat_score")
    >>> res.notes[0]
    'all 7,222 complaints used'
    >>> list(res.correlations.columns)
    ['column', 'locale', 'n', 'rho', 'ci_lower', 'ci_upper', 'p_value']
    """
    conf = checks.confidence(confidence)
    locale = checks.locale(locale)
    lang = locale_of(data, locale=locale)
    data = checks.check_frame(data)
    by_cols = checks.by_columns(by, data)
    against = [] if against is None else checks.column_names("against", against, data)
    _numeric(data, against, lang)
    ledger = RowLedger(data, unit="complaints", locale=lang)
    texts, notes = _read_texts(data, text, ledger)
    locales = texts.map(detect_locale) if locale is None else \
        pd.Series(locale, index=texts.index)
    table = _score_texts(texts, locales, _lexicons(lexicon, sorted(set(locales)), lang), data)
    kept = data.loc[texts.index]
    groups = _score_groups(table, kept, by_cols, conf)
    corr = _correlations(table, kept, against, conf) if against else None
    return SentimentResult(table=table, groups=groups, correlations=corr, ledger=ledger,
                           notes=notes, assumptions=[tr(a, lang) for a in _SE_ASSUMPTIONS],
                           confidence=conf, locale=locale)


_SE_ASSUMPTIONS = [
    N_("a lexicon sees words, not meaning: sarcasm, long negations and angry complaints "
       "written in calm words are missed; a score of 0 means no listed word, not calm"),
    N_("Spearman intervals use Fisher's z with the Bonett-Wright standard error "
       "sqrt((1 + rho^2 / 2) / (n - 3)); complaints are taken as independent"),
]


def _numeric(data, cols, lang: str | None = None):
    for c in cols:
        s = data[c]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            raise TypeError(_msg("against_numeric", lang, col=c, dtype=s.dtype))


def _score_texts(texts, locales, lexicons, data) -> pd.DataFrame:
    scorers = {loc: _Scorer(lex, loc) for loc, lex in lexicons.items()}
    n = len(texts)
    cols = {"score": np.zeros(n), "n_terms": np.zeros(n, np.int64),
            "n_negated": np.zeros(n, np.int64), "terms": np.full(n, "", dtype=object)}
    where = locales.to_numpy(dtype=object)
    values = texts.tolist()
    for loc, scorer in scorers.items():
        rows = np.flatnonzero(where == loc)
        part = [values[i] for i in rows]
        got = scorer.column(part)  # the whole column at once where it can
        if got is None:
            scored = [scorer(t) for t in part]
            got = [[r[j] for r in scored] for j in range(4)]
        for j, col in enumerate(cols):
            cols[col][rows] = np.asarray(got[j], dtype=cols[col].dtype)
    out = pd.DataFrame(cols, index=texts.index)
    out.insert(0, "locale", locales.to_numpy())
    if "complaint_id" in data.columns:
        out.insert(0, "complaint_id", data.loc[texts.index, "complaint_id"].to_numpy())
    out.insert(0, "row", texts.index.to_numpy())
    return out.reset_index(drop=True)


def _score_groups(table, kept, by_cols, conf) -> pd.DataFrame:
    from scipy import stats
    t = table.copy()
    t["group"] = kept[by_cols[0]].astype(object).fillna("(missing)").to_numpy() \
        if by_cols else "all"
    q = stats.norm.ppf(0.5 + conf / 2)
    g = t.groupby(["group", "locale"], sort=True)
    out = g["score"].agg(n="size", mean_score="mean", sd="std").reset_index()
    se = out["sd"].fillna(0) / np.sqrt(out["n"])
    out["ci_lower"], out["ci_upper"] = out["mean_score"] - q * se, out["mean_score"] + q * se
    out["share_with_terms"] = g["n_terms"].apply(lambda s: (s > 0).mean()).to_numpy()
    return out.drop(columns="sd")


def spearman_ci(x, y, confidence: float = 0.95) -> tuple[float, float, float, float, int]:
    """Spearman's rho of ``x`` and ``y`` (pairs with a missing value left out), its interval
    (Fisher z, Bonett-Wright standard error) and p-value: ``(rho, lower, upper, p, n)``.

    >>> rho, lo, hi, p, n = spearman_ci([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5])
    >>> round(rho, 3), n
    (0.829, 6)
    """
    from scipy import stats
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    n = int(ok.sum())
    if n < 4 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0:
        return math.nan, math.nan, math.nan, math.nan, n
    rho, p = stats.spearmanr(x[ok], y[ok])
    se = math.sqrt((1 + rho ** 2 / 2) / (n - 3))
    q = stats.norm.ppf(0.5 + confidence / 2)
    z = math.atanh(min(max(rho, -0.999999), 0.999999))
    return float(rho), math.tanh(z - q * se), math.tanh(z + q * se), float(p), n


def _correlations(table, kept, against, conf) -> pd.DataFrame:
    rows = []
    for col in against:
        values = kept[col].to_numpy(dtype=float, na_value=np.nan)
        parts = [("all", np.ones(len(table), bool))]
        if table["locale"].nunique() > 1:
            parts += [(loc, (table["locale"] == loc).to_numpy())
                      for loc in sorted(table["locale"].unique())]
        for loc, mask in parts:
            rho, lo, hi, p, n = spearman_ci(table["score"][mask], values[mask], conf)
            rows.append({"column": col, "locale": loc, "n": n, "rho": rho, "ci_lower": lo,
                         "ci_upper": hi, "p_value": p})
    return pd.DataFrame(rows)
