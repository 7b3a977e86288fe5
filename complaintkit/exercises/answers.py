"""Reading a trainee's answer in whatever reasonable form it comes, and comparing it.

Answers are compared by meaning, not by form: a Series, a two-column DataFrame, a dict or a
kit result all count; index order, dtype, rounding to 2 decimals (:data:`ATOL`), percentages
instead of shares (:func:`read_shares`, the one rule) and labels instead of codes (in either
locale) are all accepted. The helpers here are shared by every ``exNN`` check module:

- readers: :func:`as_number`, :func:`single_number`, :func:`as_series`, :func:`as_list`,
  :func:`as_pair`, :func:`words` (with :data:`YES` and :data:`NO`), :func:`read_shares`;
- comparisons: :func:`close` and :func:`first_match` (which typical wrong answer is it?).

A reader that cannot make sense of an answer raises :class:`AnswerError` with a message that
says what form was expected; the check then answers "not yet" with that message, in the
exercise's language: ``AnswerError(N_("msgid with {fields}"), **fields)`` keeps its msgid and
fields, ``str(e)`` is the English and ``e.render(locale)`` the message in ``locale`` (see
:class:`Msg` for what a field may be).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_list, is_english, tr, translated
from ..locale import LOCALES, labels

STUB = N_("Replace the `...` with your answer and run the cell again.")
ATOL = 0.005  # the tolerance for shares: answers rounded to 2 decimals still pass
PERCENT_NOTE = N_("Read as a percentage; shares between 0 and 1 are the usual form.")
PERCENTS_NOTE = N_("Read as percentages; shares between 0 and 1 are the usual form.")
YES = frozenset({"yes", "y", "true", "是", "有", "存在", "有证据"})
NO = frozenset({"no", "n", "false", "否", "没有", "无", "不存在", "没有证据"})


class Msg:
    """A message to be written later, in the language of whoever shows it.

    ``Msg(N_("msgid with {fields}"), **fields)``; :meth:`render` gives it in a locale,
    ``str()`` in English. A field may be:

    - a ``str``: translated when the catalog has it as a msgid (so pass names such as
      ``what=N_("the share")``, marked with ``N_``), else shown as it is: pass a trainee's text
      as ``repr(text)`` (quoted, it reads as code in every language);
    - a :class:`Msg` (e.g. ``Msg(N_("the {what}"), what=what)``), rendered in the same locale;
    - a callable ``f(locale) -> str``, for what depends on the language: :func:`named`
      (a code as its label), :func:`type_name`, or ``lambda loc: fmt_pct(x, loc, 1)``;
    - anything else (a number): formatted as it is, so ``{v:g}`` and ``{key!r}`` work.

    Examples
    --------
    >>> m = Msg(N_("{what} must be a finite number, not {value}"), what=N_("the share"),
    ...         value="inf")
    >>> str(m)
    'the share must be a finite number, not inf'
    """

    def __init__(self, msgid: str, /, **fields):
        self.msgid, self.fields = msgid, fields

    def render(self, locale: str | None = None) -> str:
        """The message in ``locale`` (English if None)."""
        if not self.fields:   # a plain text (or an old-style formatted one)
            return translated(self.msgid, locale)
        return tr(self.msgid, locale, **{k: _field(v, locale) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.render(None)

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r})"


def _field(value, locale):
    if isinstance(value, Msg):
        return value.render(locale)
    if callable(value):
        return value(locale)
    if isinstance(value, str):
        return translated(value, locale)
    return value


class AnswerError(ValueError):
    """The answer cannot be read; the message says what form was expected.

    ``AnswerError(N_("msgid with {fields}"), **fields)``: ``str(e)`` is the English,
    ``e.render(locale)`` the message in ``locale`` (:class:`Msg` says what a field may be).
    :meth:`complaintkit.exercises.Exercise.check` answers "not yet" with
    ``e.render(ctx.locale)``.

    Examples
    --------
    >>> e = AnswerError(N_("{what} must be a single number, not {kind}"),
    ...                 what=N_("the share"), kind=type_name("most"))
    >>> str(e)
    'the share must be a single number, not str'
    >>> e.msgid, sorted(e.fields)
    ('{what} must be a single number, not {kind}', ['kind', 'what'])
    """

    def __init__(self, msgid: str = "", /, **fields):
        self.msg = Msg(str(msgid), **fields)
        super().__init__(self.msg.render(None))

    @property
    def msgid(self) -> str:
        return self.msg.msgid

    @property
    def fields(self) -> dict:
        return self.msg.fields

    def render(self, locale: str | None = None) -> str:
        """The message in ``locale`` (English if None)."""
        return self.msg.render(locale)


def _kind(kind: str):
    """A field for the name of a kind of code: ``sub-category`` in English, the column's
    label in another locale."""
    def render(loc):
        if is_english(loc) or loc not in LOCALES:
            return kind.replace("_", "-")
        from ..analysis._checks import column_label

        return column_label(kind, loc)

    return render


def type_name(value):
    """A field for the type of ``value``: its name in English (``str``), quoted as code in
    another language (``'str'``)."""
    name = type(value).__name__
    return lambda loc: name if is_english(loc) else repr(name)


def named(kind: str, code, *, quote: bool = True):
    """A field for a code of ``kind`` (``category`` ...): the code in English (quoted as
    ``'delivery'`` with ``quote``, as the checks always wrote), its label in another locale
    when it has one (``物流配送``), else the code quoted.

    >>> f = named("category", "delivery")
    >>> f(None), f("zh_CN")
    ("'delivery'", '物流配送')
    """
    def render(loc):
        if is_english(loc) or loc not in LOCALES:
            return repr(code) if quote else str(code)
        lab = labels(loc).get(kind, {})
        return str(lab[code]) if code in lab else repr(code)

    return render


def named_list(kind: str, codes, *, quote: bool = False):
    """A field for several codes of ``kind``: ``a, b`` in English (each quoted with
    ``quote``), their labels joined in another locale (``物流配送、支付扣费``).

    >>> f = named_list("category", ["delivery", "billing"])
    >>> f(None), f("zh_CN")
    ('delivery, billing', '物流配送、支付扣费')
    """
    codes = list(codes)
    return lambda loc: fmt_list([named(kind, c, quote=quote)(loc) for c in codes], loc)


LARGEST = 1e15
"""No answer to any task is larger than this (in size): larger numbers, infinities and NaN are
refused with a message, so that no check sums, rounds or casts them into an overflow."""


def finite(values, what: str = N_("your answer")):
    """``values`` (a number, array or Series of floats) when every one is a finite number of
    a size an answer can have; else :class:`AnswerError` saying which value is not.

    Examples
    --------
    >>> finite(0.25)
    0.25
    >>> finite(float("inf"), "the share")
    Traceback (most recent call last):
    ...
    complaintkit.exercises.answers.AnswerError: the share must be a finite number, not inf
    >>> try:
    ...     finite(pd.Series({"delivery": 1e300}), "the shares")
    ... except AnswerError as e:
    ...     print(str(e).split(" is ")[0])
    the shares: 1e+300 (for 'delivery')
    """
    arr = np.asarray(values, dtype=float).ravel()
    labels_ = (list(values.index) if isinstance(values, pd.Series)
               else [None] * arr.size)
    for v, key in zip(arr, labels_, strict=True):
        many = arr.size > 1 or key is not None
        if np.isnan(v):
            if key is not None:
                raise AnswerError(N_("{what} must be numbers, but one is missing (NaN) "
                                     "(for {key})"), what=what, key=repr(key))
            if many:
                raise AnswerError(N_("{what} must be numbers, but one is missing (NaN)"),
                                  what=what)
            raise AnswerError(N_("{what} must be a finite number, not NaN"), what=what)
        if np.isinf(v):
            if key is not None:
                raise AnswerError(N_("{what} must be finite numbers, not {value} (for {key})"),
                                  what=what, value=str(v), key=repr(key))
            if many:
                raise AnswerError(N_("{what} must be finite numbers, not {value}"), what=what,
                                  value=str(v))
            raise AnswerError(N_("{what} must be a finite number, not {value}"), what=what,
                              value=str(v))
        if abs(v) > LARGEST:
            if key is not None:
                raise AnswerError(N_("{what}: {value} (for {key}) is far too large to be an "
                                     "answer here (at most {largest} in size)"), what=what,
                                  value=f"{v:g}", key=repr(key), largest=f"{LARGEST:g}")
            raise AnswerError(N_("{what}: {value} is far too large to be an answer here (at "
                                 "most {largest} in size)"), what=what, value=f"{v:g}",
                              largest=f"{LARGEST:g}")
    return values


def to_float(value, what: str = N_("the answer")) -> float:
    """One value as a finite float; :class:`AnswerError` (never OverflowError) otherwise.

    Examples
    --------
    >>> try:
    ...     to_float(10 ** 400, "the count")
    ... except AnswerError as e:
    ...     print(str(e).split(" is ")[0])
    the count: a number with 401 digits
    """
    try:
        x = float(value)
    except OverflowError:
        if not isinstance(value, int):
            raise AnswerError(N_("{what}: a number with too many digits is far too large to "
                                 "be an answer here (at most {largest} in size)"), what=what,
                              largest=f"{LARGEST:g}") from None
        raise AnswerError(N_("{what}: a number with {digits} digits is far too large to be an "
                             "answer here (at most {largest} in size)"), what=what,
                          digits=len(str(abs(int(value)))), largest=f"{LARGEST:g}") from None
    except (TypeError, ValueError):
        raise AnswerError(N_("{what} must be a single number, not {kind}"), what=what,
                          kind=type_name(value)) from None
    return finite(x, what)


def to_floats(s: pd.Series, what: str) -> pd.Series:
    """A Series of numbers as finite floats; :class:`AnswerError` naming the first bad one.

    ``what``: the numbers in the plural, a msgid (``N_("shares")``)."""
    the = Msg(N_("the {what}"), what=what)
    if s.empty:
        raise AnswerError(N_("your answer is empty: expected {what}"), what=the)
    try:
        values = pd.to_numeric(s, errors="raise")
        values = pd.Series(np.asarray(values, dtype=float), index=s.index)
    except OverflowError:
        raise AnswerError(N_("{what}: a number is far too large to be an answer here (at "
                             "most {largest} in size)"), what=the,
                          largest=f"{LARGEST:g}") from None
    except (ValueError, TypeError):
        raise AnswerError(N_("{what} must be numbers; found {value}"), what=the,
                          value=repr(_first_bad(s))) from None
    return finite(values, the)


def _first_bad(s: pd.Series):
    """The first value of ``s`` that is not a number (what the trainee should look at)."""
    for v in s:
        try:
            pd.to_numeric(pd.Series([v]), errors="raise")
        except (ValueError, TypeError):
            return v
    return s.iloc[0]


# --------------------------------------------------------------------------- stubs
def is_stub(answer) -> bool:
    """The answer is still the notebook's placeholder (``...``) or nothing."""
    return answer is Ellipsis or answer is None


def reject_stubs(*parts) -> None:
    """Raise :class:`AnswerError` (:data:`STUB`) when any part of an answer is still ``...``.

    Examples
    --------
    >>> reject_stubs(0.3, 0.7)
    >>> try:
    ...     reject_stubs(0.3, ...)
    ... except AnswerError as e:
    ...     print(e)
    Replace the `...` with your answer and run the cell again.
    """
    if any(is_stub(p) for p in parts):
        raise AnswerError(STUB)


# --------------------------------------------------------------------------- comparing
def close(got, want, atol: float = ATOL, rtol: float = 0.0) -> bool:
    """Every number of ``got`` is within ``atol`` of ``want`` (or ``rtol`` of it, if looser).

    Both may be numbers, sequences or Series of the same length (compared by position).

    Examples
    --------
    >>> close(0.31, 0.3125)           # rounded to 2 decimals: right
    True
    >>> close((0.62, 0.40), (0.6231, 0.3954))
    True
    >>> close(10_020, 10_000, atol=0.5, rtol=0.005)  # within 0.5%
    True
    """
    a, b = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return bool(np.all(np.abs(a - b) <= np.maximum(atol, rtol * np.abs(b))))


def first_match(got, candidates: Mapping[str, object], atol: float = ATOL,
                rtol: float = 0.0) -> str | None:
    """The first key of ``candidates`` whose value is :func:`close` to ``got``, else None.

    ``candidates`` maps what a typical wrong answer means (the feedback) to its value.

    Examples
    --------
    >>> wrong = {"That is a count: divide by the total.": 530,
    ...          "That is what the article says.": 0.45}
    >>> first_match(0.45, wrong)
    'That is what the article says.'
    >>> first_match(0.48, wrong) is None
    True
    """
    for why, value in candidates.items():
        if close(got, value, atol, rtol):
            return why
    return None


# --------------------------------------------------------------------------- percentages
def read_shares(values, *, whole: bool = False, locale: str | None = None):
    """Shares from shares or percentages: the one rule for reading numbers as percentages.

    A share runs from 0 to 1. The numbers of an answer are read as percentages, and divided by
    100, when they cannot be shares but can be percentages:

    - the largest is above 1.5: a share a little above 1 is a share gone wrong (divided by the
      wrong total, say), not a percentage of about 1%, and stays as it is so that the check
      can say what went wrong;
    - none is above 100.5 (100 and a little rounding): larger numbers are counts;
    - with ``whole=True`` (the parts of one whole, such as shares by category) they also add
      up to 100, give or take 1.5 for rounding: counts that happen to stay below 100 are not
      percentages.

    All the numbers of one answer are read the same way: an answer is in shares or in
    percentages, never a mix. A check that recognises a count or another typical wrong number
    by its raw value looks for it before reading percentages.

    Parameters
    ----------
    values : float, sequence of float, numpy array or pandas Series
    whole : bool, default False
        The values are the parts of one whole (as shares they add up to 1).
    locale : str, optional
        The language of the note (the exercise's, ``ctx.locale``); English if None.

    Returns
    -------
    values
        As given, or divided by 100 (a float, a tuple, an array or a Series).
    notes : list of str
        ``[PERCENT_NOTE]`` (:data:`PERCENTS_NOTE` for several values) in ``locale`` for the
        trainee when the values were read as percentages, else ``[]``.

    Examples
    --------
    >>> read_shares(48.4)
    (0.484, ['Read as a percentage; shares between 0 and 1 are the usual form.'])
    >>> read_shares(0.484)
    (0.484, [])
    >>> read_shares(1.2)                # a share gone wrong, not 1.2%
    (1.2, [])
    >>> read_shares((62.5, 39.5))
    ((0.625, 0.395), ['Read as percentages; shares between 0 and 1 are the usual form.'])
    >>> read_shares(530)                # a count
    (530, [])
    >>> import pandas as pd
    >>> shares, notes = read_shares(pd.Series({"delivery": 62, "billing": 38}), whole=True)
    >>> shares.to_dict()
    {'delivery': 0.62, 'billing': 0.38}
    >>> read_shares(pd.Series({"delivery": 50, "billing": 20}), whole=True)[1]  # counts
    []
    """
    arr = np.asarray(values, dtype=float)
    if arr.size == 0 or np.isnan(arr).all():
        return values, []
    top, total = float(np.nanmax(arr)), float(np.nansum(arr))
    if not (1.5 < top <= 100.5 and (not whole or abs(total - 100) < 1.5)):
        return values, []
    notes = [tr(PERCENTS_NOTE if arr.size > 1 else PERCENT_NOTE, locale)]
    if isinstance(values, (pd.Series, pd.DataFrame, np.ndarray)):
        return values / 100, notes
    if isinstance(values, (tuple, list)):
        return tuple(float(v) / 100 for v in values), notes
    return float(values) / 100, notes


# --------------------------------------------------------------------------- labels
def to_codes(keys, kind: str) -> list[str]:
    """Map labels (any locale) back to codes; codes stay as they are.

    Examples
    --------
    >>> to_codes(["物流配送", "billing"], "category")
    ['delivery', 'billing']
    """
    reverse = {}
    for loc in LOCALES:
        reverse.update({str(v): k for k, v in labels(loc).get(kind, {}).items()})
    return [reverse.get(str(k), str(k)) for k in keys]


def words(text) -> str:
    """A short text answer in one form: lower case, no end punctuation, single spaces.

    Examples
    --------
    >>> words("  Cannot   tell. ")
    'cannot tell'
    >>> words("No!") in NO, words("是。") in YES
    (True, True)
    """
    return re.sub(r"[\s.!。！]+", " ", str(text).strip().lower()).strip().replace("’", "'")


# --------------------------------------------------------------------------- reading answers
def as_table(answer):
    """A kit result's ``.table``; any other answer as it is."""
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame):
        return answer.table
    return answer


def numeric_columns(df: pd.DataFrame) -> list:
    """The columns of ``df`` that hold numbers (not True/False)."""
    return [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c])]


def table_series(df: pd.DataFrame, what: str, *, prefer=(), key=None) -> pd.Series:
    """One column of a small table as a Series, indexed by its first text column.

    The values come from the first numeric column named in ``prefer``, else from the last
    numeric column; the index from the column ``key`` if given, else from the first text
    column, else from the table's index.

    Examples
    --------
    >>> df = pd.DataFrame({"category": ["delivery", "billing"], "n": [62, 38],
    ...                    "share": [0.62, 0.38]})
    >>> table_series(df, "shares", prefer=("share",)).to_dict()
    {'delivery': 0.62, 'billing': 0.38}
    """
    num = [c for c in numeric_columns(df) if c != key]
    if not num:
        raise AnswerError(N_("your table has no numeric column: put the {what} in a column"),
                          what=what)
    chosen = [c for c in num if str(c).lower() in prefer]
    col = chosen[0] if chosen else num[-1]
    if key is not None:
        index = df[key] if key in df.columns else df.index
    else:
        text = [c for c in df.columns if c not in num]
        index = df[text[0]] if text else df.index
    return pd.Series(df[col].to_numpy(), index=np.asarray(index))


def as_series(answer, kind: str, what: str = N_("shares")) -> pd.Series:
    """A mapping-like answer as a float Series indexed by code.

    Examples
    --------
    >>> as_series({"物流配送": 0.62, "billing": 0.38}, "category").to_dict()
    {'delivery': 0.62, 'billing': 0.38}
    """
    answer = as_table(answer)
    if isinstance(answer, Mapping):
        s = pd.Series(dict(answer), dtype="object")
    elif isinstance(answer, pd.Series):
        s = answer
    elif isinstance(answer, pd.DataFrame):
        s = table_series(answer, what, prefer=(what, what.rstrip("s"), "share", "shares",
                                               "cum_share", "proportion", "pct"))
    else:
        raise AnswerError(N_("expected a pandas Series (or a table, or a dict) of {what} by "
                             "{kind}, but got {type}"), what=what, kind=_kind(kind),
                          type=type_name(answer))
    values = to_floats(s, what)
    values.index = to_codes(s.index, kind)
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()][0]
        raise AnswerError(N_("{key} appears more than once in your answer"), key=repr(dup))
    return values


def as_number(answer, what: str = N_("the share")) -> float:
    """One number (a one-element Series or table counts too).

    Examples
    --------
    >>> as_number(pd.Series([0.25]))
    0.25
    >>> as_number("most")
    Traceback (most recent call last):
    ...
    complaintkit.exercises.answers.AnswerError: the share must be a single number, not str
    >>> as_number(float("nan"))
    Traceback (most recent call last):
    ...
    complaintkit.exercises.answers.AnswerError: the share must be a finite number, not NaN
    """
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 1:
        answer = answer.to_numpy().ravel()[0]
    if isinstance(answer, (bytes, Mapping, list, tuple, set, frozenset, np.ndarray, pd.Series,
                           pd.DataFrame, pd.Index)):
        raise AnswerError(N_("{what} must be a single number, not {kind}"), what=what,
                          kind=type_name(answer))
    return to_float(answer, what)


_ZH_DATE = re.compile(r"^\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
                      r"\s*(?:[T\s]*(?:上午|下午|晚上|凌晨)?\s*\d{1,2}\s*[:：时点]\s*(?:\d{1,2}\s*"
                      r"[:：分]?\s*(?:\d{1,2}\s*秒?)?)?)?\s*$")


def as_date(answer, what: str = N_("the date"), *, year: int | None = None,
            example: str = "'2025-09-15'") -> pd.Timestamp:
    """One day (midnight, no time zone) from every usual form of a date: a Timestamp, a
    ``datetime``/``date``, a text in ISO (``'2025-09-12'``), US (``'09/12/2025'``) or Chinese
    form (``'2025年9月12日'``, with a time or not; ``'9月12日'`` when ``year`` is given), or a
    one-element list, Series or table of one of them. The one place that reads dates in
    answers; :class:`AnswerError` otherwise.

    Examples
    --------
    >>> as_date("2025年9月12日")
    Timestamp('2025-09-12 00:00:00')
    >>> as_date("2025年9月12日 14:30") == as_date("09/12/2025") == as_date("2025-09-12")
    True
    >>> as_date("9月12日", year=2025)
    Timestamp('2025-09-12 00:00:00')
    >>> as_date("soon")
    Traceback (most recent call last):
    ...
    complaintkit.exercises.answers.AnswerError: give one date, e.g. '2025-09-15' or a Timestamp
    """
    if isinstance(answer, pd.DataFrame) and answer.size == 1:
        answer = answer.to_numpy().ravel()[0]
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple)) and len(answer) == 1:
        answer = list(answer)[0]
    bad = AnswerError(N_("give one date, e.g. {example} or a Timestamp"), example=example)
    if isinstance(answer, (bool, np.bool_, int, float, np.number)) or is_stub(answer):
        raise bad
    if isinstance(answer, str):
        m = _ZH_DATE.match(answer)
        if m:
            y = int(m.group(1)) if m.group(1) else year
            if y is None:
                raise AnswerError(N_("{what}: give the year too, e.g. {example}"), what=what,
                                  example=example)
            try:
                return pd.Timestamp(y, int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise AnswerError(N_("{what}: {value} is not a date of the calendar"),
                                  what=what, value=repr(answer)) from None
    try:
        day = pd.Timestamp(answer)
    except (TypeError, ValueError, OverflowError):
        raise bad from None
    if pd.isna(day):
        raise bad
    return day.tz_localize(None).normalize() if day.tzinfo else day.normalize()


def single_number(answer) -> float | None:
    """The answer as one number, or None when it is not one (a pair, a text, a table).

    Checks that ask for two numbers use it to recognise a single one (often the difference).

    Examples
    --------
    >>> single_number(0.23), single_number((0.62, 0.39)), single_number("fast")
    (0.23, None, None)
    """
    if isinstance(answer, (tuple, list, np.ndarray)):
        return None
    try:
        return as_number(answer)
    except AnswerError:
        return None


def as_list(answer, kind: str) -> list[str]:
    """A list of codes from a list, Series or index of codes or labels (or one of them).

    Examples
    --------
    >>> as_list("物流配送", "category")
    ['delivery']
    """
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set)):
        return to_codes(list(answer), kind)
    raise AnswerError(N_("expected a list of {kind} names, not {type}"), kind=_kind(kind),
                      type=type_name(answer))


def as_pair(answer, first, second, *, what: str, order: str, example: str,
            prefer=()) -> tuple[float, float, bool]:
    """Two numbers from a tuple, a dict, a Series or a small table: ``(a, b, keyed)``.

    Keys (a dict's keys, a Series' index, a table's text column) that name which number is
    which put them in order: a key matching the pattern ``first`` (and not ``second``) gives
    ``a``, the other ``b``, and ``keyed`` is True. Otherwise the two are taken in the order
    given and ``keyed`` is False (the check may then also try them the other way round).

    Parameters
    ----------
    first, second : str or re.Pattern
        Searched in each key (case-insensitive for strings).
    what : str
        The two numbers in the plural, for messages ("shares", "mean tenures"): a msgid
        (marked ``N_``) or a :class:`Msg`, as every text below.
    order : str
        Their order, for messages, e.g. ``"(share for <= 1 h, share for > 24 h)"``.
    example : str
        A right form, for messages, e.g. ``"a tuple (0.6, 0.4)"``.
    prefer : tuple of str
        In a table, the numeric columns to take first.

    Examples
    --------
    >>> spec = dict(what="shares", order="(fast, slow)", example="(0.6, 0.4)")
    >>> as_pair({"> 24 h": 0.40, "<= 1 h": 0.62}, "<=", ">", **spec)
    (0.62, 0.4, True)
    >>> as_pair([0.62, 0.40], "<=", ">", **spec)
    (0.62, 0.4, False)
    """
    first, second = (re.compile(p, re.I) if isinstance(p, str) else p for p in (first, second))
    if isinstance(answer, pd.DataFrame):
        answer = table_series(answer, what, prefer=prefer)
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype=object)
    if isinstance(answer, pd.Series):
        if len(answer) != 2:
            raise AnswerError(N_("expected two {what} {order}, got {n} values"), what=what,
                              order=order, n=len(answer))
        keys = [str(k).strip() for k in answer.index]
        values = to_floats(answer, what).to_numpy()
        a = [i for i, k in enumerate(keys) if first.search(k) and not second.search(k)]
        b = [i for i, k in enumerate(keys) if second.search(k) and not first.search(k)]
        if len(a) == 1 and len(b) == 1:
            return float(values[a[0]]), float(values[b[0]]), True
        return float(values[0]), float(values[1]), False
    if isinstance(answer, (tuple, list, np.ndarray)) and len(answer) == 2:
        both = Msg(N_("the two {what}"), what=what)
        return to_float(answer[0], both), to_float(answer[1], both), False
    if isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool):
        raise AnswerError(N_("give both {what}, as {order}, e.g. {example}, not a single "
                             "number"), what=what, order=order, example=example)
    raise AnswerError(N_("expected the two {what} as {order}, e.g. {example}, not {type}"),
                      what=what, order=order, example=example, type=type_name(answer))
