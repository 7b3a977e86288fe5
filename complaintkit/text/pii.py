"""Personal data (个人信息) values for synthetic narratives, and the checksums that validate them.

The narrative generator embeds these values in complaint text and records where, so that
:func:`complaintkit.redact` can be scored against the truth. Every maker is vectorised: the
values are built column-wise from integer draws and small pools (no Python loop per value
except where noted), and all randomness comes from the ``rng`` passed in, so a seed
reproduces the values exactly.

Kinds (``KINDS``) and their formats:

``name``
    en_US: first and last name from Faker's en_US lists (some with a middle initial);
    zh_CN: family name (姓) and one- or two-character given name (名) from Faker's zh_CN lists.
``phone``
    en_US: US numbers ``(415) 555-0132``, ``415-555-0132``, ``415.555.0132``,
    ``+1 415 555 0132``, ``+1-415-555-0132`` and some international numbers (``+44 20 7946 0958``,
    ``+44 7700 900123``, ``+33 1 23 45 67 89``, ``+49 30 12345678``);
    zh_CN: mobile 1[3-9] + 9 digits (``13812345678``, ``138 1234 5678``, ``138-1234-5678``,
    ``+86 138 1234 5678``, ``+86-138-1234-5678``, ``+8613812345678``) and landlines
    ``010-12345678`` (3-digit area code, 8 digits) / ``0371-6123456`` (4-digit, 7 digits).
``email``
    local part from (romanised) names, common domains per locale.
``id_number``
    Chinese resident identity number (居民身份证号码): 18 characters, a region code, a valid
    birth date (1950-2006), a sequence number and the ISO 7064 MOD 11-2 check character
    (``0``-``9`` or ``X``). Made in both locales (a Chinese customer may write in English).
``card``
    16 digits with a Visa (4), Mastercard (51-55, 2221-2720) or UnionPay (62) prefix and a
    Luhn check digit; plain, in groups of four with spaces, or with dashes.
``address``
    en_US: ``1234 Maple Street``, with an optional ``Apt 5``/``Suite 300`` and optional
    ``, City, ST 12345``; zh_CN: ``北京市朝阳区建国路88号3单元502室`` (province for
    non-municipalities, city, district, road, number, optional building/unit/room).
``order_number``
    the kit's order id: ``O`` + 8 digits (``O00012345``), as in the orders table.

>>> import numpy as np
>>> from complaintkit.text.pii import make_values, luhn_ok, cn_id_ok
>>> cards = make_values("card", "en_US", np.random.default_rng(1), 3)
>>> all(luhn_ok(c) for c in cards)
True
>>> all(cn_id_ok(v) for v in make_values("id_number", "zh_CN", np.random.default_rng(1), 3))
True
"""

from __future__ import annotations

from functools import lru_cache, reduce

import numpy as np

KINDS = ("name", "phone", "email", "id_number", "card", "address", "order_number")
LOCALES = ("en_US", "zh_CN")

MESSAGES = {
    "kind": "kind must be one of {kinds}, not {got!r}",
    "locale": "locale must be one of {locales}, not {got!r}",
    "rng": "rng must be a numpy.random.Generator (e.g. np.random.default_rng(1)), not {got}",
    "n": "n must be a whole number >= 0, not {got!r}",
}

# ISO 7064 MOD 11-2 weights for the first 17 characters of a resident ID, and the check map.
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
ID_CHECK = np.array(list("10X98765432"))

# Region codes (province, prefecture, county) of real districts; only the first two digits
# (a province code 11-82) matter to the checker.
REGION_CODES = np.array([
    "110101", "110105", "110108", "120101", "130102", "140105", "150102", "210102", "220102",
    "230102", "310101", "310104", "310115", "320102", "320505", "330106", "330212", "340104",
    "350203", "360102", "370102", "370202", "410105", "420106", "430104", "440106", "440305",
    "441900", "450103", "460106", "500103", "510107", "520102", "530102", "540102", "610113",
    "620102", "630102", "640104", "650102"])
PROVINCE_CODES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
                            42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71,
                            81, 82, 83})

# (province or "", city, district) for zh addresses; municipalities carry no province.
ZH_PLACES = (
    ("", "北京市", "朝阳区"), ("", "北京市", "海淀区"), ("", "北京市", "东城区"),
    ("", "北京市", "丰台区"), ("", "上海市", "浦东新区"), ("", "上海市", "徐汇区"),
    ("", "上海市", "静安区"), ("", "上海市", "闵行区"), ("", "天津市", "南开区"),
    ("", "重庆市", "渝中区"), ("广东省", "广州市", "天河区"), ("广东省", "广州市", "越秀区"),
    ("广东省", "深圳市", "南山区"), ("广东省", "深圳市", "福田区"), ("广东省", "东莞市", "南城区"),
    ("浙江省", "杭州市", "西湖区"), ("浙江省", "宁波市", "鄞州区"), ("江苏省", "南京市", "鼓楼区"),
    ("江苏省", "苏州市", "姑苏区"), ("四川省", "成都市", "武侯区"), ("湖北省", "武汉市", "洪山区"),
    ("湖南省", "长沙市", "岳麓区"), ("河南省", "郑州市", "金水区"), ("山东省", "济南市", "历下区"),
    ("山东省", "青岛市", "市南区"), ("陕西省", "西安市", "雁塔区"), ("福建省", "厦门市", "思明区"),
    ("辽宁省", "沈阳市", "和平区"), ("安徽省", "合肥市", "蜀山区"), ("云南省", "昆明市", "五华区"),
    ("河北省", "石家庄市", "长安区"), ("江西省", "南昌市", "东湖区"),
    ("广西壮族自治区", "南宁市", "青秀区"), ("黑龙江省", "哈尔滨市", "南岗区"),
    ("吉林省", "长春市", "朝阳区"), ("山西省", "太原市", "小店区"),
)
ZH_ROADS = (
    "建国路", "人民路", "中山路", "解放路", "长安街", "南京路", "淮海中路", "天河路", "深南大道",
    "科技园南路", "文三路", "学院路", "中关村大街", "和平路", "胜利街", "新华路", "东风路",
    "青年路",
    "光明路", "朝阳路", "滨江大道", "西湖大道", "黄河路", "长江路", "幸福街", "花园路", "工业大道",
    "府前街", "北京路", "延安路", "复兴路", "世纪大道", "建设路", "迎宾大道", "体育路", "公园路")
EN_STREETS = (
    "Main", "Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
    "Sunset", "Lincoln", "Jackson", "Church", "Highland", "Madison", "Franklin", "Jefferson",
    "Ridge", "Meadow", "Willow", "Spring", "River", "Forest", "Valley", "Center", "Union",
    "Adams", "Walnut", "Chestnut", "Cherry", "Broad", "Mill", "Market", "Front", "Water",
    "Second", "Third", "Fifth", "Seventh", "Dogwood", "Magnolia", "Hickory", "Sycamore")
EN_SUFFIXES = ("Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Dr",
               "Boulevard", "Blvd", "Court", "Way", "Place", "Circle", "Terrace", "Parkway")
EN_CITIES = (
    ("Springfield", "IL"), ("Austin", "TX"), ("Columbus", "OH"), ("Denver", "CO"),
    ("Portland", "OR"), ("Phoenix", "AZ"), ("Atlanta", "GA"), ("Charlotte", "NC"),
    ("San Diego", "CA"), ("Seattle", "WA"), ("Tampa", "FL"), ("Nashville", "TN"),
    ("Boston", "MA"), ("Madison", "WI"), ("Richmond", "VA"), ("Salt Lake City", "UT"),
    ("Kansas City", "MO"), ("New York", "NY"), ("Minneapolis", "MN"), ("Baltimore", "MD"))
US_STATES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR")
EMAIL_DOMAINS = {
    "en_US": ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
              "comcast.net", "proton.me"),
    "zh_CN": ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com",
              "foxmail.com", "139.com"),
}
ZH_LANDLINE_3 = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029")
ZH_LANDLINE_4 = ("0371", "0311", "0531", "0571", "0591", "0731", "0771", "0851", "0871",
                 "0931", "0951", "0991", "0512", "0574", "0769")


def _check(kind: str, locale: str, rng, n) -> int:
    if kind not in KINDS:
        raise ValueError(MESSAGES["kind"].format(kinds=", ".join(KINDS), got=kind))
    if locale not in LOCALES:
        raise ValueError(MESSAGES["locale"].format(locales=", ".join(LOCALES), got=locale))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(MESSAGES["rng"].format(got=type(rng).__name__))
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise ValueError(MESSAGES["n"].format(got=n))
    return int(n)


def _z(a, width: int) -> np.ndarray:
    """Zero-padded decimal strings of an integer array. Numbers from 0 to ``10 ** width``
    (all that the makers draw) are written from their digits as UCS-4 codes (issue 14:
    ``astype(str)`` and ``zfill`` format each number in Python); others by ``zfill``."""
    a = np.asarray(a, dtype=np.int64)
    if a.ndim != 1 or (a.size and (a.min() < 0 or a.max() >= 10 ** width)) or width > 18:
        return np.char.zfill(a.astype(str), width)
    digits = a[:, None] // 10 ** np.arange(width - 1, -1, -1, dtype=np.int64) % 10
    return (digits + ord("0")).astype(np.uint32).view(f"U{width}").reshape(len(a))


#: the texts of the numbers below 10,000, for _s
_SMALL = np.array([str(i) for i in range(10_000)])


def _s(a) -> np.ndarray:
    """``a.astype(str)`` of an integer array: numbers from 0 to 9,999 read from their texts
    (issue 14: ``astype(str)`` formats each number in Python)."""
    a = np.asarray(a, dtype=np.int64)
    if a.size and a.min() >= 0 and a.max() < len(_SMALL):
        return _SMALL[a]
    return a.astype(str)


def _cat(*parts) -> np.ndarray:
    """Element-wise concatenation of string arrays (or scalars)."""
    return reduce(np.char.add, [np.asarray(p, dtype=str) for p in parts])


def _pick(rng: np.random.Generator, pool, n: int, p=None) -> np.ndarray:
    pool = np.asarray(pool, dtype=str)
    return pool[rng.choice(len(pool), size=n, p=p)]


def _choose(rng: np.random.Generator, n: int, options: list[np.ndarray], p) -> np.ndarray:
    """Per row, take the value of one of ``options`` (arrays of length n) with chances ``p``."""
    which = rng.choice(len(options), size=n, p=p)
    out = np.empty(n, dtype=object)
    for k, opt in enumerate(options):
        sel = which == k
        out[sel] = np.asarray(opt)[sel]
    return out


@lru_cache(maxsize=4)
def name_lists(locale: str) -> tuple[tuple[str, ...], np.ndarray, tuple[str, ...], np.ndarray]:
    """Given names with weights and family names with weights, from Faker's locale lists."""
    if locale == "zh_CN":
        from faker.providers.person.zh_CN import Provider
    else:
        from faker.providers.person.en_US import Provider

    def _weighted(x):
        if isinstance(x, dict):
            keys = tuple(x)
            w = np.array([float(v) for v in x.values()])
        else:
            keys = tuple(dict.fromkeys(x))
            w = np.ones(len(keys))
        return keys, w / w.sum()

    first = {}
    for attr in ("first_names_male", "first_names_female", "first_names"):
        val = getattr(Provider, attr, None)
        if val:
            fk, fw = _weighted(val)
            for k, w in zip(fk, fw, strict=True):
                first[k] = first.get(k, 0.0) + w
    fw = np.array(list(first.values()))
    lk, lw = _weighted(Provider.last_names)
    return tuple(first), fw / fw.sum(), lk, lw


@lru_cache(maxsize=2)
def _romanised(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if locale == "zh_CN":
        from faker.providers.person.zh_CN import Provider
        return (tuple(Provider.first_romanized_names), tuple(Provider.last_romanized_names))
    first, _, last, _ = name_lists(locale)
    return first, last


def _names(locale: str, rng: np.random.Generator, n: int) -> np.ndarray:
    first, fw, last, lw = name_lists(locale)
    given = _pick(rng, first, n, fw)
    family = _pick(rng, last, n, lw)
    if locale == "zh_CN":
        # Faker's given names have one or two characters; many one-character names get a
        # second character so that about two in three people have a two-character name.
        single = np.array([f for f in first if len(f) == 1])
        second = single[rng.integers(0, len(single), n)]
        one = np.char.str_len(given) == 1
        given = np.where(one & (rng.random(n) < 0.6), _cat(given, second), given)
        return _cat(family, given).astype(object)
    initial = np.array(list("ABCDEFGHJKLMNPRSTW"))[rng.integers(0, 18, n)]
    middle = np.where(rng.random(n) < 0.12, _cat(" ", initial, "."), "")
    return _cat(given, middle, " ", family).astype(object)


def _us_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    area = _z(rng.integers(201, 990, n), 3)
    exch = _z(rng.integers(200, 1000, n), 3)
    line = _z(rng.integers(0, 10000, n), 4)
    return _choose(rng, n, [
        _cat("(", area, ") ", exch, "-", line), _cat(area, "-", exch, "-", line),
        _cat(area, ".", exch, ".", line), _cat("+1 ", area, " ", exch, " ", line),
        _cat("+1-", area, "-", exch, "-", line), _cat("+1 (", area, ") ", exch, "-", line),
    ], [0.3, 0.3, 0.1, 0.15, 0.1, 0.05])


def _intl_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    return _choose(rng, n, [
        _cat("+44 20 ", _z(rng.integers(7000, 8999, n), 4), " ", _z(rng.integers(0, 10000, n), 4)),
        _cat("+44 7", _z(rng.integers(100, 999, n), 3), " ", _z(rng.integers(0, 10**6, n), 6)),
        _cat("+33 ", _s(rng.integers(1, 7, n)), " ",
             *[_cat(_z(rng.integers(0, 100, n), 2), " ") for _ in range(3)],
             _z(rng.integers(0, 100, n), 2)),
        _cat("+49 30 ", _z(rng.integers(10**7, 10**8, n), 8)),
        _cat("+61 2 ", _z(rng.integers(1000, 9999, n), 4), " ", _z(rng.integers(0, 10000, n), 4)),
    ], [0.3, 0.3, 0.15, 0.15, 0.1])


def _zh_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    head = _cat("1", _s(rng.integers(3, 10, n)), _s(rng.integers(0, 10, n)))
    mid = _z(rng.integers(0, 10000, n), 4)
    tail = _z(rng.integers(0, 10000, n), 4)
    mobile = _choose(rng, n, [
        _cat(head, mid, tail), _cat(head, " ", mid, " ", tail), _cat(head, "-", mid, "-", tail),
        _cat("+86 ", head, " ", mid, " ", tail), _cat("+86-", head, "-", mid, "-", tail),
        _cat("+86", head, mid, tail), _cat("+86 ", head, mid, tail),
    ], [0.45, 0.12, 0.1, 0.1, 0.08, 0.08, 0.07])
    land3 = _cat(_pick(rng, ZH_LANDLINE_3, n), "-", _s(rng.integers(2, 9, n)),
                 _z(rng.integers(0, 10**7, n), 7))
    land4 = _cat(_pick(rng, ZH_LANDLINE_4, n), "-", _s(rng.integers(2, 9, n)),
                 _z(rng.integers(0, 10**6, n), 6))
    return _choose(rng, n, [mobile, land3, land4], [0.75, 0.15, 0.1])


def _emails(locale: str, rng: np.random.Generator, n: int) -> np.ndarray:
    first, last = _romanised(locale)
    f = np.char.lower(_pick(rng, first, n))
    la = np.char.lower(_pick(rng, last, n))
    num = _s(rng.integers(1, 1000, n))
    year = _s(rng.integers(1960, 2008, n))
    local = _choose(rng, n, [
        _cat(f, ".", la), _cat(f, la, num), _cat(np.char.ljust(f, 1).astype("U1"), la),
        _cat(f, "_", la, year), _cat(la, f), _cat(f, la),
    ], [0.3, 0.2, 0.15, 0.1, 0.15, 0.1])
    if locale == "zh_CN":  # QQ numbers as the local part
        qq = _s(rng.integers(10**5, 10**10, n))
        dom = _pick(rng, EMAIL_DOMAINS[locale], n)
        return np.where(rng.random(n) < 0.2, _cat(qq, "@qq.com"),
                        _cat(local, "@", dom)).astype(object)
    return _cat(local, "@", _pick(rng, EMAIL_DOMAINS[locale], n)).astype(object)


def _digits(a: np.ndarray, width: int) -> np.ndarray:
    """The decimal digits of each integer, as an (n, width) int array."""
    return (np.asarray(a, dtype=np.int64)[:, None] // 10 ** np.arange(width - 1, -1, -1)) % 10


def _cn_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    region = _pick(rng, REGION_CODES, n)
    start, end = np.datetime64("1950-01-01"), np.datetime64("2006-12-31")
    days = rng.integers(0, int((end - start).astype(int)) + 1, n)
    birth = np.datetime_as_string(start + days.astype("timedelta64[D]"), unit="D")
    birth = np.char.replace(birth, "-", "")
    seq = _z(rng.integers(0, 1000, n), 3)
    body = _cat(region, birth, seq)
    if n == 0:
        return np.empty(0, dtype=object)
    codes = body.view(np.uint32).reshape(n, 17).astype(np.int64)  # UCS-4 code points
    digits = codes - ord("0") if ((codes >= ord("0")) & (codes <= ord("9"))).all() else \
        body.view("U1").reshape(n, 17).astype(np.int64)  # (issue 14: no parse per digit)
    check = ID_CHECK[(digits * ID_WEIGHTS).sum(axis=1) % 11]
    return _cat(body, check).astype(object)


def _luhn_check(payload: np.ndarray) -> np.ndarray:
    """Luhn check digits for an (n, k) array of payload digits."""
    k = payload.shape[1]
    double = (np.arange(k) % 2) == ((k - 1) % 2)  # rightmost payload digit is doubled
    d = np.where(double, payload * 2, payload)
    d = np.where(d > 9, d - 9, d)
    return (10 - d.sum(axis=1) % 10) % 10


def _cards(locale: str, rng: np.random.Generator, n: int) -> np.ndarray:
    p = [0.15, 0.1, 0.05, 0.7] if locale == "zh_CN" else [0.5, 0.3, 0.1, 0.1]
    brand = rng.choice(4, size=n, p=p)
    prefix = np.select([brand == 0, brand == 1, brand == 2],
                       [np.full(n, 4), rng.integers(51, 56, n), rng.integers(2221, 2721, n)],
                       default=62)
    plen = np.select([brand == 0, brand == 2], [1, 4], default=2)
    rest = rng.integers(0, 10, (n, 15))
    digits = np.zeros((n, 15), dtype=np.int64)
    for L in (1, 2, 4):
        sel = plen == L
        digits[sel, :L] = _digits(prefix[sel], L)
        digits[sel, L:] = rest[sel, L:]
    full = np.concatenate([digits, _luhn_check(digits)[:, None]], axis=1)
    number = (full * 10 ** np.arange(15, -1, -1, dtype=np.int64)).sum(axis=1)
    chars = _z(number, 16).view("U1").reshape(n, 16)
    groups = [np.ascontiguousarray(chars[:, 4 * g:4 * g + 4]).view("U4").ravel()
              for g in range(4)]
    return _choose(rng, n, [_cat(*groups), _cat(*sum(([g, " "] for g in groups), [])[:-1]),
                            _cat(*sum(([g, "-"] for g in groups), [])[:-1])],
                   [0.5, 0.35, 0.15])


def _en_addresses(rng: np.random.Generator, n: int) -> np.ndarray:
    number = _s(rng.integers(1, 10000, n))
    street = _cat(number, " ", _pick(rng, EN_STREETS, n), " ", _pick(rng, EN_SUFFIXES, n))
    unit = _choose(rng, n, [np.full(n, ""), _cat(", Apt ", _s(rng.integers(1, 40, n))),
                            _cat(" Suite ", _s(rng.integers(100, 900, n))),
                            _cat(", Unit ", _s(rng.integers(1, 20, n)))],
                   [0.6, 0.2, 0.1, 0.1])
    city = rng.integers(0, len(EN_CITIES), n)
    names = np.array([c for c, _ in EN_CITIES])[city]
    states = np.array([s for _, s in EN_CITIES])[city]
    tail = _cat(", ", names, ", ", states, " ", _z(rng.integers(1000, 99951, n), 5))
    return _cat(street, unit, np.where(rng.random(n) < 0.5, tail, "")).astype(object)


def _zh_addresses(rng: np.random.Generator, n: int) -> np.ndarray:
    place = rng.integers(0, len(ZH_PLACES), n)
    prov = np.array([p for p, _, _ in ZH_PLACES])[place]
    city = np.array([c for _, c, _ in ZH_PLACES])[place]
    dist = np.array([d for _, _, d in ZH_PLACES])[place]
    prov = np.where(rng.random(n) < 0.6, prov, "")  # the province is often left out
    road = _cat(_pick(rng, ZH_ROADS, n), _s(rng.integers(1, 1000, n)), "号")
    room = _choose(rng, n, [
        np.full(n, ""),
        _cat(_s(rng.integers(1, 12, n)), "单元", _s(rng.integers(1, 33, n)),
             _z(rng.integers(1, 5, n), 2), "室"),
        _cat(_s(rng.integers(1, 30, n)), "栋", _s(rng.integers(1, 33, n)),
             _z(rng.integers(1, 5, n), 2), "室"),
        _cat(_s(rng.integers(1, 20, n)), "号楼", _s(rng.integers(1, 9, n)),
             "单元", _s(rng.integers(1, 20, n)), _z(rng.integers(1, 5, n), 2), "室"),
    ], [0.3, 0.3, 0.2, 0.2])
    return _cat(prov, city, dist, road, room).astype(object)


def make_values(kind: str, locale: str, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` synthetic values of one kind of personal data, in the locale's formats.

    Parameters
    ----------
    kind : str
        One of ``KINDS``: ``name``, ``phone``, ``email``, ``id_number``, ``card``,
        ``address``, ``order_number``.
    locale : str
        ``"en_US"`` or ``"zh_CN"``.
    rng : numpy.random.Generator
        The only source of randomness (a seed reproduces the values).
    n : int
        How many values (0 gives an empty array).

    Returns
    -------
    numpy.ndarray
        Object array of ``n`` strings.

    Examples
    --------
    >>> import numpy as np
    >>> v = make_values("phone", "zh_CN", np.random.default_rng(3), 4)
    >>> v.shape, v.dtype
    ((4,), dtype('O'))
    >>> make_values("order_number", "en_US", np.random.default_rng(3), 2)[0][:1]
    'O'
    """
    n = _check(kind, locale, rng, n)
    if n == 0:
        return np.empty(0, dtype=object)
    if kind == "name":
        out = _names(locale, rng, n)
    elif kind == "phone":
        if locale == "zh_CN":
            out = _zh_phones(rng, n)
        else:
            out = np.where(rng.random(n) < 0.8, _us_phones(rng, n), _intl_phones(rng, n))
    elif kind == "email":
        out = _emails(locale, rng, n)
    elif kind == "id_number":
        out = _cn_ids(rng, n)
    elif kind == "card":
        out = _cards(locale, rng, n)
    elif kind == "address":
        out = _zh_addresses(rng, n) if locale == "zh_CN" else _en_addresses(rng, n)
    else:
        # the orders table numbers orders 1..N as O + 8 digits (generator/tables.py)
        out = _cat("O", _z(rng.integers(1, 2_000_000, n), 8))
    return np.asarray(out, dtype=object).reshape(n)


def _only_digits(s: str) -> str | None:
    if not isinstance(s, str):
        return None
    d = s.replace(" ", "").replace("-", "")
    return d if d.isascii() and d.isdigit() else None


def luhn_ok(s: str) -> bool:
    """True if ``s`` (digits, spaces and dashes allowed) is 12-19 digits passing the Luhn check.

    Parameters
    ----------
    s : str
        A card number, e.g. ``"4111 1111 1111 1111"``.

    Returns
    -------
    bool
        False for anything that is not such a string (never raises).

    Examples
    --------
    >>> luhn_ok("4111 1111 1111 1111"), luhn_ok("4111 1111 1111 1112"), luhn_ok(None)
    (True, False, False)
    """
    d = _only_digits(s)
    if d is None or not 12 <= len(d) <= 19:
        return False
    x = np.frombuffer(d.encode("ascii"), dtype=np.uint8).astype(np.int64) - 48
    return int(_luhn_check(x[None, :-1])[0]) == int(x[-1])


def cn_id_ok(s: str) -> bool:
    """True if ``s`` is a valid 18-character Chinese resident ID number.

    Checks the shape (17 digits and a digit or ``X``/``x``), a province code that exists,
    a real calendar date of birth between 1900 and today, and the ISO 7064 MOD 11-2 check
    character.

    Parameters
    ----------
    s : str
        The ID number, e.g. ``"11010519491231002X"``.

    Returns
    -------
    bool
        False for anything else (never raises).

    Examples
    --------
    >>> cn_id_ok("11010519491231002X"), cn_id_ok("110105194912310021"), cn_id_ok(42)
    (True, False, False)
    """
    if not isinstance(s, str) or len(s) != 18 or not s.isascii():
        return False
    body, last = s[:17], s[17].upper()
    if not body.isdigit() or not (last.isdigit() or last == "X"):
        return False
    if int(body[:2]) not in PROVINCE_CODES:
        return False
    try:
        birth = np.datetime64(f"{body[6:10]}-{body[10:12]}-{body[12:14]}", "D")
    except ValueError:
        return False
    if np.datetime_as_string(birth) != f"{body[6:10]}-{body[10:12]}-{body[12:14]}":
        return False
    if not np.datetime64("1900-01-01") <= birth <= np.datetime64("today"):
        return False
    digits = np.frombuffer(body.encode("ascii"), dtype=np.uint8).astype(np.int64) - 48
    return str(ID_CHECK[int((digits * ID_WEIGHTS).sum() % 11)]) == last
