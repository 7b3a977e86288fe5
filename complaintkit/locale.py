"""Locales: labels, places and complaint texts for each supported language.

Codes (``delivery_delay``, ``vip``, ``social_media``) are the same in every locale; a locale
file (``complaintkit/locales/<code>.toml``) maps them to labels and holds the cities of each
region and the templates of complaint narratives.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .i18n import N_, is_english, tr

__all__ = ["LOCALES", "load_locale", "labels", "to_codes", "label_family", "Recoded", "recode",
           "code_of", "locales_of", "text_locale"]

LOCALE_DIR = Path(__file__).parent / "locales"
LOCALES = ("en_US", "zh_CN")


def check_locale(locale: str, *, lang: str | None = None) -> str:
    """Return ``locale`` if supported, else raise a ValueError that lists the choices (in
    ``lang``, the caller's language)."""
    if locale not in LOCALES:
        raise ValueError(tr("locale must be one of {allowed}, but {value!r} was passed", lang,
                            allowed=", ".join(map(repr, LOCALES)), value=locale))
    return locale


_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def text_locale(texts) -> str | None:
    """The language of texts a user wrote (a file's column names, its labels): ``"zh_CN"``
    when any of them holds a Chinese character, else None (English).

    >>> text_locale(["工单号", "Ticket"]), text_locale(["Ticket", 3]), text_locale("优先级")
    ('zh_CN', None, 'zh_CN')
    """
    if isinstance(texts, str):
        texts = [texts]
    return "zh_CN" if any(_HANZI.search(str(t)) for t in texts) else None


@functools.cache
def load_locale(locale: str = "en_US") -> dict[str, Any]:
    """The parsed locale file (labels, regions with cities, narrative templates)."""
    check_locale(locale)
    return tomllib.loads((LOCALE_DIR / f"{locale}.toml").read_text(encoding="utf-8"))


def labels(locale: str = "en_US", kind: str | None = None) -> dict[str, Any]:
    """Code → label mappings of a locale.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
    kind : str, optional
        One family of codes (``"category"``, ``"channel"``, ``"column"`` ...); all if omitted.

    Examples
    --------
    >>> import complaintkit as ck
    >>> ck.labels("zh_CN", "event")["follow_up"]
    '回访'
    """
    all_labels = load_locale(locale)["labels"]
    if kind is None:
        return all_labels
    if kind not in all_labels:
        raise ValueError(tr("kind must be one of {allowed}, but {value!r} was passed",
                            locale if locale in LOCALES else None,
                            allowed=", ".join(map(repr, sorted(all_labels))), value=kind))
    return all_labels[kind]


# --------------------------------------------------------------------------- labels -> codes
#: schema columns whose label family has another name (``surveys.method``: ``survey_method``)
FAMILY = {"method": "survey_method", "filed_category": "category"}

MESSAGES = {
    "unknown": N_("{kind}: {values} {verb} not a code or a label of {kind}{where} in "
                  "{rows}{hint}; the codes are {codes}"),
    "ambiguous": N_("{kind}: {values} {verb} ambiguous (a label of {codes}{where}) in "
                    "{rows}: pass locale= to say which language the labels are in"),
    "other_kind": N_(" ({examples})"),
    "is_label_of": N_("{value!r} is a label of {other} {code!r}"),
    "where": N_(" in {language}"),
}


def label_family(column: str) -> str:
    """The label family (``kind``) of a schema column: its own name, except ``method``."""
    return FAMILY.get(column, column)


@functools.cache
def _lookup(kind: str, locale: str | None) -> dict[str, tuple[str, ...]]:
    """Every value read as ``kind``: code or label -> the codes it may stand for."""
    found: dict[str, set[str]] = {}
    for loc in (locale,) if locale else LOCALES:
        for code, label in labels(loc, kind).items():
            found.setdefault(str(code), set()).add(str(code))
            found.setdefault(str(label).strip(), set()).add(str(code))
    return {value: tuple(sorted(codes)) for value, codes in found.items()}


@dataclass
class Recoded:
    """Values read back as codes of a label family (see :func:`recode`).

    ``codes``: the values with every known code or label as its code (unknown and ambiguous
    values kept as given, missing stays missing); ``unknown`` and ``ambiguous``: masks of the
    values that are not read; ``changed``: mask of the labels read as codes; ``labels``: the
    labels recoded, ``{label: (code, count)}``; ``locales``: the locales that write every one of
    them (empty when labels of different locales are mixed).
    """

    codes: pd.Series
    unknown: np.ndarray
    ambiguous: np.ndarray
    changed: np.ndarray
    labels: dict
    locales: tuple


def recode(values: pd.Series, kind: str, locale: str | None = None) -> Recoded:
    """Codes and labels of ``kind`` read as codes, without raising (see :func:`to_codes`)."""
    if locale is not None:
        check_locale(locale)
    labels(locale or LOCALES[0], kind)  # checks kind
    table = _lookup(kind, locale)
    # Each distinct value is looked up once (a column of a million rows has a handful of
    # distinct codes): this pass ran per row and was half of the generator's time (issue 14).
    try:
        where, distinct = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable values: each row is its own value
        where, distinct = np.arange(len(values)), values.to_numpy(dtype=object)
    distinct = np.asarray(distinct, dtype=object)
    text = [str(v).strip() for v in distinct]
    hits = [table.get(t, ()) for t in text]
    n_of = np.array([len(h) for h in hits] + [0])        # the last entry: missing values
    code_of_ = np.array([h[0] if len(h) == 1 else None for h in hits] + [None], dtype=object)
    moved = np.array([len(h) == 1 and t != h[0] for t, h in zip(text, hits, strict=True)]
                     + [False])
    at = np.where(where >= 0, where, len(distinct))
    present = where >= 0
    n = n_of[at]
    unknown, ambiguous = present & (n == 0), present & (n > 1)
    one = present & (n == 1)
    codes = values.astype(object).copy()
    codes[one] = code_of_[at[one]]
    changed = moved[at]
    per_value = np.bincount(at[changed], minlength=len(distinct) + 1)
    recoded: dict = {}
    for i in np.flatnonzero(per_value[:-1]):  # in order of first appearance, as value_counts
        label = text[i]
        recoded[label] = (table[label][0], recoded.get(label, (None, 0))[1] + int(per_value[i]))
    return Recoded(codes, unknown, ambiguous, changed, recoded, locales_of(kind, recoded))


def locales_of(kind: str, recoded: dict) -> tuple:
    """The locales that write every label of ``recoded`` ({label: (code, n)}); empty when
    labels of different locales are mixed."""
    return tuple(loc for loc in LOCALES
                 if all(labels(loc, kind).get(code) == label
                        for label, (code, _) in recoded.items()))


def code_of(value, kind: str, locale: str | None = None) -> str | None:
    """The code ``value`` stands for in ``kind`` (a code or a label); None if unknown or
    ambiguous."""
    codes = _lookup(kind, locale).get(str(value).strip(), ())
    return codes[0] if len(codes) == 1 else None


def other_kinds(value: str, kind: str, *, lang: str | None = None) -> list[str]:
    """Where else ``value`` is a label or code: e.g. ``"'高' is a label of priority 'high'"``
    (in ``lang``)."""
    out = []
    for other in sorted(labels(LOCALES[0])):
        if other == kind:
            continue
        for code in _lookup(other, None).get(str(value).strip(), ()):
            out.append(tr(MESSAGES["is_label_of"], lang, value=value, other=other,
                          code=code))
    return out


def _rows(mask: np.ndarray, index: pd.Index, limit: int = 5, lang: str | None = None) -> str:
    bad = index[mask]
    more = tr(" and {k} more", lang, k=len(bad) - limit) if len(bad) > limit else ""
    shown = ", ".join(map(str, bad[:limit]))
    if len(bad) > 1:
        return tr("rows {rows}{more}", lang, rows=shown, more=more)
    return tr("row {rows}{more}", lang, rows=shown, more=more)


def _values(s: pd.Series, limit: int = 3, lang: str | None = None) -> tuple[str, str]:
    """The values shown, and the verb that follows them (English only: Chinese has none)."""
    seen = pd.unique(s.astype(object))
    shown = ", ".join(map(repr, seen[:limit])) + (" ..." if len(seen) > limit else "")
    if not is_english(lang):
        return shown, ""
    return shown, "is" if len(seen) == 1 else "are"


def to_codes(values, kind: str, locale: str | None = None):
    """Labels the kit writes (zh or en) or codes, back to codes.

    The reverse of :func:`labels`: ``world.labelled(table)`` writes labels, this reads them
    back. Codes pass unchanged; leading and trailing spaces are ignored; missing stays
    missing. Nothing is guessed: a value that is neither a code nor a label of ``kind`` is
    refused with its rows (and where else it is a label, e.g. a priority label in a channel
    column), and so is a label that stands for two codes.

    Parameters
    ----------
    values : str, list-like or pandas.Series
        Codes and/or labels (one column may mix zh and en labels).
    kind : str
        The label family: ``"category"``, ``"priority"``, ``"channel"`` ... or ``"column"``
        for column names (``"投诉编号"`` -> ``"complaint_id"``).
    locale : {None, "en_US", "zh_CN"}
        The language of the labels; None accepts the labels of every locale.

    Returns
    -------
    The codes, in the shape given: a Series (same index and name), a list, or one string.

    Raises
    ------
    ValueError
        Values that are not codes or labels of ``kind`` (or are ambiguous), with their rows.

    Examples
    --------
    >>> import complaintkit as ck
    >>> ck.to_codes(["高", "Low", "medium"], "priority")
    ['high', 'low', 'medium']
    >>> ck.to_codes("投诉编号", "column")
    'complaint_id'
    >>> ck.to_codes(["高"], "channel")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: channel: '高' is not a code or a label of channel in row 0 ('高' is a label ...
    """
    scalar = isinstance(values, str) or np.ndim(values) == 0
    series = values if isinstance(values, pd.Series) else pd.Series(
        [values] if scalar else list(values), dtype=object)
    r = recode(series, kind, locale)
    # locale= names the labels' language, not the messages': tests/test_labels.py keeps these
    # errors English (a caller that speaks Chinese passes lang= to other_kinds and _values)
    lang = None
    where = tr(MESSAGES["where"], lang, language=locale) if locale else ""
    if r.unknown.any():
        shown, verb = _values(series[r.unknown], lang=lang)
        hints = [h for v in pd.unique(series[r.unknown].astype(object))[:3]
                 for h in other_kinds(v, kind, lang=lang)]
        hint = tr(MESSAGES["other_kind"], lang, examples="; ".join(hints)) if hints else ""
        raise ValueError(tr(
            MESSAGES["unknown"], lang, kind=kind, values=shown, verb=verb, where=where,
            rows=_rows(r.unknown, series.index, lang=lang), hint=hint,
            codes=", ".join(labels(locale or LOCALES[0], kind))))
    if r.ambiguous.any():
        shown, verb = _values(series[r.ambiguous], lang=lang)
        codes = _lookup(kind, locale)[str(series[r.ambiguous].iloc[0]).strip()]
        raise ValueError(tr(
            MESSAGES["ambiguous"], lang, kind=kind, values=shown, verb=verb,
            codes=tr(" and ", lang).join(codes), where=where,
            rows=_rows(r.ambiguous, series.index, lang=lang)))
    if isinstance(values, pd.Series):
        return r.codes.rename(values.name)
    return r.codes.iloc[0] if scalar else r.codes.tolist()
