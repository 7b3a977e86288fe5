"""ck.redact and ck.pseudonymize: per-kind rules, false positives, CFPB masks, bad input,
properties (hypothesis) and recall / precision against a generated world's PII truth."""

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.text.pii import KINDS, make_values
from complaintkit.text.privacy import pseudonymize, redact


def kinds_of(text, locale=None):
    return [(k, v) for k, v in redact(text, locale=locale).spans[["kind", "value"]].values]


# ----------------------------------------------------------------------------- per kind
@pytest.mark.parametrize("text,kind,value", [
    ("Call (415) 555-0132 today", "phone", "(415) 555-0132"),
    ("Call 415-555-0132.", "phone", "415-555-0132"),
    ("Call +1 415 555 0132.", "phone", "+1 415 555 0132"),
    ("UK office +44 20 7946 0958, ask", "phone", "+44 20 7946 0958"),
    ("mobile +44 7700 900123 12345 times", "phone", "+44 7700 900123"),
    ("手机13812345678，", "phone", "13812345678"),
    ("手机+86 138 1234 5678。", "phone", "+86 138 1234 5678"),
    ("电话010-62345678", "phone", "010-62345678"),
    ("电话0371-6123456联系", "phone", "0371-6123456"),
    ("邮箱zhang.wei@163.com，谢谢", "email", "zhang.wei@163.com"),
    ("mail me: jo.doe+x@mail.example.org.", "email", "jo.doe+x@mail.example.org"),
    ("身份证11010519491231002X。", "id_number", "11010519491231002X"),
    ("card 4111-1111-1111-1111 was charged", "card", "4111-1111-1111-1111"),
    ("卡号6222021234567890128扣款", "card", "6222021234567890128"),
    ("Ship to 742 Evergreen Terrace, Springfield, IL 62704 please", "address",
     "742 Evergreen Terrace, Springfield, IL 62704"),
    ("寄到北京市朝阳区建国路88号3单元502室，", "address", "北京市朝阳区建国路88号3单元502室"),
    ("改成广东省深圳市南山区深南大道1001号吧", "address", "广东省深圳市南山区深南大道1001号"),
    ("订单O00012345没到", "order_number", "O00012345"),
    ("order number AB-778812 is late", "order_number", "AB-778812"),
    ("My name is Jennifer Lopez.", "name", "Jennifer Lopez"),
    ("I spoke to Mr. Okafor yesterday", "name", "Mr. Okafor"),
    ("我是张伟，", "name", "张伟"),
    ("联系人：欧阳娜娜", "name", "欧阳娜娜"),
    ("李秀英女士接的电话", "name", "李秀英"),
])
def test_each_kind_is_found_and_masked(text, kind, value):
    r = redact(text)
    assert (kind, value) in kinds_of(text), kinds_of(text)
    assert value not in r.text
    assert f"[{kind.upper()}]" in r.text


def test_checksums_decide_cards_and_ids():
    assert kinds_of("card 4111 1111 1111 1112 declined") == []  # fails Luhn
    assert kinds_of("身份证110105194912310021") == []  # wrong check character
    assert kinds_of("身份证110105194902300027") == []  # 30 February
    rng = np.random.default_rng(3)
    for v in make_values("card", "zh_CN", rng, 50):
        assert kinds_of(f"卡{v}扣款", "zh_CN") == [("card", v)]
    for v in make_values("id_number", "en_US", rng, 50):
        assert kinds_of(f"ID {v}.", "en_US") == [("id_number", v)]


@pytest.mark.parametrize("text", [
    "On 2024-03-05 I paid $1,299.00 for 3 items; 2 arrived on 03/14/2024 at 10:30.",
    "Order quantity 12, unit price 45.50, total 546.00, tax 8.25%.",
    "Tracking number 1234567890 and 9400111899223856941234 show nothing.",
    "I have called 5 times since 2019 and waited 120 minutes; case 20240305-0012.",
    "Model X200, size 42, item 100234, SKU 5551234.",
    "2024年3月5日付款¥1299.00，买了3件，只到2件，运费12.50元。",
    "等了30天，打了4次电话，工单20240305001，编号4111111111111112。",
    "Reference 110105194912310021 and 1234 5678 9012 3456.",
    "下周明天都没人联系我，一周内给答复。张数不对，王牌产品，马上处理。",
    "I bought it for 1,234,567.89 yuan in 2023 and the batch is 2023-11-07-4455.",
])
def test_no_false_positives_on_numbers_dates_amounts(text):
    assert [k for k, _ in kinds_of(text)] == []


def test_cfpb_masks_are_recognised_and_left():
    text = "On XX/XX/2019 XXXX XXXX charged {$25.00} to my XXXX account"
    r = redact(text, locale="en_US")
    assert r.text == text
    assert set(r.spans["kind"]) == {"masked"} and not r.spans["masked"].any()
    assert "XX/XX/2019" in r.spans["value"].tolist()
    assert "{$25.00}" in r.spans["value"].tolist()
    assert (r.spans["value"] == "XXXX").sum() == 3


def test_kinds_and_mask_options():
    text = "Call 415-555-0132 or jo@example.com"
    r = redact(text, kinds=["email"], mask="<{kind}>")
    assert r.text == "Call 415-555-0132 or <email>"
    assert r.spans["kind"].tolist() == ["email"]
    assert redact(text, mask="***").text == "Call *** or ***"


# ----------------------------------------------------------------------------- bad input
def test_bad_input_named():
    with pytest.raises(TypeError, match="text is None"):
        redact(None)
    with pytest.raises(TypeError, match="not int"):
        redact(42)
    with pytest.raises(TypeError, match="not bytes"):
        redact(b"abc")
    with pytest.raises(TypeError, match="whole DataFrame"):
        redact(pd.DataFrame({"a": ["x"]}))
    with pytest.raises(TypeError, match="index 'b'"):
        redact(pd.Series(["ok", 5], index=["a", "b"]))
    with pytest.raises(TypeError, match="position 1"):
        redact(["ok", 3.5])
    with pytest.raises(ValueError, match="locale must be"):
        redact("x", locale="fr_FR")
    with pytest.raises(ValueError, match="'ssn' is not one of them"):
        redact("x", kinds=["ssn"])
    with pytest.raises(ValueError, match="kinds is empty"):
        redact("x", kinds=[])
    with pytest.raises(ValueError, match="mask must be"):
        redact("x", mask="[{what}]")


def test_empty_missing_emoji_mixed_and_long():
    assert redact("").text == "" and redact("").spans.empty
    s = pd.Series(["", None, np.nan, pd.NA, "😡 call 13812345678 😡"], index=list("abcde"))
    r = redact(s)
    assert r.text.index.tolist() == list("abcde")
    assert r.text["a"] == "" and r.text[["b", "c", "d"]].isna().all()
    assert r.text["e"] == "😡 call [PHONE] 😡"
    assert r.spans["row"].tolist() == ["e"]
    mixed = "我是张伟 my email is zw@qq.com，Mr. Smith 打了 (415) 555-0132"
    assert {k for k, _ in kinds_of(mixed)} == {"name", "email", "phone"}
    long = ("正常的投诉内容，没有个人信息。 ordinary words here. " * 5000) + "13812345678"
    t = time.perf_counter()
    r = redact(long)
    assert time.perf_counter() - t < 20
    assert r.text.endswith("[PHONE]") and len(r.spans) == 1
    for junk in ("a" * 100_000, "1" * 100_000, "X" * 20_000, "@" * 20_000, "1 " * 20_000):
        t = time.perf_counter()
        redact(junk)
        assert time.perf_counter() - t < 10


# ----------------------------------------------------------------------------- properties
_pii = st.sampled_from(KINDS).flatmap(lambda k: st.tuples(
    st.just(k), st.sampled_from(["en_US", "zh_CN"]), st.integers(0, 2**32 - 1)))
_filler = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                  max_size=40)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_filler, _pii), max_size=4), _filler)
def test_redaction_invariants(pieces, tail):
    text, values = "", []
    for filler, (kind, locale, seed) in pieces:
        v = make_values(kind, locale, np.random.default_rng(seed), 1)[0]
        text += filler + " " + v + " "
        values.append(v)
    text += tail
    r = redact(text)
    sp = r.spans
    # spans are in order, inside the text, non-overlapping, and their values are the text's
    assert (sp["start"] < sp["end"]).all() and (sp["end"] <= len(text)).all()
    assert (sp["start"].to_numpy()[1:] >= sp["end"].to_numpy()[:-1]).all()
    assert all(text[s:e] == v for s, e, v in sp[["start", "end", "value"]].values)
    # rebuilding from the spans gives the output: outside the spans nothing changed, and
    # inside a span reported as masked no character of the original is left
    out, pos = "", 0
    for s, e, k in sp[["start", "end", "kind"]].values:
        out += text[pos:s] + (text[s:e] if k == "masked" else f"[{k.upper()}]")
        pos = e
    assert out + text[pos:] == r.text
    # no generated card, ID, phone, e-mail or order number survives (names and addresses
    # are found by context, which random filler does not give)
    for (_, (kind, _, _)), v in zip(pieces, values, strict=True):
        if kind not in ("name", "address"):
            assert v not in r.text, (v, r.text)


@settings(max_examples=100, deadline=None)
@given(_filler)
def test_arbitrary_text_never_crashes(text):
    r = redact(text)
    assert isinstance(r.text, str)
    assert set(r.spans.columns) == {"row", "kind", "start", "end", "value", "masked"}


# ----------------------------------------------------------------------------- pseudonymize
def test_pseudonymize_stable_keyed_and_missing_kept():
    df = pd.DataFrame({"customer_id": ["C1", "C2", "C1", None],
                       "phone": ["13812345678", np.nan, "13812345678", "010-62345678"],
                       "n": [1, 2, 3, 4]})
    a = pseudonymize(df, ["customer_id", "phone"], key="k1")
    b = pseudonymize(df, ["customer_id", "phone"], key="k1")
    c = pseudonymize(df, "customer_id", key="k2")
    pd.testing.assert_frame_equal(a, b)
    assert df["customer_id"].tolist()[:3] == ["C1", "C2", "C1"]  # input unchanged
    assert a["customer_id"][0] == a["customer_id"][2] != a["customer_id"][1]
    assert a["customer_id"][0] != c["customer_id"][0]  # another key, another token
    assert pd.isna(a["customer_id"][3]) and pd.isna(a["phone"][1])
    assert a["customer_id"][0].startswith("customer_id_") and len(a["customer_id"][0]) == 24
    assert a["n"].tolist() == [1, 2, 3, 4]
    assert not a["phone"].str.contains("138", na=False).any()
    # the same value in another table and key gives the same token: tables still join
    other = pseudonymize(pd.DataFrame({"customer_id": ["C2"]}), "customer_id", key="k1")
    assert other["customer_id"][0] == a["customer_id"][1]
    assert pseudonymize(df, "phone", key=b"k1", prefix={"phone": "P"})["phone"][0][:2] == "P_"


def test_pseudonymize_refuses_bad_arguments():
    df = pd.DataFrame({"customer_id": ["C1"]})
    with pytest.raises(ValueError, match="key is empty"):
        pseudonymize(df, "customer_id", key="")
    with pytest.raises(TypeError, match="key must be"):
        pseudonymize(df, "customer_id", key=None)
    with pytest.raises(KeyError, match=r"'custmer_id'.*did you mean 'customer_id'"):
        pseudonymize(df, ["custmer_id"], key="k")
    with pytest.raises(TypeError, match="DataFrame"):
        pseudonymize(["C1"], "customer_id", key="k")
    with pytest.raises(TypeError, match="columns must be"):
        pseudonymize(df, [], key="k")
    assert pseudonymize(df.iloc[:0], "customer_id", key="k").empty


# ----------------------------------------------------------------------------- against truth
def _score(texts, truth, locale):
    r = redact(pd.Series(texts, dtype=object), locale=locale)
    pred = r.spans[r.spans["masked"]]
    found = {}
    for row, kind, s, e in pred[["row", "kind", "start", "end"]].values:
        found.setdefault((row, kind), []).append((s, e))
    out = {}
    for kind in KINDS:
        t = truth[truth["kind"] == kind]
        p = pred[pred["kind"] == kind]
        hit = sum(any(a <= s and e <= b for a, b in found.get((row, kind), []))
                  for row, s, e in t[["row", "start", "end"]].values)
        tr = {}
        for row, s, e in t[["row", "start", "end"]].values:
            tr.setdefault(row, []).append((s, e))
        right = sum(any(s < b and a < e for a, b in tr.get(row, []))
                    for row, s, e in p[["row", "start", "end"]].values)
        out[kind] = (hit / max(len(t), 1), right / max(len(p), 1), len(t))
    return out


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_recall_precision_on_a_fresh_world(locale):
    import complaintkit as ck
    w = ck.generate(n_complaints=2000, seed=977, locale=locale)
    pii = getattr(w.truth, "pii", None)
    if pii is None or pii.empty:
        pytest.skip("this world records no PII truth yet")
    c = w.complaints
    pos = pd.Series(np.arange(len(c)), index=c["complaint_id"].to_numpy())
    truth = pii.assign(row=pos.reindex(pii["complaint_id"]).to_numpy())
    scores = _score(c["narrative"].tolist(), truth, locale)
    for kind, (recall, precision, n) in scores.items():
        if n >= 20:
            assert recall >= 0.97, (kind, recall, n)
            assert precision >= 0.93, (kind, precision, n)


def test_cfpb_fixture_has_only_masks():
    """A CFPB-format export (hand-written fixture): its XXXX / {$..} masks are recognised and
    nothing else in 100 narratives is taken for personal data."""
    from pathlib import Path
    path = Path(__file__).parent / "fixtures" / "text" / "cfpb_narratives.csv"
    col = pd.read_csv(path)["Consumer complaint narrative"]
    r = redact(col, locale="en_US")
    assert len(r.spans) > 50 and set(r.spans["kind"]) == {"masked"}
    assert r.text.fillna("").tolist() == col.fillna("").tolist()


@pytest.mark.parametrize("text,value", [
    ("Call me at 001-239-515-0008x0636 please", "001-239-515-0008x0636"),
    ("Call me at 7347197561 after 5", "7347197561"),
    ("Signed, Dr. Kimberly Chavez DDS", "Dr. Kimberly Chavez DDS"),
    ("SSN 058-62-5976 was on the form", "058-62-5976"),
    ("Maestro 6759649826438453", "6759649826438453"),
    ("Amex 373414839603067 charged", "373414839603067"),
    ("Ship to 42304 Michele Inlet Suite 269, Lake Alexander, GU 70677 now",
     "42304 Michele Inlet Suite 269, Lake Alexander, GU 70677"),
])
def test_formats_beyond_the_kits_makers(text, value):
    """Formats Faker writes that the kit's makers do not (extensions, SSNs, other cards)."""
    r = redact(text, locale="en_US")
    assert value in r.spans["value"].tolist(), r.spans
    assert value not in r.text


def test_a_zh_mask_shows_the_kind_as_a_label_and_en_is_unchanged():
    """In a zh world the default mask is Chinese ([电话]), never the kind's code."""
    zh = ck.labels("zh_CN")["pii_kind"]
    assert set(zh) == set(KINDS)
    r = ck.redact("我是张伟，手机13812345678", locale="zh_CN")
    assert r.text == f"我是[{zh['name']}]，手机[{zh['phone']}]"
    assert ck.redact("Call (212) 555-0199", locale="en_US").text == "Call [PHONE]"
