"""The trainees' folder of a workshop track, and putting one exercise back as it was.

:func:`prepare_room` (``complaintkit workshop prepare DIR --track managers --lang zh``) writes
what trainees of one track open, and nothing else::

    DIR/README.md                       how to open the folder, and where the kit comes from
    DIR/notebooks/NN-slug.ipynb         the track's sessions, without outputs
    DIR/exercises/exNN-slug.ipynb       the trainee versions of their exercises

No solution, master, trainer note, test or check module is copied: the folder is built from
the session notebooks and the exercises' trainee versions only, and the start page lists only
the track's sessions. ``--lang zh`` takes each session's Chinese-prose notebook
(``notebooks/zh/``, the managers' track has them) and otherwise switches the English
notebook's dataset line (``DATASET = "ecommerce_en"``) to ``"ecommerce_zh"``; the exercises
keep their English prose and run on ``ecommerce_zh``. The start page (``README.md``) is written
in the room's language.

Messages: the functions' errors speak their ``locale=`` (the command line's language), else
the room's (``lang="zh"``: Chinese), else English.

The folder holds no data and no code of the kit. A notebook finds the kit through its kernel:
the Python that runs JupyterLab (the kit's ``.venv``, or the JupyterHub server's environment,
see docs/room.md) has complaintkit installed, and ``ck.load_dataset`` reads the datasets
that installation ships (``complaintkit.data.data_dir``). So the folder may live anywhere, e.g.
``.venv/bin/jupyter lab --ServerApp.root_dir=DIR`` from the kit's checkout.

:func:`reset_exercise` (``complaintkit exercises reset NN``) puts one trainee exercise back to
its pristine built version and keeps the trainee's file beside it as a timestamped backup:
a trainee's work is never deleted.

Examples
--------
>>> import tempfile, pathlib
>>> room = pathlib.Path(tempfile.mkdtemp()) / "room"
>>> files = prepare_room(room, "managers", lang="zh")
>>> sorted(p.relative_to(room).as_posix() for p in files)[:3]  # doctest: +NORMALIZE_WHITESPACE
['README.md', 'exercises/ex01-delivery-delay-drilldown.ipynb',
 'exercises/ex07-complaint-iceberg.ipynb']
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

from ._files import write_bytes, write_text
from .i18n import N_, cli_locale, fmt_list, tr
from .workshop import CHECK_MARKER, Session, repo_root, session, track

__all__ = ["prepare_room", "reset_exercise", "pristine_exercise", "lab_metadata",
           "session_notebook", "LANGS"]

#: The dataset each language's room works on; the stored notebooks say ``ecommerce_en``.
LANGS = {"en": "ecommerce_en", "zh": "ecommerce_zh"}
#: The locale of each language's room: its start page and, without ``locale=``, its errors.
LOCALES = {"en": None, "zh": "zh_CN"}
SWITCH = 'DATASET = "{}"'
#: A row of the start page's table of sessions: ``| 01 | ...``.
_ROW = re.compile(r"^\| (\d\d) \|")


# --------------------------------------------------------------------------- prepare
def prepare_room(folder: str | Path, track_name: str, *, lang: str = "en",
                 overwrite: bool = False, locale: str | None = None) -> list[Path]:
    """Write the trainees' folder of a track (see the module's description).

    Parameters
    ----------
    folder : path
        The folder to write (created). A folder that exists and is not empty is refused
        unless ``overwrite``; even then only the files listed here are replaced, each one
        that differs (a trainee's work) kept first as ``NAME.backup-<time>.ipynb`` beside
        it, and nothing else in the folder is touched.
    track_name : {"managers", "analysts"}
        The track (:data:`complaintkit.workshop.TRACKS`).
    lang : {"en", "zh"}
        The dataset the notebooks start on: ``ecommerce_en`` or ``ecommerce_zh``.
    overwrite : bool
        Write into a non-empty folder, replacing the files of the same names.
    locale : str, optional
        The language of the errors (default: the room's, ``lang``).

    Returns
    -------
    list of Path
        The files written (backups included).
    """
    loc = _messages_locale(lang, locale)
    tk = track(track_name, locale=loc)
    _dataset(lang, loc)  # refuse a bad lang before writing anything
    folder = Path(folder)
    _check_target(folder, overwrite, loc)
    pages = _pages(tk, lang)
    written, now = [], datetime.now()
    for rel, text in pages.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.read_bytes() != text.encode("utf-8"):
            written.append(write_bytes(_backup_path(path, now), path.read_bytes()))
        written.append(write_text(path, text))
    return written


def _messages_locale(lang: str, locale: str | None) -> str | None:
    """The language of the messages: ``locale`` when given, else the room's."""
    return locale if locale is not None else LOCALES.get(lang)


def _pages(tk, lang: str) -> dict[str, str]:
    """Every file of the folder: relative path -> text."""
    dataset, numbers = _dataset(lang), tk.numbers()
    pages = {"README.md": _readme(tk, dataset, LOCALES[lang])}
    for ts in tk.sessions:
        s = ts.session
        nb = _notebook_for_trainees(session_notebook(s, lang), dataset, numbers)
        pages[f"notebooks/{s.name}.ipynb"] = nb
        if s.exercise and ts.exercise:
            pages[f"exercises/{s.exercise_name}.ipynb"] = pristine_exercise(s, dataset)
    return pages


def session_notebook(s: Session, lang: str = "en") -> Path:
    """The notebook of session ``s`` for a room in ``lang``: for ``zh`` its Chinese-prose
    version (``notebooks/zh/NN-slug.ipynb``, the managers' track has them) where there is
    one, else the English notebook (which then runs on the Chinese dataset)."""
    english = s.files(repo_root())["notebook"]
    chinese = english.parent / "zh" / english.name
    return chinese if lang == "zh" and chinese.exists() else english


def _dataset(lang: str, locale: str | None = None) -> str:
    if lang not in LANGS:
        raise ValueError(tr("lang must be one of {names}, but {value} was passed", locale,
                            names=fmt_list(map(repr, LANGS), locale), value=repr(lang)))
    return LANGS[lang]


def _check_target(folder: Path, overwrite: bool, locale: str | None = None) -> None:
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(tr("{folder} is a file, not a folder: choose another name",
                                 locale, folder=folder))
    if folder.exists() and any(folder.iterdir()) and not overwrite:
        inside = sorted(p.name for p in folder.iterdir())
        shown = fmt_list(inside[:5], locale) + (" …" if len(inside) > 5 else "")
        raise FileExistsError(tr(
            "{folder} is not empty ({shown}): choose a new folder, or pass --overwrite to "
            "replace the kit's files in it (nothing else there is touched)", locale,
            folder=folder, shown=shown))


def _notebook_for_trainees(path: Path, dataset: str, numbers: list[str]) -> str:
    """A session notebook as trainees get it: no outputs, no test markers, no pairing (so
    saving it does not write a ``.py`` beside it), the start page's table of sessions
    limited to the track's, and the dataset switched."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("jupytext", None)
    nb.metadata.update(lab_metadata())
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if cell.source.startswith(CHECK_MARKER):
                cell.source = cell.source[len(CHECK_MARKER):].lstrip("\n")
        elif cell.cell_type == "markdown" and path.name.startswith("00-"):
            cell.source = "\n".join(line for line in cell.source.split("\n")
                                    if not (m := _ROW.match(line)) or m.group(1) in numbers)
    text = nbformat.writes(nb)
    return _switch_json(text if text.endswith("\n") else text + "\n", dataset, path.name)


def lab_metadata() -> dict:
    """The kernelspec and language_info that the installed kernel reports, as JupyterLab
    writes them into a notebook when its kernel starts.

    The kit's stored notebooks keep a short ``language_info`` (its full form names the
    Python version, which differs between machines), so JupyterLab fills it in on opening
    and marks them modified. The trainees' folder is written on the machine whose kernel
    runs it, so its notebooks carry the full form and open unmodified. Without ipykernel
    (no lab installed) the stored metadata is kept.
    """
    try:
        from ipykernel.ipkernel import IPythonKernel
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return {}
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return {}
    return {"kernelspec": {"display_name": spec.display_name, "language": spec.language,
                           "name": "python3"},
            "language_info": json.loads(json.dumps(IPythonKernel.language_info))}


#: The start page of the trainees' folder (``README.md``), in the room's language.
README = N_("""# {title}

For {audience}. Start with `notebooks/00-start.ipynb`.

{rows}

Every notebook starts on the dataset `{dataset}` (the line `DATASET = "{dataset}"` at its top).

## How this folder finds the kit

The folder holds notebooks only. They run in a Python kernel that has complaintkit installed
(the kit's `.venv`, or the workshop server's environment), and the datasets come from that
installation. Open the folder with that JupyterLab, e.g. from the kit's checkout:

    .venv/bin/jupyter lab --ServerApp.root_dir=/path/to/this/folder

To start exercise 01 afresh (your file is kept as a backup beside it), run in a notebook cell

    %run -m complaintkit exercises reset 01

or in a terminal where the kit's environment is active: `complaintkit exercises reset 01`.

The worked solutions are with your trainer.
""")


def _readme(tk, dataset: str, locale: str | None = None) -> str:
    """The folder's start page in ``locale`` (the room's language)."""
    rows = "\n".join(
        tr("- `notebooks/{name}.ipynb`: {title}", locale, name=ts.session.name,
           title=tr(ts.session.title, locale))
        + (tr(" (exercise: `exercises/{name}.ipynb`)", locale, name=ts.session.exercise_name)
           if ts.session.exercise and ts.exercise else "")
        for ts in tk.sessions)
    return tr(README, locale, title=tr(tk.title, locale), audience=tr(tk.audience, locale),
              rows=rows, dataset=dataset)


# --------------------------------------------------------------------------- reset
def pristine_exercise(s: Session, dataset: str = LANGS["en"], *,
                      locale: str | None = None) -> str:
    """The trainee version of session ``s``'s exercise as built, on ``dataset``: a fresh build
    of its master where the master is installed, else the kit's built trainee notebook
    (errors in ``locale``'s language, default English)."""
    files = s.files(repo_root())
    if files["master"].exists():
        from .exercises.build import render_exercise

        text = render_exercise(files["master"], locale=locale)[0]
    elif files["trainee"].exists():
        text = files["trainee"].read_text(encoding="utf-8")
    else:
        raise FileNotFoundError(tr("neither the master ({master}) nor the built trainee "
                                   "version ({trainee}) of exercise {number} is installed",
                                   locale, master=files["master"], trainee=files["trainee"],
                                   number=s.number))
    from .exercises.build import _dump

    nb = json.loads(text)
    nb["metadata"].update(lab_metadata())
    return _switch_json(_dump(nb), dataset, files["trainee"].name, locale)


def _switch_json(text: str, dataset: str, name: str, locale: str | None = None) -> str:
    """The dataset switch inside a notebook's JSON text (quotes escaped there)."""
    default = json.dumps(SWITCH.format(LANGS["en"]))[1:-1]
    if dataset == LANGS["en"] or json.dumps(SWITCH.format(dataset))[1:-1] in text:
        return text  # already on it (a Chinese-prose notebook starts on ecommerce_zh)
    if default not in text:
        raise ValueError(tr("{name} has no line {line} to switch to {dataset}", locale,
                            name=name, line=repr(SWITCH.format(LANGS["en"])),
                            dataset=repr(dataset)))
    return text.replace(default, json.dumps(SWITCH.format(dataset))[1:-1])


def reset_exercise(number: str | int, folder: str | Path = ".", *, lang: str | None = None,
                   now: datetime | None = None,
                   locale: str | None = None) -> tuple[Path, Path | None, bool]:
    """Put exercise ``number`` in ``folder`` back to its pristine version.

    Parameters
    ----------
    number : str or int
        The session's number (``"01"`` or ``1``).
    folder : path
        The trainees' folder (holding ``exercises/``) or its ``exercises/`` folder itself.
    lang : {"en", "zh"}, optional
        The dataset of the fresh copy; default: the one the trainee's file uses (``zh`` if
        it says ``DATASET = "ecommerce_zh"``), else ``en``.
    now : datetime, optional
        The backup's time stamp (default: now).
    locale : str, optional
        The language of the errors (default: the room's, ``lang``, else English).

    Returns
    -------
    (Path, Path or None, bool)
        The exercise, the backup of the trainee's file (``None`` when there was no file or it
        was already pristine), and whether the exercise was written (``False``: pristine).
    """
    loc = _messages_locale(lang, locale)
    s = session(number, locale=loc)
    if not s.exercise:
        raise ValueError(tr("session {number} has no exercise", loc, number=s.number))
    target = _exercises_folder(Path(folder), loc) / f"{s.exercise_name}.ipynb"
    old = target.read_text(encoding="utf-8") if target.exists() else None
    if old is not None and _version(old) not in ("trainee", "unreadable"):
        raise ValueError(tr("{target} is not a trainee exercise (a session notebook or a "
                            "solution?): nothing changed; pass the trainees' folder with --dir",
                            loc, target=target))
    if lang is None:
        zh = old is not None and json.dumps(SWITCH.format(LANGS["zh"]))[1:-1] in old
        lang = "zh" if zh else "en"
    fresh = pristine_exercise(s, _dataset(lang, loc), locale=loc)
    if old == fresh:
        return target, None, False
    backup = None
    if old is not None:
        backup = _backup_path(target, now or datetime.now())
        write_bytes(backup, target.read_bytes())
    write_text(target, fresh)
    return target, backup, True


def _exercises_folder(folder: Path, locale: str | None = None) -> Path:
    """The ``exercises/`` folder of a trainees' folder, from the folder itself, its
    ``exercises/`` or ``notebooks/`` folder (where a notebook's kernel runs)."""
    if not folder.is_dir():
        raise FileNotFoundError(tr("no folder {folder}", locale, folder=folder))
    for candidate in (folder / "exercises", folder.resolve().parent / "exercises"):
        if candidate.is_dir():
            return candidate
    return folder


def _version(text: str) -> str | None:
    """The ``complaintkit`` version a built notebook carries ("trainee", "solution"),
    ``None`` for another notebook, "unreadable" for a file that is not JSON (a broken
    exercise is what a reset is for)."""
    try:
        nb = json.loads(text)
    except ValueError:
        return "unreadable"
    meta = nb.get("metadata", {}) if isinstance(nb, dict) else {}
    return meta.get("complaintkit", {}).get("version") if isinstance(meta, dict) else None


def _backup_path(target: Path, now: datetime) -> Path:
    """``NN-slug.backup-YYYYmmdd-HHMMSS.ipynb`` beside ``target``, never an existing file."""
    stem, suffix = f"{target.stem}.backup-{now:%Y%m%d-%H%M%S}", target.suffix
    path, n = target.with_name(f"{stem}{suffix}"), 1
    while path.exists():
        n += 1
        path = target.with_name(f"{stem}-{n}{suffix}")
    return path


# --------------------------------------------------------------------------- command line
# The sub-commands speak the terminal's language (i18n.cli_locale); English is passed
# explicitly so that a room's lang="zh" does not make an English terminal's errors Chinese.
def add_prepare_parser(actions) -> None:
    """``complaintkit workshop prepare``."""
    from .workshop import TRACKS

    lang = cli_locale()
    p = actions.add_parser("prepare", help=tr(
        "write a trainees' folder for a track (sessions and exercises; no solutions, masters "
        "or trainer notes)", lang))
    p.add_argument("folder", metavar="DIR", type=Path,
                   help=tr("the folder to write (created)", lang))
    p.add_argument("--track", required=True, choices=list(TRACKS),
                   help=tr("the track: which sessions and exercises", lang))
    p.add_argument("--lang", choices=list(LANGS), default="en",
                   help=tr("the dataset the notebooks start on (default: %(default)s)", lang))
    p.add_argument("--overwrite", action="store_true",
                   help=tr("write into a non-empty folder, replacing the kit's files of the "
                           "same names (nothing else is touched)", lang))
    p.set_defaults(func=cmd_prepare)


def cmd_prepare(args) -> int:
    lang = cli_locale()
    files = prepare_room(args.folder, args.track, lang=args.lang, overwrite=args.overwrite,
                         locale=lang or "en_US")
    kept = [f for f in files if ".backup-" in f.name]
    print(tr("wrote {k} files to {folder} (track {track}, {language}):", lang,
             k=len(files) - len(kept), folder=args.folder, track=args.track,
             language=args.lang))
    for f in files:
        rel = f.relative_to(args.folder).as_posix()
        if f in kept:
            rel = tr("{path}  (the file it replaced, kept)", lang, path=rel)
        print("  " + rel)
    jupyter = Path(sys.executable).with_name("jupyter")
    command = f"{jupyter} lab --ServerApp.root_dir={args.folder.resolve()}"
    print(tr("open it with: {command}", lang, command=command))
    return 0


def add_reset_parser(actions) -> None:
    """``complaintkit exercises reset``."""
    lang = cli_locale()
    p = actions.add_parser("reset", help=tr(
        "put one trainee exercise back as it was built (the old file is kept as a timestamped "
        "backup beside it)", lang))
    p.add_argument("number", metavar="NN",
                   help=tr("the exercise's session number, e.g. 01", lang))
    p.add_argument("--dir", dest="folder", metavar="DIR", type=Path, default=Path("."),
                   help=tr("the trainees' folder, or its exercises/ folder (default: here)",
                           lang))
    p.add_argument("--lang", choices=list(LANGS), default=None,
                   help=tr("the dataset of the fresh copy (default: the one the old file "
                           "uses)", lang))
    p.set_defaults(func=cmd_reset)


def cmd_reset(args) -> int:
    lang = cli_locale()
    try:
        target, backup, written = reset_exercise(args.number, args.folder, lang=args.lang,
                                                 locale=lang or "en_US")
    except KeyError as e:  # an unknown session number
        raise ValueError(e.args[0]) from None
    if not written:
        print(tr("{path} is already as built: nothing changed", lang, path=target))
        return 0
    if backup is not None:
        print(tr("kept your file as {path}", lang, path=backup))
    print(tr("wrote {path}", lang, path=target))
    return 0
