"""A source's mapping: which column is which, how its dates and flags are written (issue 10).

A mapping is data, not code: a TOML file (the built-in ones live in
``complaintkit/readers/sources/<name>.toml``; copy one and edit it for your own export), or the
same as a dict, or a plain dict ``{"Source column": "canonical_name"}`` (columns only)::

    name = "cfpb"
    title = "US CFPB consumer complaint database (web export)"
    table = "complaints"
    [columns]                     # source column = canonical (or new snake_case) name
    "Complaint ID" = "complaint_id"
    "Date received" = "received_at"
    [dates]                       # columns (after renaming) read as dates, with their order
    received_at = "month-first"   # or "day-first", "iso", "auto"
    [flags]                       # yes/no/N-A columns (after renaming)
    columns = ["timely_response", "disputed"]
    [values.channel]              # recodes of one column: source value = code
    "Web" = "web"
    [detect]                      # the header columns that recognise the source
    columns = ["Complaint ID", "Date received"]

Examples
--------
>>> from complaintkit.readers.mapping import load_mapping
>>> m = load_mapping({"Complaint ID": "complaint_id", "Date received": "received_at"})
>>> m.columns
{'Complaint ID': 'complaint_id', 'Date received': 'received_at'}
>>> load_mapping({"columns": {"Opened": "received_at"}, "dates": {"received_at": "day-first"}}
...              ).dates
{'received_at': 'day-first'}
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_, MessageLanguage, tr

__all__ = ["Mapping", "load_mapping", "SECTIONS"]

#: the keys a mapping may have
SECTIONS = ("name", "title", "table", "columns", "dates", "flags", "values", "detect")
_ORDERS = ("auto", "iso", "day-first", "month-first")

# Every user-visible message of this module, in one place (translated with issue 13).
MESSAGES = {
    "type": N_("mapping must be a dict, a path to a TOML file or a Mapping, not {kind}"),
    "missing": N_("mapping file {path} does not exist"),
    "toml": N_("mapping file {path} is not valid TOML: {error}"),
    "keys": N_("mapping{where} has unknown key(s) {keys}; the keys are {known}"),
    "section": N_("mapping{where}: [{section}] must be a table of names, not {kind}"),
    "name": N_("mapping{where}: [{section}] {key!r} = {value!r}: {what} must be text"),
    "order": N_("mapping{where}: [dates] {key} = {value!r} is not one of {orders}"),
    "flags": N_("mapping{where}: [flags] columns must be a list of column names"),
    "detect": N_("mapping{where}: [detect] columns must be a list of column names"),
    "twice": N_("mapping{where}: {cols} are all mapped to {target!r}: one column per name"),
}


#: the language of the messages: read_complaints' (``messages_in``), else English. A context
#: variable rather than an argument of each checking helper below.
_LANGUAGE = MessageLanguage("mapping")


def messages_in(locale: str | None):
    """Within the block, a mapping's errors are written in ``locale``."""
    return _LANGUAGE.said(locale)


def _msg(key: str, /, **fields) -> str:
    if "what" in fields:
        fields["what"] = tr(fields["what"], _LANGUAGE.get())
    return tr(MESSAGES[key], _LANGUAGE.get(), **fields)


@dataclass
class Mapping:
    """A source's mapping, checked. Attributes as in the TOML file (see the module)."""

    name: str = ""
    title: str = ""
    table: str = "complaints"
    columns: dict = field(default_factory=dict)
    dates: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    detect: list = field(default_factory=list)
    origin: str = ""   # where it came from: 'dict', a file path, 'built-in cfpb'

    @property
    def label(self) -> str:
        """How the report names it."""
        return self.name or self.origin or "mapping"


def load_mapping(mapping, *, origin: str = "") -> Mapping:
    """A checked :class:`Mapping` from a dict, a TOML path or a Mapping.

    Parameters
    ----------
    mapping : dict, str, pathlib.Path or Mapping
        A full mapping (keys as in the module docstring), a plain ``{source: canonical}``
        dict, or the path of a TOML file holding a mapping.
    origin : str
        Where it came from, for the report and messages.

    Returns
    -------
    Mapping

    Raises
    ------
    ValueError
        A missing or invalid file, an unknown key, a name that is not text, an unknown date
        order, two columns mapped to one name; each message names the mapping and the key.

    Examples
    --------
    >>> from complaintkit.readers.mapping import load_mapping
    >>> load_mapping({"columns": {"a": "x", "b": "x"}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: mapping: 'a', 'b' are all mapped to 'x': one column per name
    """
    if isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, (str, Path)):
        return _from_file(Path(mapping))
    if not isinstance(mapping, dict):
        raise ValueError(_msg("type", kind=type(mapping).__name__))
    return _from_dict(mapping, origin or "dict")


def _from_file(path: Path) -> Mapping:
    if not path.is_file():
        raise ValueError(_msg("missing", path=path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ValueError(_msg("toml", path=path, error=e)) from None
    return _from_dict(data, str(path))


def _is_full(d: dict) -> bool:
    """A full mapping has a section (a table) or only the top-level keys of one."""
    return any(isinstance(v, (dict, list)) for v in d.values()) or (
        bool(d) and set(d) <= {"name", "title", "table"})


def _from_dict(d: dict, origin: str) -> Mapping:
    where = f" {origin}" if origin not in ("", "dict") else ""
    if not _is_full(d):
        d = {"columns": d}
    unknown = [k for k in d if k not in SECTIONS]
    if unknown:
        raise ValueError(_msg("keys", where=where, keys=", ".join(map(repr, unknown)),
                                                 known=", ".join(SECTIONS)))
    m = Mapping(name=_text(d, "name", where), title=_text(d, "title", where),
                table=_text(d, "table", where) or "complaints", origin=origin)
    m.columns = _names(d.get("columns", {}), "columns", where)
    m.dates = _dates(d.get("dates", {}), where)
    m.flags = _list(d.get("flags", {}), "flags", where)
    m.detect = _list(d.get("detect", {}), "detect", where)
    m.values = {col: _names(table, f"values.{col}", where, what=N_("a code"))
                for col, table in _section(d.get("values", {}), "values", where).items()}
    _one_target(m.columns, where)
    return m


def _text(d: dict, key: str, where: str) -> str:
    v = d.get(key, "")
    if not isinstance(v, str):
        raise ValueError(_msg("name", where=where, section="", key=key, value=v,
                                                 what=N_("it")))
    return v


def _section(v, section: str, where: str) -> dict:
    if not isinstance(v, dict):
        raise ValueError(_msg("section", where=where, section=section,
                                                    kind=type(v).__name__))
    return v


def _names(v, section: str, where: str, what: str = N_("a column name")) -> dict:
    v = _section(v, section, where)
    for key, value in v.items():
        if not isinstance(value, str) or not str(key).strip():
            raise ValueError(_msg("name", where=where, section=section, key=key,
                                                     value=value, what=what))
    return {str(k): value for k, value in v.items()}


def _dates(v, where: str) -> dict:
    v = _names(v, "dates", where, what=N_("the order"))
    for key, value in v.items():
        if value not in _ORDERS:
            raise ValueError(_msg("order", where=where, key=key, value=value,
                                                      orders=", ".join(_ORDERS)))
    return v


def _list(v, section: str, where: str) -> list:
    cols = v if isinstance(v, list) else _section(v, section, where).get("columns", [])
    if not isinstance(cols, list) or not all(isinstance(c, str) for c in cols):
        raise ValueError(_msg(section, where=where))
    return list(cols)


def _one_target(columns: dict, where: str) -> None:
    seen: dict[str, list] = {}
    for src, dst in columns.items():
        seen.setdefault(dst, []).append(src)
    for dst, srcs in seen.items():
        if len(srcs) > 1:
            raise ValueError(_msg("twice",
                where=where, cols=", ".join(map(repr, srcs)), target=dst))
