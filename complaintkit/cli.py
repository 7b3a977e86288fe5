"""The ``complaintkit`` command line: a thin layer over the library.

Each subcommand is an ``_add_<name>(subparsers)`` function that registers its parser and sets
``func`` to the function that runs it; :func:`main` parses, dispatches and turns the library's
errors into one ``complaintkit: error: ...`` line with exit code 2.

The command line speaks the terminal's language (:func:`complaintkit.i18n.cli_locale`:
``COMPLAINTKIT_LOCALE=zh_CN``, else a Chinese ``LANG``): every line it prints, its errors and
its help, argparse's own words included (:func:`argparse_language`).

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
import contextlib
import functools
import inspect
import re
import string
import sys
import unicodedata
from pathlib import Path

from ._version import __version__
from .generator import generate
from .i18n import N_, add_messages_parser, catalog, cli_locale, is_english, tr, translated
from .scenario import get_scenario, scenarios
from .world import check_target

__all__ = ["main", "build_parser", "argparse_language"]

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
    lang = cli_locale()
    with argparse_language(lang):  # argparse's usage, help and errors in the same language
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as e:  # --help, --version and argparse's usage errors
            return e.code if isinstance(e.code, int) else 0
    try:
        return args.func(args)
    except (ValueError, OSError) as e:  # ScenarioError, SchemaError, FileExistsError ...
        print(tr("{prog}: error: {message}", lang, prog=PROG,
                 message=" ".join(in_language(str(e), lang).split())), file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, its texts in the terminal's language."""
    lang = cli_locale()
    with argparse_language(lang):  # "show this help message and exit" is set here
        parser = _Parser(
            prog=PROG, description=tr("Synthetic complaint worlds with known truth.", lang))
        parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                            help=tr("show program's version number and exit", lang))
        sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        for add in (_add_generate, _add_scenarios, _add_datasets, _add_read,
                    _add_data_dictionary, _add_exercises, _add_workshop):
            add(sub)
        add_messages_parser(sub)  # messages extract|check: the message catalogs
        for action in sub._choices_actions:  # its line in the list of commands
            if action.dest == "messages":
                action.help = translated(action.help, lang)
    return parser


#: complaintkit.i18n.add_messages_parser's help (the maintainers' command stays English
#: inside, but its line in ``complaintkit --help`` is translated here, text for text)
_MESSAGES_HELP = N_("maintainers: update the message catalogs from the code (extract) or list "
                    "the messages without a translation (check)")

# --------------------------------------------------------------------------- argparse's words
#: The words argparse writes itself (Python 3.11-3.13: usage, headings, the help option, its
#: errors), marked for the catalog; argparse %-formats them after the look-up.
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("expected %s argument"), N_("expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"), N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


@contextlib.contextmanager
def argparse_language(lang: str | None):
    """argparse's own words (``usage:``, ``options``, ``positional arguments``, ``show this
    help message and exit``, its errors) in ``lang`` while the block runs.

    argparse looks them up through the module globals ``argparse._`` and
    ``argparse.ngettext`` (gettext) each time it writes one, so giving it our catalog's
    look-up for the duration is the simplest way that covers all of them. The alternatives
    are worse: a gettext ``textdomain`` needs compiled ``.mo`` files and changes the language
    of every library in the process for good; a subclass of ``ArgumentParser`` /
    ``HelpFormatter`` reaches the headings and ``usage:`` but not the errors, which argparse
    builds inside its own methods. English (or no locale): argparse is left untouched.
    """
    if is_english(lang):
        yield
        return
    saved = argparse._, argparse.ngettext
    argparse._ = functools.partial(translated, locale=lang)
    argparse.ngettext = lambda one, many, n: translated(one if n == 1 else many, lang)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class WideTextFormatter(argparse.HelpFormatter):
    """argparse's help with lines wrapped by the columns they take in a terminal: a Chinese
    character takes two (argparse counts characters, so a Chinese help ran past the edge), and
    a line may break between two of them."""

    def _split_lines(self, text, width):
        return _wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text, width, indent):
        text = self._whitespace_matcher.sub(" ", text).strip()
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))

    def start_section(self, heading):
        self._headings = [*getattr(self, "_headings", []), heading]
        super().start_section(heading)

    def format_help(self):
        # argparse ends a section's heading with an ASCII colon: Chinese takes "："
        text = super().format_help()
        for heading in getattr(self, "_headings", []):
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text

    def _format_usage(self, usage, actions, groups, prefix):
        # the usage's continuation lines are indented by the prefix's length: give argparse
        # as many spaces as "用法：" takes columns, then put the prefix back
        prefix = argparse._("usage: ") if prefix is None else prefix
        text = super()._format_usage(usage, actions, groups, " " * _width(prefix))
        return prefix + text[_width(prefix):]


class _Parser(argparse.ArgumentParser):
    """The kit's parsers (sub-commands take their parent's class): in a terminal whose language
    is not English, help is wrapped by :class:`WideTextFormatter`; English as argparse lays
    it out."""

    def __init__(self, *args, **kwargs):
        if not is_english(cli_locale()):
            kwargs.setdefault("formatter_class", WideTextFormatter)
        super().__init__(*args, **kwargs)


#: punctuation that may not start a line (it stays with the character before it)
_NO_BREAK_BEFORE = set("，。、；：？！）》」』”’,.;:?!)]}")


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns: breaks at spaces, and between
    two wide (Chinese) characters, never before closing punctuation.

    >>> _wrap("选项 --out 要写入的文件夹（自动创建）", 12)
    ['选项 --out', '要写入的文件', '夹（自动创建）']
    """
    units = re.findall(r"\s+|[^\s\u2e80-\uffef]+|[\u2e80-\uffef]", text)
    lines, line = [], ""
    for unit in units:
        if unit.isspace():
            line += " " if line else ""
            continue
        if (line.strip() and _width(line + unit) > width
                and unit[0] not in _NO_BREAK_BEFORE):
            lines.append(line.rstrip())
            line = ""
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


# --------------------------------------------------------------------------- library errors
def in_language(message: str, lang: str | None) -> str:
    """A finished English message of the library (an error raised without ``locale=``) in
    ``lang``, when the catalog has its template: the template whose literal text matches
    the message, its fields taken from the message (each one in ``lang`` in turn, when it is
    itself a message of the catalog: ``{why}``, ``{what}``). Else unchanged.

    >>> in_language("session 00 has no exercise", "zh_CN")
    '第 00 节课程没有练习'
    >>> in_language("session 00 has no exercise", None)
    'session 00 has no exercise'
    """
    if is_english(lang):
        return message
    exact = translated(message, lang)
    if exact != message:
        return exact
    for pattern, parts in _templates(lang):
        m = pattern.fullmatch(message)
        if m:
            return "".join(lit + (in_language(m.group(field), lang) if field else "")
                           for lit, field in parts)
    return message


@functools.cache
def _templates(lang: str) -> list:
    """``(regex of a msgid, parts of its msgstr)`` for each template of the catalog with
    fields, the most specific first (a template of little literal text is left out: it would
    match nearly anything)."""
    fmt = string.Formatter()
    found = []
    for msgid, msgstr in catalog(lang).items():
        try:
            parsed, target = list(fmt.parse(msgid)), list(fmt.parse(msgstr))
        except ValueError:
            continue
        fields = [f for _, f, _, _ in parsed if f is not None]
        literal = "".join(lit for lit, _, _, _ in parsed)
        if (not fields or any(not f.isidentifier() for f in fields)
                or len(re.findall(r"[A-Za-z]", literal)) < 12):
            continue
        regex, seen = "", set()
        for lit, field, _, _ in parsed:
            regex += re.escape(lit)
            if field is not None:
                regex += f"(?P={field})" if field in seen else f"(?P<{field}>.+?)"
                seen.add(field)
        parts = [(lit, field) for lit, field, _, _ in target]
        if any(f is not None and f not in seen for _, f in parts):
            continue
        found.append((len(literal), re.compile(regex, re.S), parts))
    return [(pattern, parts) for _, pattern, parts in
            sorted(found, key=lambda t: -t[0])]


# --------------------------------------------------------------------------- generate
def _add_generate(sub) -> None:
    lang = cli_locale()
    p = sub.add_parser("generate", help=tr("generate a world and write it to a folder", lang))
    p.add_argument("--scenario", default=DEFAULTS["scenario"],
                   help=tr("preset name or path to a .toml file (default: %(default)s)", lang))
    p.add_argument("--complaints", metavar="N", help=tr(
        "approximate number of complaints (default: the scenario's)", lang))
    p.add_argument("--customers", metavar="N", help=tr(
        "customers of the company (default: the scenario's)", lang))
    p.add_argument("--seed", default=DEFAULTS["seed"],
                   help=tr("random seed (default: %(default)s)", lang))
    p.add_argument("--locale", default=DEFAULTS["locale"],
                   help=tr("language of names and texts (default: %(default)s)", lang))
    p.add_argument("--start", metavar="YYYY-MM-DD",
                   help=tr("first day (default: the scenario's)", lang))
    p.add_argument("--end", metavar="YYYY-MM-DD",
                   help=tr("day after the last day (default: the scenario's)", lang))
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                   help=tr("file format (default: %(default)s)", lang))
    p.add_argument("--out", metavar="DIR", required=True, type=Path, help=tr(
        "folder to write (created; an earlier world the kit wrote there is replaced; refused "
        "if it holds anything else)", lang))
    p.add_argument("--chunk-size", metavar="N", help=tr(
        "write the world part by part, about N complaints per part (whole shards of 50,000), "
        "holding one part in memory: for worlds larger than memory; the world is the same "
        "whatever N", lang))
    p.add_argument("--workers", metavar="N", default=1, help=tr(
        "processes building the shards at once (default: %(default)s); the world is the same "
        "whatever N", lang))
    p.add_argument("--quiet", action="store_true", help=tr("no progress bar", lang))
    p.add_argument("--no-memory-check", dest="check_memory", action="store_false", help=tr(
        "generate even if the memory estimate exceeds what the machine has (as "
        "generate(check_memory=False); it may then run out of memory)", lang))
    p.set_defaults(func=cmd_generate)


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate a world, write it with ``World.to_<format>`` and print a summary."""
    out = args.out
    check_target(out)  # refuse before generating if files the kit did not write are there
    chunk = _whole(args.chunk_size, "--chunk-size")
    made = generate(args.scenario, seed=_whole(args.seed, "--seed"),
                    n_complaints=_whole(args.complaints, "--complaints"),
                    n_customers=_whole(args.customers, "--customers"),
                    start=args.start, end=args.end, locale=args.locale,
                    progress=not args.quiet, check_memory=args.check_memory,
                    workers=_whole(args.workers, "--workers"),
                    **({"path": out, "chunk_size": chunk, "format": args.format}
                       if chunk is not None else {}))
    if chunk is not None:
        return _print_streamed(made)
    world = made
    folder = getattr(world, f"to_{args.format}")(out)
    m, lang = world.meta, cli_locale()
    _print_world_header(m, lang)
    summary = world.summary(locale="en_US")   # the table's names: translated below
    rows = [f"{n:,}" for n in summary["rows"]]
    head = (tr("table", lang), tr("rows", lang))
    names = _table_names(summary["table"], lang)
    wt, wr = max(map(_width, [*names, head[0]])), max(map(_width, rows + [head[1]]))
    print(f"{_pad(head[0], wt)}  {_pad(head[1], wr, right=True)}")
    for table, n in zip(names, rows, strict=True):
        print(f"{_pad(table, wt)}  {_pad(n, wr, right=True)}")
    files = [(f.relative_to(folder).as_posix(), _size(f.stat().st_size))
             for f in world.files(folder)]
    print("\n" + tr("files written to {folder}", lang, folder=out))
    wf, ws = max(len(f) for f, _ in files), max(len(s) for _, s in files)
    for f, s in files:
        print(f"  {f:<{wf}}  {s:>{ws}}")
    return 0


def _print_world_header(m: dict, lang: str | None) -> None:
    """Scenario, seed, locale and period of a world (its meta or manifest)."""
    print(tr("scenario  {scenario}\nseed      {seed}\nlocale    {language}\nperiod    {start} "
             "to {end} (end exclusive)\n", lang, scenario=m["scenario"], seed=m["seed"],
             language=m["locale"], start=m["period"][0], end=m["period"][1]))


def _print_streamed(folder: Path) -> int:
    """The summary of a world written part by part: rows and size per table, from its
    manifest (the world is not read back)."""
    import json

    m, lang = json.loads((folder / "world.json").read_text(encoding="utf-8")), cli_locale()
    _print_world_header(m, lang)
    tables = [t for t in m["parts"] if not t.startswith("truth/")]
    rows = [f"{sum(m['files'][r]['rows'] for r in m['parts'][t]):,}" for t in tables]
    sizes = [_size(sum(m["files"][r]["bytes"] for r in m["parts"][t])) for t in tables]
    parts = [str(len(m["parts"][t])) for t in tables]
    head = (tr("table", lang), tr("rows", lang), tr("parts", lang), tr("size", lang))
    names = _table_names(tables, lang)
    cols = [[head[0], *names], [head[1], *rows], [head[2], *parts], [head[3], *sizes]]
    widths = [max(map(_width, c)) for c in cols]
    for i in range(len(names) + 1):
        print("  ".join(_pad(c[i], w, right=k > 0) for k, (c, w)
                        in enumerate(zip(cols, widths, strict=True))))
    print("\n" + tr("files written to {folder}", lang, folder=folder))
    return 0


def _table_names(tables, lang: str | None) -> list[str]:
    """The tables' names as printed: their labels in a Chinese terminal."""
    if lang is None:
        return list(tables)
    from .locale import labels

    return [labels(lang, "table").get(t, t) for t in tables]


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (as ``f"{text:<{width}}"`` in ASCII)."""
    space = " " * max(0, width - _width(text))
    return space + str(text) if right else str(text) + space


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
    p = sub.add_parser("scenarios", help=tr("list the preset scenarios", cli_locale()))
    p.set_defaults(func=cmd_scenarios)


#: The first sentence of each preset's description (its .toml file), for the catalog: in
#: another language ``scenarios`` shows its translation (the English, if the file changed)
PRESET_SUMMARIES = (
    N_("An online retailer (electronics, apparel, home, beauty, books, groceries) with four "
       "carriers, a 618 / 11.11 (zh_CN) or Black Friday / Cyber Monday (en_US) peak, a courier "
       "disruption in September and a bad battery batch in March."),
    N_("The ecommerce company with the service-recovery paradox: a complaint resolved quickly "
       "and well leaves loyalty above that of customers who had no problem."),
)


def cmd_scenarios(args: argparse.Namespace) -> int:
    """One line per preset: its name and the first sentence of its description."""
    names, lang = scenarios(), cli_locale()
    width = max(map(len, names), default=0)
    for name in names:
        desc = " ".join(get_scenario(name).description.split())
        first = re.split(r"(?<=[.!?])\s", desc, maxsplit=1)[0]
        print(f"{name:<{width}}  {translated(first, lang)}")
    return 0


# --------------------------------------------------------------------------- datasets
def _add_datasets(sub) -> None:
    lang = cli_locale()
    p = sub.add_parser("datasets", help=tr("list (default) or rebuild the shipped datasets",
                                           lang))
    p.set_defaults(func=cmd_datasets_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help=tr("print the catalogue", lang)).set_defaults(
        func=cmd_datasets_list)
    b = actions.add_parser("build", help=tr("regenerate the shipped worlds and the catalogue",
                                            lang))
    b.add_argument("--out", metavar="DIR", type=Path, default=None,
                   help=tr("folder to write (default: the kit's datasets/ folder)", lang))
    b.add_argument("--quiet", action="store_true", help=tr("no progress bars", lang))
    b.set_defaults(func=cmd_datasets_build)


#: The catalogue's kinds of dataset, as ``datasets list`` shows them in another language
CATALOGUE_KINDS = {"world": N_("world"), "table": N_("table")}


def cmd_datasets_list(args: argparse.Namespace) -> int:
    """Print the catalogue: name, kind, locale, rows, title (the heads are the catalogue's
    column names, as a user types them; kinds and titles in the terminal's language)."""
    from .data import datasets

    lang = cli_locale()
    cat = datasets(locale=lang or "en_US")[["name", "kind", "locale", "rows", "title"]]
    cat = cat.astype(str)
    if lang is not None:
        cat["kind"] = [tr(CATALOGUE_KINDS[k], lang) if k in CATALOGUE_KINDS else k
                       for k in cat["kind"]]
        cat["title"] = [translated(t, lang) for t in cat["title"]]
    heads = {c: c for c in cat.columns}
    widths = {c: max(_width(heads[c]), *map(_width, cat[c])) for c in cat.columns}
    for row in [heads, *cat.to_dict("records")]:
        print("  ".join(_pad(row[c], widths[c], right=c == "rows")
                        for c in cat.columns).rstrip())
    return 0


def cmd_datasets_build(args: argparse.Namespace) -> int:
    """Rebuild the shipped worlds with :func:`complaintkit.data.build_datasets`."""
    from .data import build_datasets, data_dir

    lang = cli_locale()
    written = build_datasets(args.out, progress=not args.quiet, locale=lang or "en_US")
    for folder in written:
        files = [f for f in folder.rglob("*") if f.is_file()]
        print(tr("wrote {path} ({k} files, {size})", lang, path=folder, k=len(files),
                 size=_size(sum(f.stat().st_size for f in files))))
    print(tr("wrote {path}", lang,
             path=(args.out if args.out is not None else data_dir(locale=lang or "en_US"))
             / "datasets.csv"))
    return 0


# --------------------------------------------------------------------------- read
def _add_read(sub) -> None:
    lang = cli_locale()
    p = sub.add_parser("read", help=tr("read a real export with a report of every row, "
                                       "validate it, and optionally save the accepted rows",
                                       lang))
    p.add_argument("file", type=Path,
                   help=tr("CSV, TSV, Excel, Parquet (or a .zip / .gz of one)", lang))
    p.add_argument("--source", metavar="NAME", help=tr(
        "a known source (e.g. cfpb, tickets, nyc311; default: recognised from the header "
        "when it can be)", lang))
    p.add_argument("--mapping", metavar="TOML", help=tr("a column mapping of your own", lang))
    p.add_argument("--encoding", metavar="NAME",
                   help=tr("the text encoding (default: detected)", lang))
    p.add_argument("--table", metavar="TABLE", help=tr(
        "the canonical table (default: the mapping's, else complaints)", lang))
    p.add_argument("--out", metavar="FILE", type=Path,
                   help=tr("write the accepted rows (.parquet, else CSV in UTF-8)", lang))
    p.add_argument("--rejected", metavar="FILE", type=Path, help=tr(
        "write the rejected rows as read, with the reason for each (CSV)", lang))
    p.add_argument("--overwrite", action="store_true", help=tr(
        "replace --out / --rejected files that exist (default: refuse)", lang))
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
    lang = cli_locale()
    p = sub.add_parser("data-dictionary", help=tr(
        "every column of the schema: type, unit, levels, bounds and meaning (Markdown)", lang))
    p.add_argument("--out", metavar="FILE", type=Path, help=tr(
        "write it to FILE (replaced safely) instead of printing it", lang))
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
    lang = cli_locale()
    p = sub.add_parser("exercises", help=tr("build trainee and solution notebooks from masters",
                                            lang))
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    b = actions.add_parser("build", help=tr("write exercises/*.ipynb and exercises/solutions/",
                                            lang))
    b.add_argument("--masters", metavar="DIR", type=Path, default=Path("exercises/masters"),
                   help=tr("folder of the masters, NN-slug.py in jupytext's percent format "
                           "(default: exercises/masters)", lang))
    b.add_argument("--out", metavar="DIR", type=Path, default=Path("exercises"),
                   help=tr("folder for the trainee versions (default: exercises)", lang))
    b.add_argument("--check", action="store_true", help=tr(
        "write nothing; fail if the built notebooks are out of date", lang))
    b.set_defaults(func=cmd_exercises_build)
    from .classroom import add_reset_parser  # exercises reset NN [--dir DIR]

    add_reset_parser(actions)


def cmd_exercises_build(args: argparse.Namespace) -> int:
    """Build (or, with --check, verify) the trainee and solution versions."""
    from .exercises import build_exercises

    files = build_exercises(args.masters, args.out, check=args.check,
                            locale=cli_locale() or "en_US")
    return _report_written(files, args.check, stale=N_("out of date (run 'complaintkit "
                                                       "exercises build')"),
                           fresh=N_("exercises are up to date"))


# --------------------------------------------------------------------------- workshop
def _add_workshop(sub) -> None:
    lang = cli_locale()
    p = sub.add_parser("workshop", help=tr("list the sessions and their files, or sync the "
                                           "notebooks with their text sources", lang))
    p.set_defaults(func=cmd_workshop_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help=tr("each session's files (default)", lang)).set_defaults(
        func=cmd_workshop_list)
    s = actions.add_parser("sync", help=tr(
        "pair notebooks/NN-slug.py with NN-slug.ipynb and strip the .ipynb (outputs only in "
        "checked cells, clean metadata)", lang))
    s.add_argument("--folder", metavar="DIR", type=Path, default=None,
                   help=tr("folder of notebooks (default: notebooks/ of this checkout)", lang))
    s.add_argument("--execute", action="store_true",
                   help=tr("also run each notebook to refresh the checked outputs", lang))
    s.add_argument("--check", action="store_true", help=tr(
        "write nothing; fail if a notebook and its source are out of sync", lang))
    s.set_defaults(func=cmd_workshop_sync)
    from .classroom import add_prepare_parser  # workshop prepare DIR --track --lang
    from .handouts import add_render_parser  # workshop render NN|all --to --out

    add_prepare_parser(actions)
    add_render_parser(actions)


#: A session's kinds of file (``Session.files``), as ``workshop list`` names them
FILE_KINDS = {"source": N_("source"), "notebook": N_("notebook"), "master": N_("master"),
              "trainee": N_("trainee"), "solution": N_("solution"), "checks": N_("checks"),
              "tests": N_("tests")}


def cmd_workshop_list(args: argparse.Namespace) -> int:
    """Each session: number, slug and title, then its files."""
    from .workshop import repo_root, sessions

    root, lang = repo_root(), cli_locale()
    for s in sessions():
        print(f"{s.number}  {s.slug}  ·  {tr(s.title, lang)}")
        for kind, path in s.files().items():
            mark = "" if (root / path).exists() else "   " + tr("(missing)", lang)
            print(f"    {_pad(tr(FILE_KINDS[kind], lang), 9)} {path.as_posix()}{mark}")
    return 0


def cmd_workshop_sync(args: argparse.Namespace) -> int:
    """Sync (or, with --check, verify) each notebook pair."""
    from .workshop import sync_notebooks

    files = sync_notebooks(args.folder, execute=args.execute, check=args.check,
                           locale=cli_locale() or "en_US")
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
