"""complaintkit.text.tokens: the tokens of known texts, missing texts, and any text at all."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintkit.text.tokens import STOP_WORDS, analyzer, detect_locale, tokenize


def test_english_words_lower_cased_without_stop_words_masks_or_numbers():
    out = tokenize(["I was charged TWICE for order O12345 on XX/XX/XXXX: {$45.00}. Don't!"])
    assert out == [["charged", "twice", "order", "o12345"]]


def test_chinese_character_grams_and_latin_words_in_one_text():
    out = tokenize(["快递没到，iPhone 屏幕碎了"], method="chars")[0]
    assert out[:4] == ["快", "递", "没", "到"]
    assert "快递" in out and "屏幕" in out and "iphone" in out
    assert "了" not in out  # a stop character as a unigram
    # bigrams never cross punctuation or a latin word
    assert "到屏" not in out and "到i" not in out


def test_jieba_words_when_asked():
    out = tokenize(["快递一直没有送到，客服也不回复"], method="words")[0]
    assert "快递" in out and "客服" in out and "回复" in out
    assert all(len(t) >= 1 for t in out)


def test_locale_detection_by_share_of_han():
    assert detect_locale("我的订单还没到 order") == "zh_CN"
    assert detect_locale("my order from 京东 never arrived") == "en_US"
    assert detect_locale("12345 !!! 😡") == "en_US"


def test_missing_texts_named_by_position_or_given_no_tokens():
    texts = ["退款", None, np.nan, "", "  ", 5, "ok refund"]
    with pytest.raises(ValueError, match=r"5 of 7 texts cannot be tokenised: empty / int / "
                                         r"missing at positions 1, 2, 3, 4, 5"):
        tokenize(texts)
    out = tokenize(texts, missing="empty")
    assert out[1:6] == [[], [], [], [], []] and out[6] == ["ok", "refund"]
    with pytest.raises(TypeError, match=r"pass \[text\]"):
        tokenize("one text")
    with pytest.raises(TypeError, match="not int"):
        tokenize(5)
    with pytest.raises(ValueError, match="method must be one of 'auto', 'words', 'chars'"):
        tokenize(["a"], method="bpe")
    with pytest.raises(ValueError, match="locale must be one of 'en_US', 'zh_CN' or None"):
        tokenize(["a"], locale="fr_FR")
    with pytest.raises(ValueError, match="missing must be one of 'raise', 'empty'"):
        tokenize(["a"], missing="skip")


def test_series_and_long_texts():
    s = pd.Series(["refund please", "退款" * 100_000], index=[5, 9])
    out = tokenize(s)
    assert out[0] == ["refund", "please"] and len(out[1]) == 200_000 + 199_999


def test_analyzer_is_picklable_and_refuses_non_text():
    a = pickle.loads(pickle.dumps(analyzer("zh_CN", "chars")))
    assert a("退款") == ["退", "款", "退款"]
    with pytest.raises(TypeError, match="a text must be a string, not NoneType"):
        a(None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=5),
       st.sampled_from(["auto", "chars", "words"]))
def test_any_text_gives_clean_tokens(texts, method):
    out = tokenize(texts, method=method, missing="empty")
    assert len(out) == len(texts)
    for tokens in out:
        for t in tokens:
            assert isinstance(t, str) and t and not any(ch.isspace() for ch in t)
            assert t == t.lower() and t not in STOP_WORDS
            assert not t.isdigit()
