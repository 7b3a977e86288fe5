"""Privacy (隐私保护): mask personal data in complaint narratives, pseudonymise identifiers.

:func:`redact` finds personal data (个人信息) in free text with rules: regular expressions
per kind and locale, checked where a checksum exists, and name lists with context cues.

=============  ==============================================================================
kind           rule
=============  ==============================================================================
name           en: a first name from Faker's en_US list followed by a last name from its list
               (an optional middle initial), or any capitalised name after a strong cue
               (``Mr.``, ``Ms.``, ``my name is``, ``signed``, ``agent``); zh: a family name
               (姓) from Faker's zh_CN list and a given name of one or two characters used in
               given names, after a cue (我是, 我叫, 本人, 姓名, 联系人, 收件人, 客服, a
               sign-off dash ——, ...) or before 先生 / 女士 / 小姐, or anywhere when the
               family name is one of the 120 commonest
phone          zh mobile ``1[3-9]`` + 9 digits (optionally ``+86``/``0086``, spaces or
               dashes as 3-4-4), zh landlines ``0xx-xxxxxxxx`` / ``0xxx-xxxxxxx(x)``,
               US ``(xxx) xxx-xxxx`` / ``xxx-xxx-xxxx`` / ``xxx.xxx.xxxx`` with an optional
               ``+1`` / ``1`` / ``001`` and extension (``x123``, ``ext. 12``), and international
               ``+CC`` numbers of 8-15 digits
email          ``local@domain.tld`` (ASCII)
id_number      Chinese resident ID: 17 digits and a digit or ``X`` whose **ISO 7064 MOD 11-2
               check character, province code and birth date are valid**; also US social
               security numbers ``xxx-xx-xxxx`` (area not 000, 666 or 9xx, group not 00,
               serial not 0000)
card           16 or 19 digits in groups of four (spaces or dashes), 15-digit 4-6-5 Amex
               numbers, and plain runs of 13-19 digits with a card prefix (2, 3, 4, 5, 6,
               1800, 2131), that **pass the Luhn check**; 12-digit runs (Maestro) only after a
               card cue (card, debit, charged, 卡, 扣款): many tracking numbers have 12 digits
address        en: house number, street name, a USPS street suffix (Street, Avenue, Way,
               Brook, ...; Faker's en_US list) or abbreviation (St, Ave, Rd, ...), an
               optional unit and optional ``, City, ST 12345``; zh: [省][市][区/县] road
               (路/街/大道/...) number 号 [building/unit/room]
order_number   the kit's order ids (``O`` + 8 digits) and any code of 6-24 letters/digits with a
               digit after a cue (``order number``, ``order #``, 订单号, 订单编号)
masked         text already masked the CFPB way (``XXXX``, ``XX/XX/XXXX``, ``{$25.00}``):
               reported, left as it is
=============  ==============================================================================

What is *not* masked, by design: a 16-digit number that fails the Luhn check is not a card,
and an 18-character number whose check character, province or birth date is wrong is not a
resident ID (they may still be other personal data, e.g. an account number, that these rules
do not know). Plain 10-digit numbers are not phones unless written in a phone format (they
are often tracking or account numbers). Names outside the name lists are found only after a
cue. Dates, amounts, quantities and order lines are left alone (tests check this).

Scores on generated narratives, per kind and locale, are in ``docs/privacy.md`` with the
command that reproduces them.

Why not Presidio: Microsoft Presidio (MIT licence, so allowed) finds names, places and
several other kinds with spaCy or transformers NER models that are downloaded separately
(``en_core_web_lg`` ~ 400 MB, and a Chinese model for zh). The kit runs without network
access at run time and keeps its dependencies small, so those models cannot be relied on;
Presidio's pattern recognisers alone are regexes like these, without Chinese phone,
resident-ID or address formats. The rules here are small, explainable, tested per kind, and
scored against the generator's truth.

:func:`pseudonymize` replaces identifiers by keyed hashes (HMAC-SHA256): the same value and key
always give the same token, so tables still join; without the key the token cannot be traced
back, even for values from a small set (phone numbers, customer ids) that plain hashing would
expose to a dictionary attack.

>>> r = redact("Call me on 415-555-0132 or mail jo@example.com", locale="en_US")
>>> r.text
'Call me on [PHONE] or mail [EMAIL]'
>>> r.spans[["kind", "start", "end"]].values.tolist()
[['phone', 11, 23], ['email', 32, 46]]
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..i18n import N_, locale_of, tr
from ..locale import labels
from .pii import KINDS, LOCALES, ZH_PLACES, cn_id_ok, luhn_ok, name_lists

MESSAGES = {
    "text_type": N_("text must be a str, or a list / Series of str, not {got}"),
    "frame": N_("text must be one column of text (e.g. df['narrative']), not a whole DataFrame"),
    "none": N_("text is None: pass a str, or a Series in which missing narratives stay missing"),
    "item_type": N_("text at {where} must be a str or missing, not {got} ({value!r})"),
    "locale": N_("locale must be None (every rule) or one of {locales}, not {got!r}"),
    "kinds": N_("kinds must be None (all) or a list of {kinds}; {bad} is not one of them"),
    "kinds_empty": N_("kinds is empty: pass None for all kinds, or name at least one"),
    "mask": N_("mask must be a str that may contain {{label}}, {{KIND}} or {{kind}}, not {got!r}"),
    "key_type": N_("key must be a non-empty str or bytes, not {got}"),
    "key_empty": N_("key is empty: pseudonymising with an empty key is plain hashing, which a "
                  "dictionary of possible values (phone numbers, ids) reverses"),
    "df": N_("df must be a pandas DataFrame, not {got}"),
    "columns": N_("columns must be a column name or a list of column names, not {got!r}"),
    "missing": N_("column(s) {missing} are not in df{hint}; its columns are: {have}"),
    "prefix": N_("prefix must be None or a dict of column -> str, not {got}"),
    "collision": N_("two different values of {col!r} got the same token; use a longer length"),
}

# Kinds win overlaps in this order when two candidate spans have the same length.
PRIORITY = ("masked", "email", "id_number", "card", "order_number", "phone", "address", "name")

_NOT_BEFORE_NUM = r"(?<![0-9A-Za-z+])"
_NOT_AFTER_NUM = r"(?![0-9])"

EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                   r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-8][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
CARD_PLAIN = re.compile(r"(?<![0-9A-Za-z])(?:3[0-9]|4|5[0-9]|2[2-7]|6|0604|1800|2131)"
                        r"[0-9]{9,17}(?![0-9])")
CARD_CUE = re.compile(r"(?i:card|maestro|visa|debit|credit|charged|paid with)\W{0,3}"
                      r"(?:\w+\W{1,3}){0,3}$|(?:卡|刷卡|扣款)[^0-9]{0,6}$")
CARD = re.compile(r"(?<![0-9])(?:[0-9]{4}(?P<s>[ -]?)[0-9]{4}(?P=s)[0-9]{4}(?P=s)[0-9]{4}"
                  r"(?:(?P=s)[0-9]{3})?|3[47][0-9]{2}(?P<t>[ -]?)[0-9]{6}(?P=t)[0-9]{5})"
                  r"(?![0-9])")
PHONES = (
    # zh mobile, optionally +86 / 0086 / (+86)
    re.compile(_NOT_BEFORE_NUM + r"(?:(?:\+|00)86[ -]?|\(\+86\) ?)?1[3-9][0-9]"
               r"(?:[0-9]{8}|(?P<s>[ -])[0-9]{4}(?P=s)[0-9]{4})" + _NOT_AFTER_NUM),
    # zh landline
    re.compile(_NOT_BEFORE_NUM + r"(?:0[1-9][0-9]-[2-9][0-9]{7}|0[1-9][0-9]{2}-[2-9][0-9]{6,7}"
               r"|\(0[1-9][0-9]{1,2}\) ?[2-9][0-9]{6,7})" + _NOT_AFTER_NUM),
    # US / NANP, with an optional +1 / 1 / 001 and extension
    re.compile(r"(?<![0-9A-Za-z])(?:(?:\+1|001|1)[ -.]?)?(?:\([2-9][0-9]{2}\) ?"
               r"|[2-9][0-9]{2}(?P<s>[-. ]))[0-9]{3}(?(s)(?P=s)|[-. ])[0-9]{4}"
               r"(?:(?: ?x| ?ext\.? ?| extension )[0-9]{1,6})?" + _NOT_AFTER_NUM),
    re.compile(r"(?<![0-9A-Za-z])\+1[ -.]?\(?[2-9][0-9]{2}\)?[ -.]?[0-9]{3}[ -.]?[0-9]{4}"
               + _NOT_AFTER_NUM),
    # international +CC (digit count checked: 8-15)
    re.compile(r"(?<![0-9A-Za-z+])\+[1-9][0-9]{0,2}(?:[ .-]?(?:\([0-9]{1,5}\)|[0-9]{1,5})){2,6}"
               + _NOT_AFTER_NUM),
)
ORDER = re.compile(r"(?<![A-Za-z0-9])O[0-9]{8}(?![0-9])")
ORDER_CUE = re.compile(r"(?i:order\s*(?:number|no\.?|num\.?|id|#)|订单(?:编号|号码|号)?)"
                       r"\s*(?:is|:|：|#|为|是)?\s*#?(?P<v>[A-Za-z0-9-]{6,24})(?![A-Za-z0-9-])")
MASKED = re.compile(r"(?<![A-Za-z0-9])(?:X{2,}|x{4,})(?:[/.-](?:X{2,}|x{2,}|[0-9]{2,4}))*"
                    r"(?![A-Za-z0-9])|\{\$[0-9][0-9,]*(?:\.[0-9]+)?\}")

EN_ABBREVIATIONS = ("St", "Ave", "Rd", "Ln", "Dr", "Blvd", "Ct", "Pl", "Cir", "Ter", "Pkwy",
                    "Hwy", "Sq", "Trl", "Way", "Pt", "Cv", "Xing", "Expy", "Fwy")
US_STATES_RE = (r"(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOTH]|N[EVHJMYCD]"
                r"|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TAI]|W[AVIY]|PR|AS|GU|MP|FM|PW|A[AEP])")
SSN = re.compile(r"(?<![0-9A-Za-z-])(?!000|666|9)[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}"
                 r"(?![0-9-])")


@lru_cache(maxsize=1)
def _en_address_re() -> re.Pattern:
    """Street addresses with the USPS street suffixes (Faker's en_US list) or abbreviations."""
    from faker.providers.address.en_US import Provider
    words = sorted(set(Provider.street_suffixes) | {"Boulevard"}, key=len, reverse=True)
    suffix = (rf"(?:(?:{'|'.join(words)})\b|(?:{'|'.join(EN_ABBREVIATIONS)})\b(?:\.(?=,))?)")
    return re.compile(
        r"(?<![A-Za-z0-9/:.,-])[0-9]{1,6}(?: (?:[A-Z][a-z]+|[0-9]{1,3}(?:st|nd|rd|th)|[NSEW]\.?))"
        r"{1,4} " + suffix +
        r"(?:,? (?:Apt|Apartment|Suite|Ste|Unit|#)\.? ?#?[0-9A-Za-z-]{1,6}\b)?"
        r"(?:(?:, ?|\n)[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, " + US_STATES_RE
        + r"(?: [0-9]{5}(?:-[0-9]{4})?)?(?![0-9A-Za-z]))?")

_ZH_STOP = ("我你他她它们的是在住于址到从寄送收发给为与及了将把被请要已经还没让想说写填留"
            "这那个件单号码电话邮箱改换往")
_P = rf"(?:(?![{_ZH_STOP}])[\u4e00-\u9fff])"
ZH_ADDRESS = re.compile(
    rf"(?:{_P}{{2,7}}?(?:省|自治区))?(?:{_P}{{1,6}}?市)?(?:{_P}{{1,6}}?(?:区|县|旗))?"
    rf"{_P}{{1,8}}?(?:路|街|大道|大街|巷|胡同|弄)(?:[东西南北中]段)?[0-9]{{1,5}}号(?:院)?"
    r"(?:[0-9]{1,3}(?:号楼|栋|幢|座)|[A-Z]座)?(?:[0-9]{1,3}单元)?(?:[0-9]{1,5}(?:室|房))?")

EN_STRONG_CUE = (r"(?:[Mm]y name is|[Nn]ame:|Mr\.?|Mrs\.?|Ms\.?|Miss|Signed,?|Sincerely,?"
                 r"|Regards,?|[Aa]gent|[Rr]epresentative|[Ss]upervisor|[Mm]anager|named"
                 r"|[Cc]ontact(?: person)?:?)")
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?"
EN_CUED = re.compile(EN_STRONG_CUE + r"[ \t]+(?!" + _TITLES + r"(?![A-Za-z]))"
                     r"(?P<v>[A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+)?)")
# a title before a name and a degree / generation after it belong to the name's span
EN_TITLE_BEFORE = re.compile(r"(?:(?<![A-Za-z])" + _TITLES + r" )+$")
EN_AFTER_NAME = re.compile(r"^,? (?:MD|DDS|DVM|PhD|Jr\.?|Sr\.?|II|III|IV|V|Esq\.?)(?![A-Za-z])")
PHONE_CUE = re.compile(r"(?i:call(?:ed|ing)?|phone|tel(?:ephone)?|mobile|cell|text(?:ed)?"
                       r"|reach(?: me)?|contact|fax|whatsapp|my number)\W{0,3}(?:\w+\W{1,3}){0,3}$"
                       r"|(?:电话|手机|致电|拨打|打|联系|来电|号码)[^0-9]{0,6}$")
PLAIN_US_PHONE = re.compile(r"(?<![0-9A-Za-z])[2-9][0-9]{2}[2-9][0-9]{6}(?![0-9])")
ZH_CUE = (r"(?:我是|我叫|本人|姓名|名字|联系人|收件人|收货人|签收人|客户|客服|专员|经理|主管"
          r"|店长|快递员|骑手|师傅|员工|用户|签名|落款|——|—|--)[:：是为叫]?\s*")
ZH_TITLE = r"(?:先生|女士|小姐|老师|师傅|经理)"


@dataclass(frozen=True)
class Redaction:
    """What :func:`redact` returns.

    Attributes
    ----------
    text : str, list or Series
        The masked text, in the shape that was passed (a Series keeps its index).
    spans : DataFrame
        One row per span found: ``row`` (0 for a single text, else the list position or the
        Series index label), ``kind``, ``start``, ``end`` (offsets in the ORIGINAL text),
        ``value`` (the original text of the span), ``masked`` (False for text that was
        already masked, kind ``masked``, which is left as it is).
    """

    text: object
    spans: pd.DataFrame

    def __str__(self) -> str:
        return str(self.text)

    def counts(self) -> pd.Series:
        """Spans per kind.

        >>> redact("XXXX called 13812345678", locale="zh_CN").counts().to_dict()
        {'masked': 1, 'phone': 1}
        """
        return self.spans["kind"].value_counts().sort_index().rename("n")


# ----------------------------------------------------------------------------- name lists
@lru_cache(maxsize=1)
def _zh_name_re() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    first, _, last, _ = name_lists("zh_CN")
    chars = "".join(sorted(set("".join(first))))
    surnames = "|".join(sorted(last, key=len, reverse=True))
    given = f"[{chars}]{{1,2}}"
    cued = re.compile(ZH_CUE + rf"(?P<v>(?:{surnames}){given})")
    titled = re.compile(rf"(?P<v>(?:{surnames})(?:{given})?){ZH_TITLE}")
    common = "|".join(last[:120])  # the commoner family names, for names without a cue
    bare = re.compile(rf"(?<![\u4e00-\u9fff])(?P<v>(?:{common}){given})(?![{chars}])")
    return cued, titled, bare


@lru_cache(maxsize=1)
def _en_names() -> tuple[frozenset, frozenset]:
    first, _, last, _ = name_lists("en_US")
    return frozenset(f.lower() for f in first), frozenset(la.lower() for la in last)


# every capitalised pair (overlapping, hence the lookahead); the lists decide
EN_PAIR = re.compile(r"(?<![A-Za-z])(?=(?P<f>[A-Z][a-z][A-Za-z]*)(?: [A-Z]\.)? "
                     r"(?P<l>[A-Z][a-z]?[A-Za-z'-]+)"
                     r"(?![A-Za-z]))")


@lru_cache(maxsize=1)
def _zh_places() -> tuple[str, ...]:
    from faker.providers.address.zh_CN import Provider
    names = set(Provider.provinces) | {c + "市" for c in Provider.cities}
    for p, c, d in ZH_PLACES:
        names |= {p, c, d} - {""}
    return tuple(sorted(names, key=len, reverse=True))


def _trim_zh_address(value: str) -> int:
    """Offset of the first known province / city inside a zh address match (0 if none)."""
    road = re.search(r"路|街|大道|巷|胡同|弄", value)
    limit = road.start() if road else len(value)
    best = 0
    for name in _zh_places():
        k = value.find(name, 0, limit)
        if k > 0 and (best == 0 or k < best):
            best = k
        if k == 0:
            return 0
    return best


# ----------------------------------------------------------------------------- detection
def _candidates(text: str, locale: str | None) -> list[tuple[int, int, str]]:
    """Every candidate span (start, end, kind) the rules find; overlaps are resolved later."""
    found: list[tuple[int, int, str]] = []
    add = found.append
    for m in MASKED.finditer(text):
        add((m.start(), m.end(), "masked"))
    for rx, kind, ok in ((EMAIL, "email", None), (ID_NUMBER, "id_number", cn_id_ok),
                         (CARD, "card", luhn_ok), (CARD_PLAIN, "card", _long_luhn),
                         (SSN, "id_number", None), (ORDER, "order_number", None)):
        for m in rx.finditer(text):
            if ok is None or ok(m.group()):
                add((m.start(), m.end(), kind))
    _cued_rules(text, add)
    for rx in PHONES:
        for m in rx.finditer(text):
            end = _phone_end(m.group()) if rx is PHONES[-1] else len(m.group())
            if end:
                add((m.start(), m.start() + end, "phone"))
    if locale in (None, "en_US"):
        _en_rules(text, add)
    if locale in (None, "zh_CN") and re.search("[\u4e00-\u9fff]", text):
        _zh_rules(text, add)
    return found


def _cued_rules(text: str, add) -> None:
    """Rules that need a cue before the value: order codes, 12-digit cards, plain US phones."""
    for m in ORDER_CUE.finditer(text):
        if any(c.isdigit() for c in m.group("v")):
            add((m.start("v"), m.end("v"), "order_number"))
    for m in CARD_PLAIN.finditer(text):
        if len(m.group()) == 12 and luhn_ok(m.group()) and CARD_CUE.search(
                text, max(0, m.start() - 30), m.start()):
            add((m.start(), m.end(), "card"))
    for m in PLAIN_US_PHONE.finditer(text):
        if PHONE_CUE.search(text, max(0, m.start() - 30), m.start()):
            add((m.start(), m.end(), "phone"))


def _long_luhn(value: str) -> bool:
    """A plain digit run is a card without a cue only from 13 digits on."""
    return len(value) >= 13 and luhn_ok(value)


def _phone_end(value: str) -> int:
    """Length of the phone number at the start of ``value`` (8-15 digits), 0 if none.

    A greedy match may run into digits that follow the number ("+44 7700 900123 12345"):
    trailing groups are dropped until the number has at most 15 digits.
    """
    groups = list(re.finditer(r"[0-9]+", value))
    while groups and sum(len(g.group()) for g in groups) > 15:
        groups.pop()
    if sum(len(g.group()) for g in groups) < 8:
        return 0
    end = groups[-1].end()
    return end + 1 if value[end:end + 1] == ")" and "(" in value[:end] else end


def _en_rules(text: str, add) -> None:
    for m in _en_address_re().finditer(text):
        add((m.start(), m.end(), "address"))
    first, last = _en_names()
    for m in EN_PAIR.finditer(text):
        if m.group("f").lower() in first and m.group("l").lower() in last:
            add((m.start("f"), m.end("l"), "name"))
    for m in EN_CUED.finditer(text):
        add((m.start("v"), m.end("v"), "name"))


def _widen_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Take a title before an English name (Mr., Dr.) and a degree after it (MD, Jr.) in."""
    out = []
    for i, (s, e, k) in enumerate(spans):
        if k == "name" and text[s:e].isascii():
            prev_end = out[-1][1] if out else 0
            next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
            before = EN_TITLE_BEFORE.search(text, max(prev_end, s - 20), s)
            after = EN_AFTER_NAME.match(text[e:min(e + 8, next_start)])
            s = before.start() if before else s
            e = e + after.end() if after else e
        out.append((s, e, k))
    return out


def _zh_rules(text: str, add) -> None:
    if "号" in text:
        for m in ZH_ADDRESS.finditer(text):
            k = _trim_zh_address(m.group())
            add((m.start() + k, m.end(), "address"))
    for rx in _zh_name_re():
        for m in rx.finditer(text):
            add((m.start("v"), m.end("v"), "name"))


def _resolve(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans: longer first, then by kind priority; returned by position."""
    rank = {k: i for i, k in enumerate(PRIORITY)}
    chosen: list[tuple[int, int, str]] = []
    taken = np.zeros(0, dtype=bool)
    if cands:
        taken = np.zeros(max(e for _, e, _ in cands) + 1, dtype=bool)
    for s, e, k in sorted(set(cands), key=lambda c: (-(c[1] - c[0]), rank[c[2]], c[0])):
        if e > s and not taken[s:e].any():
            taken[s:e] = True
            chosen.append((s, e, k))
    return sorted(chosen)


def _redact_one(text: str, locale, kinds: frozenset, mask: str):
    spans = _widen_names(text, _resolve(_candidates(text, locale)))
    spans = [c for c in spans if c[2] in kinds or c[2] == "masked"]
    out, pos = [], 0
    for s, e, k in spans:
        out.append(text[pos:s])
        out.append(text[s:e] if k == "masked" else mask.replace("{KIND}", k.upper())
                   .replace("{kind}", k).replace("{label}", _kind_label(k, locale)))
        pos = e
    out.append(text[pos:])
    return "".join(out), spans


def _kind_label(kind: str, locale) -> str:
    """The kind as the locale shows it ([电话] in zh_CN; [PHONE] in en_US or no locale)."""
    if locale is None:
        return kind.upper()
    return labels(locale)["pii_kind"].get(kind, kind.upper())


def _check_options(locale, kinds, mask, lang=None) -> frozenset:
    if locale is not None and locale not in LOCALES:
        raise ValueError(tr(MESSAGES["locale"], lang, locales=", ".join(LOCALES), got=locale))
    if kinds is None:
        chosen = frozenset(KINDS)
    else:
        if isinstance(kinds, str):
            kinds = [kinds]
        kinds = list(kinds)
        if not kinds:
            raise ValueError(tr(MESSAGES["kinds_empty"], lang))
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            raise ValueError(tr(MESSAGES["kinds"], lang, kinds=", ".join(KINDS),
                                bad=repr(bad[0])))
        chosen = frozenset(kinds)
    if not isinstance(mask, str):
        raise TypeError(tr(MESSAGES["mask"], lang, got=mask))
    try:
        mask.format(KIND="K", kind="k", label="l")
    except (KeyError, IndexError, ValueError):
        raise ValueError(tr(MESSAGES["mask"], lang, got=mask)) from None
    return chosen


def _is_missing(x) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and np.isnan(x))


SPAN_COLUMNS = ["row", "kind", "start", "end", "value", "masked"]


def _span_frame(rows: list, texts: list, spans_per: list) -> pd.DataFrame:
    recs = [(r, k, s, e, t[s:e], k != "masked")
            for r, t, sp in zip(rows, texts, spans_per, strict=True) for s, e, k in sp]
    df = pd.DataFrame(recs, columns=SPAN_COLUMNS)
    return df.astype({"start": "int64", "end": "int64", "masked": "bool"})


def redact(text, locale: str | None = None, *, kinds=None, mask: str = "[{label}]"
           ) -> Redaction:
    """Mask personal data in one text or a column of texts, and say where it was.

    Parameters
    ----------
    text : str, list of str, or pandas Series
        The narrative(s) (投诉内容). In a list or Series, missing values (None, NaN, pd.NA)
        stay missing and get no spans; any other non-string is refused with its position.
    locale : {None, "en_US", "zh_CN"}
        Which locale's name and address rules to use; None uses both. Phones, e-mails, IDs,
        cards and order numbers are found in every locale.
    kinds : list of str, optional
        The kinds to mask (default: all of ``KINDS``). Spans of other kinds are still found
        (so a card number is never read as a phone) but left in the text and not reported.
    mask : str
        Replacement for each span; ``{label}`` becomes the kind as the locale shows it
        (``PHONE`` in en_US or with no locale, ``电话`` in zh_CN), ``{KIND}`` always ``PHONE``,
        ``{kind}`` always ``phone``.

    Returns
    -------
    Redaction
        ``.text`` the masked text (same shape as the input) and ``.spans`` a DataFrame with
        columns ``row``, ``kind``, ``start``, ``end``, ``value``, ``masked``; offsets refer to
        the original text. Text already masked the CFPB way (``XXXX``) is reported as kind
        ``masked`` and left as it is.

    Raises
    ------
    TypeError
        ``text`` is None, a DataFrame, bytes or a number, or a list element is not text.
    ValueError
        Unknown locale or kind, or a ``mask`` with other placeholders.

    Examples
    --------
    >>> r = redact("我是张伟，手机13812345678，身份证11010519491231002X", locale="zh_CN")
    >>> r.text
    '我是[姓名]，手机[电话]，身份证[身份证号]'
    >>> redact("手机13812345678", locale="zh_CN", mask="[{KIND}]").text
    '手机[PHONE]'
    >>> r.spans["value"].tolist()
    ['张伟', '13812345678', '11010519491231002X']
    >>> redact("Card 4111 1111 1111 1112 fails Luhn", locale="en_US").spans.empty
    True
    >>> import pandas as pd
    >>> out = redact(pd.Series(["On XX/XX/2019 I paid {$25.00}", None], index=[7, 8]))
    >>> out.spans[["row", "kind", "value"]].values.tolist()
    [[7, 'masked', 'XX/XX/2019'], [7, 'masked', '{$25.00}']]
    """
    # the errors speak the locale named, else the data's (a kit world's narratives)
    lang = locale if locale in LOCALES else locale_of(text)
    chosen = _check_options(locale, kinds, mask, lang)
    if isinstance(text, str):
        masked, spans = _redact_one(text, locale, chosen, mask)
        return Redaction(masked, _span_frame([0], [text], [spans]))
    if text is None:
        raise TypeError(tr(MESSAGES["none"], lang))
    if isinstance(text, pd.DataFrame):
        raise TypeError(tr(MESSAGES["frame"], lang))
    if isinstance(text, pd.Series):
        labels, values = list(text.index), list(text.array)
    elif isinstance(text, list | tuple | np.ndarray):
        values = list(np.asarray(text, dtype=object).ravel()) if isinstance(
            text, np.ndarray) else list(text)
        labels = list(range(len(values)))
    else:
        raise TypeError(tr(MESSAGES["text_type"], lang, got=type(text).__name__))
    out, rows, texts, spans_per = [], [], [], []
    for label, value in zip(labels, values, strict=True):
        if _is_missing(value):
            out.append(value)
            continue
        if not isinstance(value, str):
            where = (tr("index {label!r}", lang, label=label) if isinstance(text, pd.Series)
                     else tr("position {label}", lang, label=label))
            raise TypeError(tr(MESSAGES["item_type"], lang, where=where,
                               got=type(value).__name__, value=value))
        masked, spans = _redact_one(value, locale, chosen, mask)
        out.append(masked)
        rows.append(label)
        texts.append(value)
        spans_per.append(spans)
    if isinstance(text, pd.Series):
        result = pd.Series(out, index=text.index, name=text.name, dtype=object)
    elif isinstance(text, tuple):
        result = tuple(out)
    else:
        result = out
    return Redaction(result, _span_frame(rows, texts, spans_per))


# ----------------------------------------------------------------------------- pseudonyms
def _token(key: bytes, value: str, length: int) -> str:
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:length].lower()


def _check_pseudo_args(df, columns, key, prefix, lang=None) -> tuple[list[str], bytes]:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(tr(MESSAGES["df"], lang, got=type(df).__name__))
    if isinstance(columns, str):
        columns = [columns]
    if not isinstance(columns, list | tuple) or not columns or not all(
            isinstance(c, str) for c in columns):
        raise TypeError(tr(MESSAGES["columns"], lang, got=columns))
    missing = [c for c in columns if c not in df.columns]
    if missing:
        import difflib
        have = [str(c) for c in df.columns]
        close = difflib.get_close_matches(missing[0], have, n=1)
        hint = tr(" (did you mean {name!r}?)", lang, name=close[0]) if close else ""
        raise KeyError(tr(MESSAGES["missing"], lang,
            missing=", ".join(map(repr, missing)), hint=hint, have=", ".join(have)))
    if not isinstance(key, str | bytes):
        raise TypeError(tr(MESSAGES["key_type"], lang, got=type(key).__name__))
    if len(key) == 0:
        raise ValueError(tr(MESSAGES["key_empty"], lang))
    if prefix is not None and not isinstance(prefix, dict):
        raise TypeError(tr(MESSAGES["prefix"], lang, got=type(prefix).__name__))
    return list(columns), key.encode("utf-8") if isinstance(key, str) else key


def pseudonymize(df: pd.DataFrame, columns, key: str | bytes, *, prefix: dict | None = None,
                 length: int = 12, locale: str | None = None) -> pd.DataFrame:
    """Replace identifying columns by keyed hashes (假名化): stable for a key, irreversible.

    Each value's text (``str(value)``) is hashed with HMAC-SHA256 under ``key``; the token is
    ``<prefix>_<first length characters of the base32 digest>``. The same value gives the same
    token under the same key whatever the column, so tables pseudonymised with one key still
    join on the pseudonymised column. Missing values stay missing. Keep the key secret and
    apart from the data: whoever holds it can re-identify values by hashing candidates.

    Parameters
    ----------
    df : DataFrame
        The table; it is not changed (a copy is returned).
    columns : str or list of str
        Columns to replace.
    key : str or bytes
        The secret key (non-empty).
    prefix : dict, optional
        Token prefix per column (default: the column name).
    length : int
        Characters of the digest kept (default 12, i.e. 60 bits).
    locale : str, optional
        The language of the errors: by default the table's (a kit world's mark, see
        :func:`complaintkit.i18n.locale_of`), else English.

    Returns
    -------
    DataFrame
        A copy with the columns replaced by tokens (object dtype).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C0000001", "C0000002", "C0000001", None]})
    >>> out = pseudonymize(df, "customer_id", key="s3cret")
    >>> ids = out["customer_id"]
    >>> int(ids.str.startswith("customer_id_").sum()), int(ids.isna().sum())
    (3, 1)
    >>> out["customer_id"][0] == out["customer_id"][2] != out["customer_id"][1]
    True
    """
    lang = locale_of(df, locale=locale)
    columns, k = _check_pseudo_args(df, columns, key, prefix, lang)
    if isinstance(length, bool) or not isinstance(length, int) or not 8 <= length <= 52:
        raise ValueError(tr("length must be a whole number from 8 to 52, not {value!r}", lang,
                            value=length))
    out = df.copy()
    for col in columns:
        s = df[col]
        miss = s.isna().to_numpy()
        text = s.astype(object).where(~miss).to_numpy()
        uniq = pd.unique(text[~miss].astype(str))
        tokens = {u: _token(k, u, length) for u in uniq}
        if len(set(tokens.values())) != len(tokens):
            raise ValueError(tr(MESSAGES["collision"], lang, col=col))
        pre = (prefix or {}).get(col, col)
        res = np.full(len(s), np.nan, dtype=object)
        res[~miss] = [f"{pre}_{tokens[v]}" for v in text[~miss].astype(str)]
        out[col] = pd.Series(res, index=s.index, dtype=object)
    return out
