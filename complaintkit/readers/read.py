"""read_complaints: one file or frame in, the canonical frame and a report out (issue 10).

What the reader does, in order, and what it tells you about each step:

1. **Open** a CSV / text file (any delimiter of ``, ; tab |``), an Excel workbook (.xlsx, via
   openpyxl; ``sheet=`` picks the sheet), a Parquet file, or take a DataFrame. Text is decoded
   with the ``encoding`` you name or the one found: a byte-order mark (UTF-8 with BOM,
   UTF-16), plain UTF-8, Chinese GB18030 (GBK's superset) or Big5 when the text decodes so
   and its characters are common Chinese ones, else charset-normalizer's guess. The report
   says which and how. Zip (one file) and gzip archives are opened.
2. **Find the header**: lines before it (an export's console lines, a title row) are skipped
   and listed in the report. The header is the first line of the table's shape (as many
   fields as most lines), or, with a mapping, the first line holding its columns.
3. **Map** the columns: ``mapping`` (a dict, a TOML file) or ``source`` (a built-in one);
   without either, the built-in sources are asked to recognise the header, and columns that
   already have canonical names are taken as they are. Columns not in the mapping are kept,
   after the mapped ones, as read (text from a CSV). Mapped columns get the schema's type
   where the schema has the column; ``[values.<col>]`` recodes come first; ``[flags]`` columns
   become the yes/no/n-a categorical of :mod:`complaintkit.flags` (also where the schema has a
   true/false column: "not applicable" is kept apart from empty; ``flags.as_bool`` gives the
   booleans); ``[dates]`` columns and the schema's date-time columns are read by
   :func:`~complaintkit.readers.dates.parse_dates` and kept to the second.
4. **Check each row**; a row that fails is *rejected* with its reason, never dropped, never
   fixed in silence: a line with more or fewer fields than the header; a **duplicated id**
   (the table's id column, e.g. ``complaint_id``; rows without an id are not compared, and
   without the column nothing is, as the report notes): a row identical to an earlier one is
   rejected as "duplicate of row N" (the first is kept); rows that share an id but differ are
   *all* rejected, naming the columns that differ, because which one is right cannot be
   decided; a date that cannot be read or decided (:func:`~complaintkit.readers.dates.
   parse_dates`: formats found per row, day/month order only from the data); a yes/no/N-A
   column (``[flags]``) with a word :mod:`complaintkit.flags` does not know; a value that
   cannot be cast to the canonical type of its column (``complaintkit.schema``).
   Empty cells are not a reason: they stay missing and are counted in the report.

``rows read = accepted + rejected``, always. The accepted frame's index is the row number in
the source (``row``: the 1-based line of a text file, the sheet row of a workbook, the
position in a frame), so every row can be traced back.

Examples
--------
>>> import io
>>> import complaintkit as ck
>>> text = io.StringIO("Exported 2024-04-01 by the console\\n"
...                    "Ticket,Opened,Channel\\n"
...                    "T1,05-03-24,Web\\nT2,25-03-24,Phone\\nT2,25-03-24,Phone\\n")
>>> df, report = ck.read_complaints(text, mapping={"Ticket": "complaint_id",
...                                                "Opened": "received_at"})
>>> df.index.tolist(), df["received_at"].dt.strftime("%Y-%m-%d").tolist()
([3, 4], ['2024-03-05', '2024-03-25'])
>>> report.rows_read, report.accepted, report.rejected[["row", "reason"]].values.tolist()
(3, 2, [[5, 'duplicate of row 4']])
>>> report.skipped_lines
[(1, 'Exported 2024-04-01 by the console')]
"""

from __future__ import annotations

import contextvars
import csv
import gzip
import html
import importlib
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import flags as flag_rule
from .. import schema
from ..i18n import N_, fmt_int, fmt_list, is_english, tr
from ..locale import check_locale, text_locale
from ..schema import TABLES, Column, SchemaError
from ..schema import _cast as schema_cast
from .dates import DateParse, parse_dates
from .mapping import Mapping, load_mapping
from .mapping import messages_in as mapping_messages_in

__all__ = ["ReadReport", "ReadError", "read_complaints"]

# Every user-visible message of this module, in one place (translated with issue 13).
MESSAGES = {
    # errors about the file
    "missing": N_("{path}: no such file"),
    "directory": N_("{path} is a directory, not a file: pass the path of one export"),
    "unreadable": N_("{path}: cannot be read ({error})"),
    "empty": N_("{path} is empty: there is no header and no rows"),
    "header_only": N_("{path} has a header ({header}) but no rows"),
    "binary": N_("{path} does not look like text (it holds NUL bytes or control codes){hint}: "
               "if it is a CSV in an unusual encoding, pass encoding="),
    "no_encoding": N_("{path}: cannot tell its text encoding; pass encoding= (e.g. 'gb18030', "
                    "'utf-8', 'cp1252')"),
    "decode": N_("{path} is not valid {encoding} text (line {line}, byte {pos}): {error}; pass "
               "the right encoding= (e.g. 'gb18030' for Chinese exports, 'utf-8-sig')"),
    "bad_encoding": N_("encoding {encoding!r} is not an encoding Python knows"),
    # how the encoding was chosen (rendered once the file's language is known)
    "how_named": N_("named"),
    "how_bom8": N_("UTF-8 with BOM"),
    "how_bom16": N_("UTF-16 with BOM"),
    "how_utf8": N_("valid UTF-8"),
    "guessed": N_("a guess by charset-normalizer: check a few values, or name the encoding"),
    "chinese": N_("found: it decodes as such and {share:.0%} of its non-ASCII characters are "
                "common Chinese ones"),
    "csv": N_("{path}: line {line}: {error} (a quote that is not closed?)"),
    "archive": N_("{path} is a damaged archive ({error})"),
    "zip_many": N_("{path} is a zip archive of several files ({names}): unzip it and read one"),
    "xls": N_("{path}: the old .xls format is not read; save it as .xlsx or CSV"),
    "excel": N_("{path} cannot be opened as an Excel workbook ({error})"),
    "sheet": N_("{path} has no sheet {sheet!r}; its sheets are {sheets}"),
    "no_sheets": N_("{path} is a workbook without sheets"),
    "sheet_empty": N_("{path}, sheet {sheet!r}, is empty"),
    "parquet": N_("{path} cannot be read as Parquet ({error})"),
    "kind": N_("read_complaints takes a path, a file object or a DataFrame, not {kind}"),
    "frame_twice": N_("the frame has two or more columns named {cols}: keep one of each"),
    "frame_empty": N_("the frame has no rows"),
    "table": N_("table must be one of {tables}, but {table!r} was passed"),
    "both": N_("pass source= or mapping=, not both"),
    "no_sources": N_("source={source!r}: the built-in sources are not available (yet); pass "
                   "mapping= (a dict or a TOML file)"),
    "unknown_source": N_("source={source!r} is not a built-in source: {error}"),
    "option": N_("read_complaints got unknown option(s) {names}; the options are {known}"),
    "header_arg": N_("header must be the 1-based line number of the header, but {value!r} was "
                   "passed"),
    "header_line": N_("{path}: line {line} was given as the header, but the file has only "
                    "{n} non-empty lines"),
    "no_columns": N_("{path}: none of the mapping's columns ({wanted}) is in the header "
                   "({header}): is it the right file, sheet or source?"),
    "clash": N_("{path}: the mapping renames {src!r} to {dst!r}, but the file already has a "
              "column {dst!r} that is not mapped: rename one of them in the mapping"),
    # reasons for rejected rows (row-specific) and their kinds (grouped in the summary)
    "ragged": N_("has {n} fields, the header has {k}{extra}"),
    "ragged_kind": N_("more or fewer fields than the header"),
    "span": N_(" (it runs from line {first} to line {last}: a quote that is not closed?)"),
    "beyond": N_("has values beyond the header's {k} columns: {extra}"),
    "dup_same": N_("duplicate of row {first}"),
    "dup_same_kind": N_("duplicate of an earlier identical row"),
    "dup_conflict": N_("{key} {value!r} is in rows {rows} with different values (in {cols}): "
                     "which one is right is not decided; correct or remove the others"),
    "dup_conflict_kind": N_("one id, different rows"),
    "date": N_("{col}: {reason}"),
    "date_kind": N_("{col}: date not read"),
    "flag": N_("{col}: {value!r} is not yes, no or N/A"),
    "flag_kind": N_("{col}: not a yes/no/N-A answer"),
    "cast": N_("{col}: {reason}"),
    "container": N_("{col}: holds a {kind}, not one value"),
    "container_kind": N_("{col}: not one value"),
    "cast_kind": N_("{col}: not a valid {kind}"),
    # notes
    "dup_header": N_("the header names {name!r} {n} times (columns {where}): kept as {names}"),
    "blank_header": N_("header column {where} has no name: kept as {name!r}"),
    "recode_left": N_("{col}: {n} value(s) not in the mapping's [values.{col}] kept as they are "
                    "({examples})"),
    "dates_missing": N_("[dates] names {cols}, not in the file"),
    "flags_missing": N_("[flags] names {cols}, not in the file"),
    "encoding_unused": N_("encoding={encoding!r} was not used: {what} is not encoded text (a "
                        "workbook, a Parquet file, a frame or text already decoded)"),
    "no_key": N_("no {keys} column: duplicated rows were not looked for"),
    "blank_lines": N_("{n} blank line(s) or row(s) skipped"),
    "labels": N_("{col}: the kit's labels read as codes: {pairs}"),
    "row_reason": N_("the source's own column(s) {cols} are called <name>_in_source in "
                   ".rejected (beside the reader's row and reason)"),
    "identity": N_("columns already named as in the schema, read as such: {cols}"),
}

#: the language of the read under way: ``{"locale": ..., "given": bool}``. The messages speak
#: ``locale=`` when it is given, else the file's own language, found from its header (Chinese
#: column names: :func:`complaintkit.locale.text_locale`) as soon as the header is read. A
#: context variable rather than an argument of every helper: the loaders raise their errors
#: (an empty file, a header without rows) deep down, before any report exists.
_LANGUAGE = contextvars.ContextVar("complaintkit_read_language", default=None)


def _lang() -> str | None:
    state = _LANGUAGE.get()
    return state["locale"] if state else None


def _learn_language(names) -> None:
    """Take the file's language from ``names`` (its header) unless ``locale=`` said it."""
    state = _LANGUAGE.get()
    if state is not None and not state["given"] and state["locale"] is None:
        state["locale"] = text_locale([n for n in names if n is not None])


def _msg(key: str, /, **fields) -> str:
    """``MESSAGES[key]`` in the language of the read under way."""
    return tr(MESSAGES[key], _lang(), **fields)


_OPTIONS = ("delimiter", "header", "earliest", "latest")
_TEXT_EXT = {".csv", ".txt", ".tsv", ".tab", ".dat", ""}
_SNIFF = (",", ";", "\t", "|")
_SEP_HINT = re.compile(r'"?sep=(.)"?\r?\n')   # Excel's first line naming the delimiter
_HEAD = 200   # records looked at to find the delimiter and the header
_KEYS = {"customers": ("customer_id",), "orders": ("order_id",),   # schema.KEYS if present
         "complaints": ("complaint_id",), "events": ("complaint_id", "seq"),
         "surveys": ("survey_id",), "agents": ("agent_id",)}


class ReadError(ValueError):
    """A file or frame that cannot be read at all (the message names the file and why)."""


class FileMissingError(ReadError, FileNotFoundError):
    """The path does not exist."""


# --------------------------------------------------------------------------- the report
@dataclass
class ReadReport:
    """What a read did: rows read, accepted, rejected with the reason for each.

    Attributes
    ----------
    frame : DataFrame
        The accepted rows: mapped columns with canonical names and types first, then the
        columns kept as read. The index (``row``) is the row number in the source.
    rejected : DataFrame
        The rejected rows as read (the source's columns and values), with ``row`` and
        ``reason``.
    rows_read, accepted : int
        Rows read (data rows after the header) and rows accepted; rows_read = accepted +
        len(rejected).
    table : str
        The canonical table the rows were read as.
    source : str
        The mapping used ('cfpb', a TOML path, 'dict') or '' for none; ``detected`` says
        whether a built-in source was recognised from the header.
    path : str
        What was read (a file name, or 'DataFrame').
    encoding : str
        The text encoding ('' for workbooks, Parquet and frames), ``encoding_how`` how it was
        chosen.
    skipped_lines : list of (int, str)
        The lines before the header: line number and text.
    dates : dict
        Column name -> :class:`~complaintkit.readers.dates.DateParse` (``.how``).
    mapped, kept, missing : dict, list, list
        Source column -> canonical name; columns kept as they are; mapping columns that
        are not in the file.
    empty : dict
        Mapped column -> empty cells among the accepted rows.
    notes : list of str
        Everything else worth knowing (duplicated header names, recodes left alone ...).
    locale : str or None
        The language of the report's texts (reasons, notes, summary): ``locale=`` when given,
        else the file's (Chinese column names: ``"zh_CN"``), else None (English).

    Examples
    --------
    >>> import io
    >>> import complaintkit as ck
    >>> r = ck.read_complaints(io.StringIO("complaint_id,contacts\\n1,2\\n2,two\\n"))
    >>> r.rows_read, r.accepted, len(r.rejected)
    (2, 1, 1)
    >>> r.by_reason()[["reason", "n"]].values.tolist()
    [['contacts: not a valid whole number', 1]]
    """

    frame: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    path: str = ""
    kind: str = ""
    table: str = "complaints"
    source: str = ""
    detected: bool = False
    encoding: str = ""
    encoding_how: str = ""
    delimiter: str = ""
    skipped_lines: list = field(default_factory=list)
    dates: dict = field(default_factory=dict)
    mapped: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    empty: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    problems: pd.DataFrame = None   # one row per rejected row: row, kind, reason
    locale: str | None = None

    @property
    def accepted(self) -> int:
        return len(self.frame)

    def __iter__(self):
        yield self.frame
        yield self

    def by_reason(self) -> pd.DataFrame:
        """Rejected rows per kind of reason: ``reason, n, example`` (the first row's)."""
        p = self.problems
        if p is None or p.empty:
            return pd.DataFrame(columns=["reason", "n", "example"])
        g = p.groupby("kind", sort=False)
        return pd.DataFrame({"reason": list(g.groups), "n": g.size().to_numpy(),
                             "example": [tr("row {row}: {reason}", self.locale,
                                            row=r["row"].iloc[0], reason=r["reason"].iloc[0])
                                         for _, r in g]})

    def summary(self) -> str:
        """The report as readable text."""
        return "\n".join(_summary_lines(self))

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (f"<ReadReport {self.path}: {self.rows_read:,} rows read, {self.accepted:,} "
                f"accepted, {len(self.rejected):,} rejected>")

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.summary())}</pre>"


def _kind_text(kind: str, lang: str | None) -> str:
    """What was read (``CSV``, ``Excel, sheet 'x'`` ...) in ``lang``."""
    if kind.startswith("Excel, sheet "):
        return tr("Excel, sheet {sheet}", lang, sheet=kind[len("Excel, sheet "):])
    return tr({"tab-separated text": N_("tab-separated text"), "DataFrame": N_("DataFrame"),
               "Parquet": N_("Parquet"), "CSV": N_("CSV")}.get(kind, kind), lang)


def _more(n: int, limit: int, lang: str | None) -> str:
    return tr(" ...", lang) if n > limit else ""


def _summary_lines(r: ReadReport) -> list[str]:
    lang = r.locale
    how = [_kind_text(r.kind, lang)]
    if r.encoding:
        how.append(tr("encoding {encoding} ({how})", lang, encoding=r.encoding,
                      how=r.encoding_how))
    if r.delimiter:
        how.append(tr("delimiter {delimiter!r}", lang, delimiter=r.delimiter))
    if r.source:
        src = tr("; source {source}", lang, source=r.source) + (
            tr(" (recognised from its header)", lang) if r.detected else "")
    else:
        src = tr("; no mapping", lang)
    sep = ", " if is_english(lang) else "，"
    what = (tr("{path} ({how})", lang, path=r.path, how=sep.join(how)) if r.path != r.kind
            else tr("a {kind}", lang, kind=_kind_text(r.kind, lang)))
    lines = [tr("Read {n} rows from {what}{source}.", lang, n=fmt_int(r.rows_read, lang),
                what=what, source=src)]
    if r.skipped_lines:
        first = tr("; ", lang).join(tr("line {n}: {text!r}", lang, n=n, text=t[:60])
                          for n, t in r.skipped_lines[:3])
        lines.append(tr("Skipped {n} line(s) before the header ({lines}{more}).", lang,
                        n=len(r.skipped_lines), lines=first,
                        more=_more(len(r.skipped_lines), 3, lang)))
    lines.append(tr("Accepted {accepted}, rejected {rejected}.", lang,
                    accepted=fmt_int(r.accepted, lang), rejected=fmt_int(len(r.rejected), lang)))
    for _, row in r.by_reason().iterrows():
        lines.append(tr("  {n:>6}  {reason}  (e.g. {example})", lang,
                        n=fmt_int(row["n"], lang), reason=row["reason"],
                        example=_cut(row["example"], 200)))
    if r.dates:
        lines.append(tr("Dates:", lang))
        lines += [f"  {line}" for p in r.dates.values() for line in str(p).splitlines()]
    lines += _column_lines(r)
    lines += [tr("Note: {note}", lang, note=n) for n in r.notes]
    return lines


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 3] + "..."


def _column_lines(r: ReadReport) -> list[str]:
    lang = r.locale
    out = []
    if r.mapped:
        pairs = fmt_list([f"{s} -> {d}" if s != d else s
                          for s, d in list(r.mapped.items())[:12]], lang)
        out.append(tr("Columns mapped ({n}): {pairs}{more}.", lang, n=len(r.mapped),
                      pairs=pairs, more=_more(len(r.mapped), 12, lang)))
    if r.kept:
        out.append(tr("Columns kept as read ({n}): {names}{more}.", lang, n=len(r.kept),
                      names=fmt_list(map(str, r.kept[:12]), lang),
                      more=_more(len(r.kept), 12, lang)))
    if r.missing:
        out.append(tr("Mapping columns not in the file ({n}): {names}.", lang,
                      n=len(r.missing), names=fmt_list(r.missing, lang)))
    empty = {c: n for c, n in r.empty.items() if n}
    if empty:
        out.append(tr("Empty cells kept as missing: {counts}.", lang, counts=fmt_list(
            [f"{c} {fmt_int(n, lang)}" for c, n in empty.items()], lang)))
    return out


# --------------------------------------------------------------------------- raw input
@dataclass
class _Raw:
    """The rows as read: ``frame`` (source column names; index = row numbers) and the rows
    rejected while reading (``reasons``: row -> (kind, reason))."""

    frame: pd.DataFrame
    path: str
    kind: str
    encoding: str = ""
    encoding_how: str = ""
    delimiter: str = ""
    skipped: list = field(default_factory=list)
    reasons: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def _name(obj) -> str:
    if isinstance(obj, (str, Path)):
        return str(obj)
    return str(getattr(obj, "name", None) or type(obj).__name__)


def _load(obj, *, encoding, sheet, header, delimiter, wanted) -> _Raw:
    """Open whatever was given; find its header; return the rows as read."""
    if isinstance(obj, pd.DataFrame):
        return _from_frame(obj)
    if isinstance(obj, (str, Path)):
        path = Path(obj)
        _check_path(path)
        ext = path.suffix.lower()
        if ext == ".xls":
            raise ReadError(_msg("xls", path=path))
        data = _read_bytes(path)
        return _from_bytes(data, str(path), ext, encoding=encoding, sheet=sheet, header=header,
                           delimiter=delimiter, wanted=wanted)
    if hasattr(obj, "read"):
        data = obj.read()
        if isinstance(data, str):
            return _from_text(data, _name(obj), "", "", header=header,
                              delimiter=delimiter, wanted=wanted)
        if isinstance(data, (bytes, bytearray)):
            return _from_bytes(bytes(data), _name(obj), "", encoding=encoding, sheet=sheet,
                               header=header, delimiter=delimiter, wanted=wanted)
    raise ReadError(_msg("kind", kind=type(obj).__name__))


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise ReadError(_msg("directory", path=path))
    if not path.exists():
        raise FileMissingError(_msg("missing", path=path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ReadError(_msg("unreadable", path=path, error=e.strerror or e)) from None


def _from_bytes(data: bytes, path: str, ext: str, *, encoding, sheet, header, delimiter,
                wanted) -> _Raw:
    if not data.strip():
        raise ReadError(_msg("empty", path=path))
    data, ext, path = _unpack(data, ext, path)
    if ext in (".xlsx", ".xlsm") or (ext not in _TEXT_EXT and data[:4] == b"PK\x03\x04"):
        return _from_excel(data, path, sheet=sheet, header=header, wanted=wanted)
    if ext in (".parquet", ".pq") or data[:4] == b"PAR1":
        return _from_parquet(data, path)
    text, enc, how = _decode(data, path, encoding)
    if delimiter is None and ext in (".tsv", ".tab"):
        delimiter = "\t"
    return _from_text(text, path, enc, how, header=header, delimiter=delimiter, wanted=wanted)


def _unpack(data: bytes, ext: str, path: str) -> tuple[bytes, str, str]:
    """A gzip file, or a zip holding one file (CFPB ships complaints.csv.zip): its content,
    the inner file's extension and a name saying where it came from."""
    if data[:2] == b"\x1f\x8b":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            raise ReadError(_msg("archive", path=path, error=e)) from None
        stem = Path(path).stem
        return inner, Path(stem).suffix.lower() or ".csv", path
    if data[:4] != b"PK\x03\x04" or ext in (".xlsx", ".xlsm"):
        return data, ext, path
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [n for n in z.namelist() if not n.endswith("/")]
            if "[Content_Types].xml" in names:      # a workbook, not an archive
                return data, ".xlsx" if ext in _TEXT_EXT | {".zip"} else ext, path
            if len(names) != 1:
                raise ReadError(_msg("zip_many", path=path, names=", ".join(
                    names[:6]) or "nothing"))
            return z.read(names[0]), Path(names[0]).suffix.lower(), f"{path} ({names[0]})"
    except ReadError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError, RuntimeError,
            NotImplementedError) as e:   # zipfile's errors for damaged or unusual archives
        raise ReadError(_msg("archive", path=path, error=e)) from None


# ---- encodings
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "how_bom8"),
         (b"\xff\xfe", "utf-16", "how_bom16"), (b"\xfe\xff", "utf-16", "how_bom16"))
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "ascii": "utf-8"}


def _decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str, tuple]:
    """The text, the encoding used and how it was chosen (a message's key and fields: it is
    written once the header has told the file's language)."""
    if encoding is not None:
        return _decode_with(data, path, _check_encoding(encoding)), encoding, ("how_named", {})
    for bom, enc, how in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, path, enc), enc, (how, {})
    try:
        return data.decode("utf-8"), "utf-8", ("how_utf8", {})
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ReadError(_msg("binary", path=path, hint=_hint(data)))
    chinese = _chinese(data)
    if chinese:
        return chinese
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError(_msg("no_encoding", path=path))
    enc = best.encoding.lower().replace("_", "-")
    enc = _SUPERSETS.get(enc.replace("-", ""), enc)
    return _decode_with(data, path, enc), enc, ("guessed", {})


# Chinese exports (GBK / GB18030, Big5): a general detector often misnames them when only a
# few cells hold Chinese (cp1250, cp949 for a GBK file of English rows and one Chinese name).
# A file is taken as one of these when it decodes strictly and nearly all its characters
# beyond ASCII are that encoding's common characters (GB2312's punctuation rows and level-1
# hanzi, which cover 99.7% of simplified Chinese text; Big5's punctuation and frequent
# characters). Text in a Western code page decodes as GB18030, if at all, into rare
# characters, and Big5 text read as GB18030 into a mix of common and rare ones.
_CJK_SHARE = 0.85


def _common_gb(b: bytes) -> bool:
    return len(b) == 2 and (0xA1 <= b[0] <= 0xA3 or 0xB0 <= b[0] <= 0xD7) and b[1] >= 0xA1


def _common_big5(b: bytes) -> bool:
    return len(b) == 2 and 0xA1 <= b[0] <= 0xC6


def _chinese(data: bytes) -> tuple[str, str, str] | None:
    """``(text, encoding, how)`` when ``data`` reads as GB18030 or Big5 Chinese, else None."""
    for enc, common in (("gb18030", _common_gb), ("big5", _common_big5)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        counts = Counter(re.findall(r"[^\x00-\x7f]", text))
        total = sum(counts.values())
        share = sum(n for ch, n in counts.items() if common(ch.encode(enc))) / max(total, 1)
        if total and share >= _CJK_SHARE:
            return text, enc, ("chinese", {"share": share})
    return None


def _check_encoding(encoding) -> str:
    import codecs

    try:
        codecs.lookup(str(encoding))
    except LookupError:
        raise ReadError(_msg("bad_encoding", encoding=encoding)) from None
    return str(encoding)


def _decode_with(data: bytes, path: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ReadError(_msg("decode", path=path, encoding=encoding, line=line,
                                                  pos=e.start, error=e.reason)) from None
    return text


def _hint(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return " (it looks like a zip or .xlsx file: name it .xlsx)"
    return ""


# ---- text
def _records(text: str, delimiter: str, path: str, limit: int | None = None):
    """(first line number, fields) of each non-blank record; the count of blank lines; and
    the last line of each record that spans several lines (a quoted line break)."""
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    out, blank, start, spans = [], 0, 1, {}
    try:
        for fields in reader:
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                blank += 1
            else:
                out.append((start, fields))
                if reader.line_num > start:
                    spans[start] = reader.line_num
            start = reader.line_num + 1
            if limit is not None and len(out) >= limit:
                break
    except csv.Error as e:
        raise ReadError(_msg("csv", path=path, line=reader.line_num,
                                               error=e)) from None
    return out, blank, spans


def _sniff(text: str, path: str) -> str:
    best, score = ",", -1
    for d in _SNIFF:
        try:
            recs, _, _ = _records(text, d, path, limit=_HEAD)
        except ReadError:
            continue
        counts = pd.Series([len(f) for _, f in recs])
        if counts.empty:
            continue
        mode = int(counts.mode().iloc[-1])
        s = int((counts == mode).sum()) if mode > 1 else 0
        if s > score:
            best, score = d, s
    return best


def _header_index(recs: list, wanted: list, header: int | None, path: str) -> int:
    """Position of the header among the records."""
    if header is not None:
        for i, (line, _) in enumerate(recs):
            if line >= header:
                return i
        raise ReadError(_msg("header_line", path=path, line=header, n=len(recs)))
    head = recs[:_HEAD]
    if wanted:
        want = {_norm(w) for w in wanted}
        need = min(len(want), 2)   # two of the mapping's columns make a header
        for i, (_, f) in enumerate(head):
            if len(want & {_norm(x) for x in f}) >= need:
                return i
    counts = [len(f) for _, f in head]
    # the table's width: the commonest among the later records (a preamble can outnumber
    # the rows of a short file; the rows run to its end), the wider one on a tie
    mode = int(pd.Series(counts[len(counts) // 2:]).mode().iloc[-1])
    for i, c in enumerate(counts):
        if c == mode and (i + 1 == len(counts) or counts[i + 1] == mode):
            return i
    return 0


def _norm(name) -> str:
    return " ".join(str(name).split()).lower()


def _from_text(text: str, path: str, enc: str, how: str, *, header, delimiter,
               wanted) -> _Raw:
    if "\x00" in text or _control_share(text) > 0.05:
        raise ReadError(_msg("binary", path=path, hint=""))
    if not text.strip():
        raise ReadError(_msg("empty", path=path))
    hint = _SEP_HINT.match(text.lstrip("\ufeff"))
    delimiter = delimiter or (hint.group(1) if hint else None) or _sniff(text, path)
    recs, blank, spans = _records(text, delimiter, path)
    if not recs:
        raise ReadError(_msg("empty", path=path))
    h = _header_index(recs, wanted, header, path)
    lines = text.splitlines()
    skipped = [(n, lines[n - 1] if n - 1 < len(lines) else "") for n, _ in recs[:h]]
    names, notes = _header_names(recs[h][1])
    body = recs[h + 1:]
    _some_rows(body, names, wanted, path)
    frame, reasons = _align(body, names, ragged=True)
    for line, (kind, reason) in reasons.items():
        if line in spans:   # a ragged record over several lines: an unclosed quote?
            reasons[line] = (kind, reason + _msg("span", first=line,
                                                                    last=spans[line]))
    how = _msg(how[0], **how[1]) if how else ""
    raw = _Raw(frame, path, "CSV" if delimiter != "\t" else "tab-separated text", enc, how,
               delimiter, skipped, reasons, notes)
    if blank:
        raw.notes.append(_msg("blank_lines", n=blank))
    return raw


def _some_rows(body: list, names: list, wanted: list, path: str) -> None:
    """A header with no rows is an error; so is, with a mapping, a header without its columns
    (the wrong sheet or file), which says so."""
    if wanted and not {_norm(w) for w in wanted} & {_norm(n) for n in names}:
        raise ReadError(_msg("no_columns",
            path=path, wanted=", ".join(wanted[:6]), header=", ".join(names[:10])))
    if not body:
        raise ReadError(_msg("header_only", path=path, header=", ".join(names)[:200]))


def _control_share(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\x0c")
    return bad / max(len(sample), 1)


def _header_names(fields) -> tuple[list, list]:
    """Header names stripped; blank ones named ``unnamed_<n>``, repeats suffixed ``.1``. The
    header tells the file's language (Chinese column names: Chinese messages)."""
    _learn_language(fields)
    notes, names = [], []
    for i, f in enumerate(fields, 1):
        name = "" if f is None else str(f).strip()
        if not name:
            name = f"unnamed_{i}"
            notes.append(_msg("blank_header", where=i, name=name))
        names.append(name)
    seen: dict[str, list] = {}
    for i, n in enumerate(names):
        seen.setdefault(n, []).append(i)
    for n, where in seen.items():
        if len(where) > 1:
            new = [n] + [f"{n}.{k}" for k in range(1, len(where))]
            for i, nn in zip(where, new, strict=True):
                names[i] = nn
            notes.append(_msg("dup_header",
                name=n, n=len(where), where=", ".join(str(i + 1) for i in where),
                names=", ".join(map(repr, new))))
    return names, notes


def _align(body: list, names: list, *, ragged: bool) -> tuple[pd.DataFrame, dict]:
    """The body rows as a frame of the header's width; rows of another width are rejected
    (text) or, for workbooks, rejected only when they hold values beyond the header."""
    k = len(names)
    rows, values, reasons = [], [], {}
    for line, f in body:
        f = list(f)
        if len(f) != k:
            extra = [v for v in f[k:] if v not in (None, "")]
            if ragged:
                more = f": {extra[:3]!r}" if extra else ""
                reasons[line] = ("ragged_kind", _msg("ragged", n=len(f), k=k,
                                                                          extra=more))
            elif extra:
                reasons[line] = ("ragged_kind", _msg("beyond", k=k, extra=extra[:3]))
            f = (f + [None] * k)[:k]
        rows.append(line)
        values.append([None if v == "" else v for v in f])
    frame = pd.DataFrame(values, columns=names, index=pd.Index(rows, name="row"), dtype=object)
    return frame, reasons


# ---- workbooks, Parquet, frames
def _from_excel(data: bytes, path: str, *, sheet, header, wanted) -> _Raw:
    ws, cells = _workbook_cells(data, path, sheet)
    recs = [(i, _trim(r)) for i, r in cells if any(_filled(v) for v in r)]
    if not recs:
        raise ReadError(_msg("sheet_empty", path=path, sheet=ws.title))
    h = _header_index(recs, wanted, header, path)
    skipped = [(n, " | ".join("" if v is None else str(v) for v in f)) for n, f in recs[:h]]
    names, notes = _header_names(recs[h][1])
    body = recs[h + 1:]
    _some_rows(body, names, wanted, path)
    body = [(n, [v.strip() if isinstance(v, str) and not v.strip() else v for v in f])
            for n, f in body]
    frame, reasons = _align(body, names, ragged=False)
    blank = sum(1 for i, r in cells if i < recs[-1][0] and not any(_filled(v) for v in r))
    if blank:
        notes.append(_msg("blank_lines", n=blank))
    return _Raw(frame, path, f"Excel, sheet {ws.title!r}", skipped=skipped, reasons=reasons,
                notes=notes)


def _workbook_cells(data: bytes, path: str, sheet) -> tuple:
    """The sheet and its rows (openpyxl reads a sheet lazily: a damaged part fails there)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            ws = _sheet(wb, sheet, path)
            return ws, [(i, list(r)) for i, r in enumerate(
                ws.iter_rows(min_row=1, min_col=1, values_only=True), 1)]
        finally:
            wb.close()
    except ReadError:
        raise
    except Exception as e:  # noqa: BLE001 - zipfile's, openpyxl's and its XML parser's errors
        raise ReadError(_msg("excel", path=path, error=e)) from None


def _sheet(wb, sheet, path: str):
    names = wb.sheetnames
    if not names:
        raise ReadError(_msg("no_sheets", path=path))
    if sheet is None:
        return wb[names[0]]
    if isinstance(sheet, (int, np.integer)) and not isinstance(sheet, bool) \
            and 0 <= sheet < len(names):
        return wb[names[int(sheet)]]
    if isinstance(sheet, str) and sheet in names:
        return wb[sheet]
    raise ReadError(_msg("sheet", path=path, sheet=sheet,
                                             sheets=", ".join(map(repr, names))))


def _filled(v) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _trim(r: list) -> list:
    end = len(r)
    while end and not _filled(r[end - 1]):
        end -= 1
    return r[:end]


def _from_parquet(data: bytes, path: str) -> _Raw:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
        for c in frame.columns:   # text is decoded lazily: a damaged value fails here
            if pd.api.types.is_string_dtype(frame[c].dtype):
                frame[c].to_numpy(dtype=object)
    except Exception as e:  # pyarrow raises its own error classes
        raise ReadError(_msg("parquet", path=path, error=e)) from None
    raw = _from_frame(frame, path=path, kind="Parquet")
    return raw


def _from_frame(df: pd.DataFrame, path: str = "DataFrame", kind: str = "DataFrame") -> _Raw:
    cols = [str(c) for c in df.columns]
    _learn_language(cols)
    twice = sorted({c for c in cols if cols.count(c) > 1})
    if twice:
        raise ReadError(_msg("frame_twice", cols=", ".join(map(repr, twice))))
    if len(df) == 0:
        raise ReadError(_msg("frame_empty") if kind == "DataFrame"
                        else _msg("header_only", path=path, header=", ".join(cols)))
    frame = df.copy()
    frame.columns = cols
    frame.index = pd.Index(np.arange(1, len(df) + 1), name="row")
    return _Raw(frame, path, kind)


# --------------------------------------------------------------------------- mapping
def _sources():
    try:
        return importlib.import_module("complaintkit.readers.sources")
    except ImportError:  # pragma: no cover - the module ships with the kit
        return None


def _mapping(source, mapping) -> Mapping | None:
    if source is not None and mapping is not None:
        raise ValueError(_msg("both"))
    if mapping is not None:
        return load_mapping(mapping)
    if source is None:
        return None
    mapping_for = getattr(_sources(), "mapping_for", None)
    if mapping_for is None:
        raise ValueError(_msg("no_sources", source=source))
    try:
        found = mapping_for(source)
    except LookupError as e:   # an unknown name: the sources module says which exist
        raise ValueError(_msg("unknown_source",
            source=source, error=e.args[0] if e.args else e)) from None
    m = load_mapping(found, origin=f"built-in {source}")
    m.name = m.name or str(source)
    return m


def _detect(columns: list) -> Mapping | None:
    """Ask the built-in sources to recognise the header (when they can)."""
    mod = _sources()
    detect = getattr(mod, "detect", None)
    if not callable(detect):
        return None
    try:
        found = detect(list(columns))
    except NotImplementedError:
        return None
    if found is None or found == "":
        return None
    if isinstance(found, str):
        mapping_for = getattr(mod, "mapping_for", None)
        if mapping_for is None:
            return None
        m = load_mapping(mapping_for(found), origin=f"built-in {found}")
        m.name = m.name or found
        return m
    return load_mapping(found, origin="built-in")


def _resolve_columns(raw: _Raw, m: Mapping | None, table: str) -> tuple[dict, list, list]:
    """Source column -> new name for the mapped ones; kept; the mapping's missing ones."""
    have = list(raw.frame.columns)
    by_norm = {}
    for c in have:
        by_norm.setdefault(_norm(c), c)
    mapped, missing = {}, []
    for src, dst in (m.columns.items() if m else ()):
        real = src if src in have else by_norm.get(_norm(src))
        if real is None:
            missing.append(src)
        else:
            mapped[real] = dst
    canon = {c.name for c in TABLES[table]}
    if m:   # [dates], [flags], [values] may name a column the file already calls so
        canon |= set(m.dates) | set(m.flags) | set(m.values)
    for c in have:   # columns already named as in the schema map to themselves
        if c not in mapped and c in canon and c not in mapped.values():
            mapped[c] = c
    if m and m.columns and len(missing) == len(m.columns):
        raise ReadError(_msg("no_columns",
            path=raw.path, wanted=", ".join(list(m.columns)[:6]), header=", ".join(have[:10])))
    kept = [c for c in have if c not in mapped]
    for src, dst in mapped.items():
        if dst in kept:
            raise ReadError(_msg("clash", path=raw.path, src=src, dst=dst))
    return mapped, kept, missing


# --------------------------------------------------------------------------- the rows
class _Rows:
    """The frame being built and each row's first reason for rejection."""

    def __init__(self, raw: _Raw):
        self.index = raw.frame.index
        self.kind = pd.Series(None, index=self.index, dtype=object)
        self.reason = pd.Series(None, index=self.index, dtype=object)
        for row, (kind, reason) in raw.reasons.items():
            self.kind[row], self.reason[row] = _msg(kind), reason

    def reject(self, mask, kind: str, reasons) -> None:
        """Reject the rows of ``mask`` not rejected yet; ``reasons``: one text or per row."""
        mask = pd.Series(np.asarray(mask, dtype=bool), index=self.index) & self.reason.isna()
        if not mask.any():
            return
        self.kind[mask] = kind
        if isinstance(reasons, str):
            self.reason[mask] = reasons
        else:
            full = (reasons.reindex(self.index) if isinstance(reasons, pd.Series)
                    else pd.Series(reasons, index=self.index))
            self.reason[mask] = full[mask]

    @property
    def ok(self) -> pd.Series:
        return self.reason.isna()


def _duplicates(raw: _Raw, mapped: dict, table: str, rows: _Rows) -> None:
    """Identical repeats: 'duplicate of row N'; one id with different rows: all refused."""
    inverse = {dst: src for src, dst in mapped.items()}
    keys = getattr(schema, "KEYS", _KEYS).get(table) or _KEYS.get(table, ())
    if not keys or any(k not in inverse for k in keys):
        raw.notes.append(_msg("no_key", keys=" + ".join(keys) or "id"))
        return
    src = [inverse[k] for k in keys]
    parts = [raw.frame[c].astype(object).map(str) for c in src]
    ids = parts[0] if len(parts) == 1 else pd.concat(parts, axis=1).agg("\x1f".join, axis=1)
    ids = ids.where(raw.frame[src].notna().all(axis=1))
    dup = ids.notna() & ids.duplicated(keep=False) & rows.ok
    if not dup.any():
        return
    sub = raw.frame[dup]
    whole = pd.util.hash_pandas_object(sub.astype(object).map(repr), index=False)
    for value, group in ids[dup].groupby(ids[dup], sort=False):
        _one_id(value, group.index, whole, sub, keys, rows)


def _one_id(value, where: pd.Index, whole: pd.Series, sub: pd.DataFrame, keys, rows) -> None:
    hashes = whole[where]
    mask = pd.Series(False, index=rows.index)
    if hashes.nunique() == 1:
        mask[where[1:]] = True
        rows.reject(mask, _msg("dup_same_kind"),
                    _msg("dup_same", first=where[0]))
        return
    part = sub.loc[where]
    cols = [c for c in part.columns if part[c].astype(object).map(repr).nunique() > 1]
    mask[where] = True
    rows.reject(mask, _msg("dup_conflict_kind"), _msg("dup_conflict",
        key=" + ".join(keys), value=value.replace("\x1f", " + "),
        rows=", ".join(map(str, where[:8])) + (" ..." if len(where) > 8 else ""),
        cols=", ".join(cols[:6])))


def _recode(s: pd.Series, table: dict, col: str, notes: list) -> pd.Series:
    present = s.notna()
    key = s[present].astype(str).str.strip()
    hit = key.isin(list(table))
    out = s.astype(object).copy()
    out[key.index[hit]] = key[hit].map(table).to_numpy()
    left = key[~hit]
    if len(left):
        ex = ", ".join(f"{v!r} ({n})" for v, n in left.value_counts().head(3).items())
        notes.append(_msg("recode_left", col=col, n=left.nunique(), examples=ex))
    return out


def _flags(s: pd.Series, col: str, rows: _Rows) -> pd.Series:
    s = s.astype(object)
    words = []
    for v in pd.unique(s.dropna()):
        try:
            flag_rule.read_flags(pd.Series([v], dtype=object), col)
        except ValueError:
            words.append(v)
    bad = s.isin(words).to_numpy(dtype=bool) if words else np.zeros(len(s), dtype=bool)
    if bad.any():
        text = s[bad].map(lambda v: _msg("flag", col=col, value=v))
        rows.reject(bad, _msg("flag_kind", col=col), text)
    return flag_rule.read_flags(s.where(~bad), col)


def _dates(s: pd.Series, col: str, order, raw: _Raw, rows: _Rows, options: dict) -> DateParse:
    s = s.where(rows.ok, None) if not rows.ok.all() else s   # rows already rejected: not read
    p = parse_dates(s, col, order=order, excel_serial=raw.kind.startswith("Excel"),
                    locale=_lang(),
                    **{k: options[k] for k in ("earliest", "latest") if k in options})
    if p.failed.any():
        text = pd.Series(None, index=s.index, dtype=object)
        text[p.reasons.index] = [_msg("date", col=col, reason=r) for r in p.reasons]
        rows.reject(p.failed, _msg("date_kind", col=col), text)
    return p


_ROW_IN = re.compile(r",? in rows? [\w, ]+?(?: and \d+ more)?(?=$|[;:,] | \()")


def _cast(s: pd.Series, c: Column, rows: _Rows, notes: list) -> pd.Series:
    """``s`` cast to the column's canonical type; values that cannot be cast reject their
    row (with the schema's reason); empty cells stay missing."""
    present = s.notna() & ~s.astype(object).map(lambda v: isinstance(v, str) and not v.strip())
    vals = _id_text(s[present]) if c.kind == "id" else _labels(s[present], c, notes)
    try:
        out = schema_cast(vals, c, None)
    except SchemaError:
        bad = _bad_values(vals, c)
        if bad:
            text = s.astype(object).map(lambda v: bad.get(_key(v)))
            mask = present & text.notna()
            rows.reject(mask, _msg("cast_kind", col=c.name, kind=_kind_name(c)),
                        text.map(lambda r: _msg("cast", col=c.name, reason=r)))
            vals = vals[~mask[present].to_numpy()]
            present = present & ~mask
        out = schema_cast(vals, c, None)
    return _full(out, s.index, c)


def _labels(s: pd.Series, c: Column, notes: list) -> pd.Series:
    """The kit's own labels (zh or en, e.g. '高') read as codes, when the schema can (issue 10,
    item 7); every label read is noted."""
    to_codes = getattr(schema, "_labels_to_codes", None)
    if to_codes is None or c.kind not in ("code", "ordered") or s.empty:
        return s
    try:
        codes, labels = to_codes(s, c, None)
    except (SchemaError, KeyError, TypeError):
        return s
    if labels:
        pairs = ", ".join(f"{k!r} -> {v[0]!r} ({v[1]})" if isinstance(v, tuple) else
                          f"{k!r} -> {v!r}" for k, v in list(labels.items())[:4])
        notes.append(_msg("labels", col=c.name, pairs=pairs))
        return codes
    return s


def _id_text(s: pd.Series) -> pd.Series:
    """Whole floats as whole numbers (1001.0 -> '1001'), so ids read from frames stay ids."""
    x = s.to_numpy(dtype=float) if pd.api.types.is_float_dtype(s) else None
    if x is not None and np.all(np.isfinite(x)) and np.all(np.abs(x) < 2**53) \
            and np.all(np.mod(x, 1) == 0):
        return s.astype("int64")
    return s


def _key(v):
    try:
        hash(v)
        return v
    except TypeError:
        return repr(v)


def _bad_values(vals: pd.Series, c: Column) -> dict:
    bad = {}
    for v in pd.unique(vals.astype(object).map(_key)):
        try:
            schema_cast(pd.Series([v], dtype=vals.dtype if vals.dtype != object else object),
                        c, None)
        except SchemaError as e:
            bad[v] = _ROW_IN.sub("", str(e))
        except (TypeError, ValueError) as e:  # a value pandas cannot hold in that type
            bad[v] = tr("{value!r} cannot be read as {kind} ({error})", _lang(), value=v,
                        kind=c.kind if is_english(_lang()) else _kind_name(c), error=e)
    return bad


_KIND_NAMES = {"id": N_("id"), "text": N_("text"), "code": N_("code"), "ordered": N_("level"),
               "datetime": N_("date"), "int": N_("whole number"),
               "nullable_int": N_("whole number"), "float": N_("number"),
               "bool": N_("true/false")}


def _kind_name(c: Column) -> str:
    return tr(_KIND_NAMES[c.kind], _lang())


def _full(out: pd.Series, index: pd.Index, c: Column) -> pd.Series:
    """The cast values back on every row (missing where empty or rejected)."""
    if len(out) == len(index):
        return out.set_axis(index)
    target = out.dtype
    if c.kind in ("int", "nullable_int"):
        target = "Int64"
    elif c.kind == "bool":
        target = "boolean"
    elif c.kind in ("id", "text"):
        target = "str"
    full = pd.Series(None, index=index, dtype=target)
    if len(out):
        full[out.index] = out.astype(target)
    return full


def _tighten(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number and true/false columns without a missing value back to int64 / bool."""
    for col in frame.columns:
        dtype = str(frame[col].dtype)
        if dtype in ("Int64", "boolean") and not frame[col].isna().any():
            frame[col] = frame[col].astype("int64" if dtype == "Int64" else bool)
    return frame


# --------------------------------------------------------------------------- steps
def _convert(raw: _Raw, m: Mapping | None, mapped: dict, table: str, rows: _Rows,
             options: dict) -> tuple[pd.DataFrame, dict, list]:
    """The mapped columns recoded, read as flags or dates, and cast; rows rejected."""
    canon = {c.name: c for c in TABLES[table]}
    notes: list[str] = []
    dates_wanted = dict(m.dates) if m else {}
    flags_wanted = list(m.flags) if m else []
    out, dates = {}, {}
    for src, dst in mapped.items():
        s = _scalars(raw.frame[src], dst, rows)
        if m and dst in m.values:
            s = _recode(s, m.values[dst], dst, notes)
        if dst in flags_wanted:
            out[dst] = _flags(s, dst, rows)
        elif dst in dates_wanted or (dst in canon and canon[dst].kind == "datetime"):
            order = dates_wanted.get(dst)
            dates[dst] = _dates(s, dst, None if order == "auto" else order, raw, rows, options)
            out[dst] = dates[dst].values.dt.floor("s").astype("datetime64[s]")
        elif dst in canon:
            out[dst] = _cast(s, canon[dst], rows, notes)
        else:
            out[dst] = s
    _missing_names(dates_wanted, flags_wanted, set(mapped.values()), notes)
    return _ordered(out, table, raw.frame.index), dates, notes


def _scalars(s: pd.Series, col: str, rows: _Rows) -> pd.Series:
    """Cells holding a list, dict or other container (possible in a frame) reject their row."""
    if s.dtype != object:
        return s
    bad = ~s.map(pd.api.types.is_scalar).to_numpy(dtype=bool)
    if not bad.any():
        return s
    text = s.map(lambda v: _msg("container", col=col, kind=type(v).__name__))
    rows.reject(bad, _msg("container_kind", col=col), text)
    return s.where(~bad, None)


def _missing_names(dates: dict, flags: list, have: set, notes: list) -> None:
    gone = [c for c in dates if c not in have]
    if gone:
        notes.append(_msg("dates_missing", cols=", ".join(gone)))
    gone = [c for c in flags if c not in have]
    if gone:
        notes.append(_msg("flags_missing", cols=", ".join(gone)))


def _ordered(out: dict, table: str, index: pd.Index) -> pd.DataFrame:
    order = [c.name for c in TABLES[table] if c.name in out]
    order += [c for c in out if c not in order]
    return pd.DataFrame({c: out[c] for c in order}, index=index)


def _report(raw: _Raw, rows: _Rows, frame: pd.DataFrame, kept: list, **parts) -> ReadReport:
    ok = rows.ok.to_numpy()
    accepted = _tighten(frame[ok].copy())
    for c in kept:
        accepted[c] = raw.frame.loc[ok, c]
    accepted.index.name = "row" if "row" not in accepted.columns else "source_row"
    rejected = raw.frame[~ok].copy()
    taken = [c for c in ("row", "reason") if c in rejected.columns]
    if taken:
        rejected = rejected.rename(columns={c: f"{c}_in_source" for c in taken})
        parts["notes"] = parts.get("notes", []) + [_msg("row_reason",
            cols=", ".join(taken))]
    rejected.insert(0, "row", rejected.index.to_numpy())
    rejected["reason"] = rows.reason[~ok].to_numpy()
    rejected = rejected.reset_index(drop=True)
    problems = pd.DataFrame({"row": rows.index[~ok], "kind": rows.kind[~ok].to_numpy(),
                             "reason": rows.reason[~ok].to_numpy()})
    empty = {c: int(accepted[c].isna().sum()) for c in frame.columns}
    return ReadReport(frame=accepted, rejected=rejected, rows_read=len(raw.frame),
                      path=raw.path, kind=raw.kind, encoding=raw.encoding,
                      encoding_how=raw.encoding_how, delimiter=raw.delimiter,
                      skipped_lines=raw.skipped, kept=kept, empty=empty, problems=problems,
                      **parts)


# --------------------------------------------------------------------------- public
def read_complaints(path_or_frame, *, source=None, mapping=None, encoding=None,
                    table=None, sheet=None, locale=None, **options) -> ReadReport:
    """Read a complaint export into the canonical frame, with a report of every row.

    Parameters
    ----------
    path_or_frame : str, pathlib.Path, file object or DataFrame
        A CSV / text file (``, ; tab |``), an .xlsx workbook, a Parquet file, a file object
        (text or bytes), or a DataFrame.
    source : str, optional
        The name of a built-in source (``complaintkit.readers.sources``), e.g. ``"cfpb"``.
    mapping : dict, str or pathlib.Path, optional
        A mapping (see :mod:`complaintkit.readers.mapping`): a dict, a plain
        ``{source column: canonical name}`` dict, or a TOML file. Without ``source`` and
        ``mapping`` the built-in sources try to recognise the header; else the columns are
        read as they are (those already named as in the schema are cast).
    encoding : str, optional
        The text encoding ('gb18030', 'utf-8-sig', 'cp1252' ...); found when omitted.
    table : str, optional
        The canonical table the rows belong to (``complaintkit.schema.TABLES``): by default
        the mapping's ``table``, else ``"complaints"``.
    sheet : str or int, optional
        The workbook sheet (name or 0-based position); the first when omitted.
    locale : {None, "en_US", "zh_CN"}, optional
        The language of the report and the errors. By default the file's own: Chinese when
        its header (column names) holds Chinese, else English. An error raised before the
        header is read (no such file, an empty file, an unknown encoding, a bad mapping) is
        English unless ``locale`` is given.
    **options
        ``delimiter`` (found when omitted), ``header`` (the 1-based line of the header;
        found when omitted), ``earliest`` / ``latest`` (the plausible range of dates, see
        :func:`~complaintkit.readers.dates.parse_dates`).

    Returns
    -------
    ReadReport
        ``.frame`` (accepted rows, index = source row number), ``.rejected`` (rows as read
        with ``row`` and ``reason``), ``.rows_read``, ``.accepted``, ``.source``,
        ``.encoding``, ``.skipped_lines``, ``.dates``, ``.summary()``. It unpacks as
        ``df, report = read_complaints(...)``.

    Raises
    ------
    ReadError (a ValueError)
        The file cannot be read at all: it does not exist, is a directory, is empty or has
        a header only, is not text in the encoding named or found, is not a workbook or
        Parquet file, has no such sheet, or none of the mapping's columns; each message
        names the file. Rows that cannot be read never raise: they are rejected.
    ValueError
        A bad argument or mapping.

    Examples
    --------
    >>> import io
    >>> import complaintkit as ck
    >>> csv_text = io.StringIO("id,received_at,priority\\n1,2024-03-05,high\\n2,2024-03-06,"
    ...                        "urgent\\n")
    >>> report = ck.read_complaints(csv_text)
    >>> report.frame["priority"].tolist(), report.rejected["reason"].tolist()
    (['high'], ["priority: 'urgent' is not one of low, medium, high"])
    """
    if locale is not None:
        check_locale(locale)
    token = _LANGUAGE.set({"locale": locale, "given": locale is not None})
    try:
        return _read(path_or_frame, source=source, mapping=mapping, encoding=encoding,
                     table=table, sheet=sheet, options=options)
    finally:
        _LANGUAGE.reset(token)


def _read(path_or_frame, *, source, mapping, encoding, table, sheet, options) -> ReadReport:
    _check_options(options)
    if table is not None:
        _check_table(table)
    if encoding is not None:
        _check_encoding(encoding)
    with mapping_messages_in(_lang()):
        m = _mapping(source, mapping)
    wanted = list(m.columns) if m else []
    raw = _load(path_or_frame, encoding=encoding, sheet=sheet, header=options.get("header"),
                delimiter=options.get("delimiter"), wanted=wanted)
    if encoding is not None and not raw.encoding:
        raw.notes.append(_msg("encoding_unused", encoding=encoding, what=raw.path))
    detected = False
    if m is None:
        m = _detect(list(raw.frame.columns))
        detected = m is not None
    table = _check_table(table or (m.table if m else "") or "complaints")
    mapped, kept, missing = _resolve_columns(raw, m, table)
    rows = _Rows(raw)
    _duplicates(raw, mapped, table, rows)
    frame, dates, notes = _convert(raw, m, mapped, table, rows, options)
    canon = {c.name for c in TABLES[table]}
    ident = [c for c, d in mapped.items() if c == d and c in canon
             and (m is None or c not in m.columns)]
    if ident:
        notes.insert(0, _msg("identity", cols=", ".join(ident)))
    return _report(raw, rows, frame, kept, table=table, source=m.label if m else "",
                   detected=detected, locale=_lang(),
                   dates=dates, mapped=mapped, missing=missing, notes=raw.notes + notes)


def _check_options(options: dict) -> None:
    unknown = [k for k in options if k not in _OPTIONS]
    if unknown:
        raise TypeError(_msg("option", names=", ".join(unknown),
                                                  known=", ".join(_OPTIONS)))
    h = options.get("header")
    if h is not None and (isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1):
        raise ValueError(_msg("header_arg", value=h))


def _check_table(table) -> str:
    if not isinstance(table, str) or table not in TABLES:
        raise ValueError(_msg("table", tables=", ".join(map(repr, TABLES)),
                                                  table=table))
    return table
