"""Scoring a written reply (回复) against a rubric and a policy a trainer edits (score_reply).

The rubric (``complaintkit/text/rubric/<locale>.toml``) lists the elements of a good first reply
from the seed documents: acknowledge and thank, apologise, restate the problem and the demand
with the complaint's own details, explain what happened, offer a concrete remedy, commit to a
follow-up (回访) with a time; and the harmful ones: blaming the customer, promising what the
policy (``rubric/policy.toml``) forbids (a guarantee, a refund plus compensation, an admission of
legal liability, an amount above the limits). Each element says how it is detected (phrases and
patterns per locale, and the complaint's own details or a time in the same sentence), its weight
and the feedback the trainee reads, in the complaint's language.

Examples
--------
>>> import complaintkit as ck
>>> complaint = {"order_id": "O00000040", "category": "delivery", "priority": "high",
...              "narrative": "My parcel is a week late. I want it this week."}
>>> res = ck.score_reply("Thank you for writing. We are sorry: your order O00000040 is late "
...                      "because the courier held it. We have refunded the delivery fee. We "
...                      "will call you within 24 hours.", complaint)
>>> res.passed, res.score
(True, 1.0)
>>> res = ck.score_reply("Your order O00000040 is late. You should have chosen express.",
...                      complaint)
>>> res.passed, res.missing, res.harmful
(False, ['acknowledge', 'apologise', 'explain', 'remedy', 'follow_up'], ['blame'])
>>> print(res.feedback().splitlines()[1])
- “You should have chosen express.” puts the blame on the customer. Own the problem instead, \
e.g. “We should have made this clearer, and we are sorry.”
"""

from __future__ import annotations

import calendar
import functools
import html
import math
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import vocab
from ..locale import check_locale, code_of, labels, load_locale
from .replies import CJK, _date, _guess_locale, _missing, _record, _write_date, load_templates

__all__ = ["ReplyScore", "Rubric", "Policy", "RubricError", "load_rubric", "load_policy",
           "score_reply", "STATUSES"]

RUBRIC_DIR = Path(__file__).parent / "rubric"
KINDS = ("required", "harmful")
NEEDS = ("detail", "time")
#: the status of an element in a scored reply
STATUSES = ("present", "missing", "harmful", "absent", "not scored")
ELEMENT_KEYS = ("kind", "label", "weight", "phrases", "patterns", "needs", "policy", "feedback")
SLOTS = ("order_id", "product", "category", "cause", "date", "amount", "next_contact", "limit",
         "evidence")
MESSAGE_SLOTS = {"empty": (), "not_text": ("kind",), "too_long": ("n", "max"),
                 "wrong_language": (), "pasted": ("share",), "passed": ("points", "max"),
                 "not_passed": ("points", "max"), "present": ("labels",)}
SETTINGS = ("locale", "pass_mark", "max_chars", "pasted_share", "times", "category_words",
            "messages", "elements")
POLICY_KEYS = ("max_compensation_share", "max_compensation", "max_refund_share", "forbidden",
               "negations", "compensation_words", "amounts")
HARD_LIMIT = 1_000_000   # never read more than this many characters of a reply
EVIDENCE = 160           # characters of evidence shown
SHINGLE = {"en_US": 10, "zh_CN": 5}   # characters per shingle when comparing with the complaint
COVERED = 0.8            # share of the complaint found in the reply: pasted whatever its length
NEGATION_WINDOW = 25

MESSAGES = {
    "read": "{file}: cannot read the file: {error}",
    "key": "{file}: the key {key!r} {problem}",
    "element": "{file}: element {element!r}, key {key!r}: {problem}",
    "unknown": "{file}: {key!r} is not a key of the {what} (the keys are {choices})",
    "source": "{what} must be a path to a .toml file, a dict or None, not {kind}",
    "locale_mismatch": "the rubric is for {theirs}, but locale={ours!r} was passed",
}


class RubricError(ValueError):
    """A rubric or policy file that cannot be used (names the file, the element and the key)."""


# --------------------------------------------------------------------------- reading files
@dataclass(frozen=True)
class Element:
    name: str
    kind: str
    label: str
    weight: float
    phrases: tuple
    patterns: tuple
    needs: tuple
    policy: bool
    feedback: tuple


@dataclass(frozen=True)
class Rubric:
    """A validated rubric of one locale (see :func:`load_rubric`)."""

    source: str
    locale: str
    pass_mark: float
    max_chars: int
    pasted_share: float
    times: tuple
    category_words: dict
    messages: dict
    elements: dict


@dataclass(frozen=True)
class Policy:
    """A validated reply policy (see :func:`load_policy`)."""

    source: str
    max_compensation_share: float
    max_compensation: dict
    max_refund_share: float
    forbidden: dict
    negations: dict
    compensation_words: dict
    amounts: dict


def _kind(value) -> str:
    return "None" if value is None else type(value).__name__


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).lower()


def _phrases(value, bad) -> tuple:
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise bad("must be a list of phrases (non-empty strings)")
    return tuple(_norm(p.strip()) for p in value)


def _regexes(value, bad, group: str | None = None) -> tuple:
    if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
        raise bad("must be a list of regular expressions (strings)")
    out = []
    for p in value:
        try:
            rx = re.compile(p, re.IGNORECASE)
        except re.error as e:
            raise bad(f"{p!r} is not a regular expression: {e}") from None
        if group and group not in rx.groupindex:
            raise bad(f"{p!r} must name the number as (?P<{group}>...)")
        out.append(rx)
    return tuple(out)


def _number(value, bad, lo: float, hi: float, what: str) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not lo < value <= hi:
        raise bad(f"must be {what}, not {value!r}")
    return float(value)


def _texts(value, slots: tuple, bad) -> tuple:
    alts = [value] if isinstance(value, str) else value
    if not isinstance(alts, list) or not alts or not all(isinstance(a, str) and a.strip()
                                                         for a in alts):
        raise bad("must be a text or a list of texts")
    for a in alts:
        try:
            names = {f.split(".")[0].split("[")[0]
                     for _, f, _, _ in string.Formatter().parse(a) if f is not None}
        except ValueError as e:
            raise bad(f"{e} in {a!r} (write a slot as {{order_id}}, a brace as {{{{)") \
                from None
        unknown = names - set(slots)
        if unknown:
            raise bad(f"unknown slot {{{sorted(unknown)[0]}}} in {a!r}; the slots are "
                      f"{', '.join(slots) or 'none'}")
    return tuple(alts)


def _element(name: str, raw, file: str) -> Element:
    def bad(key, problem):
        return RubricError(MESSAGES["element"].format(file=file, element=name, key=key,
                                                      problem=problem))

    if not isinstance(raw, Mapping):
        raise bad("*", f"must be a table of keys, not {_kind(raw)}")
    for key in raw:
        if key not in ELEMENT_KEYS:
            raise bad(key, f"is not a key of an element (the keys are {', '.join(ELEMENT_KEYS)})")
    for key in ("kind", "label", "weight", "feedback"):
        if key not in raw:
            raise bad(key, "is missing")
    kind = raw["kind"]
    if kind not in KINDS:
        raise bad("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    if not isinstance(raw["label"], str) or not raw["label"].strip():
        raise bad("label", "must be a non-empty text")
    weight = _number(raw["weight"], lambda p: bad("weight", p), 0, 100, "a number above 0")
    phrases = _phrases(raw.get("phrases", []), lambda p: bad("phrases", p))
    patterns = _regexes(raw.get("patterns", []), lambda p: bad("patterns", p))
    needs = raw.get("needs", [])
    if not isinstance(needs, list) or any(n not in NEEDS for n in needs):
        raise bad("needs", f"must be a list of {', '.join(map(repr, NEEDS))}, not {needs!r}")
    policy = raw.get("policy", False)
    if not isinstance(policy, bool) or (policy and kind != "harmful"):
        raise bad("policy", "must be true or false, and true only for a harmful element")
    if not (phrases or patterns or policy):
        raise bad("phrases", "an element needs phrases or patterns to be detected")
    feedback = _texts(raw["feedback"], SLOTS, lambda p: bad("feedback", p))
    return Element(name, kind, raw["label"].strip(), weight, phrases, patterns, tuple(needs),
                   policy, feedback)


def _messages(raw, file: str) -> dict:
    if not isinstance(raw, Mapping):
        raise RubricError(MESSAGES["key"].format(file=file, key="messages",
                                                 problem="must be a table of texts"))
    out = {}
    for key, slots in MESSAGE_SLOTS.items():
        def bad(problem, key=key):
            return RubricError(MESSAGES["key"].format(file=file, key=f"messages.{key}",
                                                      problem=problem))
        if key not in raw:
            raise bad("is missing")
        out[key] = _texts(raw[key], slots, bad)[0]
    return out


def _category_words(raw, file: str) -> dict:
    def bad(key, problem):
        return RubricError(MESSAGES["key"].format(file=file, key=key, problem=problem))

    if not isinstance(raw, Mapping):
        raise bad("category_words", "must be a table: category -> list of words")
    out = {}
    for cat, words in raw.items():
        if cat not in vocab.CATEGORIES:
            raise bad(f"category_words.{cat}", f"is not a category of the kit "
                                               f"({', '.join(vocab.CATEGORIES)})")
        out[cat] = _phrases(words, lambda p, c=cat: bad(f"category_words.{c}", p))
    return out


def _validate_rubric(raw: dict, file: str) -> Rubric:
    def bad(key, problem):
        return RubricError(MESSAGES["key"].format(file=file, key=key, problem=problem))

    for key in raw:
        if key not in SETTINGS:
            raise RubricError(MESSAGES["unknown"].format(file=file, key=key, what="rubric",
                                                         choices=", ".join(SETTINGS)))
    for key in SETTINGS:
        if key not in raw:
            raise bad(key, "is missing")
    try:
        locale = check_locale(raw["locale"])
    except (TypeError, ValueError) as e:
        raise bad("locale", str(e)) from None
    pass_mark = _number(raw["pass_mark"], lambda p: bad("pass_mark", p), 0, 1,
                        "a share above 0 and at most 1")
    max_chars = raw["max_chars"]
    if not isinstance(max_chars, int) or isinstance(max_chars, bool) or \
            not 20 <= max_chars <= HARD_LIMIT:
        raise bad("max_chars", f"must be a whole number from 20 to {HARD_LIMIT:,}")
    pasted = _number(raw["pasted_share"], lambda p: bad("pasted_share", p), 0, 1,
                     "a share above 0 and at most 1")
    times = raw["times"]
    if not isinstance(times, Mapping) or "patterns" not in times:
        raise bad("times", "must be a table with patterns = [...]")
    times = _regexes(times["patterns"], lambda p: bad("times.patterns", p))
    elements = raw["elements"]
    if not isinstance(elements, Mapping) or not elements:
        raise bad("elements", "must hold at least one [elements.NAME] table")
    checked = {name: _element(name, el, file) for name, el in elements.items()}
    if not any(e.kind == "required" for e in checked.values()):
        raise bad("elements", "must hold at least one required element")
    return Rubric(file, locale, pass_mark, max_chars, pasted, times,
                  _category_words(raw["category_words"], file), _messages(raw["messages"], file),
                  checked)


def _by_locale(raw, file: str, key: str, read) -> dict:
    def bad(problem, k=key):
        return RubricError(MESSAGES["key"].format(file=file, key=k, problem=problem))

    if not isinstance(raw, Mapping):
        raise bad("must be a table by locale (en_US, zh_CN)")
    out = {}
    for loc, value in raw.items():
        try:
            check_locale(loc)
        except (TypeError, ValueError) as e:
            raise bad(str(e), f"{key}.{loc}") from None
        out[loc] = read(value, lambda p, k=f"{key}.{loc}": bad(p, k))
    return out


def _forbidden(value, bad) -> dict:
    if not isinstance(value, Mapping):
        raise bad("must be a table: kind of promise -> list of phrases")
    return {kind: _phrases(v, lambda p, k=kind: bad(f"{k}: {p}")) for kind, v in value.items()}


def _validate_policy(raw: dict, file: str) -> Policy:
    def bad(key, problem):
        return RubricError(MESSAGES["key"].format(file=file, key=key, problem=problem))

    for key in raw:
        if key not in POLICY_KEYS:
            raise RubricError(MESSAGES["unknown"].format(file=file, key=key, what="policy",
                                                         choices=", ".join(POLICY_KEYS)))
    for key in POLICY_KEYS:
        if key not in raw:
            raise bad(key, "is missing")
    share = _number(raw["max_compensation_share"], lambda p: bad("max_compensation_share", p),
                    0, 10, "a share above 0 (of the order's amount)")
    refund = _number(raw["max_refund_share"], lambda p: bad("max_refund_share", p), 0, 10,
                     "a share above 0 (of the order's amount)")
    cap = _by_locale(raw["max_compensation"], file, "max_compensation",
                     lambda v, b: _number(v, b, 0, 1e12, "an amount above 0"))
    return Policy(file, share, cap, refund,
                  _by_locale(raw["forbidden"], file, "forbidden", _forbidden),
                  _by_locale(raw["negations"], file, "negations", _phrases),
                  _by_locale(raw["compensation_words"], file, "compensation_words", _phrases),
                  _by_locale(raw["amounts"], file, "amounts",
                             lambda v, b: _regexes(v, b, group="n")))


def _read(source, what: str, validate, kept):
    if isinstance(source, kept):
        return source
    if isinstance(source, Mapping):
        return validate(dict(source), "<dict>")
    if not isinstance(source, (str, Path)):
        raise TypeError(MESSAGES["source"].format(what=what, kind=_kind(source)))
    path = Path(source)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RubricError(MESSAGES["read"].format(file=path, error=e)) from None
    return validate(raw, str(path))


@functools.cache
def _packaged_rubric(locale: str) -> Rubric:
    path = RUBRIC_DIR / f"{locale}.toml"
    return _validate_rubric(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


@functools.cache
def _packaged_policy() -> Policy:
    path = RUBRIC_DIR / "policy.toml"
    return _validate_policy(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


def load_rubric(source=None, *, locale: str = "en_US") -> Rubric:
    """Read and validate a reply rubric.

    Parameters
    ----------
    source : None, str, Path or dict
        A ``.toml`` file written like ``complaintkit/text/rubric/en_US.toml``, the same content
        parsed, or None for the kit's rubric of ``locale``.
    locale : {"en_US", "zh_CN"}
        The kit's rubric to read when ``source`` is None.

    Raises
    ------
    RubricError
        The message names the file, the element and the key.

    Examples
    --------
    >>> from complaintkit.text.rubric import load_rubric
    >>> rubric = load_rubric(locale="zh_CN")
    >>> rubric.elements["apologise"].label, rubric.elements["apologise"].weight
    ('道歉', 2.0)
    >>> import tomllib
    >>> raw = tomllib.loads((RUBRIC_DIR / "en_US.toml").read_text(encoding="utf-8"))
    >>> raw["elements"]["apologise"]["wieght"] = 2
    >>> load_rubric(raw)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    complaintkit.text.rubric.RubricError: <dict>: element 'apologise', key 'wieght': is not a ...
    """
    if source is None:
        return _packaged_rubric(check_locale(locale))
    return _read(source, "rubric", _validate_rubric, Rubric)


def load_policy(source=None) -> Policy:
    """Read and validate a reply policy (``complaintkit/text/rubric/policy.toml`` when None).

    Examples
    --------
    >>> from complaintkit.text.rubric import load_policy
    >>> policy = load_policy()
    >>> policy.max_compensation_share, policy.max_compensation["zh_CN"]
    (0.3, 1500.0)
    >>> load_policy({"max_compensation_share": 2})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    complaintkit.text.rubric.RubricError: <dict>: the key 'max_compensation' is missing
    """
    if source is None:
        return _packaged_policy()
    return _read(source, "policy", _validate_policy, Policy)


# --------------------------------------------------------------------------- the complaint
@dataclass(frozen=True)
class Facts:
    """What a reply is checked against: the complaint's details and the feedback slots."""

    details: tuple          # lower-case strings, any of which in a sentence is a detail
    slots: dict             # feedback slot -> text
    narrative: str
    amount: float | None    # the order's amount


def _amount(value) -> float | None:
    if isinstance(value, bool) or _missing(value):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x > 0 else None


def _date_forms(ts, locale: str) -> list[str]:
    iso = f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"
    if locale == "zh_CN":
        return [f"{ts.month}月{ts.day}日", f"{ts.month}月{ts.day}号", iso]
    month = calendar.month_name[ts.month].lower()
    return [f"{month} {ts.day}", f"{month[:3]} {ts.day}", f"{ts.day} {month}", iso]


def _label_of(rec: dict, column: str, kind: str, locale: str) -> tuple[str | None, str | None]:
    if column not in rec or isinstance(rec[column], bool):
        return None, None
    code = code_of(rec[column], kind)
    if code is None:
        text = str(rec[column]).strip()
        return None, (text if 0 < len(text) <= 200 else None)
    return code, str(labels(locale, kind)[code])


def _facts(rec: dict, rubric: Rubric, policy: Policy) -> Facts:
    loc = rubric.locale
    details, slots = [], {}
    order = str(rec.get("order_id", "")).strip()
    if 0 < len(order) <= 200:
        details.append(order.lower())
        slots["order_id"] = order
    _, product = _label_of(rec, "product", "product_category", loc)
    if product:
        details.append(product.lower())
        slots["product"] = product.lower() if loc == "en_US" else product
    _, cause = _label_of(rec, "root_cause", "root_cause", loc)
    if cause:
        slots["cause"] = cause.lower() if loc == "en_US" else cause
    cat, cat_label = _label_of(rec, "category", "category", loc)
    _, sub_label = _label_of(rec, "sub_category", "sub_category", loc)
    for text in (cat_label, sub_label):
        if text:
            details.append(text.lower())
    if cat in rubric.category_words:
        details += rubric.category_words[cat]
    if sub_label or cat_label:
        chosen = sub_label or cat_label
        slots["category"] = chosen.lower() if loc == "en_US" else chosen
    currency = load_locale(loc)["currency"]
    amount = _amount(rec.get("amount"))
    if amount is not None:
        details += [f"{amount:,.2f}", f"{amount:.2f}"]
        slots["amount"] = f"{currency}{amount:,.2f}"
    received = _date(rec["received_at"], "received_at", []) if "received_at" in rec else None
    if received is not None and 1000 <= received.year <= 9999:  # a date a reply can name
        details += _date_forms(received, loc)
        slots["date"] = _write_date(received, load_templates(locale=loc).settings)
    priority = code_of(rec.get("priority", ""), "priority") or "unknown"
    slots["next_contact"] = load_templates(locale=loc).settings["next_contact"][priority]
    slots["limit"] = f"{currency}{_comp_limit(amount, policy, loc):,.2f}"
    narrative = rec.get("narrative")
    narrative = narrative if isinstance(narrative, str) else ""
    return Facts(tuple(d for d in details if d), slots, narrative, amount)


def _comp_limit(amount: float | None, policy: Policy, locale: str) -> float:
    cap = policy.max_compensation.get(locale, math.inf)
    return cap if amount is None else min(cap, amount * policy.max_compensation_share)


# --------------------------------------------------------------------------- the reply
def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|(?<=[。！？；])|\n+", text)
    return [p.strip() for p in parts if p and p.strip()]


def _evidence(sentence: str) -> str:
    s = sentence.strip()
    return s if len(s) <= EVIDENCE else s[:EVIDENCE - 1] + "…"


def _cue(norm: str, el: Element) -> bool:
    return any(p in norm for p in el.phrases) or any(rx.search(norm) for rx in el.patterns)


def _needs_met(norm: str, el: Element, rubric: Rubric, facts: Facts) -> bool:
    for need in el.needs:
        if need == "detail" and not any(_has_word(norm, d) for d in facts.details):
            return False
        if need == "time" and not any(rx.search(norm) for rx in rubric.times):
            return False
    return True


def _has_word(norm: str, word: str) -> bool:
    """``word`` in ``norm``; a Latin word only at a word's start (``app`` is not in ``happy``)."""
    if CJK.search(word) or not word[:1].isalnum():
        return word in norm
    return re.search(r"(?<![a-z0-9])" + re.escape(word), norm) is not None


def _negated(norm: str, start: int, negations: tuple) -> bool:
    before = norm[max(0, start - NEGATION_WINDOW):start]
    return any(_has_word(before, n) for n in negations)


def _forbidden_hit(norm: str, policy: Policy, locale: str) -> bool:
    negs = policy.negations.get(locale, ())
    for phrases in policy.forbidden.get(locale, {}).values():
        for p in phrases:
            i = norm.find(p)
            if i >= 0 and not _negated(norm, i, negs):
                return True
    return False


def _over_limit(norm: str, facts: Facts, policy: Policy, locale: str) -> bool:
    """An amount in the sentence above what the policy allows (compensation or refund)."""
    comp = any(w in norm for w in policy.compensation_words.get(locale, ()))
    for rx in policy.amounts.get(locale, ()):
        for m in rx.finditer(norm):
            try:
                x = float(m.group("n").replace(",", ""))
            except (ValueError, OverflowError):
                continue
            if comp and x > _comp_limit(facts.amount, policy, locale) + 0.005:
                return True
            if (not comp and facts.amount is not None
                    and x > facts.amount * policy.max_refund_share + 0.005):
                return True
    return False


def _find(el: Element, sentences: list, rubric: Rubric, policy: Policy,
          facts: Facts) -> str | None:
    """The first sentence that shows the element, or None."""
    for s in sentences:
        norm = _norm(s)
        if (_cue(norm, el) and _needs_met(norm, el, rubric, facts)) or (
                el.policy and (_forbidden_hit(norm, policy, rubric.locale)
                               or _over_limit(norm, facts, policy, rubric.locale))):
            return _evidence(s)
    return None


def _feedback(el: Element, slots: dict) -> str:
    for alt in el.feedback:
        names = [f for _, f, _, _ in string.Formatter().parse(alt) if f]
        if all(n in slots for n in names):
            return alt.format_map(slots)
    return re.sub(r"\{[^{}]*\}", "…", el.feedback[-1]).replace("{{", "{").replace("}}", "}")


def _table(reply: str, rubric: Rubric, policy: Policy, facts: Facts) -> pd.DataFrame:
    sentences = _sentences(reply)
    rows = []
    for el in rubric.elements.values():
        found = _find(el, sentences, rubric, policy, facts)
        if el.kind == "required":
            status = "present" if found else "missing"
            points = el.weight if found else 0.0
        else:
            status = "harmful" if found else "absent"
            points = -el.weight if found else 0.0
        note = ""
        if status in ("missing", "harmful"):
            note = _feedback(el, {**facts.slots, "evidence": found or ""})
        rows.append({"element": el.name, "label": el.label, "kind": el.kind, "status": status,
                     "weight": el.weight, "points": points, "evidence": found or "",
                     "feedback": note})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- bad input
def _shingles(text: str, n: int) -> set:
    s = re.sub(r"[\W_]+", "", text.lower())
    return {s[i:i + n] for i in range(max(0, len(s) - n + 1))}


def _wrong_language(reply: str, locale: str) -> bool:
    cjk = len(CJK.findall(reply))
    latin = len(re.findall(r"[A-Za-z]", reply))
    if cjk + latin == 0:
        return False
    share = cjk / (cjk + latin)
    return share < 0.3 if locale == "zh_CN" else share > 0.3


def _problem(reply, rubric: Rubric, facts: Facts) -> str | None:
    """Why the reply cannot be scored (in the rubric's language), or None."""
    msg = rubric.messages
    if reply is None or (not isinstance(reply, str) and _missing_scalar(reply)):
        return msg["empty"]
    if not isinstance(reply, str):
        return msg["not_text"].format(kind=_kind(reply))
    if len(reply) > rubric.max_chars:
        return msg["too_long"].format(n=len(reply), max=rubric.max_chars)
    if not re.search(r"\w", reply):
        return msg["empty"]
    if _wrong_language(reply, rubric.locale):
        return msg["wrong_language"]
    share, covered = _overlap(reply, facts.narrative, rubric.locale)
    if share >= rubric.pasted_share or covered >= COVERED:
        return msg["pasted"].format(share=share)
    return None


def _overlap(reply: str, narrative: str, locale: str) -> tuple[float, float]:
    """(share of the reply found in the complaint, share of the complaint found in the reply)."""
    n = SHINGLE.get(locale, 8)
    theirs, ours = _shingles(narrative, n), _shingles(reply, n)
    if len(theirs) < 3 or not ours:
        return 0.0, 0.0
    common = len(ours & theirs)
    return common / len(ours), common / len(theirs)


def _missing_scalar(value) -> bool:
    try:
        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- the result
@dataclass(repr=False)
class ReplyScore:
    """A reply scored against the rubric.

    ``.table`` has one row per element: ``element``, ``label``, ``kind`` (required, harmful),
    ``status`` (present, missing, harmful, absent; "not scored" when the reply cannot be
    scored), ``weight``, ``points``, ``evidence`` (the sentence that shows it) and ``feedback``
    (for a missing or harmful element). ``.points`` of ``.max_points``, ``.score`` (their
    ratio, 0 at least), ``.passed`` (no harmful element, score at least the rubric's pass
    mark), ``.reason`` (why the reply could not be scored, or None), ``.locale``.
    ``.feedback()`` (or ``str()``) is the text the trainee reads, in the complaint's language.
    """

    table: pd.DataFrame
    points: float
    max_points: float
    score: float
    passed: bool
    reason: str | None
    locale: str
    messages: dict = field(default_factory=dict, repr=False)

    @property
    def missing(self) -> list[str]:
        """The required elements the reply lacks."""
        return self.table.loc[self.table["status"] == "missing", "element"].tolist()

    @property
    def harmful(self) -> list[str]:
        """The harmful elements the reply holds."""
        return self.table.loc[self.table["status"] == "harmful", "element"].tolist()

    def lines(self) -> list[str]:
        """The feedback as a list of lines: the verdict, then what to change, then what is
        there."""
        if self.reason:
            return [self.reason]
        key = "passed" if self.passed else "not_passed"
        out = [self.messages[key].format(points=self.points, max=self.max_points)]
        t = self.table
        for status in ("harmful", "missing"):
            out += t.loc[t["status"] == status, "feedback"].tolist()
        present = t.loc[t["status"] == "present", "label"].tolist()
        if present:
            sep = "、" if self.locale == "zh_CN" else ", "
            out.append(self.messages["present"].format(labels=sep.join(present)))
        return out

    def feedback(self) -> str:
        """The feedback, in the complaint's language: verdict, then one line per element."""
        first, *rest = self.lines()
        return "\n".join([first, *(f"- {line}" for line in rest)])

    def __str__(self) -> str:
        return self.feedback()

    __repr__ = __str__

    def _repr_html_(self) -> str:
        first, *rest = self.lines()
        items = "".join(f"<li>{html.escape(x)}</li>" for x in rest)
        return f"<div><b>{html.escape(first)}</b><ul>{items}</ul></div>"


def _resolve(rubric, policy, locale, rec) -> tuple[Rubric, Policy]:
    if locale is not None:
        check_locale(locale)
    if rubric is not None:
        rubric = load_rubric(rubric)
        if locale is not None and locale != rubric.locale:
            raise ValueError(MESSAGES["locale_mismatch"].format(theirs=rubric.locale,
                                                                ours=locale))
    else:
        rubric = load_rubric(locale=locale or _guess_locale(rec, rec.keys()))
    return rubric, load_policy(policy)


def _unscored(rubric: Rubric, reason: str) -> ReplyScore:
    rows = [{"element": el.name, "label": el.label, "kind": el.kind, "status": "not scored",
             "weight": el.weight, "points": 0.0, "evidence": "", "feedback": ""}
            for el in rubric.elements.values()]
    top = sum(el.weight for el in rubric.elements.values() if el.kind == "required")
    return ReplyScore(pd.DataFrame(rows), 0.0, top, 0.0, False, reason, rubric.locale,
                      rubric.messages)


def score_reply(reply, complaint, *, locale: str | None = None, rubric=None,
                policy=None) -> ReplyScore:
    """Score a written reply to one complaint against a rubric and a policy (回复评分).

    Each element of the rubric is looked for sentence by sentence: its phrases or patterns,
    and, when the element needs them, one of the complaint's own details (order number,
    product, category words, order amount, date received) or a time in the same sentence. The
    harmful elements take points away, and any one of them means "not yet". A reply that
    cannot be scored gets "not yet" and the reason instead of a score: empty or None, not
    text, longer than the rubric's ``max_chars``, in the other language, or pasted from the
    complaint (half of it or more repeats the narrative, or it holds most of the narrative).

    Parameters
    ----------
    reply : str
        The reply as the trainee wrote it (a :func:`~complaintkit.suggest_reply` result is read
        as its text). Anything else is answered, never raised.
    complaint : pandas.Series, dict or one-row DataFrame
        The complaint replied to, as for :func:`~complaintkit.suggest_reply`: fields used are
        ``order_id``, ``category``, ``sub_category``, ``product_category``, ``amount``,
        ``received_at``, ``priority`` and ``narrative``, when present.
    locale : {None, "en_US", "zh_CN"}
        The complaint's language; None: the rubric's, else zh_CN when the complaint holds
        Chinese text, else en_US.
    rubric, policy : None, str, Path or dict
        Files of one's own (see :func:`load_rubric`, :func:`load_policy`); None: the kit's.

    Returns
    -------
    ReplyScore
        ``.table``, ``.score``, ``.points``, ``.max_points``, ``.passed``, ``.reason``,
        ``.missing``, ``.harmful`` and ``.feedback()``.

    Raises
    ------
    TypeError, ValueError
        Not one complaint, an unknown locale, a rubric for another locale.
    RubricError
        A rubric or policy file that cannot be used (names the file, element and key).

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_zh")
    >>> row = world.labelled("complaints").iloc[0]
    >>> res = ck.score_reply("", row)
    >>> res.passed, res.reason[:10]
    (False, '还不行：回复是空的。')
    >>> ck.score_reply("Sorry about that.", row).reason
    '还不行：回复用了另一种语言。这位客户用中文投诉，请用中文回复。'
    >>> res = ck.score_reply("我们保证再也不会发生这种事。", row)
    >>> res.harmful
    ['forbidden_promise']
    """
    rec = _record(complaint)
    rubric, policy = _resolve(rubric, policy, locale, rec)
    if hasattr(reply, "text") and hasattr(reply, "template") and isinstance(reply.text, str):
        reply = reply.text
    if isinstance(reply, str) and len(reply) > HARD_LIMIT:
        return _unscored(rubric, rubric.messages["too_long"].format(n=len(reply),
                                                                    max=rubric.max_chars))
    facts = _facts(rec, rubric, policy)
    reason = _problem(reply, rubric, facts)
    if reason is not None:
        return _unscored(rubric, reason)
    table = _table(reply, rubric, policy, facts)
    top = float(table.loc[table["kind"] == "required", "weight"].sum())
    points = max(0.0, float(table["points"].sum()))
    score = points / top if top else 0.0
    passed = not (table["status"] == "harmful").any() and score >= rubric.pass_mark - 1e-9
    return ReplyScore(table, points, top, round(score, 4), bool(passed), None, rubric.locale,
                      rubric.messages)
