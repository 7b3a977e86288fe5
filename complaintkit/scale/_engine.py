"""The DuckDB side of :mod:`complaintkit.scale`: the extra's imports, a world folder's files
(one file per table, or a partitioned table of ``part-*.parquet`` files) and its column types.

Nothing here reads a table's rows into pandas: DuckDB reads the Parquet files itself
(``read_parquet(<file or glob>)``), so a world larger than memory is aggregated in place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from ..i18n import N_, tr

#: the messages of this package's checks (one place, for the zh catalogue)
MESSAGES = {
    "extra": N_("{what} needs the optional extra 'scale' ({package} is not installed): "
                "pip install complaintkit[scale]"),
    "no_world": N_("{path} is not a complaintkit world (no world.json): write one with "
                   "world.to_parquet(path) or ck.scale.generate(path=...)"),
    "csv": N_("{path} is a CSV world: the scale functions read Parquet; write it as Parquet "
              "with ck.read_world(path).to_parquet(new_path)"),
    "no_table": N_("{path} has no table {table!r}: neither {file} nor a folder {folder} of "
                   "part-*.parquet files"),
    "no_parts": N_("{folder} holds no .parquet files"),
    "column": N_("column {col!r} is not in the {table} table; its columns are: {have}"),
}


def require(module: str, what: str, lang: str | None = None):
    """Import one of the extra's packages (duckdb, dask, distributed), or say how to get it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(tr(MESSAGES["extra"], lang, what=what,
                             package=module.split(".")[0])) from None


def connect(threads: int | None = None, memory_limit: str | None = None):
    """One in-process DuckDB connection (``threads``/``memory_limit`` as DuckDB's settings;
    DuckDB spills to a temporary folder beyond the memory limit). Times are naive local
    date-times, read in UTC so that no time zone moves a day boundary."""
    duckdb = require("duckdb", "complaintkit.scale")
    config = {}
    if threads is not None:
        config["threads"] = int(threads)
    if memory_limit is not None:
        config["memory_limit"] = str(memory_limit)
    con = duckdb.connect(config=config)
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    return con


def manifest(folder: str | os.PathLike) -> dict:
    """The world's ``world.json``; refused when the folder is no kit world or a CSV one."""
    folder = Path(folder)
    file = folder / "world.json"
    if not file.is_file():
        raise FileNotFoundError(tr(MESSAGES["no_world"], None, path=folder))
    meta = json.loads(file.read_text(encoding="utf-8"))
    if meta.get("format", "parquet") != "parquet":
        raise ValueError(tr(MESSAGES["csv"], meta.get("locale"), path=folder))
    return meta


def table_source(folder: str | os.PathLike, table: str) -> str:
    """What DuckDB's ``read_parquet`` reads for one table of a world folder.

    ``table`` is a table's name (``"complaints"``) or a truth table's (``"truth/text"``).
    Either layout: ``<folder>/<table>.parquet`` (one file, :meth:`World.to_parquet`), or a
    folder ``<folder>/<table>/`` of ``part-*.parquet`` files (a partitioned world, same
    columns in every part): then the glob ``<folder>/<table>/*.parquet``.

    >>> from complaintkit.data import data_dir
    >>> from complaintkit.scale import table_source
    >>> table_source(data_dir() / "ecommerce_en", "complaints").endswith("complaints.parquet")
    True
    """
    folder = Path(folder)
    parts = folder / table
    if parts.is_dir():
        if not any(parts.glob("*.parquet")):
            raise FileNotFoundError(tr(MESSAGES["no_parts"], None, folder=parts))
        return str(parts / "*.parquet")
    file = folder / f"{table}.parquet"
    if file.is_file():
        return str(file)
    raise FileNotFoundError(tr(MESSAGES["no_table"], None, path=folder, table=table,
                               file=file.name, folder=f"{table}/"))


def relation(folder: str | os.PathLike, table: str) -> str:
    """The SQL that reads one table: ``read_parquet('<source>', union_by_name = true)``."""
    src = table_source(folder, table).replace("'", "''")
    return f"read_parquet('{src}', union_by_name = true)"


#: tables whose rows follow their complaints in a world's order (the others: by time, or as
#: stored)
_FOLLOW = ("surveys", "events", "truth/text", "truth/pii")


def positioned(folder: str | os.PathLike, table: str) -> str:
    """The SQL of a table's rows with a column ``_pos`` that sorts them as ``ck.read_world``
    orders them: as stored for a table in one file; for a partitioned table the world's order
    (:func:`complaintkit.generator.shards.canonical_order`: orders and complaints by time,
    stable over the parts in order; surveys, events and the narratives' truth after their
    complaints; the others as stored)."""
    from ..generator.shards import TIME_ORDER

    src = table_source(folder, table).replace("'", "''")
    rel = (f"read_parquet('{src}', union_by_name = true, filename = true, "
           f"file_row_number = true)")
    where = "{'f': filename, 'r': file_row_number}"
    if "*" not in src:
        key = where
    elif table in TIME_ORDER:
        key = f"{{'t': {quote(TIME_ORDER[table])}, 'f': filename, 'r': file_row_number}}"
    elif table in _FOLLOW:
        ranks = (f"SELECT complaint_id AS _cid, row_number() OVER (ORDER BY _pos) AS _rank "
                 f"FROM ({positioned(folder, 'complaints')})")
        return (f"SELECT t.* EXCLUDE (filename, file_row_number), "
                f"{{'c': k._rank, 'f': t.filename, 'r': t.file_row_number}} AS _pos "
                f"FROM {rel} AS t LEFT JOIN ({ranks}) AS k ON k._cid = t.complaint_id")
    else:
        key = where
    return f"SELECT * EXCLUDE (filename, file_row_number), {key} AS _pos FROM {rel}"


def _first_file(folder: Path, table: str) -> Path:
    src = table_source(folder, table)
    if "*" not in src:
        return Path(src)
    return sorted(Path(src).parent.glob("*.parquet"))[0]


def empty_table(folder: str | os.PathLike, table: str) -> pd.DataFrame:
    """A table's columns with the dtypes ``ck.read_world`` gives them, and no rows: the
    categories (and their order) of every code column, from the Parquet schema and the
    manifest, without reading any data."""
    import pyarrow.parquet as pq

    from ..schema import TABLES, conform

    folder = Path(folder)
    raw = pq.ParquetFile(_first_file(folder, table)).schema_arrow.empty_table().to_pandas()
    if table not in TABLES:
        return raw
    cats = manifest(folder).get("categories", {}).get(table)
    if table == "complaints" and cats and "category" in cats:
        cats = {**cats, "filed_category": cats.get("filed_category", cats["category"])}
    names = {c.name for c in TABLES[table]}
    known = conform(raw[[c for c in raw.columns if c in names]], table, categories=cats)
    extra = [c for c in raw.columns if c not in known.columns]
    return pd.concat([known, raw[extra]], axis=1) if extra else known


def check_columns(dtypes: pd.DataFrame, columns, table: str, lang: str | None = None) -> None:
    """Every name must be a column of the table (a clear KeyError, not DuckDB's binder
    error)."""
    for col in columns:
        if col not in dtypes.columns:
            raise KeyError(tr(MESSAGES["column"], lang, col=col, table=table,
                              have=", ".join(map(str, dtypes.columns))))


def quote(name: str) -> str:
    """A column name as an SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def as_dtype(values: pd.Series, dtype) -> pd.Series:
    """Values read back from DuckDB in the dtype the in-memory table has (categoricals with
    all their categories, in order)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical(values.astype("object").where(values.notna(), None),
                                        dtype=dtype), index=values.index)
    if pd.api.types.is_datetime64_dtype(dtype):
        return pd.to_datetime(values).astype(dtype)
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values


