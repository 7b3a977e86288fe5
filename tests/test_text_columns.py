"""complaintkit.text.columns (issue 14): a whole column tokenised at once gives the tokens of
the per-text tokenizer, and the column vectorizers scikit-learn's own vocabulary and
matrices, on the shipped worlds (en and zh) and on any text at all."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.analysis.routing import _NgramAnalyzer
from complaintkit.analysis.text import _analyzer
from complaintkit.text.columns import (
    ColumnCountVectorizer,
    ColumnTfidfVectorizer,
    TokenTable,
    column_tokens,
)
from complaintkit.text.tokens import analyzer

SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")

ODD = ["", " ", "\n", "XXXX", "xx/xx/xxxx", "12345", "O12345 O00000063", "don't", "dogs'",
       "'tis", "rock'n'roll", "a''b", "a'''b", "it'5x", "9'ab", "x5'y", "DON’T", "don'好",
       "'好", "İstanbul Straße ǅemal", "½ ² Ⅻ 〇 一二三", "café naïve", "😡😡 !!! ？",
       "快递没到，iPhone 屏幕碎了", "我的订单 12345 一直没有发货, tracking 显示 delivered",
       "的的的了了", "好", "好好", "A", "ab", "a_b c-d e.f", "\u200bword\u00a0next",
       "\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\ufa6e", "tab\tnew\nline\r\nend",
       "ﬁne ﬂow", "ǈ ǋ", "a\ud800b", "Ωmega ΣΑΣ", "١٢٣ arabic ٤", "Ⅻabc", "ab²c"]


@pytest.fixture(scope="module")
def narratives():
    out = {}
    for name in ("ecommerce_en", "ecommerce_zh"):
        out[name] = ck.load_dataset(name).complaints["narrative"].dropna().tolist()
    return out


def _per_text(texts, fn):
    return [fn(t) for t in texts]


@pytest.mark.parametrize("name", ["ecommerce_en", "ecommerce_zh"])
@pytest.mark.parametrize("locale", [None, "en_US", "zh_CN"])
def test_column_tokens_are_the_per_text_tokens_on_the_shipped_worlds(narratives, name, locale):
    texts = narratives[name]
    a = analyzer(locale)
    assert a.column(texts).lists() == _per_text(texts, a)


def test_column_words_by_jieba_and_the_content_words_of_the_analyses(narratives):
    texts = narratives["ecommerce_zh"][:400] + narratives["ecommerce_en"][:400]
    a = analyzer(method="words")
    assert a.column(texts).lists() == _per_text(texts, a)
    words = _analyzer(None)
    assert words.column(texts).lists() == _per_text(texts, words)
    pairs = _NgramAnalyzer(None, "auto")
    assert pairs.column(texts).lists() == _per_text(texts, pairs)


def test_scikit_learn_default_words_on_the_shipped_worlds(narratives):
    for texts in narratives.values():
        got = column_tokens(texts, rule="sklearn").lists()
        assert got == [SKLEARN_TOKEN.findall(t.lower()) for t in texts]


def test_odd_strings_one_by_one_and_together():
    a = analyzer()
    assert a.column(ODD).lists() == _per_text(ODD, a)
    for t in ODD:
        assert a.column([t]).lists() == [a(t)], t
    assert column_tokens(ODD, rule="sklearn").lists() == [
        SKLEARN_TOKEN.findall(t.lower()) for t in ODD]
    assert a.column([]).lists() == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec=None), max_size=40), max_size=6),
       st.sampled_from([None, "en_US", "zh_CN"]))
def test_any_texts_give_the_per_text_tokens(texts, locale):
    a = analyzer(locale)
    assert a.column(texts).lists() == _per_text(texts, a)
    assert column_tokens(texts, rule="sklearn").lists() == [
        SKLEARN_TOKEN.findall(t.lower()) for t in texts]
    pairs = _NgramAnalyzer(locale, "auto")
    assert pairs.column(texts).lists() == _per_text(texts, pairs)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="ab'’ 1_好的了x-XÇ!", max_size=30), max_size=8))
def test_texts_of_few_characters_give_the_per_text_tokens(texts):
    a = analyzer()
    assert a.column(texts).lists() == _per_text(texts, a)


def test_chunks_and_the_per_text_path_keep_the_order(monkeypatch, narratives):
    from complaintkit.text import columns

    texts = narratives["ecommerce_zh"][:300] + ["a\ud800b 好"] + narratives["ecommerce_en"][:300]
    a = analyzer()
    monkeypatch.setattr(columns, "_CHUNK_CHARS", 500)
    assert a.column(texts).lists() == _per_text(texts, a)


def test_token_table_keep_and_from_lists():
    t = TokenTable.from_lists([["a", "b"], [], ["b", "c", "a"]])
    assert t.lists() == [["a", "b"], [], ["b", "c", "a"]]
    kept = t.keep(t.vocab != "b")
    assert kept.lists() == [["a"], [], ["c", "a"]]
    assert kept.pairs().lists() == [["a"], [], ["c", "a", "c a"]]


def _same_matrix(a, b):
    a, b = a.tocsr(), b.tocsr()
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


@pytest.mark.parametrize("name", ["ecommerce_en", "ecommerce_zh"])
def test_column_vectorizers_match_scikit_learn(narratives, name):
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    texts = narratives[name]
    train, test = texts[:5000], texts[5000:] + ["never seen words zzzq"]
    cases = [
        (ColumnTfidfVectorizer(), TfidfVectorizer()),
        (ColumnTfidfVectorizer(analyzer=_NgramAnalyzer(None, "auto"), min_df=1,
                               sublinear_tf=True, max_df=0.9),
         TfidfVectorizer(analyzer=_NgramAnalyzer(None, "auto"), min_df=1, sublinear_tf=True,
                         max_df=0.9)),
        (ColumnCountVectorizer(analyzer=_analyzer(None), min_df=2, max_df=0.9),
         CountVectorizer(analyzer=_analyzer(None), min_df=2, max_df=0.9)),
    ]
    for fast, slow in cases:
        _same_matrix(fast.fit_transform(train), slow.fit_transform(train))
        assert fast.vocabulary_ == slow.vocabulary_
        _same_matrix(fast.transform(test), slow.transform(test))
        assert pickle.loads(pickle.dumps(fast)).transform(test[:5]).shape[0] == 5


def test_column_vectorizers_fall_back_and_refuse_as_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["Refund not received", "Parcel never arrived", "refund again"]
    for params in ({"ngram_range": (1, 2)}, {"analyzer": "char"}, {"lowercase": False}):
        _same_matrix(ColumnTfidfVectorizer(**params).fit_transform(texts),
                     TfidfVectorizer(**params).fit_transform(texts))
    with pytest.raises(ValueError, match="empty vocabulary"):
        ColumnTfidfVectorizer(analyzer=analyzer()).fit(["the and of", "12345"])
    with pytest.raises(ValueError, match="empty vocabulary"):
        ColumnTfidfVectorizer().fit(["a b", "!"])


# --------------------------------------------------------------------------- caps at scale
def test_topics_sample_at_most_max_texts_and_say_so():
    c = ck.load_dataset("ecommerce_en").complaints
    full = ck.topics(c, truth="category", n_boot=20)
    assert ck.topics(c, truth="category", n_boot=20, max_texts=None).scores.equals(full.scores)
    assert not any("max_texts" in n for n in full.notes)
    res = ck.topics(c, truth="category", n_boot=20, max_texts=3000)
    assert len(res.documents) <= 3000 and res.documents["row"].is_unique
    assert any("random sample of 3,000 of the 7,222 texts" in n for n in res.notes)
    assert res.ledger.table["n"].sum() >= 7222 - 3000
    assert res.scores["estimate"].between(0, 1).all()
    assert (res.scores["ci_lower"] <= res.scores["estimate"]).all()
    again = ck.topics(c, truth="category", n_boot=20, max_texts=3000)
    assert again.documents.equals(res.documents)
    with pytest.raises(ValueError, match="max_texts must be a whole number >= 2"):
        ck.topics(c, max_texts=1)


def test_topics_sample_note_in_chinese():
    c = ck.load_dataset("ecommerce_zh").complaints
    res = ck.topics(c, truth="category", n_boot=10, max_texts=2000)
    assert any("随机样本" in n for n in res.notes)
    assert "随机样本" in res.ledger.note()


def test_route_trains_on_at_most_max_train_and_says_so():
    c = ck.load_dataset("ecommerce_en").complaints.head(3000)
    full = ck.route(c, label="category", n_boot=20)
    same = ck.route(c, label="category", n_boot=20, max_train=None)
    assert same.overall.equals(full.overall)
    res = ck.route(c, label="category", n_boot=20, max_train=800)
    assert set(res.overall["n_train"]) == {800}
    assert set(res.overall["n_test"]) == set(full.overall["n_test"])
    assert any("random sample of 800 of the 2,250 training complaints" in n for n in res.notes)
    assert res.learning_curve["train_size"].max() == 800
    with pytest.raises(ValueError, match="max_train must be a whole number >= 2"):
        ck.route(c, label="category", max_train=0)


# --------------------------------------------------------------------------- sentiment
def _scores_by_text(scorer, texts):
    return [tuple(r) for r in (scorer(t) for t in texts)]


def _scores_by_column(scorer, texts):
    s, h, n, t = scorer.column(texts)
    return [(float(a), int(b), int(c), d) for a, b, c, d in zip(s, h, n, t, strict=True)]


ANGRY = ["not happy!!! Very very angry", "NOT-angry; so…furious", "don't rip-off me",
         "really not   angry!", "", "!!!!", "¡no! ！！", "i'm not angry at all, never angry",
         "angry\nangry", "Angry-angry 'angry'", "ab'-cd", "a very angry man",
         "angry man angry", "so so angry man", "extremely disappointed, totally unacceptable",
         "愤怒 angry 的"]


def _scorer(custom: bool):
    from complaintkit.analysis.text import Lexicon, _lexicons, _Scorer

    lex = _lexicons(None, ["en_US"])["en_US"]
    if custom:  # terms of several words that overlap
        lex = Lexicon({"rip off": 2.0, "not at all": -1.0, "angry": 2.0, "very angry man": 3.0,
                       "angry man": 1.0, "man": 0.5, "so": 0.25}, lex.negators,
                      lex.intensifiers)
    return _Scorer(lex, "en_US")


@pytest.mark.parametrize("custom", [False, True])
def test_sentiment_scores_a_column_as_text_by_text(narratives, custom):
    scorer = _scorer(custom)
    texts = narratives["ecommerce_en"] + ANGRY
    assert _scores_by_column(scorer, texts) == _scores_by_text(scorer, texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    ["angry", "man", "very", "not", "so", "rip", "off", "-", "'", "’", " ", "!", "！", "\n",
     "X", "好", "at", "all", "never", "1"]), max_size=25).map("".join), max_size=6),
       st.booleans())
def test_sentiment_column_scores_on_any_mix_of_terms(texts, custom):
    scorer = _scorer(custom)
    if not texts:
        return
    assert _scores_by_column(scorer, texts) == _scores_by_text(scorer, texts)


def test_sentiment_column_chunk_by_chunk(monkeypatch, narratives):
    from complaintkit.text import columns

    scorer = _scorer(False)
    texts = narratives["ecommerce_en"][:500] + ANGRY
    monkeypatch.setattr(columns, "_CHUNK_CHARS", 2000)
    assert _scores_by_column(scorer, texts) == _scores_by_text(scorer, texts)


FOUND_BY_FUZZING = ["off！ off好angryall'", "manangry’angry'\nripnot!neversovery",
                    "好allangry'allangryangry！offoff好'好very’", "manall\nso!veryangry'好’!"]


def test_the_column_paths_are_taken_not_their_text_by_text_fallback(narratives):
    from complaintkit.text.columns import _chunk_kit, _chunk_sklearn, _Vocab

    encodable = [t for t in ODD if "\ud800" not in t]  # a lone surrogate: text by text
    for texts in [*narratives.values(), FOUND_BY_FUZZING, encodable]:
        assert _chunk_kit(texts, _Vocab()) is not None
        assert _chunk_sklearn(texts, _Vocab()) is not None
    scorer = _scorer(False)
    for texts in (narratives["ecommerce_en"], FOUND_BY_FUZZING, ANGRY):
        assert scorer.column(texts) is not None
    assert _scores_by_column(scorer, FOUND_BY_FUZZING) == _scores_by_text(scorer,
                                                                         FOUND_BY_FUZZING)
