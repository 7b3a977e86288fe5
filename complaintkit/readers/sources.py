"""Built-in mappings of known public exports: CFPB, help-desk tickets, a marketplace, 311.

Each known source is a TOML file in ``complaintkit/readers/sources/`` (see
:mod:`complaintkit.readers.mapping` for the keys): which column of the export is which
canonical column (only where the meaning is the same; the comments in each file say why a
column is or is not mapped), how its dates are written, which columns are yes/no/N-A answers,
and the header columns that recognise it. Copy one and edit it for your own export, then pass
the file to :func:`load_source` or ``ck.read_complaints(..., mapping=path)``.

* ``cfpb``, ``cfpb_legacy``, ``cfpb_api``: the US CFPB consumer complaint database, in its
  web export (18 columns), the older export (14 columns, before narratives) and the API's
  snake_case fields; :func:`load_cfpb` tells them apart from the header.
* ``tickets``: a generic help-desk export (id, opened, first reply, closed, category,
  channel, satisfaction).
* ``marketplace_orders``, ``marketplace_reviews``, ``marketplace_customers``: a
  marketplace's orders, reviews and customers (the Olist layout), read together by
  :func:`load_marketplace` into frames for ``ck.drivers`` and ``ck.loyalty``.
* ``nyc311``: 311 service requests (the NYC Open Data layout).

Examples
--------
>>> import io
>>> import complaintkit as ck
>>> ck.known_sources()["name"].tolist()  # doctest: +NORMALIZE_WHITESPACE
['cfpb', 'cfpb_api', 'cfpb_legacy', 'marketplace_customers', 'marketplace_orders',
 'marketplace_reviews', 'nyc311', 'tickets']
>>> from complaintkit.readers.sources import detect
>>> detect(["ID", "Opened", "First reply", "Closed", "Category", "Satisfaction"])
'tickets'
>>> detect(["id", "when", "what"]) is None
True
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import N_, tr
from ..schema import TABLES
from .mapping import SECTIONS, load_mapping
from .read import ReadReport, read_complaints
from .read import _lang as _read_language

__all__ = ["SOURCES_DIR", "names", "mapping_for", "check_mapping", "known_sources", "detect",
           "load_source", "load_cfpb", "load_marketplace", "MarketplaceFrames"]

#: the folder of the built-in mappings (package data)
SOURCES_DIR = Path(__file__).with_name("sources")
#: the CFPB layouts :func:`load_cfpb` tells apart
CFPB_LAYOUTS = ("cfpb", "cfpb_legacy", "cfpb_api")
_SUBKEYS = {"flags": ("columns",), "detect": ("columns",)}

# Every user-visible message of this module, in one place (translated with issue 13).
MESSAGES = {
    "unknown_source": N_("{name!r} is not a known source; the known sources are {known} (or pass "
                       "the path of a mapping TOML file)"),
    "name_type": N_("a source is named by text (e.g. 'cfpb') or a mapping file path or dict, not "
                  "{kind}"),
    "toml": N_("mapping file {path} is not valid TOML: {error}"),
    "missing_file": N_("mapping file {path} does not exist"),
    "subkey": N_("mapping {origin}: [{section}] has unknown key(s) {keys}; it takes only "
               "{known}"),
    "table": N_("mapping {origin}: table = {table!r} is not one of {tables}"),
    "undefined": N_("mapping {origin}: [{section}] names {cols}, which [columns] does not "
                  "produce (its names are {have}): a typo, or a line missing from [columns]?"),
    "values_section": N_("mapping {origin}: [values] must hold one table per column "
                       "([values.channel] ...), not {kind}"),
    "detect_cols": N_("mapping {origin}: [detect] names {cols}, which are not source columns "
                    "in [columns]"),
    "not_in_file": N_("{path} has no column(s) {cols} that the mapping {origin} reads{hint}; its "
                    "columns are: {have}. If the export leaves them out, copy the mapping and "
                    "delete those lines (ck.known_sources() gives each file)"),
    "did_you_mean": N_(" (closest: {pairs})"),
    "source_hint": N_(" (did you mean {close!r}?)"),
    "frames": N_("{orders:,} orders, {drivers:,} in the drivers frame, {customers:,} customers "
               "in the loyalty frame"),
    "option": N_("{func} reads with its own mapping: do not pass {names}"),
    "not_cfpb": N_("{path} is not one of the CFPB layouts ({layouts}): its header ({header}) "
                 "has none of their [detect] columns together{other}"),
    "other_source": N_("; it looks like the known source {found!r}: use "
                     "ck.load_source({found!r}, path)"),
    "na_lost": N_("disputed: none of the {n} complaint(s) received from {date} on says N/A; they "
                "are all empty. The CFPB writes N/A there (the dispute option had ended): if "
                "the file went through pandas.read_csv first, it read 'N/A' as missing; pass "
                "the file itself (or read it with keep_default_na=False)"),
    # marketplace
    "score_bad": N_("{n} review(s) with a review_score that is not a whole number 1-5 were left "
                  "out (rows {rows}: {values})"),
    "reviews_twice": N_("{n} order(s) have more than one review: the latest answered was used, "
                      "{k} other(s) left out (rows {rows})"),
    "review_orphans": N_("{n} review(s) are for orders not in the orders file and were left out "
                       "(rows {rows})"),
    "not_delivered": N_("{n} order(s) have no delivery date (status {statuses}): no lateness, "
                      "left out of the drivers and as index orders"),
    "no_review": N_("{n} delivered order(s) have no review: left out of the drivers frame"),
    "estimate_missing": N_("{n} delivered order(s) have no estimated delivery date: no "
                         "lateness, left out of the drivers and as index orders"),
    "person_missing": N_("{n} order(s) have a customer_id that is not in the customers file: "
                       "left out of the loyalty frame (rows {rows})"),
    "per_order_ids": N_("every customer_id has one order (in the Olist layout customer_id is "
                      "per order): repurchase cannot be seen; pass customers= (the file with "
                      "customer_unique_id). The loyalty frame is empty."),
    "no_index": N_("{n} customer(s) have no delivered order with an estimated date: not in the "
                 "loyalty frame"),
    "period_end": N_("period end {end}: {how}"),
    "period_how_data": N_("the last purchase in the orders file"),
    "period_how_given": N_("as given"),
    "late_as": N_("index_event {code!r} marks the customers whose first delivered order came "
                "late (after the estimated day); they are late deliveries, not complaints: a "
                "marketplace export holds none"),
    "csat_is_review": N_("csat_score is the review score (1-5) of the index order, not a rating "
                       "of complaint handling; tier is 'all' (one stratum: the export has no "
                       "customer tier); weight 1 (no sampling)"),
    "late_as_type": N_("late_as must be an index_event code (text), not {value!r}"),
}


def _msg(key: str, /, **fields) -> str:
    """``MESSAGES[key]`` in the language of the read under way (``read_complaints``'
    ``locale=`` or its file's; English outside a read)."""
    return tr(MESSAGES[key], _read_language(), **fields)


# --------------------------------------------------------------------------- mappings
def names() -> list[str]:
    """The names of the built-in sources, sorted."""
    return sorted(p.stem for p in SOURCES_DIR.glob("*.toml"))


def _path_of(name) -> Path:
    """The TOML file of a built-in source name, or a path given as such."""
    if isinstance(name, Path) or (isinstance(name, str) and name.endswith(".toml")):
        path = Path(name)
        if not path.is_file():
            raise ValueError(_msg("missing_file", path=path))
        return path
    if not isinstance(name, str):
        raise TypeError(_msg("name_type", kind=type(name).__name__))
    path = SOURCES_DIR / f"{name}.toml"
    if name not in names():
        close = difflib.get_close_matches(name, names(), n=1)
        hint = _msg("source_hint", close=close[0]) if close else ""
        raise ValueError(_msg("unknown_source", name=name, known=", ".join(names()))
                         + hint)
    return path


@functools.lru_cache(maxsize=64)
def _read_toml(path: str, stamp: float) -> dict:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ValueError(_msg("toml", path=path, error=e)) from None


def mapping_for(name) -> dict:
    """The mapping of a known source (or of a TOML file), parsed and checked.

    Parameters
    ----------
    name : str or pathlib.Path
        A built-in source (:func:`names`, e.g. ``"cfpb"``) or the path of a mapping TOML
        file (a copy of a built-in one, edited).

    Returns
    -------
    dict
        The mapping as in the TOML file (``name``, ``title``, ``table``, ``columns``,
        ``dates``, ``flags``, ``values``, ``detect``); a new dict on each call.

    Raises
    ------
    ValueError
        An unknown source; a file that is missing or not TOML; an unknown key at the top or
        in a section; a name in ``[dates]``, ``[flags]`` or ``[values.*]`` that ``[columns]``
        does not produce; a ``[detect]`` column not in ``[columns]``; an unknown table. Each
        message names the file.

    Examples
    --------
    >>> from complaintkit.readers.sources import mapping_for
    >>> m = mapping_for("cfpb")
    >>> m["columns"]["Consumer disputed?"], m["flags"]["columns"]
    ('disputed', ['timely_response', 'disputed'])
    >>> mapping_for("cfbp")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'cfbp' is not a known source; the known sources are cfpb, ... (did you mean 'cfpb'?)
    """
    path = _path_of(name)
    data = _read_toml(str(path), path.stat().st_mtime)
    return check_mapping(_copy(data), origin=str(path))


def _copy(d):
    if isinstance(d, dict):
        return {k: _copy(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_copy(v) for v in d]
    return d


def check_mapping(data: dict, origin: str = "dict") -> dict:
    """``data`` checked as a mapping, beyond :func:`~complaintkit.readers.mapping.load_mapping`:
    no unknown key inside ``[flags]`` / ``[detect]`` (a typo there would be ignored), every
    name used by ``[dates]``, ``[flags]`` and ``[values.*]`` produced by ``[columns]`` (or a
    canonical column of the table), ``[detect]`` columns among the source columns, a known
    table. Returns ``data``; raises ValueError naming ``origin`` and the key.

    Examples
    --------
    >>> from complaintkit.readers.sources import check_mapping
    >>> check_mapping({"columns": {"Opened": "received_at"},
    ...                "dates": {"recieved_at": "day-first"}}, "my.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: mapping my.toml: [dates] names 'recieved_at', which [columns] does not produce ...
    """
    m = load_mapping(data, origin=origin)   # top-level keys, types, orders, one target each
    if not isinstance(data, dict) or not any(k in data for k in SECTIONS):
        return data
    for section, known in _SUBKEYS.items():
        part = data.get(section)
        if isinstance(part, dict) and set(part) - set(known):
            raise ValueError(_msg("subkey",
                origin=origin, section=section, known=", ".join(known),
                keys=", ".join(map(repr, sorted(set(part) - set(known))))))
    table = data.get("table", "complaints")
    if table not in TABLES:
        raise ValueError(_msg("table", origin=origin, table=table,
                                                  tables=", ".join(TABLES)))
    have = set(m.columns.values()) | {c.name for c in TABLES[table]}
    for section, used in (("dates", list(m.dates)), ("flags", m.flags),
                          ("values", list(m.values))):
        gone = [c for c in used if c not in have]
        if gone:
            raise ValueError(_msg("undefined",
                origin=origin, section=section, cols=", ".join(map(repr, gone)),
                have=", ".join(m.columns.values()) or "none"))
    gone = [c for c in m.detect if c not in m.columns]
    if gone:
        raise ValueError(_msg("detect_cols", origin=origin,
                                                        cols=", ".join(map(repr, gone))))
    return data


# --------------------------------------------------------------------------- listing, detection
def known_sources() -> pd.DataFrame:
    """The built-in sources: what each reads and what it maps.

    Returns
    -------
    DataFrame
        One row per source: ``name``, ``title``, ``table`` (the canonical table its rows
        belong to), ``canonical`` (the canonical columns it fills, from which source column),
        ``kept`` (the other columns, under their snake_case names), ``flags`` (yes/no/N-A
        columns), ``detect`` (the header columns that recognise it) and ``file`` (the TOML to
        copy and edit).

    Examples
    --------
    >>> import complaintkit as ck
    >>> s = ck.known_sources().set_index("name")
    >>> s.loc["cfpb", "table"], s.loc["marketplace_orders", "table"]
    ('complaints', 'orders')
    >>> s.loc["nyc311", "canonical"]  # doctest: +NORMALIZE_WHITESPACE
    'Unique Key -> complaint_id, Created Date -> received_at, Closed Date -> closed_at,
     Complaint Type -> category, Descriptor -> sub_category, Open Data Channel Type -> channel'
    """
    rows = []
    for name in names():
        m = mapping_for(name)
        canon = {c.name for c in TABLES[m.get("table", "complaints")]}
        cols = m.get("columns", {})
        rows.append({
            "name": name, "title": m.get("title", ""), "table": m.get("table", "complaints"),
            "canonical": ", ".join(f"{s} -> {d}" for s, d in cols.items() if d in canon),
            "kept": ", ".join(d for d in cols.values() if d not in canon),
            "flags": ", ".join(m.get("flags", {}).get("columns", [])),
            "detect": ", ".join(m.get("detect", {}).get("columns", [])),
            "file": str(SOURCES_DIR / f"{name}.toml")})
    return pd.DataFrame(rows, columns=["name", "title", "table", "canonical", "kept", "flags",
                                       "detect", "file"])


def _norm(name) -> str:
    """Header names compared as the reader compares them: spaces folded, lower case."""
    return " ".join(str(name).split()).lower()


def _detect_sets() -> dict[str, frozenset]:
    return {name: frozenset(_norm(c) for c in
                            mapping_for(name).get("detect", {}).get("columns", []))
            for name in names()}


def detect(columns) -> str | None:
    """The known source whose ``[detect]`` columns are all in a header, if exactly one is.

    Header names are compared with spaces folded and case ignored. When several sources
    match and one's detect columns include all the others', that more specific one is
    chosen; any other tie gives None, as does a header no source matches.

    Parameters
    ----------
    columns : iterable
        The header's column names.

    Returns
    -------
    str or None
        The source's name (:func:`names`), or None.

    Examples
    --------
    >>> from complaintkit.readers.sources import detect
    >>> detect(["Date received", "Product", "Issue", "Company response",
    ...         "Timely response?", "Consumer disputed?", "Complaint ID"])
    'cfpb_legacy'
    >>> detect(["complaint_id", "received_at"]) is None
    True
    """
    try:
        have = {_norm(c) for c in columns}
    except TypeError:
        return None
    sets = _detect_sets()
    hits = [n for n, cols in sets.items() if cols and cols <= have]
    best = [h for h in hits if all(sets[o] <= sets[h] for o in hits)]
    return best[0] if len(best) == 1 else None


# --------------------------------------------------------------------------- loading
def _resolve(name, func: str) -> tuple[dict, str]:
    """(the checked mapping, where it came from) for a built-in name, a TOML path or a dict."""
    if isinstance(name, dict):
        return check_mapping(_copy(name), origin="dict"), "dict"
    path = _path_of(name)
    label = path.stem if path.parent == SOURCES_DIR else str(path)
    return mapping_for(path), label


def _check_options(options: dict, func: str) -> None:
    taken = [k for k in ("mapping", "source") if k in options]
    if taken:
        raise TypeError(_msg("option", func=func, names=", ".join(taken)))


def _require_columns(report: ReadReport, origin: str) -> None:
    """Every source column of the mapping must be in the file (a known layout is fixed)."""
    if not report.missing:
        return
    have = [str(c) for c in report.mapped] + [str(c) for c in report.kept]
    pairs = []
    for col in report.missing:
        close = difflib.get_close_matches(col, have, n=1, cutoff=0.6)
        if close:
            pairs.append(f"{col!r} ~ {close[0]!r}")
    hint = _msg("did_you_mean", pairs=", ".join(pairs)) if pairs else ""
    raise ValueError(_msg("not_in_file",
        path=report.path, cols=", ".join(map(repr, report.missing)), origin=origin,
        hint=hint, have=", ".join(have)))


def load_source(name, path, **options) -> ReadReport:
    """Read an export of a known source (or of your own mapping) with its mapping.

    Parameters
    ----------
    name : str, pathlib.Path or dict
        A built-in source (``ck.known_sources()``), the path of a mapping TOML file (a copy
        of a built-in one, edited), or the mapping as a dict.
    path : str, pathlib.Path, file object or DataFrame
        The export, as :func:`~complaintkit.readers.read.read_complaints` takes it.
    **options
        Passed to ``read_complaints`` (``encoding``, ``sheet``, ``delimiter``, ``header``,
        ``earliest``, ``latest``; ``table`` defaults to the mapping's).

    Returns
    -------
    ReadReport
        As ``read_complaints``: ``df, report = ck.load_source(...)``.

    Raises
    ------
    ValueError
        An unknown source, a mapping with an unknown key or a name it does not define
        (naming the file), or an export without a column the mapping reads (naming the
        column, the mapping and the export, with the closest header name).

    Examples
    --------
    >>> import io
    >>> import complaintkit as ck
    >>> text = io.StringIO(
    ...     "ID,Opened,First reply,Closed,Category,Channel,Agent,Satisfaction,Priority,Status\\n"
    ...     "T-1,05/03/2024 09:10,05/03/2024 11:40,16/03/2024 10:00,Billing,Chat,Ana,4,Low,"
    ...     "closed\\n"
    ...     "T-2,25/03/2024 14:00,26/03/2024 09:00,,Delivery,Email,Bo,,High,open\\n")
    >>> df, report = ck.load_source("tickets", text)
    >>> df["received_at"].dt.strftime("%Y-%m-%d").tolist(), df["channel"].tolist()
    (['2024-03-05', '2024-03-25'], ['online_chat', 'email'])
    >>> report.rows_read, report.accepted
    (2, 2)
    """
    _check_options(options, "load_source")
    mapping, origin = _resolve(name, "load_source")
    options.setdefault("table", mapping.get("table", "complaints"))
    report = read_complaints(path, mapping=mapping, **options)
    _require_columns(report, origin)
    return report


def load_cfpb(path, **options) -> ReadReport:
    """Read a CFPB consumer complaint export, whichever of its three layouts it is.

    The layout is recognised from the header (:func:`detect`): the web export (18 columns,
    ``cfpb``), the older export before narratives (14 columns, "Company response",
    ``cfpb_legacy``) or the API's snake_case fields (``cfpb_api``); ``report.source`` says
    which. Console lines before the header are skipped (``report.skipped_lines``).

    "Timely response?" and "Consumer disputed?" are read by :mod:`complaintkit.flags` into
    ``timely_response`` and ``disputed`` (``yes``, ``no``, ``n/a``; empty stays missing):
    the CFPB stopped offering the dispute option in April 2017, so later complaints say
    "N/A" (not applicable), which is not the same answer as an empty cell.

    Pass the file itself rather than a frame from ``pandas.read_csv``: pandas reads "N/A"
    as missing by default, which merges the two answers (a note says so when every answer
    after April 2017 is empty), and reads ZIP codes such as 02134 as numbers.

    Parameters
    ----------
    path : str, pathlib.Path, file object or DataFrame
        The export.
    **options
        As :func:`load_source`.

    Returns
    -------
    ReadReport

    Raises
    ------
    ValueError
        A header that is none of the three layouts (naming the file and, if it is another
        known source, that source), or one missing a column of its layout.

    Examples
    --------
    >>> import io
    >>> import complaintkit as ck
    >>> text = io.StringIO(
    ...     "Complaint ID,Product,Sub-product,Issue,Sub-issue,State,ZIP code,Submitted via,"
    ...     "Date received,Date sent to company,Company,Company response,Timely response?,"
    ...     "Consumer disputed?\\n"
    ...     "1290516,Mortgage,Conventional fixed mortgage,Loan servicing,,CA,95616,Web,"
    ...     "03/21/2015,03/23/2015,Acme Bank,Closed with explanation,Yes,No\\n")
    >>> df, report = ck.load_cfpb(text)
    >>> report.source, df["received_at"].dt.strftime("%Y-%m-%d").iloc[0]
    ('cfpb_legacy', '2015-03-21')
    >>> df["disputed"].tolist(), df["channel"].tolist()
    (['no'], ['web'])
    """
    _check_options(options, "load_cfpb")
    report = read_complaints(path, **options)
    if report.source not in CFPB_LAYOUTS:
        found = detect(list(report.mapped) + list(report.kept))
        other = _msg("other_source", found=found) if found else ""
        header = ", ".join(map(str, [*report.mapped, *report.kept][:8]))
        raise ValueError(_msg("not_cfpb",
            path=report.path, layouts=", ".join(CFPB_LAYOUTS), header=header, other=other))
    _require_columns(report, report.source)
    _check_na_kept(report)
    return report


#: the CFPB stopped offering the dispute option for complaints received from this day
DISPUTE_ENDED = pd.Timestamp("2017-04-24")


def _check_na_kept(report: ReadReport) -> None:
    """A note when every dispute answer after the option ended is empty, none N/A: the
    N/A were most likely lost before the kit saw them (pandas reads 'N/A' as NaN)."""
    f = report.frame
    if "disputed" not in f.columns or "received_at" not in f.columns:
        return
    late = (f["received_at"] >= DISPUTE_ENDED).to_numpy()
    d = f["disputed"]
    if late.any() and not (d == "n/a").any() and d[late].isna().all():
        report.notes.append(_msg("na_lost", n=int(late.sum()),
                                                       date=DISPUTE_ENDED.date()))


# --------------------------------------------------------------------------- marketplace
@dataclass
class MarketplaceFrames:
    """A marketplace's orders and reviews as analysis frames (:func:`load_marketplace`).

    Attributes
    ----------
    orders : DataFrame
        One row per order read (index: the row in the orders file): the order columns, the
        derived ``promised_days``, ``actual_days``, ``delay_days``, ``late``,
        ``hours_late``, ``delivery_hours``, the customer key ``person_id`` and the review
        joined (``review_id``, ``review_score``, ``answered_at``).
    drivers : DataFrame
        One row per delivered and reviewed order, for ``ck.drivers``: ``order_id``,
        ``person_id``, ``review_score`` (the outcome, 1-5), ``delay_days``, ``late`` (0/1),
        ``hours_late``, ``actual_days``, ``promised_days``.
    loyalty : DataFrame
        One row per customer with a delivered order, for ``ck.loyalty`` (see
        :func:`load_marketplace`).
    reports : dict
        The :class:`~complaintkit.readers.read.ReadReport` of each file read.
    notes : list of str
        Every row left out of a frame, and why; what the loyalty columns mean here.
    """

    orders: pd.DataFrame
    drivers: pd.DataFrame
    loyalty: pd.DataFrame
    reports: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def summary(self) -> str:
        """The frames' sizes, each file's read and the notes, as text."""
        lines = [_msg("frames", orders=len(self.orders), drivers=len(self.drivers),
                                           customers=len(self.loyalty))]
        lines += [f"{k}: {r!r}" for k, r in self.reports.items()]
        lines += [f"- {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<MarketplaceFrames: {self.summary().splitlines()[0]}>"


def _rows(index, limit: int = 5) -> str:
    shown = ", ".join(map(str, list(index)[:limit]))
    return shown + (f" and {len(index) - limit} more" if len(index) > limit else "")


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Calendar days from ``earlier`` to ``later`` (whole days between their dates)."""
    return (later.dt.normalize() - earlier.dt.normalize()).dt.days.astype("Int64")


def _delivery_columns(o: pd.DataFrame) -> pd.DataFrame:
    """Promised, actual and delay days (as the schema's orders table), late, hours late."""
    o = o.copy()
    o["promised_days"] = _days(o["estimated_delivery_at"], o["ordered_at"])
    o["actual_days"] = _days(o["delivered_at"], o["ordered_at"])
    o["delay_days"] = _days(o["delivered_at"], o["estimated_delivery_at"])
    o["late"] = (o["delay_days"] > 0).astype("boolean")
    end_of_day = o["estimated_delivery_at"].dt.normalize() + pd.Timedelta(days=1)
    over = (o["delivered_at"] - end_of_day).dt.total_seconds() / 3600
    o["hours_late"] = over.clip(lower=0.0)
    o["delivery_hours"] = (o["delivered_at"] - o["ordered_at"]).dt.total_seconds() / 3600
    return o


def _one_review(r: pd.DataFrame, order_ids: pd.Series, notes: list) -> pd.DataFrame:
    """One valid review per order: scores 1-5, the latest answered; the rest noted."""
    r = r.copy()
    score = pd.to_numeric(r["review_score"], errors="coerce")
    ok = score.isin([1, 2, 3, 4, 5])
    if (~ok).any():
        bad = r.loc[~ok, "review_score"]
        notes.append(_msg("score_bad",
            n=int((~ok).sum()), rows=_rows(bad.index),
            values=", ".join(map(repr, bad.astype(object).head(3).tolist()))))
    r = r[ok].assign(review_score=score[ok].astype(float))
    orphan = ~r["order_id"].isin(set(order_ids.dropna()))
    if orphan.any():
        notes.append(_msg("review_orphans", n=int(orphan.sum()),
                                                       rows=_rows(r.index[orphan])))
    r = r[~orphan]
    r = r.sort_values(["answered_at", "sent_at"], kind="stable", na_position="first")
    extra = r["order_id"].duplicated(keep="last")
    if extra.any():
        notes.append(_msg("reviews_twice",
            n=r.loc[extra, "order_id"].nunique(), k=int(extra.sum()),
            rows=_rows(sorted(r.index[extra]))))
    return r[~extra]


def _person(o: pd.DataFrame, customers: pd.DataFrame | None, notes: list) -> pd.Series:
    """The person behind each order: customer_unique_id from customers (or the orders, if
    they carry it), else customer_id."""
    if customers is not None:
        key = customers.drop_duplicates("customer_id").set_index("customer_id")["person_id"]
        person = o["customer_id"].map(key)
        lost = person.isna() & o["customer_id"].notna()
        if lost.any():
            notes.append(_msg("person_missing", n=int(lost.sum()),
                                                           rows=_rows(o.index[lost])))
        return person
    if "customer_unique_id" in o.columns:
        return o["customer_unique_id"]
    return o["customer_id"]


def _index_orders(o: pd.DataFrame, notes: list) -> pd.DataFrame:
    """Each person's first delivered order with an estimated date (the loyalty clock)."""
    usable = o["delay_days"].notna() & o["person_id"].notna()
    first = (o[usable].sort_values(["ordered_at", "order_id"], kind="stable")
             .drop_duplicates("person_id"))
    lost = o.loc[o["person_id"].notna(), "person_id"].nunique() - len(first)
    if lost:
        notes.append(_msg("no_index", n=lost))
    return first


def _next_purchase(first: pd.DataFrame, o: pd.DataFrame) -> pd.Series:
    """The first purchase of the same person placed after their index delivery."""
    later = o[["person_id", "ordered_at"]].dropna().merge(
        first[["person_id", "delivered_at"]], on="person_id")
    later = later[later["ordered_at"] > later["delivered_at"]]
    nxt = later.groupby("person_id")["ordered_at"].min()
    return pd.Series(nxt.reindex(first["person_id"].to_numpy()).to_numpy(), index=first.index,
                     dtype="datetime64[s]")


def _loyalty(o: pd.DataFrame, period_end, late_as: str, notes: list) -> pd.DataFrame:
    """One row per customer, the columns ck.loyalty reads (see load_marketplace)."""
    first = _index_orders(o, notes)
    if len(first) > 1 and o["person_id"].value_counts().max() == 1:
        notes.append(_msg("per_order_ids"))
        first = first.iloc[:0]
    if period_end is None:
        end = o["ordered_at"].max()
        notes.append(_msg("period_end", end=end, how=_msg("period_how_data")))
    else:
        from ..analysis import _checks
        end = _checks.timestamp("period_end", period_end)
        notes.append(_msg("period_end", end=end, how=_msg("period_how_given")))
    nxt = _next_purchase(first, o)
    bought = nxt.notna() & (nxt <= end)
    start = first["delivered_at"]
    stop = nxt.where(bought, end)
    late = first["late"].astype(bool)
    out = pd.DataFrame({
        "customer_id": first["person_id"].astype(str).to_numpy(),
        "index_order_id": first["order_id"].to_numpy(),
        "index_event": np.where(late, late_as, "no_problem"),
        "index_at": start.to_numpy(),
        "tier": "all",
        "days_to_next_purchase": ((stop - start).dt.total_seconds() / 86400).clip(lower=0)
        .to_numpy(),
        "repurchased": bought.to_numpy(dtype=bool),
        "days_to_period_end": ((end - start).dt.total_seconds() / 86400).clip(lower=0)
        .to_numpy(),
        "hours_late": first["hours_late"].to_numpy(dtype=float),
        "delay_days": first["delay_days"].to_numpy(),
        "delivery_hours": first["delivery_hours"].to_numpy(dtype=float),
        "csat_score": first["review_score"].to_numpy(dtype=float),
        "weight": 1.0})
    notes += [_msg("late_as", code=late_as), _msg("csat_is_review")]
    out.attrs["notes"] = [_msg("late_as", code=late_as), _msg("csat_is_review")]
    return out


def _drivers(o: pd.DataFrame, notes: list) -> pd.DataFrame:
    delivered = o["delivered_at"].notna()
    if (~delivered).any():
        st = o.loc[~delivered, "order_status"].astype(str).value_counts()
        notes.append(_msg("not_delivered",
            n=int((~delivered).sum()), statuses=", ".join(f"{k} {v}" for k, v in st.items())))
    no_est = delivered & o["estimated_delivery_at"].isna()
    if no_est.any():
        notes.append(_msg("estimate_missing", n=int(no_est.sum())))
    timed = o["delay_days"].notna()
    no_review = timed & o["review_score"].isna()
    if no_review.any():
        notes.append(_msg("no_review", n=int(no_review.sum())))
    d = o[timed & o["review_score"].notna()]
    return pd.DataFrame({
        "order_id": d["order_id"], "person_id": d["person_id"],
        "review_score": d["review_score"].astype(float),
        "delay_days": d["delay_days"].astype("int64"), "late": d["late"].astype("int64"),
        "hours_late": d["hours_late"].astype(float),
        "actual_days": d["actual_days"].astype("int64"),
        "promised_days": d["promised_days"].astype("int64")}, index=d.index)


def load_marketplace(orders, reviews, customers=None, *, period_end=None,
                     late_as: str = "late_delivery", **options) -> MarketplaceFrames:
    """A marketplace's orders and reviews (Olist layout) as frames for drivers and loyalty.

    The files are read with the built-in mappings ``marketplace_orders``,
    ``marketplace_reviews`` and (optional) ``marketplace_customers`` (each read's report is
    in ``.reports``). From each order's purchase, delivery and estimated delivery times:

    * ``promised_days``, ``actual_days`` (calendar days from purchase to the estimated and to
      the actual delivery) and ``delay_days = actual - promised`` (negative: early), as in
      the kit's orders table; ``late``: delivered on a day after the estimated day;
      ``hours_late``: hours past the end of the estimated day (0 when on time);
      ``delivery_hours``: purchase to delivery.
    * ``review_score`` of the order (1-5; an order with several reviews gets the latest
      answered, the others are noted).

    **Drivers** (``.drivers``): one row per delivered, reviewed order. The review score is
    the outcome on a 1-5 scale, lateness the drivers::

        ck.drivers(m.drivers, outcome="review_score",
                   drivers=["delay_days", "actual_days"], controls=None)

    ``delay_days`` and ``actual_days`` are counts of days, not ratings, so ``drivers`` gives
    them importance but no importance-performance quadrant (it says so).

    **Loyalty** (``.loyalty``): one row per customer with a delivered order. The loyalty
    clock starts at the delivery of the customer's first delivered order (``index_at``);
    ``repurchased`` / ``days_to_next_purchase``: the first order the same person placed
    after that delivery (any status), censored at ``period_end``; ``days_to_period_end``;
    ``hours_late`` (the handling time ``ck.loyalty(..., hours="hours_late")`` puts on its
    axis); ``csat_score``: the review score of the index order; ``tier`` ``"all"`` (one
    stratum: the export has no tier) and ``weight`` 1. ``index_event`` is ``"no_problem"``
    for an on-time first order and ``late_as`` for a late one. ``ck.loyalty`` compares
    index_event ``"complaint"`` with ``"no_problem"``; a marketplace export has no
    complaints, so the late customers are *late deliveries*: pass
    ``late_as="complaint"`` to study them in its place, knowing what they are (the frame's
    ``attrs["notes"]`` and ``.notes`` say so).

    Repurchase needs the person behind the orders: Olist's ``customer_id`` is one per order,
    the person is ``customer_unique_id`` in its customers file (pass it as ``customers``);
    orders that carry ``customer_unique_id`` themselves are used as they are.

    Parameters
    ----------
    orders, reviews : str, pathlib.Path, file object or DataFrame
        The orders and the order reviews.
    customers : optional
        The customers file (``customer_id``, ``customer_unique_id`` ...).
    period_end : date-like, optional
        The end of observation (default: the last purchase in the orders file).
    late_as : str
        The ``index_event`` of customers whose first delivered order came late.
    **options
        Passed to each read (``encoding``, ``delimiter`` ...).

    Returns
    -------
    MarketplaceFrames
        ``.orders``, ``.drivers``, ``.loyalty``, ``.reports``, ``.notes``, ``.summary()``.

    Examples
    --------
    >>> import io
    >>> import complaintkit as ck
    >>> from complaintkit.readers.sources import load_marketplace
    >>> orders = io.StringIO(
    ...     "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,"
    ...     "order_delivered_carrier_date,order_delivered_customer_date,"
    ...     "order_estimated_delivery_date\\n"
    ...     "o1,c1,delivered,2018-01-02 10:00:00,2018-01-02 10:20:00,2018-01-03 09:00:00,"
    ...     "2018-01-10 15:00:00,2018-01-08 00:00:00\\n"
    ...     "o2,c2,delivered,2018-01-05 08:00:00,2018-01-05 08:10:00,2018-01-06 12:00:00,"
    ...     "2018-01-09 11:00:00,2018-01-15 00:00:00\\n"
    ...     "o3,c1,shipped,2018-01-20 18:00:00,2018-01-20 18:05:00,2018-01-22 10:00:00,,"
    ...     "2018-02-02 00:00:00\\n")
    >>> reviews = io.StringIO(
    ...     "review_id,order_id,review_score,review_comment_title,review_comment_message,"
    ...     "review_creation_date,review_answer_timestamp\\n"
    ...     "r1,o1,2,,chegou atrasado,2018-01-11 00:00:00,2018-01-12 09:30:00\\n"
    ...     "r2,o2,5,,,2018-01-10 00:00:00,2018-01-10 20:00:00\\n")
    >>> m = load_marketplace(orders, reviews)
    >>> m.drivers[["order_id", "review_score", "delay_days", "late", "hours_late"]].values.tolist()
    [['o1', 2.0, 2, 1, 39.0], ['o2', 5.0, -6, 0, 0.0]]
    >>> m.loyalty[["customer_id", "index_event", "repurchased"]].values.tolist()
    [['c1', 'late_delivery', True], ['c2', 'no_problem', False]]
    >>> m.loyalty["days_to_next_purchase"].round(2).tolist()
    [10.12, 11.29]
    """
    _check_options(options, "load_marketplace")
    if not isinstance(late_as, str) or not late_as:
        raise ValueError(_msg("late_as_type", value=late_as))
    reports = {"orders": load_source("marketplace_orders", orders, **options),
               "reviews": load_source("marketplace_reviews", reviews, **options)}
    if customers is not None:
        reports["customers"] = load_source("marketplace_customers", customers, **options)
    notes: list[str] = []
    o = _delivery_columns(reports["orders"].frame)
    o["person_id"] = _person(o, reports["customers"].frame if customers is not None else None,
                             notes)
    r = _one_review(reports["reviews"].frame, o["order_id"], notes)
    joined = r.set_index("order_id")[["review_id", "review_score", "answered_at"]]
    o = o.join(joined, on="order_id")
    drivers = _drivers(o, notes)
    loyalty = _loyalty(o, period_end, late_as, notes)
    return MarketplaceFrames(orders=o, drivers=drivers, loyalty=loyalty, reports=reports,
                             notes=notes)
