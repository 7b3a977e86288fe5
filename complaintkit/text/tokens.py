"""Tokenisation of complaint narratives (投诉内容) in English and Chinese.

One rule for every script, so that mixed text (Chinese with English product names, emoji,
CFPB masks) is read the same way whatever the locale:

- runs of Han characters (汉字) become character 1- and 2-grams (``method="chars"``) or jieba
  words (``method="words"``; jieba is optional and imported only then);
- runs of other letters become lower-cased words (``don't`` stays one word); stop words
  (:data:`STOP_WORDS`) and masks (``XXXX``, ``XX``) are left out;
- digits, punctuation, emoji and other symbols are not tokens (an order number or an amount
  names one complaint, not a kind of complaint).

``method="auto"`` is the measured choice (docs/text.md, "Tokenisation"): character n-grams for
Chinese and words for English, which under the rule above are the same tokenizer, so
``"auto"`` needs no locale and no third-party package. The ``locale`` argument is kept for the
day a locale needs its own rule; ``None`` detects the language of each text from its share of
Han characters (:func:`detect_locale`).

Missing texts (None, NaN, non-strings, empty or blank strings) raise a ValueError naming their
positions; pass ``missing="empty"`` to get an empty token list for them instead (an analysis
that counts them in its row ledger first never needs it).

>>> tokenize(["Refund NOT received for order 12345!", "没有送到"])
[['refund', 'received', 'order'], ['没', '有', '送', '到', '没有', '有送', '送到']]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ..locale import LOCALES

__all__ = ["tokenize", "analyzer", "Analyzer", "detect_locale", "STOP_WORDS", "METHODS",
           "AUTO_METHOD"]

METHODS = ("auto", "words", "chars")
#: the method ``"auto"`` stands for, per locale (measured: docs/text.md, "Tokenisation")
AUTO_METHOD = {"en_US": "chars", "zh_CN": "chars"}

MESSAGES = {
    "method": "method must be one of {allowed}, but {value!r} was passed",
    "missing": "must be one of 'raise', 'empty', but {value!r} was passed",
    "one_text": ("texts must be a list of texts, not one {kind}: pass [text] to tokenise a "
                 "single text"),
    "not_iterable": "texts must be a list (or Series) of texts, not {kind}",
    "bad_texts": ("{n:,} of {total:,} texts cannot be tokenised: {what} at position{s} "
                  "{where}; drop them first, or pass missing='empty' to get no tokens for them"),
    "not_text": "a text must be a string, not {kind} ({value!r})",
    "jieba": ("method='words' segments Chinese with jieba, which is not installed "
              "(pip install jieba, or the kit's extra: pip install 'complaintkit[zh]'); "
              "method='chars' needs no extra package"),
    "locale": "locale must be one of {allowed} or None, but {value!r} was passed",
}

# Han ideographs: CJK unified (with extension A) and compatibility ideographs
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
# a Han run, or a word: letters (not Han) and digits, starting with a letter; an inner
# apostrophe keeps "don't" whole
_TOKEN_RE = re.compile(
    f"(?P<han>[{_HAN}]+)"
    f"|(?P<word>(?:(?![{_HAN}])[^\\W\\d_])(?:(?![{_HAN}])[^\\W_]|['’](?=[^\\W\\d_]))*)"
)
_MASK_RE = re.compile(r"x{2,}")  # CFPB masks: XXXX, XX/XX/XXXX

#: English words and single Han characters too common to say what a complaint is about
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just let me more most my myself no nor not of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves also am im i'm i've
i'd i'll it's don't didn't doesn't can't won't isn't wasn't weren't haven't hasn't
s t d ll m re ve
的 了 是 我 你 他 她 它 们 在 和 与 及 或 也 都 就 还 又 这 那 个 吗 呢 吧 啊 呀 哦 嗯 么 着 过 把
被 让 给 对 从 向 之 其 而 并 但 却 则 如 若 即
""".split())


def detect_locale(text: str) -> str:
    """``"zh_CN"`` when at least 30% of the letters of ``text`` are Han characters, else
    ``"en_US"`` (also for a text without letters).

    >>> detect_locale("我的订单 12345 一直没有发货, tracking 显示 delivered")
    'zh_CN'
    >>> detect_locale("My order from 京东 never arrived")
    'en_US'
    """
    if text.isascii():  # no Han character (and the test below would say en_US)
        return "en_US"
    han = len(_HAN_RE.findall(text))
    letters = sum(map(str.isalpha, text))
    return "zh_CN" if letters and han / letters >= 0.3 else "en_US"


def _check_method(method) -> str:
    if method not in METHODS:
        raise ValueError(MESSAGES["method"].format(allowed=", ".join(map(repr, METHODS)),
                                                   value=method))
    return method


def _check_locale(locale) -> str | None:
    if locale is not None and locale not in LOCALES:
        raise ValueError(MESSAGES["locale"].format(allowed=", ".join(map(repr, LOCALES)),
                                                   value=locale))
    return locale


_JIEBA = None


def _jieba():
    """The jieba tokenizer, loaded once, quietly (its dictionary cache goes to the temp
    folder: jieba.cache, about 9 MB)."""
    global _JIEBA
    if _JIEBA is None:
        try:
            import logging

            import jieba
        except ImportError as err:  # pragma: no cover - jieba is installed in development
            raise ImportError(MESSAGES["jieba"]) from err
        jieba.setLogLevel(logging.WARNING)
        _JIEBA = jieba.Tokenizer()
    return _JIEBA


def _han_chars(run: str) -> list[str]:
    grams = [c for c in run if c not in STOP_WORDS]
    grams += [run[i:i + 2] for i in range(len(run) - 1)]
    return grams


def _han_words(run: str) -> list[str]:
    return [w for w in _jieba().lcut(run, HMM=True) if w not in STOP_WORDS]


def _tokens(text: str, method: str) -> list[str]:
    han = _han_words if method == "words" else _han_chars
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        run = m.group("han")
        if run is not None:
            out += han(run)
            continue
        word = m.group("word").lower().replace("’", "'")
        if word[0].isalpha() and word not in STOP_WORDS and not _MASK_RE.fullmatch(word):
            out.append(word)
    return out


def _one_method(method: str, locale: str | None) -> str | None:
    """The method every text gets, when it does not depend on the text: not ``"auto"``, a
    locale given, or ``"auto"`` standing for one method in every locale (as now)."""
    if method != "auto":
        return method
    if locale is not None:
        return AUTO_METHOD[locale]
    methods = set(AUTO_METHOD.values())
    return methods.pop() if len(methods) == 1 else None


def _resolve(method: str, locale: str | None, text: str) -> str:
    return _one_method(method, locale) or AUTO_METHOD[detect_locale(text)]


def _is_missing(text) -> bool:
    if not isinstance(text, str):
        return True
    return not text.strip()


def _what_is_wrong(text) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "missing"
    if not isinstance(text, str):
        return type(text).__name__
    return "empty"


def _as_list(texts) -> list:
    if isinstance(texts, (str, bytes)):
        raise TypeError(MESSAGES["one_text"].format(kind=type(texts).__name__))
    if not isinstance(texts, Iterable):
        raise TypeError(MESSAGES["not_iterable"].format(kind=type(texts).__name__))
    return list(texts)


def _refuse_missing(texts: list) -> None:
    bad = [i for i, t in enumerate(texts) if _is_missing(t)]
    if not bad:
        return
    kinds = sorted({_what_is_wrong(texts[i]) for i in bad})
    where = ", ".join(map(str, bad[:5])) + (f" and {len(bad) - 5:,} more" if len(bad) > 5
                                            else "")
    raise ValueError(MESSAGES["bad_texts"].format(
        n=len(bad), total=len(texts), what=" / ".join(kinds), s="s" if len(bad) > 1 else "",
        where=where))


def tokenize(texts, locale: str | None = None, *, method: str = "auto",
             missing: str = "raise") -> list[list[str]]:
    """Split each text into tokens: lower-cased words, and Han character n-grams or words.

    Parameters
    ----------
    texts : list or Series of str
        The texts (a Series is read in its order; positions in errors count from 0).
    locale : {None, "en_US", "zh_CN"}
        The texts' language; ``None`` detects it per text (:func:`detect_locale`). Only
        ``method="auto"`` reads it.
    method : {"auto", "words", "chars"}
        ``"chars"``: Han runs as character 1- and 2-grams, other letters as words;
        ``"words"``: Han runs segmented by jieba (optional package), other letters as words;
        ``"auto"``: the measured choice per locale (:data:`AUTO_METHOD`).
    missing : {"raise", "empty"}
        What None, NaN, non-string and empty or blank texts get: a ValueError naming their
        positions (default), or an empty token list.

    Returns
    -------
    list of list of str
        One token list per text, in order. A text of digits, punctuation or emoji only gives
        an empty list.

    Examples
    --------
    >>> tokenize(["I was charged TWICE on XX/XX/XXXX 😡"])
    [['charged', 'twice']]
    >>> tokenize(["退款", None])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 1 of 2 texts cannot be tokenised: missing at position 1; drop them first, ...
    >>> tokenize(["退款", None], missing="empty")
    [['退', '款', '退款'], []]
    """
    _check_locale(locale)
    _check_method(method)
    if missing not in ("raise", "empty"):
        raise ValueError("missing " + MESSAGES["missing"].format(value=missing))
    texts = _as_list(texts)
    if missing == "raise":
        _refuse_missing(texts)
    return [[] if _is_missing(t) else _tokens(t, _resolve(method, locale, t)) for t in texts]


class Analyzer:
    """A picklable callable ``text -> tokens`` for scikit-learn vectorizers' ``analyzer=``.

    Made by :func:`analyzer`; a fitted pipeline that holds it can be saved with pickle.
    """

    def __init__(self, locale: str | None = None, method: str = "auto"):
        self.locale = _check_locale(locale)
        self.method = _check_method(method)

    def __call__(self, text) -> list[str]:
        if not isinstance(text, str):
            raise TypeError(MESSAGES["not_text"].format(kind=type(text).__name__, value=text))
        return _tokens(text, _resolve(self.method, self.locale, text))

    def column(self, texts):
        """The tokens of a whole column of texts (a list or Series of str) at once, as a
        :class:`complaintkit.text.columns.TokenTable` (``.lists()`` gives what calling
        this analyzer on each text gives); much faster on many texts."""
        from .columns import TokenTable, column_tokens

        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(MESSAGES["not_text"].format(kind=type(t).__name__, value=t))
        method = _one_method(self.method, self.locale)
        if method is not None:
            return column_tokens(texts, method)
        by_method: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            by_method.setdefault(_resolve(self.method, None, t), []).append(i)
        lists: list = [None] * len(texts)
        for m, rows in by_method.items():
            for i, toks in zip(rows, column_tokens([texts[i] for i in rows], m).lists(),
                               strict=True):
                lists[i] = toks
        return TokenTable.from_lists(lists)

    def __repr__(self) -> str:
        return f"Analyzer(locale={self.locale!r}, method={self.method!r})"


def analyzer(locale: str | None = None, method: str = "auto") -> Analyzer:
    """The tokenizer of :func:`tokenize` as a callable for ``TfidfVectorizer(analyzer=…)``.

    Parameters
    ----------
    locale : {None, "en_US", "zh_CN"}
        As in :func:`tokenize`.
    method : {"auto", "words", "chars"}
        As in :func:`tokenize`.

    Returns
    -------
    Analyzer
        Called with one text, returns its tokens; a non-string raises a TypeError (drop
        missing texts before vectorising).

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> cv = CountVectorizer(analyzer=analyzer("zh_CN"))
    >>> X = cv.fit_transform(["没有退款", "退款很慢"])
    >>> sorted(cv.vocabulary_)[:4]
    ['很', '很慢', '慢', '有']
    """
    return Analyzer(locale, method)
