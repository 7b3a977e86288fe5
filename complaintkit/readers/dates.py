"""Date columns read without guessing: each row's format found, day and month decided by data.

:func:`parse_dates` reads a column of dates written in any of the ways real exports write
them, row by row, and says exactly what it decided and from which rows (``.how``):

* **ISO 8601** ``2024-03-05``, ``2024-03-05 10:15[:30[.5]]`` (``T`` or a space; a zone ``Z``
  or ``+08:00`` is dropped after reading the wall-clock time of its own zone, one zone per
  column, as :data:`complaintkit.schema.TIME_RULE` says), and the year-first ``2024/03/05``;
* **day and month of unknown order** ``05-03-24``, ``05/03/2024``, ``5.3.2024`` (optionally
  with ``hh:mm[:ss]`` and AM/PM). Each *format* (separator and year width) is decided by its
  own rows: a first field above 12 (``25-03-24``) can only be a day, so that format is
  day-first; a second field above 12 (``03-25-24``) makes it month-first (one format has one
  order within a column: dd-mm-yy and mm-dd-yy rows of the same look in one column cannot be
  told apart by any reader; when both kinds of evidence appear, the format is refused). When
  no row of the format decides it, or rows decide it both ways, its undecidable rows are
  refused with their row numbers and the way to say it (``order="day-first"``); a row whose
  day equals its month (``05-05-24``) reads the same either way and is kept;
* **Chinese** ``2024年3月5日`` (also ``号``), optionally with ``10:15``;
* **month names** ``5 Mar 2024``, ``05-Mar-24``, ``March 5, 2024``;
* date-time values (from Excel, Parquet or a frame) as they are;
* the not-applicable words of :mod:`complaintkit.flags` (``N/A``, ``不适用`` ...) as empty,
  counted in ``.how`` (a ticket still open has no closing date);
* numbers only as **Excel serial day numbers** and only when ``excel_serial=True`` (the reader
  asks for it for numeric date columns of Excel files, whose cell format was lost): day 1 is
  1900-01-01 (origin 1899-12-30, the 1900 date system); elsewhere a number is refused.

Two-digit years follow the POSIX pivot (as Python's ``%y``): 00-68 are 2000-2068, 69-99
are 1969-1999. A date outside ``earliest`` .. ``latest`` (1990-01-01 .. one year after
today, by default) is refused as implausible, never clipped. A first or last month that the
data cover only in part is noted (``.notes``), so a monthly count is not read as a drop.

Nothing is swapped, guessed or dropped in silence: every row that is present but not read
is in ``.failed`` with its reason in ``.reasons``.

Examples
--------
A column that mixes ISO dates and dd-mm-yy dates (as one public export does):

>>> import pandas as pd
>>> from complaintkit.readers.dates import parse_dates
>>> s = pd.Series(["2024-03-05", "04-03-24", "25-03-24", "2024-03-30"])
>>> p = parse_dates(s, "received", earliest="2020-01-01", latest="2030-01-01")
>>> p.values.dt.strftime("%Y-%m-%d").tolist()
['2024-03-05', '2024-03-04', '2024-03-25', '2024-03-30']
>>> print(p.how)  # doctest: +NORMALIZE_WHITESPACE
received: 2 rows ISO 8601 (yyyy-mm-dd); 2 rows dd-mm-yy: day-first, decided by row 2
(first field above 12: '25-03-24'); two-digit years: 00-68 are 20xx, 69-99 are 19xx
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..flags import NOT_APPLICABLE
from ..i18n import N_, fmt_int, tr

__all__ = ["DateParse", "parse_dates", "ORDERS", "PIVOT", "EXCEL_ORIGIN"]

#: the orders ``parse_dates`` takes (``None`` or ``"auto"``: decided by the data)
ORDERS = ("iso", "day-first", "month-first")
#: two-digit years up to this are 20yy, above it 19yy (the POSIX ``%y`` rule)
PIVOT = 68
#: Excel's 1900 date system: serial day 1 is 1900-01-01 (with Excel's 1900-02-29 bug, the
#: origin that gives the right dates from March 1900 on is 1899-12-30)
EXCEL_ORIGIN = "1899-12-30"
_EARLIEST = "1990-01-01"
_SERIAL_MAX = 106_750   # 2192-04-06: the last Excel serial day pandas' timestamps hold

# Every user-visible message of this module, in one place (translated with issue 13).
MESSAGES = {
    "order": N_("order must be one of None, 'auto', 'iso', 'day-first' or 'month-first', "
              "but {order!r} was passed"),
    "series": N_("parse_dates takes a pandas Series, not {kind}"),
    "bound": N_("{which} must be a date such as '1990-01-01', but {value!r} was passed"),
    "bounds": N_("earliest ({earliest}) must be before latest ({latest})"),
    "unknown": N_("{value!r} is not a date in a format the reader knows (ISO 8601 "
                "yyyy-mm-dd, dd-mm-yy / mm-dd-yy, dd/mm/yyyy, 2024年3月5日, 5 Mar 2024)"),
    "number": N_("{value!r} is a number, not a date (numbers are read as Excel serial days "
               "only in Excel files)"),
    "serial": N_("{value!r} is not an Excel serial day (a whole or decimal number from 1, "
               "1900-01-01, to 106750, 2192-04-06)"),
    "bool": N_("{value!r} is true/false, not a date"),
    "object": N_("{value!r} is neither a date nor text ({kind})"),
    "not_date": N_("{value!r} is not a calendar date (no month {m} with a day {d} in {y})"),
    "not_either": N_("{value!r} is not a calendar date read either way (day-first or "
                   "month-first)"),
    "not_order": N_("{value!r} is not a date read {order} (it would need month {m}); the "
                  "column was given as {order}"),
    "not_iso": N_("{value!r} is not ISO 8601 (yyyy-mm-dd): the column was given as ISO"),
    "time": N_("{value!r} has no such time of day"),
    "undecided": N_("{value!r} could be day-first or month-first and no row of its format "
                  "({fmt}) has a day above 12 to decide: pass order='day-first' or "
                  "'month-first' if you know it"),
    "conflict": N_("{value!r}: the rows of its format ({fmt}) decide both ways (only "
                 "day-first: {df}; only month-first: {mf}), so its order is not known: "
                 "pass order='day-first' or 'month-first' if you know it"),
    "range": N_("{value!r} is {date}, outside the plausible range {earliest} to {latest} "
              "(pass earliest= / latest= if it is right)"),
    "zone": N_("{value!r} is in time zone {zone}, but the column's other times are in {main}: "
             "one zone per column; convert the column to one zone first"),
    # .how and notes
    "how_iso": N_("{n} ISO 8601 ({fmt})"),
    "how_dm_decided": N_("{n} {fmt}: {order}, decided by {rows} ({why}: {example})"),
    "how_dm_given": N_("{n} {fmt}: {order}, as given"),
    "how_dm_same": N_("{n} {fmt}: day equals month in every row, the same either way"),
    "how_dm_undecided": N_("{n} {fmt}: order undecided (no field above 12), {rows} refused"),
    "how_dm_conflict": N_("{n} {fmt}: rows decide both ways (day-first: {df}; month-first: "
                        "{mf}), {k} refused"),
    "how_zh": N_("{n} Chinese dates (2024年3月5日)"),
    "how_named": N_("{n} with month names (5 Mar 2024)"),
    "how_datetime": N_("{n} date-time values"),
    "how_serial": N_("{n} Excel serial day numbers (origin {origin})"),
    "how_na": N_("{n} N/A (not applicable), kept empty"),
    "how_pivot": N_("two-digit years: 00-{p} are 20xx, {q}-99 are 19xx"),
    "how_refused": N_("{k} refused ({why})"),
    "how_none": N_("no dates"),
    "first_partial": N_("{name}: the first month ({month}) is covered only from day {day}: "
                      "{n} of its {days} days"),
    "last_partial": N_("{name}: the last month ({month}) is covered only to day {day}: "
                     "{n} of its {days} days"),
}

_TIME = (r"(?:(?:[T ]|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})"
         r"(?:[.,](?P<f>\d{1,9}))?)?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?")
_ZONE = r"(?:\s?(?P<zone>Z|[+-]\d{2}(?::?\d{2})?))?"
_PATTERNS = {
    "iso": r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME + _ZONE,
    "dm": r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _TIME,
    "zh": r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]" + _TIME,
    "named": r"(?P<d>\d{1,2})[-\s/]+(?P<mon>[A-Za-z]{3,9})\.?[-\s/,]+(?P<y>\d{4}|\d{2})"
             + _TIME,
    "named_us": r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})" + _TIME,
}
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
_MONTHS.update({m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)})
_MONTHS["sept"] = 9
_DIM = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass
class DateParse:
    """How one date column was read.

    Attributes
    ----------
    name : str
        The column's name.
    values : pandas.Series
        ``datetime64`` values, NaT where the cell was empty or not read.
    failed : pandas.Series
        Bool, True where a value was present but not read (undecidable, not a date, out of
        range, another time zone).
    reasons : pandas.Series
        The reason for each failed row (indexed by those rows).
    how : str
        One line: the formats found, how day/month order was decided and from which rows.
    notes : list of str
        Partial first and last months.
    formats : dict
        Rows read per format (``"yyyy-mm-dd"``, ``"dd-mm-yy"``, ``"Excel serial"`` ...).

    Examples
    --------
    >>> import pandas as pd
    >>> from complaintkit.readers.dates import parse_dates
    >>> p = parse_dates(pd.Series(["13.05.2024", "01.06.2024"]), "opened")
    >>> p.formats
    {'dd.mm.yyyy': 2}
    >>> p.notes[0]
    'opened: the first month (2024-05) is covered only from day 13: 19 of its 31 days'
    """

    name: str
    values: pd.Series
    failed: pd.Series
    reasons: pd.Series
    how: str
    notes: list = field(default_factory=list)
    formats: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return "\n".join([self.how, *self.notes])


# --------------------------------------------------------------------------- public
def parse_dates(s: pd.Series, name: str | None = None, *, order: str | None = None,
                excel_serial: bool = False, earliest=_EARLIEST, latest=None,
                locale: str | None = None) -> DateParse:
    """Read a date column row by row, deciding day/month order only from the data.

    Parameters
    ----------
    s : pandas.Series
        Text, date-time values, or (with ``excel_serial``) Excel serial day numbers. Empty
        cells stay missing. The index labels name the rows in reasons and ``.how``.
    name : str, optional
        The column's name for messages (default ``s.name``).
    order : {None, 'auto', 'iso', 'day-first', 'month-first'}
        None or 'auto': each day/month format is decided by its own rows. 'iso': only ISO
        8601 text (and date-time values) is read, anything else refused. 'day-first' /
        'month-first': how ``nn-nn-yy`` rows are read; a row that is not a date that way is
        refused, never read the other way.
    excel_serial : bool
        Read numbers as Excel serial day numbers (1900 date system). Default False: numbers
        are refused.
    locale : str, optional
        The language of the reasons, ``.how``, ``.notes`` and errors (English by default).
    earliest, latest : str or date-like
        The plausible range; dates outside it are refused. Defaults: 1990-01-01 and one year
        after today.

    Returns
    -------
    DateParse
        ``.values``, ``.failed``, ``.reasons``, ``.how``, ``.notes``, ``.formats``.

    Raises
    ------
    ValueError
        For a bad ``order``, ``earliest`` or ``latest``, or when ``s`` is not a Series.

    Examples
    --------
    >>> import pandas as pd
    >>> from complaintkit.readers.dates import parse_dates
    >>> p = parse_dates(pd.Series(["03/04/2024", "2024年3月5日", ""]), "opened")
    >>> p.failed.tolist()
    [True, False, False]
    >>> print(p.reasons.iloc[0])  # doctest: +ELLIPSIS
    '03/04/2024' could be day-first or month-first and no row of its format ...
    >>> parse_dates(pd.Series(["03/04/2024"]), order="day-first").values.iloc[0]
    Timestamp('2024-04-03 00:00:00')
    """
    if not isinstance(s, pd.Series):
        raise ValueError(tr(MESSAGES["series"], locale, kind=type(s).__name__))
    order = _check_order(order, locale)
    lo, hi = _bounds(earliest, latest, locale)
    name = str(s.name if name is None else name)
    rows = _Rows(s, locale)
    _classify(rows, s, excel_serial)
    how = _decide(rows, order)
    _check_range(rows, lo, hi)
    _check_zones(rows)
    return _result(rows, name, how)


# --------------------------------------------------------------------------- arguments
def _check_order(order, lang=None):
    if order is None or order == "auto":
        return None
    if order not in ORDERS:
        raise ValueError(tr(MESSAGES["order"], lang, order=order))
    return order


def _bound(value, which: str, lang=None) -> pd.Timestamp:
    try:
        t = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        t = pd.NaT
    if t is pd.NaT or not 1700 < t.year < 2200:
        raise ValueError(tr(MESSAGES["bound"], lang, which=which, value=value))
    return t.tz_localize(None) if t.tz else t


def _bounds(earliest, latest, lang=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo = _bound(earliest, "earliest", lang)
    if latest is None:
        today = pd.Timestamp(dt.date.today())
        latest = today + pd.DateOffset(years=1)
    hi = _bound(latest, "latest", lang)
    if lo >= hi:
        raise ValueError(tr(MESSAGES["bounds"], lang, earliest=lo.date(), latest=hi.date()))
    return lo, hi


# --------------------------------------------------------------------------- per row
class _Rows:
    """Per-row working arrays: the kind and fields found, then the reason or the value."""

    def __init__(self, s: pd.Series, lang: str | None = None):
        n = len(s)
        self.lang = lang   # the language of the reasons and lines
        self.index = s.index
        self.text = pd.Series([None] * n, index=s.index, dtype=object)   # shown in reasons
        self.kind = np.full(n, "", dtype=object)     # iso, dm, zh, named, datetime, serial
        self.fmt = np.full(n, "", dtype=object)      # the format's label, e.g. 'dd-mm-yy'
        self.y, self.m, self.d, self.a, self.b = (np.full(n, -1, dtype=np.int64)
                                                  for _ in range(5))
        self.h, self.mi, self.sec, self.us = (np.zeros(n, dtype=np.int64) for _ in range(4))
        self.ampm = np.full(n, "", dtype=object)
        self.zone = np.full(n, None, dtype=object)
        self.value = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
        self.reason = np.full(n, None, dtype=object)
        self.present = np.zeros(n, dtype=bool)
        self.two_digit = False
        self.told = np.zeros(n, dtype=bool)
        self.not_applicable = 0

    def fail(self, mask, key: str, *, told: bool = False, **fmt) -> None:
        """Refuse the rows of ``mask`` not refused yet; the message may use ``{value}``;
        ``told``: the rows are already named in a line of ``.how``."""
        new = np.asarray(mask, dtype=bool) & (self.reason == None)  # noqa: E711
        self.told |= new & told
        for j in np.flatnonzero(new):
            self.reason[j] = tr(MESSAGES[key], self.lang, value=self.text.iloc[j], **{
                k: (v[j] if isinstance(v, np.ndarray) else v) for k, v in fmt.items()})

    @property
    def open(self) -> np.ndarray:
        return self.present & (self.reason == None)  # noqa: E711


def _classify(rows: _Rows, s: pd.Series, excel_serial: bool) -> None:
    """Find each row's kind and fields; refuse what is not a date at all."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if pd.api.types.is_datetime64_any_dtype(s):
        _take_datetimes(rows, s, np.asarray(s.notna()))
        return
    if pd.api.types.is_bool_dtype(s):
        rows.present = np.asarray(s.notna(), dtype=bool)
        rows.text[:] = s.astype(object).to_numpy()
        rows.fail(rows.present, "bool")
        return
    if pd.api.types.is_numeric_dtype(s):
        _take_numbers(rows, s, np.asarray(s.notna(), dtype=bool), excel_serial)
        return
    _classify_objects(rows, s, excel_serial)


def _classify_objects(rows: _Rows, s: pd.Series, excel_serial: bool) -> None:
    values = s.astype(object).to_numpy()
    kinds = np.array([_kind_of(v) for v in values], dtype=object)
    rows.present = (kinds != "missing") & (kinds != "n/a")
    rows.not_applicable = int((kinds == "n/a").sum())
    rows.text[:] = values
    is_dt = kinds == "datetime"
    if is_dt.any():
        _take_datetimes(rows, pd.Series(values, index=s.index), is_dt)
    num = kinds == "number"
    if num.any():
        _take_numbers(rows, pd.Series(np.where(num, values, np.nan), index=s.index,
                                      dtype=float), num, excel_serial)
    rows.fail(kinds == "bool", "bool")
    other = kinds == "other"
    for j in np.flatnonzero(other):
        rows.reason[j] = tr(MESSAGES["object"], rows.lang, value=values[j],
                            kind=type(values[j]).__name__)
    text = kinds == "text"
    if text.any():
        _classify_text(rows, pd.Series(values, index=s.index)[text].astype(str).str.strip(),
                       np.flatnonzero(text))


def _kind_of(v) -> str:
    if v is None or v is pd.NaT or v is pd.NA:
        return "missing"
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (dt.date, np.datetime64)):
        return "missing" if pd.isna(v) else "datetime"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return "missing" if pd.isna(v) else "number"
    if isinstance(v, str):
        word = v.strip()
        return "n/a" if word.lower() in NOT_APPLICABLE else "text" if word else "missing"
    return "other"


def _take_datetimes(rows: _Rows, s: pd.Series, mask: np.ndarray) -> None:
    rows.present |= mask
    rows.text[mask] = s[mask].astype(object).to_numpy()
    rows.kind[mask], rows.fmt[mask] = "datetime", "date-time values"
    if pd.api.types.is_datetime64_any_dtype(s):
        zone = str(s.dt.tz) if s.dt.tz is not None else None
        rows.zone[mask] = zone
        local = s.dt.tz_localize(None) if zone else s
        rows.value[mask] = local[mask].astype("datetime64[us]")
        return
    stamps = [pd.Timestamp(v) for v in s[mask]]
    rows.zone[mask] = np.array([str(t.tz) if t.tz else None for t in stamps] or [None],
                               dtype=object)[:len(stamps)]
    local = [t.tz_localize(None) if t.tz else t for t in stamps]
    rows.value[mask] = pd.Series(local, dtype="datetime64[us]").to_numpy()


def _take_numbers(rows: _Rows, s: pd.Series, mask: np.ndarray, excel_serial: bool) -> None:
    rows.present |= mask
    rows.text[mask] = s[mask].astype(object).to_numpy()
    if not excel_serial:
        rows.fail(mask, "number")
        return
    x = s.to_numpy(dtype=float, na_value=np.nan)
    ok = mask & np.isfinite(x) & (np.nan_to_num(x) >= 1) & (np.nan_to_num(x) < _SERIAL_MAX)
    rows.fail(mask & ~ok, "serial")
    stamp = (pd.Timestamp(EXCEL_ORIGIN)
             + pd.to_timedelta(np.where(ok, x, 0.0), unit="D")).round("s")
    rows.value[ok] = stamp[ok].astype("datetime64[us]")
    rows.kind[ok], rows.fmt[ok] = "serial", "Excel serial"


def _classify_text(rows: _Rows, text: pd.Series, where: np.ndarray) -> None:
    """Match each text row against the known formats, first match wins."""
    left = pd.Series(True, index=text.index)
    for kind, pattern in _PATTERNS.items():
        if not left.any():
            break
        g = _extract(text[left.to_numpy()], pattern)
        hit = g.notna().any(axis=1).to_numpy()
        if not hit.any():
            continue
        pos = where[np.flatnonzero(left.to_numpy())[hit]]
        _store(rows, kind, g[hit], pos)
        left.iloc[np.flatnonzero(left.to_numpy())[hit]] = False
    rows.fail(_mask(len(rows.kind), where[left.to_numpy()]), "unknown")


def _extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """``str.extract`` on the distinct values only (a date column repeats its days), spread
    back to the rows."""
    codes, uniques = pd.factorize(text)
    g = pd.Series(uniques, dtype=object).astype(str).str.extract(f"^(?:{pattern})$")
    return g.iloc[codes].set_axis(text.index)


def _mask(n: int, positions) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    m[positions] = True
    return m


def _ints(col: pd.Series, default: int = 0) -> np.ndarray:
    return pd.to_numeric(col, errors="coerce").fillna(default).to_numpy(dtype=np.int64)


def _store(rows: _Rows, kind: str, g: pd.DataFrame, pos: np.ndarray) -> None:
    rows.kind[pos] = "named" if kind.startswith("named") else kind
    y = _ints(g["y"])
    if kind in ("dm", "named"):
        short = g["y"].str.len().to_numpy() == 2
        rows.two_digit |= bool(short.any())
        y = np.where(short, np.where(y <= PIVOT, 2000 + y, 1900 + y), y)
    rows.y[pos] = y
    if kind == "dm":
        rows.a[pos], rows.b[pos] = _ints(g["a"]), _ints(g["b"])
        width = np.where(g["y"].str.len().to_numpy() == 2, "yy", "yyyy")
        rows.fmt[pos] = [f"nn{s}nn{s}{w}" for s, w in zip(g["sep"], width, strict=True)]
    elif kind.startswith("named"):
        rows.m[pos] = g["mon"].str.lower().map(_MONTHS).fillna(0).to_numpy(dtype=np.int64)
        rows.d[pos] = _ints(g["d"])
        rows.fmt[pos] = "5 Mar 2024"
    else:
        rows.m[pos], rows.d[pos] = _ints(g["m"]), _ints(g["d"])
        rows.fmt[pos] = ("2024年3月5日" if kind == "zh" else
                         [f"yyyy{s}mm{s}dd" for s in g["sep"]])
    rows.h[pos], rows.mi[pos], rows.sec[pos] = _ints(g["h"]), _ints(g["mi"]), _ints(g["s"])
    rows.us[pos] = _ints(g["f"].str.ljust(6, "0").str[:6])
    rows.ampm[pos] = g["ampm"].fillna("").str.replace(".", "").str.lower().to_numpy()
    if "zone" in g:
        rows.zone[pos] = g["zone"].map(_zone_label, na_action="ignore").to_numpy(dtype=object)


def _zone_label(z: str) -> str:
    if z == "Z":
        return "+00:00"
    digits = z[1:].replace(":", "").ljust(4, "0")
    return f"{z[0]}{digits[:2]}:{digits[2:]}"


def _valid(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Vectorised: (y, m, d) is a calendar date."""
    good_m = (m >= 1) & (m <= 12)
    dim = _DIM[np.clip(m, 1, 12) - 1]
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = dim + ((m == 2) & leap)
    return good_m & (d >= 1) & (d <= dim) & (y >= 1)


# --------------------------------------------------------------------------- deciding
def _decide(rows: _Rows, order: str | None) -> list[str]:
    """Decide day/month order per dm format; refuse what is not a date; build the timestamps."""
    how = []
    if order == "iso":
        strict = rows.open & (rows.kind != "datetime") & ~(
            (rows.kind == "iso") & (rows.fmt == "yyyy-mm-dd"))
        rows.fail(strict, "not_iso")
    for fmt in sorted(set(rows.fmt[(rows.kind == "dm") & rows.open])):
        how.append(_decide_format(rows, fmt, order))
    ymd = np.isin(rows.kind, ["iso", "zh", "named"]) & rows.open
    bad = ymd & ~_valid(rows.y, rows.m, rows.d)
    rows.fail(bad, "not_date", y=rows.y, m=rows.m, d=rows.d)
    _build(rows)
    return how


def _decide_format(rows: _Rows, fmt: str, order: str | None) -> str:
    sel = (rows.fmt == fmt) & rows.open
    a, b, y = rows.a, rows.b, rows.y
    as_df = _valid(y, b, a)   # day-first: a is the day
    as_mf = _valid(y, a, b)
    rows.fail(sel & ~as_df & ~as_mf, "not_either")
    sel = sel & rows.open
    only_df, only_mf = sel & as_df & ~as_mf, sel & as_mf & ~as_df
    same = sel & as_df & as_mf & (a == b)
    n = int(sel.sum())
    lang = rows.lang
    if order in ("day-first", "month-first"):
        chosen = order
        wrong = only_mf if order == "day-first" else only_df
        rows.fail(wrong, "not_order", order=tr(_ORDER_NAMES[order], lang),
                  m=b if order == "day-first" else a)
        line = tr(MESSAGES["how_dm_given"], lang, n=_n(n, lang), fmt=_label(fmt, order),
                  order=tr(_ORDER_NAMES[order], lang))
    elif only_df.any() and only_mf.any():
        undecided = sel & ~same
        kw = dict(fmt=_label(fmt, None), df=_rows_text(rows.index[only_df], lang=lang),
                  mf=_rows_text(rows.index[only_mf], lang=lang))
        rows.fail(undecided, "conflict", told=True, **kw)
        return tr(MESSAGES["how_dm_conflict"], lang, n=_n(n, lang),
                  k=_n(int(undecided.sum()), lang), **kw)
    elif only_df.any() or only_mf.any():
        chosen = "day-first" if only_df.any() else "month-first"
        ev = only_df if only_df.any() else only_mf
        line = tr(MESSAGES["how_dm_decided"], lang,
                  n=_n(n, lang), fmt=_label(fmt, chosen), order=tr(_ORDER_NAMES[chosen], lang),
                  rows=_rows_text(rows.index[ev], lang=lang),
                  why=tr("first field above 12", lang) if only_df.any()
                  else tr("second field above 12", lang),
                  example=repr(rows.text[ev].iloc[0]))
    elif not (sel & ~same).any():
        chosen = "day-first"
        line = tr(MESSAGES["how_dm_same"], lang, n=_n(n, lang), fmt=_label(fmt, None))
    else:
        undecided = sel & ~same
        rows.fail(undecided, "undecided", told=True, fmt=_label(fmt, None))
        chosen = "day-first"  # only the day == month rows remain, the same either way
        line = tr(MESSAGES["how_dm_undecided"], lang, n=_n(n, lang), fmt=_label(fmt, None),
                  rows=_rows_text(rows.index[undecided], lang=lang))
    take = sel & rows.open
    day_first = chosen == "day-first"
    rows.d[take] = np.where(day_first, a, b)[take]
    rows.m[take] = np.where(day_first, b, a)[take]
    return line


def _label(fmt: str, order: str | None) -> str:
    if order == "day-first":
        return fmt.replace("nn", "dd", 1).replace("nn", "mm", 1)
    if order == "month-first":
        return fmt.replace("nn", "mm", 1).replace("nn", "dd", 1)
    return fmt


#: the day/month orders as the messages name them
_ORDER_NAMES = {"day-first": N_("day-first"), "month-first": N_("month-first")}


def _n(n: int, lang: str | None = None) -> str:
    if n == 1:
        return tr("{n} row", lang, n=fmt_int(n, lang))
    return tr("{n} rows", lang, n=fmt_int(n, lang))


def _rows_text(labels, limit: int = 5, lang: str | None = None) -> str:
    labels = list(labels)
    shown = ", ".join(map(str, labels[:limit]))
    more = tr(" and {k} more", lang, k=len(labels) - limit) if len(labels) > limit else ""
    if len(labels) > 1:
        return tr("rows {rows}{more}", lang, rows=shown, more=more)
    return tr("row {rows}{more}", lang, rows=shown, more=more)


def _build(rows: _Rows) -> None:
    """Timestamps for the open text rows (times checked, 12-hour clock read)."""
    sel = rows.open & np.isin(rows.kind, ["iso", "dm", "zh", "named"])
    if not sel.any():
        return
    h = rows.h.copy()
    pm, am = rows.ampm == "pm", rows.ampm == "am"
    twelve = pm | am
    h = np.where(pm & (h < 12), h + 12, np.where(am & (h == 12), 0, h))
    bad_t = (h > 23) | (rows.mi > 59) | (rows.sec > 59) | (twelve & ((rows.h < 1) |
                                                                     (rows.h > 12)))
    rows.fail(sel & bad_t, "time")
    sel = sel & rows.open
    if not sel.any():
        return
    parts = pd.DataFrame({"year": rows.y[sel], "month": rows.m[sel], "day": rows.d[sel],
                          "hour": h[sel], "minute": rows.mi[sel], "second": rows.sec[sel],
                          "us": rows.us[sel]})
    stamps = pd.to_datetime(parts, errors="coerce")
    rows.value[sel] = stamps.to_numpy().astype("datetime64[us]")


def _check_range(rows: _Rows, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    v = rows.value
    out = rows.open & v.notna().to_numpy() & ((v < lo) | (v > hi)).to_numpy()
    if out.any():
        dates = v.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        rows.fail(out, "range", date=dates, earliest=lo.date(), latest=hi.date())


def _check_zones(rows: _Rows) -> None:
    """One zone per column: rows in another zone than the column's usual one are refused."""
    sel = rows.open & np.isin(rows.kind, ["iso", "datetime"])
    if not sel.any():
        return
    kinds = pd.Series(rows.zone[sel]).fillna(tr("no zone", rows.lang))
    if kinds.nunique() < 2:
        return
    main = kinds.value_counts(sort=True).index[0]
    zone_of = np.array(pd.Series(rows.zone).fillna(tr("no zone", rows.lang)), dtype=object)
    rows.fail(sel & (zone_of != main), "zone", zone=zone_of, main=main)


# --------------------------------------------------------------------------- result
def _result(rows: _Rows, name: str, decisions: list[str]) -> DateParse:
    failed = pd.Series(rows.reason != None, index=rows.index)  # noqa: E711
    reasons = pd.Series(rows.reason[failed.to_numpy()], index=rows.index[failed.to_numpy()],
                        dtype=object, name="reason")
    values = rows.value.where(~failed.to_numpy())
    values.name = name
    ok = rows.present & ~failed.to_numpy()
    formats = pd.Series(rows.fmt[ok]).map(_pretty_fmt(rows, ok)).value_counts(sort=False)
    how = _how(rows, name, ok, decisions, failed)
    return DateParse(name=name, values=values, failed=failed, reasons=reasons, how=how,
                     notes=_partial(values, name, rows.lang), formats={k: int(v) for k, v in
                                                            formats.items()})


def _pretty_fmt(rows: _Rows, ok: np.ndarray):
    decided = {}
    for f in set(rows.fmt[ok & (rows.kind == "dm")]):
        sel = ok & (rows.fmt == f)
        if (rows.a[sel] == rows.b[sel]).all():
            continue   # day = month in every row read: either order, the label stays nn
        first = rows.a[sel] == rows.d[sel]
        decided[f] = _label(f, "day-first" if first.all() else "month-first")
    return lambda f: decided.get(f, f)


def _how(rows: _Rows, name: str, ok: np.ndarray, decisions: list[str],
         failed: pd.Series) -> str:
    parts, lang = [], rows.lang
    for fmt in sorted(set(rows.fmt[ok & (rows.kind == "iso")])):
        parts.append(tr(MESSAGES["how_iso"], lang,
                        n=_n(int((ok & (rows.fmt == fmt)).sum()), lang), fmt=fmt))
    parts += decisions
    for kind, key in (("zh", "how_zh"), ("named", "how_named"), ("datetime", "how_datetime"),
                      ("serial", "how_serial")):
        k = int((ok & (rows.kind == kind)).sum())
        if k:
            parts.append(tr(MESSAGES[key], lang, n=_n(k, lang), origin=EXCEL_ORIGIN))
    if rows.not_applicable:
        parts.append(tr(MESSAGES["how_na"], lang, n=_n(rows.not_applicable, lang)))
    if rows.two_digit:
        parts.append(tr(MESSAGES["how_pivot"], lang, p=PIVOT, q=PIVOT + 1))
    refused = _refused_summary(rows, failed)
    if refused:
        parts.append(refused)
    return tr("{name}: {how}", lang, name=name, how=tr("; ", lang).join(parts) if parts
              else tr(MESSAGES["how_none"], lang))


def _refused_summary(rows: _Rows, failed: pd.Series) -> str:
    """Refused rows not already named in a format's decision line."""
    rest = failed.to_numpy() & ~rows.told
    if not rest.any():
        return ""
    return tr(MESSAGES["how_refused"], rows.lang, k=_n(int(rest.sum()), rows.lang),
              why=_rows_text(rows.index[rest], lang=rows.lang))


def _partial(values: pd.Series, name: str, lang: str | None = None) -> list[str]:
    v = values.dropna()
    if v.empty:
        return []
    notes = []
    first, last = v.min(), v.max()
    days = first.days_in_month
    if first.day > 1:
        notes.append(tr(
            MESSAGES["first_partial"], lang, name=name, month=first.strftime("%Y-%m"),
            day=first.day,
            n=days - first.day + 1, days=days))
    days = last.days_in_month
    if last.day < days:
        notes.append(tr(
            MESSAGES["last_partial"], lang, name=name, month=last.strftime("%Y-%m"),
            day=last.day, n=last.day, days=days))
    return notes


