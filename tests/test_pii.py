"""PII value makers (complaintkit.text.pii): formats, checksums, reproducibility, bad input."""

import re

import numpy as np
import pytest

from complaintkit.text.pii import KINDS, LOCALES, cn_id_ok, luhn_ok, make_values

N = 3000
FORMATS = {
    ("phone", "zh_CN"): r"(\+86[ -]?)?1[3-9][0-9](?P<s>[ -]?)[0-9]{4}(?P=s)[0-9]{4}"
                        r"|0[0-9]{2}-[2-8][0-9]{7}|0[0-9]{3}-[2-8][0-9]{6}",
    ("phone", "en_US"): r"(\+1[ -])?(\([2-9][0-9]{2}\) |[2-9][0-9]{2}[-. ])[0-9]{3}[-. ][0-9]{4}"
                        r"|\+(44|33|49|61) [0-9][0-9 ]{7,13}[0-9]",
    ("email", None): r"[a-z0-9._]+@[a-z0-9]+(\.[a-z0-9]+)*\.[a-z]{2,}",
    ("id_number", None): r"[1-8][0-9]{5}(19[5-9][0-9]|200[0-6])[0-9]{7}[0-9X]",
    ("card", None): r"(?=4|5[1-5]|2[2-7]|62)[0-9]{4}(?P<s>[ -]?)[0-9]{4}(?P=s)[0-9]{4}"
                    r"(?P=s)[0-9]{4}",
    ("order_number", None): r"O[0-9]{8}",
    ("name", "en_US"): r"[A-Z][A-Za-z'-]+( [A-Z]\.)? [A-Z][A-Za-z'-]+",
    ("name", "zh_CN"): r"[\u4e00-\u9fff]{2,4}",
    ("address", "en_US"): r"[0-9]{1,4} [A-Z][a-z]+ [A-Z][a-z]+\.?"
                          r"(, Apt [0-9]+| Suite [0-9]+|, Unit [0-9]+)?"
                          r"(, [A-Z][a-z]+( [A-Z][a-z]+)*, [A-Z]{2} [0-9]{5})?",
    ("address", "zh_CN"): r"([\u4e00-\u9fff]+(省|自治区))?[\u4e00-\u9fff]+市[\u4e00-\u9fff]+区"
                          r"[\u4e00-\u9fff]+[0-9]+号([0-9]+(单元|栋|号楼)([0-9]+单元)?[0-9]+室)?",
}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", KINDS)
def test_values_match_their_format(kind, locale):
    v = make_values(kind, locale, np.random.default_rng(11), N)
    assert v.dtype == object and v.shape == (N,)
    assert all(isinstance(x, str) for x in v)
    pattern = re.compile(FORMATS.get((kind, locale)) or FORMATS[(kind, None)])
    bad = [x for x in v if not pattern.fullmatch(x)]
    assert not bad, bad[:5]
    # values vary (a constant maker would pass the format check)
    assert len(set(v)) > N * (0.3 if kind == "name" else 0.9)


@pytest.mark.parametrize("locale", LOCALES)
def test_checksums_hold(locale):
    rng = np.random.default_rng(5)
    assert all(luhn_ok(c) for c in make_values("card", locale, rng, N))
    ids = make_values("id_number", locale, rng, N)
    assert all(cn_id_ok(x) for x in ids)
    assert {x[-1] for x in ids} >= set("0123456789X")  # the X check character occurs


def test_checkers_reject_corruptions():
    rng = np.random.default_rng(9)
    for card in make_values("card", "en_US", rng, 200):
        d = card.replace(" ", "").replace("-", "")
        wrong = d[:-1] + str((int(d[-1]) + 1) % 10)
        assert not luhn_ok(wrong)
        swapped = d[:3] + str((int(d[3]) + 5) % 10) + d[4:]
        assert not luhn_ok(swapped)
    for x in make_values("id_number", "zh_CN", rng, 200):
        check = "10X98765432"
        other = check[(check.index(x[-1]) + 1) % 11]
        assert not cn_id_ok(x[:17] + other)
    assert cn_id_ok("11010519491231002X") and cn_id_ok("11010519491231002x")
    assert not cn_id_ok("110105194902300027")  # 30 February
    assert not cn_id_ok("990105194912310021")  # no province 99
    for junk in (None, 42, "", "abc", "4111-1111-1111-111a", "１２３", b"4111111111111111"):
        assert not luhn_ok(junk) and not cn_id_ok(junk)
    assert luhn_ok("4111 1111 1111 1111") and not luhn_ok("0000 0000 0")


def test_zh_phone_variety():
    v = make_values("phone", "zh_CN", np.random.default_rng(2), N)
    assert any(x.startswith("+86") for x in v) and any(x.startswith("0") for x in v)
    assert any(" " in x for x in v) and any(re.fullmatch(r"1[3-9][0-9]{9}", x) for x in v)
    en = make_values("phone", "en_US", np.random.default_rng(2), N)
    assert any(x.startswith("+44") for x in en) and any(x.startswith("(") for x in en)


def test_reproducible_and_bad_arguments():
    a = make_values("address", "zh_CN", np.random.default_rng(4), 50)
    b = make_values("address", "zh_CN", np.random.default_rng(4), 50)
    assert (a == b).all()
    assert make_values("card", "en_US", np.random.default_rng(4), 0).shape == (0,)
    with pytest.raises(ValueError, match="kind must be one of"):
        make_values("ssn", "en_US", np.random.default_rng(1), 3)
    with pytest.raises(ValueError, match="locale must be one of"):
        make_values("name", "fr_FR", np.random.default_rng(1), 3)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        make_values("name", "en_US", 1, 3)
    with pytest.raises(ValueError, match="whole number"):
        make_values("name", "en_US", np.random.default_rng(1), -1)
