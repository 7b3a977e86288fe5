"""validate: every problem of a table against the canonical schema, at once (issue 10).

``ck.validate(df, table)`` checks a table (a real export after renaming, or a table the kit
wrote) against the one schema, :data:`complaintkit.schema.TABLES`, and lists every problem
with its column, its rows and the reason, errors apart from warnings. ``strict=True`` raises
one :class:`~complaintkit.schema.SchemaError` that lists them. It reads values by the same
rules as :func:`complaintkit.schema.conform` (which casts; ``validate`` only looks): yes/no by
:mod:`complaintkit.flags`, date-times by ``schema.TIME_RULE``, whole numbers exactly, kit
labels (zh or en) as codes.

Errors (``conform`` would refuse the table): the table's id column absent; no schema column
at all; two columns of one name or two headers for one column; an empty value where the
schema needs one; a value not readable as its column's kind (not a number, not a whole
number, not finite, too large to hold exactly, true/false in a number column, not an ISO 8601
date-time, time zones mixed in one column, not yes/no, N/A in a yes/no column, not one of the
column's levels); a number outside its bounds (negative counts, NPS 11); a duplicated id
(``conform`` casts and does not look across rows: a duplicated id is validate's to find).

Warnings (the table is usable; what it means is said): a schema column absent (named with
what it is needed for); columns not in the schema (kept as they are; one line names them);
headers that are kit column labels (read as the schema's names); kit labels in a code column
(read as codes, zh and en mixed said); values that are another kind's labels (e.g. a
priority label in ``channel``); a table with no rows.

Built on pandera (``pandera.pandas``): :func:`pandera_schema` generates a
``DataFrameSchema`` from the schema, and pandera collects every failure (lazy validation),
checks nullability and unique ids. Where pandera falls short of a need, the kit does it:

* **pandera's dtype coercion is not used**, because it reads values by pandas' rules, not
  the kit's one rule, and silently changes them (checked with pandera 0.35, pandas 3.1):
  ``coerce=True`` on an int64 column turned ``2.5`` into ``2`` and ``1e20`` into
  ``-9223372036854775808``; on a date-time column it read ``03-04-25`` as 4 March and
  ``13-04-25`` as 13 April in the same column (day and month guessed row by row); on a bool
  column ``"no"`` became True. So every column is typed by checks written here with the
  kit's rules (shared with ``conform``), and pandera's ``dtype`` is left unset.
* pandera has no warning level in its collected failures (``raise_warning`` emits a Python
  warning instead of a failure case), so warnings (absent and extra columns, labels) are
  found here, outside pandera, and reported in the same table.
* pandera's ``unique`` checks only the key columns present: with a key column absent it
  would call rows duplicates on part of the key, so uniqueness is asked only when the whole
  key is there.

Examples
--------
>>> import complaintkit as ck
>>> w = ck.generate(n_complaints=300)
>>> ck.validate(w.complaints).ok
True
>>> bad = w.complaints.astype({"priority": object, "contacts": object})
>>> bad.loc[[3, 7], "priority"] = "urgent"
>>> bad.loc[5, "contacts"] = -1
>>> report = ck.validate(bad.drop(columns="narrative"))
>>> print(report.summary())  # doctest: +ELLIPSIS
complaints: ... rows, 25 columns: 2 errors, 1 warning
  error    priority: 'urgent' is not one of low, medium, high (rows 3, 7)
  error    contacts: -1 is below the smallest allowed value (0) (row 5)
  warning  narrative: absent: needed for ...
"""

from __future__ import annotations

import contextvars
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import flags, schema
from .i18n import N_, fmt_list, is_english, locale_of, tr
from .locale import LOCALES, code_of, label_family, other_kinds, recode, text_locale
from .locale import labels as locale_labels
from .schema import Column, SchemaError

if TYPE_CHECKING:  # pragma: no cover
    import pandera.pandas as pa

__all__ = ["validate", "ValidationReport", "pandera_schema", "NEEDED_FOR"]

# --------------------------------------------------------------------------- messages
MESSAGES = {
    "not_frame": N_("validate takes a pandas DataFrame, but a {type} was passed"),
    "no_columns": N_("none of the columns of {table} is present ({names} ...): rename the "
                   "export's columns to the schema's names (ck.read_complaints(..., mapping=...))"
                   "; the columns are listed in docs/data-dictionary.md"),
    "no_id": N_("absent: it identifies each row of {table}; without it rows cannot be told apart "
              "or joined"),
    "absent": N_("absent: needed for {needed}"),
    "extra": N_("{n} column{s} not in the schema of {table}, kept as {they} {verb}: {names}"),
    "header_label": N_("{n} header{s} {verb} the kit's column labels, read as the schema's names: "
                     "{pairs}"),
    "headers_clash": N_("the headers {headers} all name {name}: keep one"),
    "duplicate_columns": N_("{n} columns have this name: keep one"),
    "no_rows": N_("the table has no rows"),
    "not_nullable": N_("empty where the schema needs a value"),
    "text_empty": N_("empty, kept as missing text (real exports withhold or lack some, e.g. the "
                   "CFPB publishes a narrative only with the consumer's consent); analyses of "
                   "text skip these rows"),
    "unique": N_("the same {key} on more than one row ({values})"),
    "true_false": N_("{values} {verb} true/false, not a number"),
    "number": N_("{values} {verb} not a number"),
    "finite": N_("{values} {verb} not a finite number"),
    "exact": N_("{values} {verb} too large to hold a whole number exactly (beyond 2**53)"),
    "whole": N_("{values} {verb} not a whole number (nothing is rounded)"),
    "low": N_("{values} {verb} below the smallest allowed value ({bound:g})"),
    "high": N_("{values} {verb} above the largest allowed value ({bound:g})"),
    "datetime": N_("{values} {verb} not an ISO 8601 date-time (YYYY-MM-DD[ hh:mm[:ss]][zone]); "
                 "day and month are not guessed"),
    "datetime_numbers": N_("{values} {verb} numbers, not date-times: if they count seconds since "
                         "1970, convert them with pd.to_datetime(df[{column!r}], unit='s')"),
    "one_zone": N_("mixes time zones (or zone-aware and naive values): convert the column to one "
                 "zone first"),
    "flag_word": N_("{values} {verb} not yes or no (the words understood: {words})"),
    "flag_answer": N_("{values} (not applicable) where a yes/no answer is needed: a column with "
                    "N/A answers is read with complaintkit.flags.read_flags"),
    "level": N_("{values} {verb} not one of {levels}{hints}"),
    "labels": N_("{n:,} value{s} {verb} kit labels ({pairs}){mixed}: conform reads them as codes"),
    "mixed": N_("; zh and en labels mixed"),
    "kept_labels": N_("{n:,} value{s} {verb} kit labels ({pairs}) beside values that are not: "
                    "conform keeps the column as given (the data's own codes)"),
    "other_kind": N_("{values} {verb} not a code or label of {family} ({hints})"),
    "summary_head": N_("{table}: {rows:,} rows, {columns} columns: {counts}"),
    "passes": N_("passes the schema"),
    "strict": N_("{table} does not follow the schema ({n} error{s}{more}):\n{lines}"),
    "strict_more": N_("; warnings: see ck.validate(df).summary()"),
}

#: what each column of complaints is needed for (absent columns are warnings that say so)
NEEDED_FOR = {
    ("complaints", "customer_id"): N_("loyalty (joins complaints to customers)"),
    ("complaints", "order_id"): N_("drivers and loyalty (joins complaints to orders)"),
    ("complaints", "received_at"): N_("counts, forecasts, early warning, KPIs by period"),
    ("complaints", "channel"): N_("breakdowns by channel (kpis, pareto, compare)"),
    ("complaints", "category"): N_("Pareto charts, counts and early warning by category"),
    ("complaints", "sub_category"): N_("the Pareto drill-down (pareto, drilldown)"),
    ("complaints", "root_cause"): N_("the Pareto drill-down to root causes"),
    ("complaints", "department"): N_("the Pareto drill-down by department"),
    ("complaints", "priority"): N_("SLA targets and training_effect's adjustment"),
    ("complaints", "narrative"): N_("reading what customers wrote (no analysis needs it)"),
    ("complaints", "agent_id"): N_("KPIs by agent and training_effect"),
    ("complaints", "first_response_at"): N_("response times (hours_to_first_response)"),
    ("complaints", "resolved_at"): N_("resolution times and the resolution rate"),
    ("complaints", "closed_at"): N_("closure KPIs"),
    ("complaints", "resolution"): N_("loyalty by resolution"),
    ("complaints", "compensation_amount"): N_("the cost of complaints (no analysis needs it yet)"),
    ("complaints", "contacts"): N_("extra contacts (complaint_frame)"),
    ("complaints", "first_contact_resolution"): N_("the first-contact-resolution KPI, drivers"),
    ("complaints", "escalated"): N_("the escalation KPI and compare"),
    ("complaints", "reopened"): N_("the reopen KPI"),
    ("complaints", "sla_met"): N_("the SLA KPI"),
}
_TABLE_NEEDS = {
    "customers": N_("loyalty (ck.loyalty, ck.loyalty_frame)"),
    "orders": N_("drivers and loyalty (delivery, problems, sample weights)"),
    "events": N_("life-cycle times and steps of each complaint"),
    "surveys": N_("satisfaction KPIs and drivers (follow-ups, 回访)"),
    "agents": N_("training_effect and KPIs by team"),
}
_ERROR, _WARNING = "error", "warning"
_SEVERITIES = {_ERROR: N_("error"), _WARNING: N_("warning")}
#: the "column" of a problem that is not one column's
_PLACES = {"(table)": N_("(table)"), "(extra)": N_("(extra)"), "(headers)": N_("(headers)")}

#: the language of the validation under way (``validate(locale=)``, else the table's own:
#: :func:`complaintkit.i18n.locale_of`, else Chinese headers). A context variable rather than
#: an argument of each helper below, which all write messages.
_LANGUAGE = contextvars.ContextVar("complaintkit_validate_language", default=None)


def _msg(key: str, /, **fields) -> str:
    """``MESSAGES[key]`` in the language of the validation under way."""
    return tr(MESSAGES[key], _LANGUAGE.get(), **fields)


def _verb(many: bool, plural: str = "are", single: str = "is") -> str:
    """The English verb after a list of values (Chinese messages have none)."""
    if not is_english(_LANGUAGE.get()):
        return ""
    return plural if many else single
_PROBLEM_COLUMNS = ["severity", "column", "rows", "reason"]


@functools.cache
def _pandera():
    """pandera, imported when first needed (importing complaintkit stays cheap)."""
    import pandera.pandas

    return pandera.pandas


# --------------------------------------------------------------------------- the report
@dataclass
class ValidationReport:
    """What :func:`validate` found.

    ``problems`` has one row per problem: ``severity`` (``error`` or ``warning``),
    ``column``, ``rows`` (the row labels concerned, a list; empty for a whole-column
    problem), ``n_rows`` and ``reason``. ``ok`` is True when there is no error.
    """

    table: str
    problems: pd.DataFrame
    n_rows: int
    n_columns: int
    locale: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors.shape[0]

    @property
    def errors(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == _ERROR]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == _WARNING]

    def lines(self, severity: str | None = None) -> list[str]:
        """One readable line per problem (of one severity when given)."""
        p = self.problems if severity is None else self.problems[
            self.problems["severity"] == severity]
        lang = self.locale
        return [tr("  {severity:<8} {column}: {reason}{rows}", lang,
                   severity=tr(_SEVERITIES.get(r.severity, r.severity), lang), column=r.column,
                   reason=r.reason, rows=_where(r.rows, lang=lang))
                for r in p.itertuples()]

    def summary(self) -> str:
        """The counts, then one line per problem (errors first)."""
        e, w, lang = len(self.errors), len(self.warnings), self.locale
        words = {(False, "error"): N_("{n} error"), (True, "error"): N_("{n} errors"),
                 (False, "warning"): N_("{n} warning"), (True, "warning"): N_("{n} warnings")}
        counts = tr(", ", lang).join(tr(words[n != 1, word], lang, n=n)
                                      for n, word in ((e, "error"), (w, "warning")) if n)
        head = tr(MESSAGES["summary_head"], lang, table=self.table,
                  rows=self.n_rows, columns=self.n_columns,
                  counts=counts or tr(MESSAGES["passes"], lang))
        return "\n".join([head, *self.lines()])

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        head = self.summary().splitlines()[0]
        shown = self.problems.assign(rows=[_where(r, lang=self.locale).strip(" ()（）")
                                           for r in self.problems.rows])
        table = shown.drop(columns="n_rows").to_html(index=False) if len(shown) else ""
        return f"<p><b>{head}</b></p>{table}"

    def raise_for_errors(self) -> None:
        """Raise one SchemaError that lists every error (nothing when ``ok``)."""
        if self.ok:
            return
        n = len(self.errors)
        raise SchemaError(tr(
            MESSAGES["strict"], self.locale, table=self.table, n=n, s="s" if n > 1 else "",
            more=tr(MESSAGES["strict_more"], self.locale) if len(self.warnings) else "",
            lines="\n".join(self.lines(_ERROR))))


def _where(rows, limit: int = 5, lang: str | None = None) -> str:
    if not len(rows):
        return ""
    more = tr(" and {k:,} more", lang, k=len(rows) - limit) if len(rows) > limit else ""
    shown = ", ".join(map(str, rows[:limit]))
    if len(rows) > 1:
        return tr(" (rows {rows}{more})", lang, rows=shown, more=more)
    return tr(" (row {rows}{more})", lang, rows=shown, more=more)


# --------------------------------------------------------------------------- validate
def validate(df, table: str = "complaints", *, strict: bool = False,
             locale: str | None = None) -> ValidationReport:
    """Every problem of ``df`` against the schema of ``table``, errors apart from warnings.

    Parameters
    ----------
    df : pandas.DataFrame
        A table: columns named as in the schema (docs/data-dictionary.md), or as the kit's
        column labels (``投诉编号``, ``Complaint ID``); values as read from a file (text) or
        already cast (by ``conform`` / ``read_world``).
    table : str
        One of the schema's tables: ``"complaints"``, ``"customers"``, ``"orders"``,
        ``"events"``, ``"surveys"``, ``"agents"``.
    strict : bool
        Raise one :class:`~complaintkit.schema.SchemaError` listing every error (warnings
        do not raise).
    locale : {None, "en_US", "zh_CN"}
        The language of the reasons and the summary: by default the table's own (a kit
        world's mark, labels read as codes, see :func:`complaintkit.i18n.locale_of`), else
        Chinese when its headers are, else English.

    Returns
    -------
    ValidationReport
        ``.problems`` (severity, column, rows, n_rows, reason), ``.ok``, ``.errors``,
        ``.warnings``, ``.summary()``; renders as HTML in a notebook.

    Raises
    ------
    SchemaError
        ``df`` is not a DataFrame, ``table`` is not a table, or (``strict=True``) errors.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate(n_complaints=300)
    >>> report = ck.validate(w.surveys.assign(nps=11), table="surveys")
    >>> report.ok, report.errors.reason.iloc[0]
    (False, '11 is above the largest allowed value (10)')
    """
    lang = locale_of(df, locale=locale)
    if lang is None and isinstance(df, pd.DataFrame):
        lang = text_locale(df.columns)
    cols = schema.columns(table)
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(tr(MESSAGES["not_frame"], lang, type=type(df).__name__))
    token = _LANGUAGE.set(lang)
    try:
        found: list[dict] = []
        frame = _structure(df, table, cols, found)
        if frame is not None:
            _values(frame, table, cols, found)
            _labels(frame, cols, found)
    finally:
        _LANGUAGE.reset(token)
    report = ValidationReport(table, _problems(found, cols), len(df), df.shape[1], lang)
    if strict:
        report.raise_for_errors()
    return report


def _problem(found: list, severity: str, column: str, reason: str, rows=()) -> None:
    if column in _PLACES:
        column = tr(_PLACES[column], _LANGUAGE.get())
    found.append({"severity": severity, "column": column, "rows": list(rows),
                  "n_rows": len(rows), "reason": reason})


def _problems(found: list[dict], cols) -> pd.DataFrame:
    """Errors first, then in the schema's column order (others after)."""
    order = {c.name: i for i, c in enumerate(cols)}
    p = pd.DataFrame(found, columns=[*_PROBLEM_COLUMNS[:3], "n_rows", "reason"])
    if not len(p):
        return p.astype({"n_rows": "int64"})
    key = p["severity"].ne(_ERROR).astype(int) * 10_000 + p["column"].astype(str).map(
        lambda c: order.get(c.split(", ")[0], len(order)))
    return p.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)


# --------------------------------------------------------------------------- structure
def _structure(df: pd.DataFrame, table: str, cols, found: list) -> pd.DataFrame | None:
    """Column-level problems; the frame to check values in (None when nothing can be)."""
    names = [c.name for c in cols]
    twice = pd.unique(df.columns[df.columns.duplicated()])
    for name in twice:
        _problem(found, _ERROR, str(name), _msg("duplicate_columns",
                                                 n=int((df.columns == name).sum())))
    frame = df.loc[:, ~df.columns.duplicated()]
    frame = _rename_labels(frame, table, found)
    present = [n for n in names if n in frame.columns]
    if not present:
        _problem(found, _ERROR, "(table)", _msg("no_columns", table=table,
                                                names=", ".join(names[:4])))
        return None
    _absent(frame, table, cols, found)
    extra = [str(c) for c in frame.columns if c not in names]
    if extra:
        many = len(extra) > 1
        _problem(found, _WARNING, "(extra)", _msg(
            "extra", n=len(extra), s="s" if many else "", table=table,
            they=_verb(many, "they", "it"), verb=_verb(many), names=", ".join(extra)))
    if not len(frame):
        _problem(found, _WARNING, "(table)", _msg("no_rows"))
    return frame


def _rename_labels(frame: pd.DataFrame, table: str, found: list) -> pd.DataFrame:
    """Headers that are the kit's column labels, read as the schema's names (as conform)."""
    rename = schema.canonical_headers(frame.columns, table)
    by_name: dict[str, list] = {}
    for header, name in rename.items():
        by_name.setdefault(name, []).append(header)
    for name, headers in by_name.items():
        if len(headers) > 1:
            _problem(found, _ERROR, name, _msg("headers_clash",
                                               headers=", ".join(map(repr, headers)), name=name))
    keep = {h: n for h, n in rename.items() if len(by_name[n]) == 1}
    if keep:
        pairs = ", ".join(f"{h} -> {n}" for h, n in keep.items())
        _problem(found, _WARNING, "(headers)", _msg(
            "header_label", n=len(keep), s="s" if len(keep) > 1 else "",
            verb=_verb(len(keep) > 1), pairs=pairs))
    return frame.rename(columns=keep)


def _absent(frame: pd.DataFrame, table: str, cols, found: list) -> None:
    for c in cols:
        if c.name in frame.columns:
            continue
        if c.name == schema.KEYS[table][0]:
            _problem(found, _ERROR, c.name, _msg("no_id", table=table))
        else:
            needed = NEEDED_FOR.get((table, c.name), _TABLE_NEEDS.get(table, c.meaning))
            _problem(found, _WARNING, c.name,
                     _msg("absent", needed=tr(needed, _LANGUAGE.get())))


# --------------------------------------------------------------------------- values (pandera)
def pandera_schema(table: str = "complaints", *, categories: dict | None = None,
                   unique: bool = True) -> pa.DataFrameSchema:
    """The pandera ``DataFrameSchema`` of ``table``, generated from ``schema.TABLES``.

    Every column is optional (absent columns are :func:`validate`'s warnings) and typed by
    checks that follow the kit's reading rules (no pandera coercion; see the module notes).
    ``categories``: fixed levels for code columns (as in ``conform``). ``unique``: check
    that the table's key (``schema.KEYS``) is unique.

    >>> pandera_schema("surveys").columns["nps"].checks[-1].name
    'high'
    """
    categories = categories or {}
    columns = {c.name: _pandera().Column(None, checks=_checks(c, categories.get(c.name)),
                                 nullable=c.nullable, required=False, name=c.name)
               for c in schema.columns(table)}
    return _pandera().DataFrameSchema(columns, name=table, unique=list(schema.KEYS[table])
                              if unique else None, report_duplicates="all")


@functools.lru_cache(maxsize=32)
def _schema(table: str, unique: bool) -> pa.DataFrameSchema:
    return pandera_schema(table, unique=unique)


def _values(frame: pd.DataFrame, table: str, cols, found: list) -> None:
    """Value-level problems, found by pandera with the kit's checks."""
    if not len(frame):
        return
    prepared = _blank_as_missing(frame, cols)
    whole_key = all(k in frame.columns for k in schema.KEYS[table])
    try:
        _schema(table, whole_key).validate(prepared, lazy=True)
        return
    except _pandera().errors.SchemaErrors as e:
        cases = e.failure_cases
    by_name = {c.name: c for c in cols}
    for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
        if check == "multiple_fields_uniqueness":
            continue
        rows = [i for i in group["index"] if i is not None and not _is_nan(i)]
        if check == "not_nullable" and by_name[column].kind == "text":
            _problem(found, _WARNING, str(column), _msg("text_empty"), rows)
            continue
        _problem(found, _ERROR, str(column),
                 _reason(str(check), by_name[column], group["failure_case"]), rows)
    _duplicates(cases, table, found)


def _duplicates(cases: pd.DataFrame, table: str, found: list) -> None:
    dup = cases[cases["check"] == "multiple_fields_uniqueness"]
    if not len(dup):
        return
    key = schema.KEYS[table]
    rows = list(pd.unique(dup["index"]))
    values = _shown(dup[dup["column"] == key[0]]["failure_case"])
    _problem(found, _ERROR, ", ".join(key), _msg(
        "unique", key=tr(" and ", _LANGUAGE.get()).join(key), values=values), rows)


def _is_nan(v) -> bool:
    return isinstance(v, float) and np.isnan(v)


def _shown(values: pd.Series, limit: int = 3) -> str:
    seen = pd.unique(values.astype(object))
    shown = ", ".join(_show(v) for v in seen[:limit])
    return shown + (" ..." if len(seen) > limit else "")


def _show(v) -> str:
    return repr(v.item() if isinstance(v, np.generic) else v)


def _reason(check: str, c: Column, values: pd.Series) -> str:
    if check == "not_nullable":
        return _msg("not_nullable")
    if check == "one_zone":
        return _msg("one_zone")
    n = len(pd.unique(values.astype(object)))
    fields = {"values": _shown(values), "verb": _verb(n != 1),
              "bound": c.high if check == "high" else c.low, "words": flags.WORDS_UNDERSTOOD}
    if check == "datetime" and not any(isinstance(v, str) for v in values):
        check, fields["column"] = "datetime_numbers", c.name
    if check == "level":
        hints = [h for v in pd.unique(values.astype(object))[:3] if isinstance(v, str)
                 for h in other_kinds(v, label_family(c.name), lang=_LANGUAGE.get())]
        fields["levels"] = _level_names(c)
        fields["hints"] = tr(" ({hints})", _LANGUAGE.get(), hints="; ".join(hints)) \
            if hints else ""
    return _msg(check, **fields)


def _blank_as_missing(frame: pd.DataFrame, cols) -> pd.DataFrame:
    """Blank text is missing in every column but free text (as ``conform`` reads it)."""
    out = frame.copy()
    for c in cols:
        if c.name in out.columns and c.kind != "text":
            out[c.name] = schema._blank_as_missing(out[c.name])
        if c.name in out.columns and c.kind == "id":  # ids are text: 3 and '3' are one id
            out[c.name] = out[c.name].astype(object).where(out[c.name].isna(),
                                                           out[c.name].astype("str"))
    return out


def _levels(c: Column, cats=None) -> list:
    return list(cats) if cats is not None else list(c.levels)


def _level_names(c: Column) -> str:
    """The column's levels as a message lists them: the codes in English, the labels (which
    conform reads as well) in another language."""
    lang = _LANGUAGE.get()
    levels = _levels(c)
    if is_english(lang) or lang not in LOCALES:
        return ", ".join(map(str, levels))
    names = locale_labels(lang).get(label_family(c.name), {})
    return fmt_list([names.get(v, v) for v in levels], lang)


# --------------------------------------------------------------------------- checks by kind
def _check(fn, name: str) -> pa.Check:
    """A pandera check; ``name`` is its key in MESSAGES."""
    return _pandera().Check(fn, name=name)


def _checks(c: Column, cats) -> list[pa.Check]:
    """The pandera checks of one column, by its kind (names are keys of MESSAGES)."""
    made = {"datetime": _datetime_checks, "bool": _bool_checks}
    if c.kind in ("int", "nullable_int", "float"):
        return _number_checks(c)
    if c.kind in made:
        return made[c.kind]()
    if c.kind in ("code", "ordered") and _levels(c, cats):
        levels = _levels(c, cats)
        return [_check(lambda s: _level_ok(s, c, levels), "level")]
    return []


def _number_checks(c: Column) -> list[pa.Check]:
    checks = [_check(_not_bool, "true_false"),
              _check(lambda s: _numbers(s).notna() | s.isna() | ~_not_bool(s), "number"),
              _check(lambda s: ~np.isinf(_numbers(s)), "finite")]
    if c.kind != "float":
        checks += [_check(_exact, "exact"),
                   _check(lambda s: ~(_numbers(s) % 1).fillna(0).astype(bool), "whole")]
    if c.low is not None:
        checks.append(_check(lambda s: ~(_numbers(s) < c.low), "low"))
    if c.high is not None:
        checks.append(_check(lambda s: ~(_numbers(s) > c.high), "high"))
    return checks


def _numbers(s: pd.Series) -> pd.Series:
    """Numbers as float (NaN where not a number; true/false are not numbers)."""
    if pd.api.types.is_bool_dtype(s):
        return pd.Series(np.nan, index=s.index)
    num = pd.to_numeric(s.where(_not_bool(s)), errors="coerce")
    return num.astype("float64") if not pd.api.types.is_integer_dtype(num) else num


def _not_bool(s: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(s):
        return pd.Series(False, index=s.index)
    if s.dtype != object:
        return pd.Series(True, index=s.index)
    return ~s.map(lambda v: isinstance(v, (bool, np.bool_)))


def _exact(s: pd.Series) -> pd.Series:
    num = _numbers(s)
    if pd.api.types.is_integer_dtype(num):
        return pd.Series(True, index=s.index)
    return ~(num.abs() > 2 ** 53) | np.isinf(num)  # infinities are "finite"'s problem


def _datetime_checks() -> list[pa.Check]:
    return [_check(_datetime_ok, "datetime"), _check(_one_zone, "one_zone")]


def _datetime_ok(s: pd.Series) -> pd.Series:
    """ISO 8601 text or date-time objects, by the kit's one time rule."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return pd.Series(True, index=s.index)
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return s.isna()
    ok = s.isna() | s.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64))
                          or hasattr(v, "isoformat"))
    text = s.map(lambda v: v.strip() if isinstance(v, str) else None)
    iso = text.str.fullmatch(schema._ISO.pattern).fillna(False).astype(bool)
    parsed = pd.to_datetime(text.where(iso), format="ISO8601", errors="coerce", utc=True)
    return ok | (iso & parsed.notna())


def _one_zone(s: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(s):
        return True
    try:
        schema.local_datetimes(s.where(_datetime_ok(s)), "df")
    except SchemaError as e:
        return "mixes time zones" not in str(e)
    return True


def _bool_checks() -> list[pa.Check]:
    return [_check(lambda s: pd.Series(~flags.unknown_words(s), index=s.index), "flag_word"),
            _check(_answered, "flag_answer")]


def _answered(s: pd.Series) -> pd.Series:
    known = s.where(~flags.unknown_words(s))
    return (flags.read_flags(known) != "n/a") | known.isna()


def _level_ok(s: pd.Series, c: Column, levels: list) -> pd.Series:
    """One of the levels, as a code or as a kit label of one."""
    if isinstance(levels[0], (int, np.integer)):
        return schema._whole_levels(s).isin(levels) | s.isna()
    family = label_family(c.name)
    if family not in locale_labels(LOCALES[0]):
        return s.astype(object).isin(levels) | s.isna()
    codes = s.astype(object).map(lambda v: code_of(v, family) if isinstance(v, str) else v)
    return codes.isin(levels) | s.isna()


# --------------------------------------------------------------------------- labels
def _labels(frame: pd.DataFrame, cols, found: list) -> None:
    """Kit labels in code columns (read as codes, said), and labels of another kind."""
    for c in cols:
        family = label_family(c.name)
        if (c.name not in frame.columns or c.kind not in ("code", "ordered")
                or family not in locale_labels(LOCALES[0]) or _int_levels(c)):
            continue
        s = schema._blank_as_missing(frame[c.name])
        r = recode(s, family)
        if r.labels:
            _label_warning(found, c, r, closed=bool(c.levels))
        if not c.levels and r.unknown.any():
            _other_kinds(found, c, s, r.unknown, family)


def _int_levels(c: Column) -> bool:
    return bool(c.levels) and not isinstance(c.levels[0], str)


def _label_warning(found: list, c: Column, r, *, closed: bool) -> None:
    n = sum(k for _, k in r.labels.values())
    pairs = ", ".join(f"{lab} -> {code}" for lab, (code, _) in list(r.labels.items())[:3])
    pairs += " ..." if len(r.labels) > 3 else ""
    rows = list(r.codes.index[r.changed])
    fields = {"n": n, "s": "s" if n > 1 else "", "verb": _verb(n > 1),
              "pairs": pairs, "mixed": "" if r.locales else _msg("mixed")}
    key = "labels" if closed or not (r.unknown.any() or r.ambiguous.any()) else "kept_labels"
    _problem(found, _WARNING, c.name, _msg(key, **fields), rows)


def _other_kinds(found: list, c: Column, s: pd.Series, unknown: np.ndarray,
                 family: str) -> None:
    values = pd.Series(s.to_numpy(dtype=object)[unknown], index=s.index[unknown])
    hinted = values.map(lambda v: bool(other_kinds(v, family)))
    if not hinted.any():
        return
    odd = values[hinted]
    hints = [h for v in pd.unique(odd.astype(object))[:3]
             for h in other_kinds(v, family, lang=_LANGUAGE.get())]
    n = len(pd.unique(odd.astype(object)))
    _problem(found, _WARNING, c.name, _msg(
        "other_kind", values=_shown(odd), verb=_verb(n != 1), family=family,
        hints="; ".join(hints)), list(odd.index))
