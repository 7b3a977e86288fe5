"""A generated (or loaded) complaint world: its tables, its truth, and how it is stored.

``World.to_parquet(dir)`` / ``World.to_csv(dir)`` write one file per table, the truth tables
under ``truth/`` and a ``world.json`` with the scenario, seed, locale and the category levels
of every code column, so :func:`read_world` restores the world exactly. Writes go to a
temporary folder that replaces the target only when complete: a failed write loses nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .locale import labels as locale_labels
from .schema import TABLES, columns, conform

__all__ = ["World", "Truth", "read_world", "TABLE_NAMES"]

TABLE_NAMES = tuple(TABLES)
FORMATS = ("parquet", "csv")


@dataclass
class Truth:
    """What the generator knows and an analyst has to estimate.

    Attributes
    ----------
    effects : DataFrame
        ``parameter, value, unit, meaning``: every true effect size of the scenario, plus
        derived quantities (calibrated intercepts, total effects).
    iceberg : DataFrame
        ``category, sub_category, problems, complaints, silent, voice_rate,
        expected_voice_rate``: the dissatisfied customers behind the complaints.
    categories : DataFrame
        ``category, expected_share, observed_share``: the complaint mix the scenario implies
        (from the chances of complaining) and the mix drawn.
    incidents : DataFrame
        ``incident, kind, target, start, end, multiplier, root_cause, problems``.
    festivals : DataFrame
        ``festival, date, uplift``: festival days in the period for the world's locale.
    improvements : DataFrame
        ``improvement, problem, root_cause, start, voice_multiplier``: one row per addressed
        root cause.
    population : DataFrame
        ``quantity, value``: expected orders, untroubled orders, the baseline sample fraction.
    """

    effects: pd.DataFrame
    iceberg: pd.DataFrame
    categories: pd.DataFrame
    incidents: pd.DataFrame
    festivals: pd.DataFrame
    improvements: pd.DataFrame
    population: pd.DataFrame

    def value(self, parameter: str) -> float:
        """The true value of one effect, e.g. ``truth.value("voice.rate")``."""
        hit = self.effects.loc[self.effects["parameter"] == parameter, "value"]
        if hit.empty:
            raise KeyError(f"no true effect named {parameter!r}; see truth.effects.parameter")
        return float(hit.iloc[0])

    def tables(self) -> dict[str, pd.DataFrame]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class World:
    """The tables of one synthetic company, with the truth behind them.

    Attributes
    ----------
    customers, orders, complaints, events, surveys, agents : DataFrame
        The tables of the canonical schema (see :mod:`complaintkit.schema`).
    truth : Truth
        The true effects and the silent dissatisfied customers.
    meta : dict
        ``scenario`` (name), ``seed``, ``locale``, ``version``, ``period`` and the full
        scenario as a dict under ``scenario_values``.
    """

    customers: pd.DataFrame
    orders: pd.DataFrame
    complaints: pd.DataFrame
    events: pd.DataFrame
    surveys: pd.DataFrame
    agents: pd.DataFrame
    truth: Truth
    meta: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ access
    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    @property
    def locale(self) -> str:
        return self.meta.get("locale", "en_US")

    def summary(self) -> pd.DataFrame:
        """Rows and columns per table."""
        return pd.DataFrame({"table": list(self.tables),
                             "rows": [len(t) for t in self.tables.values()],
                             "columns": [t.shape[1] for t in self.tables.values()]})

    def labelled(self, table: str, *, locale: str | None = None) -> pd.DataFrame:
        """A copy of ``table`` with codes and column names shown in the world's language.

        Examples
        --------
        >>> import complaintkit as ck
        >>> w = ck.generate(n_complaints=300, locale="zh_CN")
        >>> "渠道" in w.labelled("complaints").columns
        True
        """
        locale = locale or self.locale
        df = self.tables[table].copy() if table in self.tables else None
        if df is None:
            raise ValueError(f"table must be one of {', '.join(map(repr, TABLE_NAMES))}, "
                             f"but {table!r} was passed")
        lab = locale_labels(locale)
        family = {"method": "survey_method"}  # columns whose label family has another name
        for c in columns(table):
            kind = family.get(c.name, c.name)
            if c.kind in ("code", "ordered") and kind in lab:
                names = lab[kind]
                df[c.name] = df[c.name].cat.rename_categories(
                    [names.get(str(v), str(v)) for v in df[c.name].cat.categories])
        return df.rename(columns=lab["column"])

    def __repr__(self) -> str:
        m = self.meta
        rows = ", ".join(f"{k}={len(v):,}" for k, v in self.tables.items())
        return (f"<World scenario={m.get('scenario')!r} seed={m.get('seed')} "
                f"locale={m.get('locale')!r} period={m.get('period')}: {rows}>")

    def _repr_html_(self) -> str:  # pragma: no cover - display only
        return f"<p><code>{self!r}</code></p>" + self.summary().to_html(index=False)

    # ------------------------------------------------------------------ storage
    def _categories(self) -> dict[str, dict[str, list]]:
        out = {}
        for name, df in self.tables.items():
            out[name] = {c: [v.item() if hasattr(v, "item") else v for v in df[c].cat.categories]
                         for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)}
        return out

    def to_parquet(self, path: str | os.PathLike) -> Path:
        """Write the world as Parquet files into folder ``path`` (replaced atomically)."""
        return self._write(Path(path), "parquet")

    def to_csv(self, path: str | os.PathLike) -> Path:
        """Write the world as UTF-8 CSV files into folder ``path`` (replaced atomically)."""
        return self._write(Path(path), "csv")

    def _write(self, path: Path, fmt: str) -> Path:
        path = path.resolve()
        if path.exists() and not path.is_dir():
            raise FileExistsError(f"{path} is a file; give a folder to write the world into")
        if path.is_dir() and not (path / "world.json").exists() and any(path.iterdir()):
            raise FileExistsError(f"{path} exists and is not a complaintkit world; "
                                  "choose an empty or new folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            (tmp / "truth").mkdir()
            for name, df in self.tables.items():
                _write_table(df, tmp / f"{name}.{fmt}", fmt)
            for name, df in self.truth.tables().items():
                _write_table(df, tmp / "truth" / f"{name}.{fmt}", fmt)
            meta = dict(self.meta, format=fmt, categories=self._categories())
            (tmp / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False,
                                                       sort_keys=True) + "\n", encoding="utf-8")
            if path.exists():
                old = path.with_name(f".{path.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                path.rename(old)
                tmp.rename(path)
                shutil.rmtree(old, ignore_errors=True)
            else:
                tmp.rename(path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return path

    def files(self, path: str | os.PathLike) -> list[Path]:
        """The files a written world consists of (for summaries)."""
        return sorted(p for p in Path(path).rglob("*") if p.is_file())


def _write_table(df: pd.DataFrame, file: Path, fmt: str) -> None:
    if fmt == "parquet":
        df.to_parquet(file, index=False, engine="pyarrow", compression="zstd")
    else:
        df.to_csv(file, index=False, encoding="utf-8", lineterminator="\n",
                  date_format="%Y-%m-%d %H:%M:%S")


def read_world(path: str | os.PathLike) -> World:
    """Read a world written by :meth:`World.to_parquet` or :meth:`World.to_csv`.

    Raises
    ------
    FileNotFoundError
        If ``path`` has no ``world.json``.
    SchemaError
        If a table is missing columns or holds values that do not fit the schema.
    """
    path = Path(path)
    meta_file = path / "world.json"
    if not meta_file.exists():
        raise FileNotFoundError(f"{path} is not a complaintkit world (no world.json there)")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    fmt = meta.pop("format")
    cats = meta.pop("categories")
    tables = {}
    for name in TABLE_NAMES:
        file = path / f"{name}.{fmt}"
        if not file.exists():
            raise FileNotFoundError(f"{file} is missing")
        if fmt == "parquet":
            df = pd.read_parquet(file)
        else:
            df = pd.read_csv(file, dtype="str", keep_default_na=False, na_values=[""],
                             encoding="utf-8")
        tables[name] = conform(df, name, categories=cats.get(name), source=str(file))
    truth = {}
    for name in Truth.__dataclass_fields__:
        file = path / "truth" / f"{name}.{fmt}"
        truth[name] = _read_truth(file, fmt)
    return World(**tables, truth=Truth(**truth), meta=meta)


def _read_truth(file: Path, fmt: str) -> pd.DataFrame:
    """Truth tables: small, typed by their columns (dates, numbers, text; no missing text)."""
    if fmt == "parquet":
        df = pd.read_parquet(file)
    else:
        df = pd.read_csv(file, encoding="utf-8")
    for c in df.columns:
        if c in ("start", "end", "date"):
            df[c] = pd.to_datetime(df[c]).astype("datetime64[s]")
        elif not pd.api.types.is_numeric_dtype(df[c]):
            df[c] = df[c].fillna("")
    return df

