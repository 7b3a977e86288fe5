"""A generated (or loaded) complaint world: its tables, its truth, and how it is stored.

``World.to_parquet(dir)`` / ``World.to_csv(dir)`` write one file per table, the truth tables
under ``truth/`` and a manifest, ``world.json``: the kit's mark (``manifest =
"complaintkit-world"``, ``manifest_version = 2``), the file format, every file the kit wrote
with its size, SHA-256 checksum and (for tables) row count, and the world's scenario, seed,
locale and the category levels of every code column, so :func:`read_world` restores the
world exactly and refuses files that changed after the kit wrote them.

Writes never delete what the kit did not write: a folder is replaced only if it is empty or
holds a kit world and nothing else (otherwise the write is refused, naming what is in the
way). The new world is written into a marked temporary sibling folder and swapped in with
renames, so a failure at any step leaves the old or the new world complete; the kit's
temporary folders are removed, and one left by a crashed run is recognised by its mark (or
manifest) and removed, or moved back when it holds the only copy of the previous world.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import secrets
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from .i18n import N_, MessageLanguage, is_english, tr
from .schema import TABLES, SchemaError, columns, conform, local_datetimes

__all__ = ["World", "Truth", "read_world", "check_target", "DamagedWorldError", "TABLE_NAMES"]

TABLE_NAMES = tuple(TABLES)
FORMATS = ("parquet", "csv")


@dataclass
class Truth:
    """What the generator knows and an analyst has to estimate.

    Attributes
    ----------
    effects : DataFrame
        ``parameter, value, target, kind, meaning``: every true effect of the world. ``kind``
        says what ``value`` is: ``"set"`` (the scenario's number, used as is),
        ``"realised"`` (what this world produced; ``target`` is what the scenario asked
        for, e.g. ``voice.rate`` after the February improvement and the period-end cut) or
        ``"derived"`` (calibrated intercepts, total effects). :meth:`value` returns
        ``value``: the world's truth.
    iceberg : DataFrame
        ``category, sub_category, problems, complaints, silent, voice_rate,
        expected_voice_rate, expected_complaints``: the dissatisfied customers behind the
        complaints.
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
    text : DataFrame
        One row per complaint, how its narrative (投诉内容) was written:
        ``complaint_id, anger`` (latent, standardised), ``tone`` (calm, annoyed, furious),
        ``template`` (id of the main sentence), ``vague, second_problem,
        second_sub_category`` (the other problem), ``other_first`` (written before the main
        one), ``cue_category`` (the category shared words evoke), ``typo, mixed_english,
        misfiled, filed_category, misfile_reason, pii`` (pieces of
        personal data put in: 0, 1 or 2; the complaint's own order id, which many sentences
        quote, is not counted here but is a span of ``pii``). See
        :mod:`complaintkit.generator.text` and docs/narratives.md.
    pii : DataFrame
        One row per span of personal data in a narrative: ``complaint_id, kind, start, end,
        value`` (Python str offsets: ``narrative[start:end] == value``).

    Worlds written before the narratives' truth existed read with ``text`` and ``pii`` empty
    (their columns, no rows) and a note in ``World.meta["notes"]``.
    """

    effects: pd.DataFrame
    iceberg: pd.DataFrame
    categories: pd.DataFrame
    incidents: pd.DataFrame
    festivals: pd.DataFrame
    improvements: pd.DataFrame
    population: pd.DataFrame
    text: pd.DataFrame = field(default_factory=lambda: empty_text_truth())
    pii: pd.DataFrame = field(default_factory=lambda: empty_pii_truth())

    def value(self, parameter: str) -> float:
        """The true value of one effect, e.g. ``truth.value("voice.rate")``."""
        hit = self.effects.loc[self.effects["parameter"] == parameter, "value"]
        if hit.empty:
            raise KeyError(tr("no true effect named {parameter!r}; see "
                              "truth.effects.parameter", None, parameter=parameter))
        return float(hit.iloc[0])

    def tables(self) -> dict[str, pd.DataFrame]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


#: truth tables a world written before them may lack (read back empty, with a note)
OPTIONAL_TRUTH = ("text", "pii")
TEXT_TRUTH_COLUMNS = ("complaint_id", "anger", "tone", "template", "vague", "second_problem",
                      "second_sub_category", "other_first", "cue_category", "typo",
                      "mixed_english", "misfiled", "filed_category", "misfile_reason", "pii")
PII_TRUTH_COLUMNS = ("complaint_id", "kind", "start", "end", "value")


def empty_text_truth() -> pd.DataFrame:
    """``truth.text`` with its columns and no rows."""
    return pd.DataFrame({c: pd.Series([], dtype="float64" if c == "anger" else "bool"
                                      if c in ("vague", "second_problem", "other_first",
                                               "typo", "mixed_english", "misfiled")
                                      else "int64" if c == "pii" else object)
                         for c in TEXT_TRUTH_COLUMNS})


def empty_pii_truth() -> pd.DataFrame:
    """``truth.pii`` with its columns and no rows."""
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("start", "end") else object)
                         for c in PII_TRUTH_COLUMNS})


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

    def __post_init__(self) -> None:
        # Each table carries the kit's mark (DataFrame.attrs, kept by filters and copies), so
        # an analysis can tell a kit world's table from a user's own data (e.g. iceberg's
        # default voice rate is for kit worlds only) and write its messages in the world's
        # language (complaintkit.i18n.locale_of). The mark is never written to disk.
        from .analysis._checks import mark_kit_made
        for name in TABLE_NAMES:
            mark_kit_made(getattr(self, name), scenario=self.meta.get("scenario"),
                          seed=self.meta.get("seed"), locale=self.meta.get("locale"))

    # ------------------------------------------------------------------ access
    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    @property
    def locale(self) -> str:
        return self.meta.get("locale", "en_US")

    def summary(self, *, locale: str | None = None) -> pd.DataFrame:
        """Rows and columns per table, in the world's language (a zh world names its tables
        and the headers in Chinese; English keeps ``table, rows, columns`` and the names).

        ``locale``: another language than the world's; code that reads the table by its
        column names asks for English (``locale="en_US"``).

        Examples
        --------
        >>> import complaintkit as ck
        >>> ck.generate(n_complaints=300, locale="zh_CN").summary().columns.tolist()
        ['表', '行数', '列数']
        """
        lang = locale or self.locale
        names, rows, cols = self._shape()
        if is_english(lang):
            return pd.DataFrame({"table": names, "rows": rows, "columns": cols})
        from .locale import labels

        shown = labels(lang, "table")
        return pd.DataFrame({tr("table", lang): [shown.get(n, n) for n in names],
                             tr("number of rows", lang): rows,
                             tr("number of columns", lang): cols})

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
            raise ValueError(tr("table must be one of {tables}, but {table!r} was passed",
                                locale, tables=", ".join(map(repr, TABLE_NAMES)),
                                table=table))
        from .labelling import labelled

        family = {"method": "survey_method",  # columns whose label family has another name
                  "filed_category": "category"}
        codes = {c.name: family.get(c.name, c.name) for c in columns(table)
                 if c.kind in ("code", "ordered")}   # the schema says which columns are codes
        return labelled(df, locale, columns=codes)

    def _shape(self) -> tuple[list[str], list[int], list[int]]:
        """The tables' names, rows and columns (what summary and repr show)."""
        return (list(TABLE_NAMES), [len(getattr(self, n)) for n in TABLE_NAMES],
                [getattr(self, n).shape[1] for n in TABLE_NAMES])

    _REPR_NOTE = ""

    def __repr__(self) -> str:
        m = self.meta
        names, n_rows, _ = self._shape()
        rows = ", ".join(f"{k}={n:,}" for k, n in zip(names, n_rows, strict=True))
        return (f"<World scenario={m.get('scenario')!r} seed={m.get('seed')} "
                f"locale={m.get('locale')!r} period={m.get('period')}{self._REPR_NOTE}: "
                f"{rows}>")

    def _repr_html_(self) -> str:  # pragma: no cover - display only
        return f"<p><code>{self!r}</code></p>" + self.summary().to_html(index=False)

    # ------------------------------------------------------------------ storage
    def _categories(self) -> dict[str, dict[str, list]]:
        out = {}
        for name, df in self.tables.items():
            out[name] = {c: [v.item() if hasattr(v, "item") else v for v in df[c].cat.categories]
                         for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)}
        return out

    def to_parquet(self, path: str | os.PathLike, *,
                   extra_files: dict[str, str] | None = None) -> Path:
        """Write the world as Parquet files into folder ``path``; see :meth:`to_csv`."""
        return self._write(Path(path), "parquet", extra_files)

    def to_csv(self, path: str | os.PathLike, *,
               extra_files: dict[str, str] | None = None) -> Path:
        """Write the world as UTF-8 CSV files into folder ``path``.

        The folder is created if missing. If it exists it must be empty or hold a world the
        kit wrote and nothing else, unchanged since; otherwise :class:`FileExistsError`
        names what is in the way (the kit never deletes a file it did not write, nor one
        edited since it wrote it). The new world is written into a
        temporary sibling folder and swapped in, so a failure at any step leaves the old or
        the new world complete. ``extra_files`` (``{"datasheet.md": text}``) are written
        with the world and listed in its manifest.
        """
        return self._write(Path(path), "csv", extra_files)

    def _write(self, path: Path, fmt: str, extra_files: dict[str, str] | None) -> Path:
        with messages_in(self.locale, unless_said=True):   # in the world's language
            return self._write_in(path, fmt, extra_files)

    def _write_in(self, path: Path, fmt: str, extra_files: dict[str, str] | None) -> Path:
        path = path.resolve()
        extra = _check_extra_files(extra_files, fmt)
        if path.parent.is_dir():
            _recover_leftovers(path)
        check_target(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        planned = [f"{n}.{fmt}" for n in TABLE_NAMES] + [
            f"truth/{n}.{fmt}" for n in Truth.__dataclass_fields__] + list(extra)
        tmp = _make_temp(path, planned)
        try:
            self._write_files(tmp, fmt, extra)
            _swap(tmp, path)
        finally:
            if tmp.exists():
                _remove_kit_folder(tmp)
        return path

    def _write_files(self, folder: Path, fmt: str, extra: dict[str, str]) -> None:
        """Every table, the truth, the extra files, then the manifest (last: it marks a
        complete world)."""
        os.mkdir(folder / "truth")
        files, rows = {}, {}
        for name, df in self.tables.items():
            rows[f"{name}.{fmt}"] = len(df)
            _write_table(df, folder / f"{name}.{fmt}", fmt)
        for name, df in self.truth.tables().items():
            rows[f"truth/{name}.{fmt}"] = len(df)
            _write_table(df, folder / "truth" / f"{name}.{fmt}", fmt)
        for rel, text in extra.items():
            _write_bytes(folder / rel, text.encode("utf-8"))
        for rel in [*rows, *extra]:
            files[rel] = _file_entry(folder / rel, rows.get(rel))
        manifest = dict(self.meta, manifest=MANIFEST, manifest_version=MANIFEST_VERSION,
                        format=fmt, files=files, categories=self._categories())
        _write_bytes(folder / "world.json", _dump_manifest(manifest))

    def files(self, path: str | os.PathLike) -> list[Path]:
        """The files a written world consists of (for summaries)."""
        return sorted(p for p in Path(path).rglob("*") if p.is_file())


# --------------------------------------------------------------------------- the manifest
#: The manifest's own mark: a folder is a kit world only if its world.json says this.
MANIFEST = "complaintkit-world"
MANIFEST_VERSION = 2
#: The version of a partitioned world's manifest (a streamed world, :func:`write_partitioned`):
#: a kit that reads only version 2 says the world is from a newer complaintkit.
PARTITIONED_VERSION = 3
#: Keys of world.json that describe the files, not the world (not put in ``World.meta``).
MANIFEST_KEYS = ("manifest", "manifest_version", "format", "files", "categories",
                 "manifest_sha256", "layout", "parts")
#: the truth tables with one row per complaint (or more): partitioned with the tables
PARTITIONED_TRUTH = ("text", "pii")
MARK = ".complaintkit-temp"  # the mark of the kit's temporary folders
TEMP_TAG = "complaintkit-"   # temporary siblings: .<name>.complaintkit-new-<hex> / -old-<hex>
VERIFY_HINT = N_("if you edited it on purpose, use read_world(..., verify=False)")

#: the language of the messages of a write or read under way, as a 1-tuple ``(locale,)``
#: once said: the caller's (:func:`messages_in`, e.g. the command line's), else the world's
#: locale (a write), ``read_world(locale=)`` or the manifest's (a read, once the manifest is
#: read), else English. A context variable rather than an argument of each helper (they
#: raise deep down).
_LANGUAGE = MessageLanguage("world")
_lang = _LANGUAGE.get


def messages_in(locale: str | None, *, unless_said: bool = False):
    """Within the block, writing and reading worlds write their errors and warnings in
    ``locale`` (``unless_said``: keep the language an enclosing block said)."""
    return _LANGUAGE.said(locale, unless_said=unless_said)


class DamagedWorldError(ValueError):
    """A world's files do not match its manifest (changed, cut short or corrupted)."""


def _manifest_checksum(manifest: dict) -> str:
    """SHA-256 of the manifest's content without its own checksum (so an edit of world.json
    itself, e.g. of the category levels, is caught and named)."""
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True)
                          .encode("utf-8")).hexdigest()


def _dump_manifest(manifest: dict) -> bytes:
    manifest = {**manifest, "manifest_sha256": _manifest_checksum(manifest)}
    return (json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True)
            + "\n").encode("utf-8")


def _sha256(file: Path) -> str:
    h = hashlib.sha256()
    with open(file, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _file_entry(file: Path, rows: int | None) -> dict:
    entry = {"bytes": file.stat().st_size, "sha256": _sha256(file)}
    if rows is not None:
        entry["rows"] = int(rows)
    return entry


def _safe_rel(rel: str) -> bool:
    """A relative path inside the world folder (no ``..``, not absolute, no backslash)."""
    if not isinstance(rel, str):
        return False
    parts = PurePosixPath(rel).parts
    return (bool(parts) and not rel.startswith("/") and "\\" not in rel
            and all(p not in ("", ".", "..") for p in parts))


def _check_extra_files(extra_files: dict[str, str] | None, fmt: str) -> dict[str, str]:
    extra = dict(extra_files or {})
    kit = {f"{n}.{fmt}" for n in TABLE_NAMES} | {"world.json", "truth", MARK}
    for rel, text in extra.items():
        if not isinstance(rel, str) or not _safe_rel(rel) or "/" in rel or rel in kit:
            raise ValueError(tr("extra_files: {name!r} must be a plain file name other than "
                                "the world's own files (e.g. 'datasheet.md')", _lang(),
                                name=rel))
        if not isinstance(text, str):
            raise TypeError(tr("extra_files[{name!r}] must be text (str), not {type}", _lang(),
                               name=rel, type=type(text).__name__))
    return extra


def _legacy_files(fmt: str, *, optional: bool = True) -> set[str]:
    """The files a world of the first format (no file list in world.json) consists of
    (without ``optional``: only those every world has, not the truth tables added later)."""
    return ({f"{n}.{fmt}" for n in TABLE_NAMES}
            | {f"truth/{n}.{fmt}" for n in Truth.__dataclass_fields__
               if optional or n not in OPTIONAL_TRUTH})


def _manifest_kind(manifest: Any) -> str:
    """``"current"``, ``"legacy"`` (written before manifest version 2), ``"newer"`` or
    ``"foreign"``."""
    if not isinstance(manifest, dict):
        return "foreign"
    if manifest.get("manifest") == MANIFEST:
        files = manifest.get("files")
        version = manifest.get("manifest_version")
        partitioned = version == PARTITIONED_VERSION
        ok = ((version == MANIFEST_VERSION or (partitioned and _parts_ok(manifest)))
              and manifest.get("format") in FORMATS and isinstance(files, dict)
              and all(isinstance(k, str) and _safe_rel(k) for k in files))
        if isinstance(version, int) and version > PARTITIONED_VERSION:
            return "newer"  # written by a later complaintkit: not to be read or replaced
        return "current" if ok else "foreign"
    legacy = ("manifest" not in manifest and manifest.get("format") in FORMATS
              and isinstance(manifest.get("categories"), dict)
              and {"scenario", "seed", "locale"} <= set(manifest))
    return "legacy" if legacy else "foreign"


def _parts_ok(manifest: dict) -> bool:
    """A partitioned manifest's ``parts``: every table and partitioned truth table, each a
    list of files it also lists under ``files``."""
    parts, files = manifest.get("parts"), manifest.get("files")
    want = {*TABLE_NAMES, *(f"truth/{n}" for n in PARTITIONED_TRUTH)}
    return (manifest.get("layout") == "partitioned" and isinstance(parts, dict)
            and isinstance(files, dict) and set(parts) == want
            and all(isinstance(v, list) and all(isinstance(r, str) and r in files for r in v)
                    for v in parts.values()))


def _data_files(manifest: dict) -> set[str]:
    """The data files a world must have (tables and truth), by its manifest."""
    fmt, files = manifest["format"], manifest["files"]
    if manifest.get("layout") == "partitioned":
        return ({r for v in manifest["parts"].values() for r in v}
                | {f"truth/{n}.{fmt}" for n in Truth.__dataclass_fields__
                   if n not in PARTITIONED_TRUTH})
    return _legacy_files(fmt, optional=False) | (_legacy_files(fmt) & set(files))


def _load_manifest(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _owned_files(folder: Path) -> set[str] | None:
    """The files of ``folder`` the kit wrote (from its manifest or temp mark), or None."""
    owned: set[str] = set()
    mark = _load_manifest(folder / MARK)
    if isinstance(mark, dict) and mark.get("mark") == MARK and isinstance(
            mark.get("files"), list) and all(map(_safe_rel, mark["files"])):
        owned |= set(mark["files"]) | {MARK, "world.json"}
    manifest = _load_manifest(folder / "world.json")
    kind = _manifest_kind(manifest)
    if kind == "current":
        owned |= set(manifest["files"]) | {"world.json"}
    elif kind == "legacy":
        owned |= _legacy_files(manifest["format"]) | {"world.json"}
    return owned or None


# --------------------------------------------------------------------------- safe writes
def _foreign(folder: Path, owned: set[str]) -> list[str]:
    """What in ``folder`` the kit did not write: files, and folders holding none of its."""
    dirs = {str(PurePosixPath(r).parent) for r in owned} - {"."}
    out = []
    for root, subdirs, names in os.walk(folder):
        rel_root = Path(root).relative_to(folder).as_posix()
        rel = (lambda n: n if rel_root == "." else f"{rel_root}/{n}")  # noqa: B023
        for d in list(subdirs):
            if rel(d) not in dirs or os.path.islink(Path(root) / d):
                out.append(rel(d) + "/")
                subdirs.remove(d)
        out += [rel(n) for n in names if rel(n) not in owned]
    return sorted(out)


def check_target(path: str | os.PathLike) -> None:
    """Refuse, naming what is in the way, unless ``path`` is new, empty or only a kit world.

    Raises
    ------
    FileExistsError
        If ``path`` is a file, or a folder holding anything the kit did not write.
    """
    path = Path(path)
    if not os.path.lexists(path):
        return
    if not path.is_dir():
        raise FileExistsError(tr("{path} is a file, so it is not a complaintkit world; give a "
                                 "new or empty folder to write the world into", _lang(),
                                 path=path))
    owned = _owned_files(path)
    if owned is not None and MARK not in owned:
        why = N_("holds a complaintkit world and files the kit did not write")
    elif (path / "world.json").exists():
        owned, why = set(), N_("is not a complaintkit world: its world.json is not a "
                               "complaintkit manifest, and it holds")
    else:
        owned, why = set(), N_("is not a complaintkit world: it holds files the kit did not "
                               "write")
    foreign = _foreign(path, owned)
    if not foreign and "world.json" in owned:
        foreign = [tr("{file} (changed after the kit wrote it)", _lang(), file=rel)
                   for rel, what in _problems(path) if what != "missing"
                   and rel != "world.json"]
        why = N_("holds a complaintkit world with files edited since the kit wrote them")
    if foreign:
        shown = ", ".join(foreign[:6]) + (tr(" and {k} more", _lang(), k=len(foreign) - 6)
                                          if len(foreign) > 6 else "")
        raise FileExistsError(tr("{path} {why} ({shown}); the kit never deletes files it did "
                                 "not write: choose another folder, or move those files out",
                                 _lang(), path=path, why=tr(why, _lang()), shown=shown))


def _sibling(path: Path, kind: str) -> Path:
    return path.with_name(f".{path.name}.{TEMP_TAG}{kind}-{secrets.token_hex(4)}")


def _make_temp(path: Path, planned: list[str]) -> Path:
    """A new marked temporary folder beside ``path``; the mark lists what will be written."""
    tmp = _sibling(path, "new")
    os.mkdir(tmp)
    try:
        _write_bytes(tmp / MARK, json.dumps({"mark": MARK, "target": path.name,
                                             "files": planned}).encode("utf-8"))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp / MARK)  # a mark cut short
        with contextlib.suppress(OSError):
            os.rmdir(tmp)
        raise
    return tmp


def _swap(tmp: Path, path: Path) -> None:
    """Put the complete world in ``tmp`` at ``path``; at every step one world is complete."""
    os.unlink(tmp / MARK)  # tmp is now a plain complete world (its manifest is its mark)
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        os.rename(tmp, path)  # replaces an empty folder in one step
        return
    old = _sibling(path, "old")
    os.rename(path, old)
    try:
        os.rename(tmp, path)
    except BaseException:
        try:
            os.rename(old, path)
        except OSError as e:
            raise OSError(tr("writing the world into {path} failed and the previous world "
                             "could not be moved back: it is complete in {old}; the next "
                             "write or read of {path} moves it back ({error})", _lang(),
                             path=path, old=old, error=e)) from e
        raise
    _remove_kit_folder(old)


def _remove_kit_folder(folder: Path) -> None:
    """Delete the kit's files in ``folder`` (its mark or manifest last), then the folder if
    empty; anything else is left in place with a warning."""
    owned = _owned_files(folder)
    if owned is None:
        return
    last = [r for r in ("world.json", MARK) if r in owned]
    order = sorted(owned - set(last)) + last
    for _ in range(2):  # a second pass for a step that failed once
        for rel in order:
            if os.path.islink((folder / rel).parent):
                continue  # never delete through a link to somewhere else
            with contextlib.suppress(FileNotFoundError, OSError):
                os.unlink(folder / rel)
        for d in sorted({str(PurePosixPath(r).parent) for r in owned} - {"."}, reverse=True):
            with contextlib.suppress(OSError):
                os.rmdir(folder / d)
        with contextlib.suppress(OSError):
            os.rmdir(folder)
        if not folder.exists():
            return
    left = _foreign(folder, owned) if folder.is_dir() else []
    if left:  # files that appeared while the kit worked: never deleted, but say where
        warnings.warn(tr("{folder} (the kit's temporary folder) holds files the kit did not "
                         "write ({files}); they were left there: move them out", _lang(),
                         folder=folder, files=", ".join(left[:6])),
                      UserWarning, stacklevel=3)
    else:
        warnings.warn(tr("could not remove the kit's temporary folder {folder}; the next "
                         "write into the same folder removes it", _lang(), folder=folder),
                      UserWarning, stacklevel=3)


def _leftovers(path: Path) -> list[Path]:
    prefix = f".{path.name}.{TEMP_TAG}"
    return sorted(p for p in path.parent.iterdir()
                  if p.name.startswith(prefix) and p.is_dir() and not p.is_symlink())


def _recover_leftovers(path: Path) -> None:
    """After a crashed write: move a complete previous world back if ``path`` is gone, and
    remove the kit's temporary folders (recognised by name and mark or manifest)."""
    for tmp in _leftovers(path):
        owned = _owned_files(tmp)
        if owned is None:
            with contextlib.suppress(OSError):
                os.rmdir(tmp)  # removes it only if empty (a run stopped before its mark)
            continue  # otherwise not the kit's: leave it alone
        restorable = (MARK not in owned and "-old-" in tmp.name
                      and not os.path.lexists(path) and not _problems(tmp))
        if restorable:
            os.rename(tmp, path)
        else:
            _remove_kit_folder(tmp)


def _write_bytes(file: Path, data: bytes) -> None:
    with open(file, "wb") as f:
        f.write(data)


def _write_table(df: pd.DataFrame, file: Path, fmt: str) -> None:
    df = df.copy(deep=False)
    df.attrs = {}   # the in-memory kit mark stays out of the file (bytes and checksums)
    if fmt == "parquet":
        _write_parquet(df, file)
    else:
        df.to_csv(file, index=False, encoding="utf-8", lineterminator="\n",
                  date_format="%Y-%m-%d %H:%M:%S")


#: rows turned into Arrow at a time when a table is written to Parquet: pyarrow's default
#: row group (1,048,576 rows), so the file has the bytes ``DataFrame.to_parquet`` gives
_PARQUET_ROWS = 1024 * 1024


def _write_parquet(df: pd.DataFrame, file: Path) -> None:
    """``df.to_parquet(file, index=False, compression="zstd")``, converted to Arrow one row
    group at a time, so writing a large table (10 million orders at 1M complaints) does not
    hold a second copy of it; the same bytes."""
    if len(df) <= _PARQUET_ROWS:
        df.to_parquet(file, index=False, engine="pyarrow", compression="zstd")
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    first = pa.Table.from_pandas(df.iloc[:_PARQUET_ROWS], preserve_index=False)
    with pq.ParquetWriter(file, first.schema, compression="zstd") as writer:
        writer.write_table(first)
        del first
        for start in range(_PARQUET_ROWS, len(df), _PARQUET_ROWS):
            writer.write_table(pa.Table.from_pandas(
                df.iloc[start:start + _PARQUET_ROWS], schema=writer.schema,
                preserve_index=False))


# --------------------------------------------------------------------------- verified reads
def _problems(folder: Path, manifest: dict | None = None, *,
              data_only: bool = False) -> list[tuple[str, str]]:
    """``(file, what is wrong)`` for every listed file (every table with ``data_only``) that
    is missing or differs from the manifest; with ``data_only`` a table the manifest does
    not list is a problem too."""
    manifest = manifest if manifest is not None else _load_manifest(folder / "world.json")
    if _manifest_kind(manifest) != "current":
        return [("world.json", tr("not a complaintkit manifest", _lang()))]
    files = manifest["files"]
    data = _data_files(manifest)
    out = [(rel, tr("not listed in the manifest, so it cannot be verified", _lang()))
           for rel in sorted(data - set(files))] if data_only else []
    for rel, entry in sorted(files.items()):
        if data_only and rel not in data:
            continue  # a document written with the world (e.g. a datasheet), not data
        problem = _file_problem(folder / rel, entry)
        if problem:
            out.append((rel, problem))
    return out


def _file_problem(file: Path, entry: Any) -> str | None:
    """What is wrong with one file against its manifest entry, or None."""
    if not file.is_file():
        return "missing"
    expected = entry.get("bytes") if isinstance(entry, dict) else None
    size = file.stat().st_size
    if size != expected:
        said = f"{expected:,}" if isinstance(expected, int) else tr("nothing", _lang())
        return tr("{size:,} bytes where the manifest says {said} (the file was cut short or "
                  "changed after the kit wrote it)", _lang(), size=size, said=said)
    if _sha256(file) != entry.get("sha256"):
        return tr("checksum differs from the manifest (the file was changed after the kit "
                  "wrote it)", _lang())
    return None


def _verify(path: Path, manifest: dict, *, tables: bool = True,
            only: set[str] | None = None) -> None:
    """Refuse a world whose manifest or data files changed since the kit wrote them.

    ``tables=False``: the manifest and the files outside the partitioned tables only (a lazy
    world verifies each table's parts when it reads them: ``only``, those files)."""
    own = manifest.get("manifest_sha256")
    if own is not None and own != _manifest_checksum(manifest):
        raise DamagedWorldError(tr("{file}: changed after the kit wrote it (its own checksum "
                                   "differs); {hint}", _lang(), file=path / "world.json",
                                   hint=tr(VERIFY_HINT, _lang())))
    problems = _problems(path, manifest, data_only=True)
    if not tables or only is not None:
        parted = {r for v in manifest.get("parts", {}).values() for r in v}
        problems = [(r, w) for r, w in problems
                    if (r in only if only is not None else r not in parted)]
    if not problems:
        return
    rel, what = problems[0]
    more = tr(" (and {k} more file(s): {files})", _lang(), k=len(problems) - 1,
              files=", ".join(r for r, _ in problems[1:])) if len(problems) > 1 else ""
    if what == "missing":
        raise FileNotFoundError(tr("{file} is missing: the manifest lists it but it is not "
                                   "there (moved or deleted after the kit wrote it){more}",
                                   _lang(), file=path / rel, more=more))
    raise DamagedWorldError(tr("{file}: {what}{more}; {hint}", _lang(), file=path / rel,
                               what=what, more=more, hint=tr(VERIFY_HINT, _lang())))


def _open_manifest(path: Path) -> tuple[dict, str]:
    """The manifest of the world at ``path`` and its kind; a clear error when there is none."""
    meta_file = path / "world.json"
    if not meta_file.exists():
        hint = ""
        if path.parent.is_dir() and not path.exists():
            backups = [p for p in _leftovers(path) if "-old-" in p.name]
            if backups:
                hint = tr("; a write into it was interrupted and the previous world is in "
                          "{backup} (the next write moves it back, or rename it yourself)",
                          _lang(), backup=backups[0])
        raise FileNotFoundError(tr("{path} is not a complaintkit world (no world.json "
                                   "there){hint}", _lang(), path=path, hint=hint))
    try:
        manifest = json.loads(meta_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise DamagedWorldError(tr("{file}: not a readable manifest ({error})", _lang(),
                                   file=meta_file, error=e)) from None
    kind = _manifest_kind(manifest)
    if not _LANGUAGE.is_said() and isinstance(manifest, dict) \
            and isinstance(manifest.get("locale"), str):
        _LANGUAGE.set(manifest["locale"])   # the world's own language, from here on
    if kind == "newer":
        raise DamagedWorldError(tr("{file}: written by a newer complaintkit (manifest version "
                                   "{version}; this one reads {reads}): upgrade complaintkit "
                                   "to read it", _lang(), file=meta_file,
                                   version=manifest["manifest_version"],
                                   reads=MANIFEST_VERSION))
    if kind == "foreign":
        raise DamagedWorldError(tr("{file} is not a complaintkit manifest (it does not say "
                                   "manifest = {manifest!r}, version {version}, with its "
                                   "format and file list)", _lang(), file=meta_file,
                                   manifest=MANIFEST, version=MANIFEST_VERSION))
    if kind == "legacy":
        warnings.warn(tr("{file} was written by an older complaintkit (no file list or "
                         "checksums), so the files cannot be verified; write the world again "
                         "to upgrade it: w = ck.read_world(p); w.to_parquet(p)", _lang(),
                         file=meta_file),
                      UserWarning, stacklevel=3)
    return manifest, kind


def _read_file(file: Path, fmt: str) -> pd.DataFrame:
    """One table as stored; a file that cannot be parsed is a DamagedWorldError."""
    if not file.is_file():
        raise FileNotFoundError(tr("{file} is missing", _lang(), file=file))
    try:
        if fmt == "parquet":
            return pd.read_parquet(file)
        return pd.read_csv(file, dtype="str", keep_default_na=False, na_values=[""],
                           encoding="utf-8")
    except Exception as e:  # pyarrow / pandas parser errors of damaged files
        msg = " ".join(str(e).split())[:200]
        raise DamagedWorldError(tr("{file}: cannot be read as {format} ({error})", _lang(),
                                   file=file, format=fmt,
                                   error=type(e).__name__ + ": " + msg)) from None


def _with_user_columns(conformed: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """The schema's columns, cast, followed by any column a user added (kept as read)."""
    extra = [c for c in raw.columns if c not in conformed.columns]
    if not extra:
        return conformed
    return pd.concat([conformed, raw[extra]], axis=1)


def read_world(path: str | os.PathLike, *, verify: bool = True,
               locale: str | None = None, lazy: bool | None = None) -> World:
    """Read a world written by :meth:`World.to_parquet` or :meth:`World.to_csv`.

    Parameters
    ----------
    path : str or path
        The world's folder.
    verify : bool
        Check every file against the manifest (``world.json``) first: that it is there, its
        size and its SHA-256 checksum, so a file cut short, corrupted or edited after the kit
        wrote it is refused (documents written with the world, such as a datasheet, are
        not data and are not checked). ``verify=False`` reads files edited on purpose: the
        tables must still fit the schema, and columns a user added to a table are kept
        (after the schema's columns, as read: text from CSV, their stored type from
        Parquet).
    locale : str, optional
        The language of the errors, warnings and notes: by default the world's own (from its
        manifest; English for an error raised before the manifest is read).
    lazy : bool, optional
        For a world streamed to disk in parts (``ck.generate(..., path=)``): read each table
        (and the narratives' truth) only when it is first used, verifying its parts then, so
        an analysis of the complaints of a world of millions never loads its orders. The
        default for such a world; ``False`` reads everything now. A world written whole by
        :meth:`World.to_parquet` is always read whole.

    Worlds written before the manifest had a file list (complaintkit manifest version 1) are
    read with a ``UserWarning`` that they cannot be verified; writing them again upgrades
    them.

    Raises
    ------
    FileNotFoundError
        If ``path`` has no ``world.json``, or a file the manifest lists is missing.
    DamagedWorldError
        If ``world.json`` is not the kit's manifest, or a file differs from it or cannot be
        parsed (names the file and what is wrong).
    SchemaError
        If a table is missing columns or holds values that do not fit the schema.

    Examples
    --------
    >>> import tempfile, complaintkit as ck
    >>> w = ck.generate(n_complaints=300, seed=1)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = ck.read_world(w.to_csv(f"{d}/w"))
    >>> len(back.complaints) == len(w.complaints)
    True
    """
    with _LANGUAGE.said(locale) if locale is not None else _LANGUAGE.kept():
        return _read_world(Path(path), verify, lazy)


def _read_world(path: Path, verify: bool, lazy: bool | None = None) -> World:
    manifest, kind = _open_manifest(path)
    partitioned = manifest.get("layout") == "partitioned"
    if verify and kind == "current":
        _verify(path, manifest, tables=not (partitioned and lazy is not False))
    meta = {k: v for k, v in manifest.items() if k not in MANIFEST_KEYS}
    if partitioned:
        if lazy is not False:
            return LazyWorld(path, manifest, meta, verify=verify)
        return _read_partitioned(path, manifest, meta)
    fmt, cats = manifest["format"], manifest["categories"]
    tables, notes = {}, []
    for name in TABLE_NAMES:
        file = path / f"{name}.{fmt}"
        raw = _read_file(file, fmt)
        if name == "complaints" and "filed_category" not in raw.columns \
                and "category" in raw.columns:
            raw = raw.assign(filed_category=raw["category"])  # written before the column
            notes.append(tr(MESSAGES["no_filed_category"], _lang()))
        tables[name] = _with_user_columns(
            conform(raw, name, categories=_with_filed(cats.get(name)), source=str(file)),
            raw)
    truth = {}
    for name in Truth.__dataclass_fields__:
        file = path / "truth" / f"{name}.{fmt}"
        if name in OPTIONAL_TRUTH and not file.exists():
            truth[name] = empty_text_truth() if name == "text" else empty_pii_truth()
            notes.append(tr(MESSAGES["no_truth"], _lang(), name=name))
            continue
        truth[name] = _read_truth(file, fmt)
    if notes:
        meta["notes"] = [*meta.get("notes", []), *notes]
    return World(**tables, truth=Truth(**truth), meta=meta)


MESSAGES = {
    "no_filed_category": N_("complaints.filed_category was not in this world (written before "
                            "it existed): set to category (no complaint shown as misfiled)"),
    "no_truth": N_("truth.{name} was not in this world (written before narratives had a "
                   "truth): read as an empty table"),
}


def _with_filed(cats: dict | None) -> dict | None:
    """Category levels of an older world's complaints: filed_category takes category's."""
    if cats and "category" in cats and "filed_category" not in cats:
        return {**cats, "filed_category": cats["category"]}
    return cats


def _read_truth(file: Path, fmt: str) -> pd.DataFrame:
    """Truth tables: small, typed by their columns (dates, numbers, text; no missing text)."""
    pii = file.stem == "pii" or file.parent.name == "pii"   # one file, or a part of it
    if fmt == "parquet":
        df = _read_file(file, fmt)
    else:
        try:
            # personal data is text (a phone number or an ID is not a number)
            df = pd.read_csv(file, encoding="utf-8", keep_default_na=not pii,
                             dtype={"complaint_id": str, "kind": str, "value": str}
                             if pii else None)
        except FileNotFoundError:
            raise FileNotFoundError(tr("{file} is missing", _lang(), file=file)) from None
        except Exception as e:
            raise DamagedWorldError(tr("{file}: cannot be read as {format} ({error})", _lang(),
                                       file=file, format="csv",
                                       error=type(e).__name__)) from None
    for c in df.columns:
        if c in ("start", "end", "date") and not pii:
            df[c] = _truth_dates(df[c], file, c)
        elif not pd.api.types.is_numeric_dtype(df[c]):
            df[c] = df[c].fillna("")
    return df


def _truth_dates(s: pd.Series, file: Path, column: str) -> pd.Series:
    """A truth table's date column by the kit's one time rule (ISO 8601 text in CSV), to the
    second; a value the rule refuses means the file was changed: DamagedWorldError."""
    if s.isna().all():  # an empty table, or a column with no dates: numbers in CSV
        return pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]", name=s.name)
    try:
        return local_datetimes(s, f"{column}").astype("datetime64[s]")
    except SchemaError as e:
        raise DamagedWorldError(tr("{file}: column {column} {error}", _lang(), file=file,
                                   column=column, error=e)) from None


# --------------------------------------------------------------------------- partitioned worlds
def write_partitioned(path: Path, build, groups: list, *, fmt: str = "parquet", mapper=None,
                      progress: bool = False, meta: dict, merge) -> Path:
    """Write a world part by part (a streamed world; :func:`complaintkit.generator.shards.
    stream_world` is the caller).

    ``build(group)`` returns one part: ``(tables, truths, weights)`` (the part's six tables,
    its shards' truths and merge weights); ``mapper(func, items)`` runs the parts (default:
    one after another here); ``merge(truths, weights)`` makes the world's truth. Part ``j``
    of a table is ``<table>/part-<j>.<fmt>``; the narratives' truth is partitioned the same
    way under ``truth/``; the agents (the same in every part) are written once. The world is
    written into a marked temporary folder and swapped in, as :meth:`World.to_parquet`.
    """
    if fmt not in FORMATS:
        raise ValueError(tr("format must be one of {choices}, not {value!r}", _lang(),
                            choices=", ".join(FORMATS), value=fmt))
    with messages_in(meta.get("locale"), unless_said=True):
        path = path.resolve()
        if path.parent.is_dir():
            _recover_leftovers(path)
        check_target(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        parts = _part_files(len(groups), fmt)
        planned = [r for v in parts.values() for r in v] + [
            f"truth/{n}.{fmt}" for n in Truth.__dataclass_fields__
            if n not in PARTITIONED_TRUTH]
        tmp = _make_temp(path, planned)
        try:
            for d in parts:
                (tmp / d).mkdir(parents=True, exist_ok=True)
            writer = _PartWriter(build, tmp, fmt)
            items = list(enumerate(groups))
            if mapper is None:
                from .progress import progress_bar
                items = progress_bar(items, total=len(items), unit="part",
                                     disable=not progress)
                done = [writer(x) for x in items]
            else:
                done = list(mapper(writer, items))
            _finish_partitioned(tmp, fmt, parts, done, meta, merge)
            _swap(tmp, path)
        finally:
            if tmp.exists():
                _remove_kit_folder(tmp)
    return path


def _part_files(n: int, fmt: str) -> dict[str, list[str]]:
    """The files of every partitioned table (the agents: one part)."""
    names = [*TABLE_NAMES, *(f"truth/{t}" for t in PARTITIONED_TRUTH)]
    return {name: [f"{name}/part-{j:05d}.{fmt}" for j in range(1 if name == "agents" else n)]
            for name in names}


@dataclass(frozen=True)
class _PartWriter:
    """Build part ``j`` and write its files; returns what the manifest and truth need
    (small: file entries, the shards' truths without their per-complaint tables, weights,
    the category levels). Picklable, for workers."""

    build: Any
    folder: Path
    fmt: str

    def __call__(self, item: tuple[int, list]) -> dict:
        j, group = item
        tables, truths, weights = self.build(group)
        files, categories = {}, {}
        named = dict(tables)
        named["truth/text"] = pd.concat([t.text for t in truths], ignore_index=True)
        named["truth/pii"] = pd.concat([t.pii for t in truths], ignore_index=True)
        for name, df in named.items():
            if name == "agents" and j > 0:
                continue
            rel = f"{name}/part-{j:05d}.{self.fmt}"
            _write_table(df, self.folder / rel, self.fmt)
            files[rel] = _file_entry(self.folder / rel, len(df))
            if name in TABLE_NAMES:
                categories[name] = {
                    c: [v.item() if hasattr(v, "item") else v for v in df[c].cat.categories]
                    for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)}
        small = [dataclasses.replace(t, text=t.text.iloc[:0], pii=t.pii.iloc[:0])
                 for t in truths]
        return {"files": files, "truths": small, "weights": weights,
                "categories": categories}


def _finish_partitioned(folder: Path, fmt: str, parts: dict, done: list[dict], meta: dict,
                        merge) -> None:
    """The merged truth's small tables, then the manifest (last: it marks a complete
    world)."""
    truths = [t for d in done for t in d["truths"]]
    weights = [w for d in done for w in d["weights"]]
    truth = merge(truths, weights)
    files = {r: e for d in done for r, e in d["files"].items()}
    for name, df in truth.tables().items():
        if name in PARTITIONED_TRUTH:
            continue
        rel = f"truth/{name}.{fmt}"
        _write_table(df, folder / rel, fmt)
        files[rel] = _file_entry(folder / rel, len(df))
    manifest = dict(meta, manifest=MANIFEST, manifest_version=PARTITIONED_VERSION, format=fmt,
                    layout="partitioned", parts=parts, files=files,
                    categories=done[0]["categories"])
    _write_bytes(folder / "world.json", _dump_manifest(manifest))


def _read_parts(path: Path, rels: list[str], fmt: str) -> pd.DataFrame:
    frames = [_read_file(path / r, fmt) for r in rels]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _read_partitioned(path: Path, manifest: dict, meta: dict) -> World:
    """A streamed world, whole, in the world's order (the same as generated in memory)."""
    from .generator.shards import canonical_order

    fmt, cats, parts = manifest["format"], manifest["categories"], manifest["parts"]
    tables = {}
    for name in TABLE_NAMES:
        raw = _read_parts(path, parts[name], fmt)
        tables[name] = _with_user_columns(
            conform(raw, name, categories=cats.get(name), source=str(path / name)), raw)
    truth = {}
    for name in Truth.__dataclass_fields__:
        if name in PARTITIONED_TRUTH:
            truth[name] = _read_truth_parts(path, parts[f"truth/{name}"], fmt)
        else:
            truth[name] = _read_truth(path / "truth" / f"{name}.{fmt}", fmt)
    tables, whole = canonical_order(tables, Truth(**truth))
    return World(**tables, truth=whole, meta=meta)


def _read_truth_parts(path: Path, rels: list[str], fmt: str) -> pd.DataFrame:
    frames = [_read_truth(path / r, fmt) for r in rels]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


class LazyWorld(World):
    """A streamed world read lazily (:func:`read_world`): each table, and the narratives'
    truth, is read (its parts verified, then in the world's order) when first used, and kept.

    Everything a :class:`World` does works; what needs every table (``world.tables``,
    writing the world) reads them all. ``summary()`` and ``repr`` use the manifest's row
    counts and read nothing.
    """

    def __init__(self, path: Path, manifest: dict, meta: dict, *, verify: bool = True):
        # no dataclass __init__: the tables are not read here (see __getattr__)
        self.__dict__.update(meta=meta, _path=path, _manifest=manifest, _verify=verify,
                             _language=_lang())
        fmt = manifest["format"]
        small = {n: _read_truth(path / "truth" / f"{n}.{fmt}", fmt)
                 for n in Truth.__dataclass_fields__ if n not in PARTITIONED_TRUTH}
        self.truth = _LazyTruth(self, small)

    def __getattr__(self, name: str):
        if name in TABLE_NAMES and "_manifest" in self.__dict__:
            with messages_in(self.__dict__["_language"], unless_said=True):
                df = self._load(name)
            from .analysis._checks import mark_kit_made
            mark_kit_made(df, scenario=self.meta.get("scenario"), seed=self.meta.get("seed"),
                          locale=self.meta.get("locale"))
            self.__dict__[name] = df
            return df
        raise AttributeError(name)

    def loaded(self) -> list[str]:
        """The tables read so far."""
        return [n for n in TABLE_NAMES if n in self.__dict__]

    def _read(self, key: str) -> pd.DataFrame:
        m, path = self._manifest, self._path
        rels = m["parts"][key]
        if self._verify:
            _verify(path, m, only=set(rels))
        return _read_parts(path, rels, m["format"])

    def _load(self, name: str) -> pd.DataFrame:
        raw = self._read(name)
        df = _with_user_columns(conform(raw, name, categories=self._manifest["categories"]
                                        .get(name), source=str(self._path / name)), raw)
        from .generator.shards import follow_complaints, time_order

        if name in ("orders", "complaints"):
            return time_order(df, name)
        if name in ("surveys", "events"):
            return follow_complaints(df, self.complaints)
        return df

    def _load_truth(self, name: str) -> pd.DataFrame:
        from .generator.shards import follow_complaints

        m = self._manifest
        rels = m["parts"][f"truth/{name}"]
        if self._verify:
            _verify(self._path, m, only=set(rels))
        df = _read_truth_parts(self._path, rels, m["format"])
        return follow_complaints(df, self.complaints)

    _REPR_NOTE = " (read lazily)"

    def _shape(self) -> tuple[list[str], list[int], list[int]]:
        """From the manifest: row counts, and the columns of each table's first part."""
        import pyarrow.parquet as pq

        m = self._manifest
        rows = [sum(m["files"][r].get("rows", 0) for r in m["parts"][n]) for n in TABLE_NAMES]
        cols = []
        for n in TABLE_NAMES:
            first = self._path / m["parts"][n][0]
            cols.append(len(pq.read_schema(first).names) if m["format"] == "parquet"
                        else len(pd.read_csv(first, nrows=0).columns))
        return list(TABLE_NAMES), rows, cols


class _LazyTruth(Truth):
    """A lazy world's truth: the small tables read, ``text`` and ``pii`` when first used."""

    def __init__(self, world: LazyWorld, small: dict[str, pd.DataFrame]):
        self.__dict__.update(small, _world=world)

    def __getattr__(self, name: str):
        if name in PARTITIONED_TRUTH and "_world" in self.__dict__:
            world = self.__dict__["_world"]
            with messages_in(world.__dict__["_language"], unless_said=True):
                df = world._load_truth(name)
            self.__dict__[name] = df
            return df
        raise AttributeError(name)
