"""The ``complaintkit`` command line: a thin layer over the library.

Each subcommand is an ``_add_<name>(subparsers)`` function that registers its parser and sets
``func`` to the function that runs it; :func:`main` parses, dispatches and turns the library's
errors into one ``complaintkit: error: ...`` line with exit code 2.

Examples
--------
::

    complaintkit generate --scenario ecommerce --complaints 20000 --seed 7 --locale zh_CN \\
        --format parquet --out worlds/ecom7
    complaintkit scenarios
    complaintkit datasets build --out datasets
    complaintkit read complaints.csv --source cfpb --out cfpb.parquet
    complaintkit data-dictionary --out docs/data-dictionary.md
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path

from ._version import __version__
from .generator import generate
from .i18n import N_, add_messages_parser, cli_locale, tr
from .scenario import get_scenario, scenarios
from .world import check_target

__all__ = ["main", "build_parser"]

PROG = "complaintkit"
#: The library's own keyword defaults of :func:`complaintkit.generate`.
DEFAULTS = {k: p.default for k, p in inspect.signature(generate).parameters.items()
            if p.default is not inspect.Parameter.empty}


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit code: 0 on success, 2 on a usage error or a bad value.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version and argparse's usage errors
        return e.code if isinstance(e.code, int) else 0
    try:
        return args.func(args)
    except (ValueError, OSError) as e:  # ScenarioError, SchemaError, FileExistsError ...
        print(tr("{prog}: error: {message}", cli_locale(), prog=PROG,
                 message=" ".join(str(e).split())), file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Synthetic complaint worlds with known truth.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_generate, _add_scenarios, _add_datasets, _add_read, _add_data_dictionary,
                _add_exercises, _add_workshop):
        add(sub)
    add_messages_parser(sub)  # messages extract|check: the message catalogs
    return parser


# --------------------------------------------------------------------------- generate
def _add_generate(sub) -> None:
    p = sub.add_parser("generate", help="generate a world and write it to a folder")
    p.add_argument("--scenario", default=DEFAULTS["scenario"],
                   help="preset name or path to a .toml file (default: %(default)s)")
    p.add_argument("--complaints", metavar="N", help="approximate number of complaints "
                   "(default: the scenario's)")
    p.add_argument("--customers", metavar="N", help="customers of the company "
                   "(default: the scenario's)")
    p.add_argument("--seed", default=DEFAULTS["seed"], help="random seed (default: %(default)s)")
    p.add_argument("--locale", default=DEFAULTS["locale"],
                   help="language of names and texts (default: %(default)s)")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="first day (default: the scenario's)")
    p.add_argument("--end", metavar="YYYY-MM-DD",
                   help="day after the last day (default: the scenario's)")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                   help="file format (default: %(default)s)")
    p.add_argument("--out", metavar="DIR", required=True, type=Path,
                   help="folder to write (created; an earlier world the kit wrote there is "
                   "replaced; refused if it holds anything else)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-memory-check", dest="check_memory", action="store_false",
                   help="generate even if the memory estimate exceeds what the machine has "
                   "(as generate(check_memory=False); it may then run out of memory)")
    p.set_defaults(func=cmd_generate)


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate a world, write it with ``World.to_<format>`` and print a summary."""
    out = args.out
    check_target(out)  # refuse before generating if files the kit did not write are there
    world = generate(args.scenario, seed=_whole(args.seed, "--seed"),
                     n_complaints=_whole(args.complaints, "--complaints"),
                     n_customers=_whole(args.customers, "--customers"),
                     start=args.start, end=args.end, locale=args.locale,
                     progress=not args.quiet, check_memory=args.check_memory)
    folder = getattr(world, f"to_{args.format}")(out)
    m, lang = world.meta, cli_locale()
    print(tr("scenario  {scenario}\nseed      {seed}\nlocale    {language}\nperiod    {start} "
             "to {end} (end exclusive)\n", lang, scenario=m["scenario"], seed=m["seed"],
             language=m["locale"], start=m["period"][0], end=m["period"][1]))
    summary = world.summary()
    rows = [f"{n:,}" for n in summary["rows"]]
    head = (tr("table", lang), tr("rows", lang))
    names = _table_names(summary["table"], lang)
    wt, wr = max(map(len, [*names, head[0]])), max(map(len, rows + [head[1]]))
    print(f"{head[0]:<{wt}}  {head[1]:>{wr}}")
    for table, n in zip(names, rows, strict=True):
        print(f"{table:<{wt}}  {n:>{wr}}")
    files = [(f.relative_to(folder).as_posix(), _size(f.stat().st_size))
             for f in world.files(folder)]
    print("\n" + tr("files written to {folder}", lang, folder=out))
    wf, ws = max(len(f) for f, _ in files), max(len(s) for _, s in files)
    for f, s in files:
        print(f"  {f:<{wf}}  {s:>{ws}}")
    return 0


def _table_names(tables, lang: str | None) -> list[str]:
    """The tables' names as printed: their labels in a Chinese terminal."""
    if lang is None:
        return list(tables)
    from .locale import labels

    return [labels(lang, "table").get(t, t) for t in tables]


def _whole(value: str | int | None, flag: str) -> int | None:
    """``value`` as an int (``None`` stays ``None``); ranges are the library's to check."""
    if value is None or isinstance(value, int):
        return value
    try:
        return int(value)
    except ValueError:
        raise ValueError(tr("{flag} must be a whole number, not {value!r}", cli_locale(),
                            flag=flag, value=value)) from None


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB"):
        if n < 1000 or unit == "MB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return ""  # pragma: no cover


# --------------------------------------------------------------------------- scenarios
def _add_scenarios(sub) -> None:
    p = sub.add_parser("scenarios", help="list the preset scenarios")
    p.set_defaults(func=cmd_scenarios)


def cmd_scenarios(args: argparse.Namespace) -> int:
    """One line per preset: its name and the first sentence of its description."""
    names = scenarios()
    width = max(map(len, names), default=0)
    for name in names:
        desc = " ".join(get_scenario(name).description.split())
        first = re.split(r"(?<=[.!?])\s", desc, maxsplit=1)[0]
        print(f"{name:<{width}}  {first}")
    return 0


# --------------------------------------------------------------------------- datasets
def _add_datasets(sub) -> None:
    p = sub.add_parser("datasets", help="list (default) or rebuild the shipped datasets")
    p.set_defaults(func=cmd_datasets_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="print the catalogue").set_defaults(func=cmd_datasets_list)
    b = actions.add_parser("build", help="regenerate the shipped worlds and the catalogue")
    b.add_argument("--out", metavar="DIR", type=Path, default=None,
                   help="folder to write (default: the kit's datasets/ folder)")
    b.add_argument("--quiet", action="store_true", help="no progress bars")
    b.set_defaults(func=cmd_datasets_build)


def cmd_datasets_list(args: argparse.Namespace) -> int:
    """Print the catalogue: name, kind, locale, rows, title."""
    from .data import datasets

    cat = datasets()[["name", "kind", "locale", "rows", "title"]].astype(str)
    widths = {c: max(len(c), cat[c].str.len().max()) for c in cat.columns}
    for row in [dict(zip(cat.columns, cat.columns, strict=True)), *cat.to_dict("records")]:
        print("  ".join(f"{row[c]:<{widths[c]}}" if c != "rows" else f"{row[c]:>{widths[c]}}"
                        for c in cat.columns).rstrip())
    return 0


def cmd_datasets_build(args: argparse.Namespace) -> int:
    """Rebuild the shipped worlds with :func:`complaintkit.data.build_datasets`."""
    from .data import build_datasets, data_dir

    written, lang = build_datasets(args.out, progress=not args.quiet), cli_locale()
    for folder in written:
        files = [f for f in folder.rglob("*") if f.is_file()]
        print(tr("wrote {path} ({k} files, {size})", lang, path=folder, k=len(files),
                 size=_size(sum(f.stat().st_size for f in files))))
    print(tr("wrote {path}", lang,
             path=(args.out if args.out is not None else data_dir()) / "datasets.csv"))
    return 0


# --------------------------------------------------------------------------- read
def _add_read(sub) -> None:
    p = sub.add_parser("read", help="read a real export with a report of every row, validate "
                       "it, and optionally save the accepted rows")
    p.add_argument("file", type=Path, help="CSV, TSV, Excel, Parquet (or a .zip / .gz of one)")
    p.add_argument("--source", metavar="NAME",
                   help="a known source (e.g. cfpb, tickets, nyc311; default: "
                   "recognised from the header when it can be)")
    p.add_argument("--mapping", metavar="TOML", help="a column mapping of your own")
    p.add_argument("--encoding", metavar="NAME", help="the text encoding (default: detected)")
    p.add_argument("--table", metavar="TABLE", help="the canonical table (default: the "
                   "mapping's, else complaints)")
    p.add_argument("--out", metavar="FILE", type=Path,
                   help="write the accepted rows (.parquet, else CSV in UTF-8)")
    p.add_argument("--rejected", metavar="FILE", type=Path,
                   help="write the rejected rows as read, with the reason for each (CSV)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace --out / --rejected files that exist (default: refuse)")
    p.set_defaults(func=cmd_read)


def cmd_read(args: argparse.Namespace) -> int:
    """Print the read report and the validation report; write what was asked for."""
    from .readers import read_complaints
    from .validation import validate

    lang = cli_locale()
    for out in (args.out, args.rejected):
        if out is not None and out.exists() and not args.overwrite:
            raise FileExistsError(tr("{path} exists: choose another name, or pass --overwrite "
                                     "to replace it", lang, path=out))
    report = read_complaints(args.file, source=args.source, mapping=args.mapping,
                             encoding=args.encoding, table=args.table)
    print(report.summary())
    print()
    print(validate(report.frame, report.table).summary())
    if args.out is not None:
        _write_frame(report.frame.reset_index(), args.out)
        print(tr("wrote {path} ({k:,} rows)", lang, path=args.out, k=report.accepted))
    if args.rejected is not None:
        _write_frame(report.rejected, args.rejected, csv=True)
        print(tr("wrote {path} ({k:,} rows)", lang, path=args.rejected,
                 k=len(report.rejected)))
    return 0


def _write_frame(frame, path: Path, *, csv: bool = False) -> None:
    import io

    from ._files import write_bytes, write_text

    if path.suffix.lower() == ".parquet" and not csv:
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        write_bytes(path, buf.getvalue())
    else:
        write_text(path, frame.to_csv(index=False, lineterminator="\n"))


# --------------------------------------------------------------------------- data dictionary
def _add_data_dictionary(sub) -> None:
    p = sub.add_parser("data-dictionary", help="every column of the schema: type, unit, "
                       "levels, bounds and meaning (Markdown)")
    p.add_argument("--out", metavar="FILE", type=Path,
                   help="write it to FILE (replaced safely) instead of printing it")
    p.set_defaults(func=cmd_data_dictionary)


def cmd_data_dictionary(args: argparse.Namespace) -> int:
    from .schema import data_dictionary, write_data_dictionary

    if args.out is None:
        print(data_dictionary(), end="")
    else:
        print(tr("wrote {path}", cli_locale(), path=write_data_dictionary(args.out)))
    return 0


# --------------------------------------------------------------------------- exercises
def _add_exercises(sub) -> None:
    p = sub.add_parser("exercises", help="build trainee and solution notebooks from masters")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    b = actions.add_parser("build", help="write exercises/*.ipynb and exercises/solutions/")
    b.add_argument("--masters", metavar="DIR", type=Path, default=Path("exercises/masters"),
                   help="folder of the masters, NN-slug.py in jupytext's percent format "
                   "(default: exercises/masters)")
    b.add_argument("--out", metavar="DIR", type=Path, default=Path("exercises"),
                   help="folder for the trainee versions (default: exercises)")
    b.add_argument("--check", action="store_true",
                   help="write nothing; fail if the built notebooks are out of date")
    b.set_defaults(func=cmd_exercises_build)
    from .classroom import add_reset_parser  # exercises reset NN [--dir DIR]

    add_reset_parser(actions)


def cmd_exercises_build(args: argparse.Namespace) -> int:
    """Build (or, with --check, verify) the trainee and solution versions."""
    from .exercises import build_exercises

    files = build_exercises(args.masters, args.out, check=args.check)
    return _report_written(files, args.check, stale=N_("out of date (run 'complaintkit "
                                                       "exercises build')"),
                           fresh=N_("exercises are up to date"))


# --------------------------------------------------------------------------- workshop
def _add_workshop(sub) -> None:
    p = sub.add_parser("workshop", help="list the sessions and their files, or sync the "
                       "notebooks with their text sources")
    p.set_defaults(func=cmd_workshop_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="each session's files (default)").set_defaults(
        func=cmd_workshop_list)
    s = actions.add_parser("sync", help="pair notebooks/NN-slug.py with NN-slug.ipynb and "
                           "strip the .ipynb (outputs only in checked cells, clean metadata)")
    s.add_argument("--folder", metavar="DIR", type=Path, default=None,
                   help="folder of notebooks (default: notebooks/ of this checkout)")
    s.add_argument("--execute", action="store_true",
                   help="also run each notebook to refresh the checked outputs")
    s.add_argument("--check", action="store_true",
                   help="write nothing; fail if a notebook and its source are out of sync")
    s.set_defaults(func=cmd_workshop_sync)
    from .classroom import add_prepare_parser  # workshop prepare DIR --track --lang
    from .handouts import add_render_parser  # workshop render NN|all --to --out

    add_prepare_parser(actions)
    add_render_parser(actions)


def cmd_workshop_list(args: argparse.Namespace) -> int:
    """Each session: number, slug and title, then its files."""
    from .workshop import repo_root, sessions

    root = repo_root()
    for s in sessions():
        print(f"{s.number}  {s.slug}  ·  {s.title}")
        for kind, path in s.files().items():
            mark = "" if (root / path).exists() else "   " + tr("(missing)", cli_locale())
            print(f"    {kind:<9} {path.as_posix()}{mark}")
    return 0


def cmd_workshop_sync(args: argparse.Namespace) -> int:
    """Sync (or, with --check, verify) each notebook pair."""
    from .workshop import sync_notebooks

    files = sync_notebooks(args.folder, execute=args.execute, check=args.check)
    return _report_written(files, args.check, stale=N_("out of sync (run 'complaintkit "
                                                       "workshop sync')"),
                           fresh=N_("notebooks are in sync with their sources"))


def _report_written(files, check: bool, *, stale: str, fresh: str) -> int:
    """Print the files written; with --check, fail naming the stale ones."""
    lang = cli_locale()
    if check:
        if files:
            raise ValueError(tr("{problem}: {files}", lang, problem=tr(stale, lang),
                                files=", ".join(map(str, files))))
        print(tr(fresh, lang))
        return 0
    for f in files:
        print(tr("wrote {path}", lang, path=f))
    return 0
