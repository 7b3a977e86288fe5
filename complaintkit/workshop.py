"""The workshop: its sessions, the files of each, and the notebooks kept as text.

One naming rule, not one folder per session
-------------------------------------------
Every file of session ``NN`` carries its number and slug, ``NN-slug``, in the folder for its
kind (session 05 shown)::

    notebooks/05-forecasting.py              the notebook's source (jupytext percent format)
    notebooks/05-forecasting.ipynb           the same notebook, paired: what trainees open
    exercises/masters/ex05-forecasting.py      the exercise master, with solution markers
    exercises/ex05-forecasting.ipynb           the trainee version (built by ``make exercises``)
    exercises/solutions/ex05-forecasting.ipynb the solution version (built)
    complaintkit/exercises/ex05.py             the checks with feedback
    tests/test_ex05.py                         the checks' tests

An exercise's files start with ``ex`` so that in JupyterLab an exercise's tab
(``ex05-forecasting.ipynb``) is told apart from its session's (``05-forecasting.ipynb``) at a
glance, even when the tab's name is cut short.

A folder per session would put these files side by side, but trainees are promised two
top-level folders (``notebooks/`` and ``exercises/``), the checks must be importable from the
package and the tests belong under ``tests/``. So the name is the key: :func:`sessions`
(``complaintkit workshop list``) shows a session's files together, and a test
(``tests/test_sources.py``) fails when a session misses a file or a file breaks the rule.

Notebooks as text (jupytext)
----------------------------
Each workshop notebook is a jupytext *pair*: ``NN-slug.py`` in the percent format (``# %%``
cells) and ``NN-slug.ipynb``, with ``formats: ipynb,py:percent`` in the header. Paired rather
than text only because trainees and nbval need the ``.ipynb``, while the ``.py`` is what
reviewers diff and what a trainer edits in a text editor; with jupytext installed (the ``lab``
extra), JupyterLab saves both files whenever a trainer edits the notebook there. The ``.ipynb``
is stored without outputs, except the cells that start with ``# NBVAL_CHECK_OUTPUT`` (nbval
compares their stored output with a fresh run), and with no machine-specific metadata.
:func:`sync_notebooks` (``complaintkit workshop sync``, ``make notebooks``) brings each pair
in line and cleans the ``.ipynb``; ``--execute`` also runs the notebooks to refresh the
checked outputs. The exercise masters use the same format without a paired ``.ipynb``: their
notebooks are built (:mod:`complaintkit.exercises.build`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from ._files import write_text
from .i18n import N_, fmt_list, tr

__all__ = ["Session", "sessions", "session", "sync_notebooks", "clean_notebook",
           "repo_root", "CHECK_MARKER", "Track", "TrackSession", "TRACKS", "tracks", "track"]

#: A code cell starting with this line keeps its stored output; nbval compares it.
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
#: The pairing written into each notebook's metadata (and its ``.py`` header).
JUPYTEXT = {"formats": "ipynb,py:percent",
            # the jupytext version would change the header with every upgrade
            "notebook_metadata_filter": "-jupytext.text_representation.jupytext_version"}
#: The kernelspec ipykernel installs (``jupyter kernelspec list --json``): JupyterLab writes the
#: running kernel's spec into a notebook it opens, so a stored one that differs opens modified.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: The notebook metadata kept in a stored ``.ipynb`` (no interpreter paths or versions).
METADATA = {"jupytext": JUPYTEXT, "kernelspec": KERNELSPEC, "language_info": {"name": "python"}}


@dataclass(frozen=True)
class Session:
    """One workshop session: ``number`` ("05"), ``slug`` ("forecasting"), ``title``."""

    number: str
    slug: str
    title: str
    exercise: bool = True

    @property
    def name(self) -> str:
        """``NN-slug``, the stem of the session's notebook."""
        return f"{self.number}-{self.slug}"

    @property
    def exercise_name(self) -> str:
        """``exNN-slug``, the stem of the session's exercise (master, trainee, solution)."""
        return f"ex{self.name}"

    def files(self, root: str | Path | None = None) -> dict[str, Path]:
        """The session's files by kind, relative to ``root`` (or under it when given).

        Examples
        --------
        >>> for kind, path in session("05").files().items():
        ...     print(f"{kind:<9} {path.as_posix()}")
        source    notebooks/05-forecasting.py
        notebook  notebooks/05-forecasting.ipynb
        master    exercises/masters/ex05-forecasting.py
        trainee   exercises/ex05-forecasting.ipynb
        solution  exercises/solutions/ex05-forecasting.ipynb
        checks    complaintkit/exercises/ex05.py
        tests     tests/test_ex05.py
        """
        n, e = self.name, self.exercise_name
        files = {"source": f"notebooks/{n}.py", "notebook": f"notebooks/{n}.ipynb"}
        if self.exercise:
            files |= {"master": f"exercises/masters/{e}.py", "trainee": f"exercises/{e}.ipynb",
                      "solution": f"exercises/solutions/{e}.ipynb",
                      "checks": f"complaintkit/exercises/ex{self.number}.py",
                      "tests": f"tests/test_ex{self.number}.py"}
        base = Path(root) if root is not None else Path()
        return {kind: base / path for kind, path in files.items()}


#: The sessions; their titles are shown in the terminal's or the room's language
#: (``tr(session.title, locale)``; the Chinese ones in the catalog).
SESSIONS = (
    Session("00", "start", N_("Welcome to complaintkit"), exercise=False),
    Session("01", "delivery-delay-drilldown", N_("The delivery-delay drill-down")),
    Session("02", "satisfaction-drivers", N_("What drives satisfaction after a complaint")),
    Session("03", "response-time-and-loyalty", N_("Does a fast response keep the customer?")),
    Session("04", "training-effect", N_("Did the training work?")),
    Session("05", "forecasting", N_("Forecasting next month's complaints")),
    Session("06", "early-warning", N_("Seeing trouble coming: early warning")),
    Session("07", "complaint-iceberg", N_("The complaint iceberg")),
    Session("08", "bring-your-own-data", N_("Bring your own data")),
    Session("09", "reading-complaints", N_("Reading complaints at scale")),
    Session("10", "six-steps", N_("The six steps in our own event log")),
    Session("11", "triage-and-staffing", N_("Triage, SLA and staffing for the peak")),
    Session("12", "follow-up-call", N_("The follow-up call and the closed loop")),
    Session("13", "writing-the-reply", N_("Writing the reply")),
)


def sessions() -> list[Session]:
    """The workshop's sessions in order.

    Examples
    --------
    >>> for s in sessions()[:3]:
    ...     print(s.name, "|", s.title)
    00-start | Welcome to complaintkit
    01-delivery-delay-drilldown | The delivery-delay drill-down
    02-satisfaction-drivers | What drives satisfaction after a complaint
    """
    return list(SESSIONS)


def session(number: str | int, *, locale: str | None = None) -> Session:
    """The session with this number (``"05"`` or ``5``); an unknown number raises a
    ``KeyError`` in ``locale``'s language (default English)."""
    key = f"{int(number):02d}" if str(number).isdigit() else str(number)
    for s in SESSIONS:
        if s.number == key:
            return s
    raise KeyError(tr("no session {number}; sessions are {numbers}", locale,
                      number=repr(number),
                      numbers=fmt_list([repr(s.number) for s in SESSIONS], locale)))


# --------------------------------------------------------------------------- tracks
@dataclass(frozen=True)
class TrackSession:
    """One session in a track, with what the track's agenda says about it.

    ``minutes`` is the measured time the session takes in the room, ``None`` until someone
    has measured it (never a guess); ``objectives`` are the learning objectives, one sentence
    each, empty until written; ``say`` is the trainer's short "what to say" for it (``say_zh``
    in Chinese); ``exercise`` says whether trainees of this track get the session's exercise;
    ``day`` is the day of the agenda (``None`` until the agenda is written).
    """

    number: str
    minutes: int | None = None
    objectives: tuple[str, ...] = ()
    say: str = ""
    exercise: bool = True
    day: int | None = None
    say_zh: str = ""

    @property
    def session(self) -> Session:
        """The workshop :class:`Session` this entry points at."""
        return session(self.number)


@dataclass(frozen=True)
class Track:
    """A workshop track: who it is for, how many days, and its sessions in agenda order."""

    name: str
    title: str
    audience: str
    days: int
    sessions: tuple[TrackSession, ...]

    def numbers(self) -> list[str]:
        """The track's session numbers, in agenda order."""
        return [ts.number for ts in self.sessions]

    def missing(self, locale: str | None = None) -> list[str]:
        """What the agenda still lacks (unmeasured minutes, unwritten objectives, no day), in
        ``locale``'s language (default English).

        Examples
        --------
        >>> Track("demo", "A demo", "nobody", 1, (TrackSession("00", minutes=10),)).missing()
        ['00: no learning objectives', '00: no day']
        """
        out = []
        for ts in self.sessions:
            n = ts.number
            out += [tr("{number}: minutes not measured", locale, number=n)] \
                if ts.minutes is None else []
            out += [tr("{number}: no learning objectives", locale, number=n)] \
                if not ts.objectives else []
            out += [tr("{number}: no day", locale, number=n)] if ts.day is None else []
        return out


# The tracks: which sessions belong to which track, in agenda order. The sessions' numbers are
# decided here; minutes, objectives, "what to say" and days are the agenda's: track() and
# tracks() read them from trainer/tracks.toml (written from the trainer notes by
# trainer/make_tracks.py) where the checkout has it, else they stay placeholders.
TRACKS = {
    "managers": Track(
        "managers", N_("Decisions from complaints: a one-day track for managers and team "
                       "leads"),
        audience=N_("customer-service managers and team leads: decisions from charts and "
                    "tables, no formulas on screen"),
        days=1,
        sessions=tuple(TrackSession(n) for n in (
            "00",   # the kit, the lab and the company
            "01",   # the drill-down: Pareto, root causes, an improvement plan to check
            "07",   # the iceberg: who never complains
            "10",   # the six steps in the event log
            "11",   # triage, SLA and staffing for the peak
            "12",   # the follow-up call and the closed loop
            "13",   # writing the reply, the role play
        ))),
    "analysts": Track(
        "analysts", N_("Complaint analytics: a two-day track for analysts"),
        audience=N_("analysts who model complaint data and bring their own exports"),
        days=2,
        sessions=tuple(TrackSession(n) for n in (
            "00", "01", "02", "03", "04", "05", "06", "07", "08", "09",
            "10",   # the event log: process analysis on real ticket histories
            "11",   # SLA and staffing: Erlang C / A from a forecast
            "12",   # the follow-up call's worth: ordered logit and Cox, naive against adjusted
            # 13 (writing the reply) is for those who answer customers: the managers' track
        ))),
}


#: The agenda's values per track and session (the fields of :class:`TrackSession`).
AGENDA = Path(__file__).resolve().parent.parent / "trainer" / "tracks.toml"


def _with_agenda(tk: Track, path: Path = AGENDA, locale: str | None = None) -> Track:
    """``tk`` with each session's agenda values from ``path`` (unchanged if it is missing);
    its errors in ``locale``'s language."""
    if not path.exists():
        return tk
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")).get(tk.name, {})
    except tomllib.TOMLDecodeError as e:
        raise ValueError(tr("{path} is not valid TOML: {error}", locale, path=path,
                            error=e)) from None
    if data.get("days", tk.days) != tk.days:
        raise ValueError(tr("{path}: [{track}] days = {days}, but the track has {track_days} "
                            "(complaintkit.workshop.TRACKS)", locale, path=path, track=tk.name,
                            days=data["days"], track_days=tk.days))
    entries = {e.get("number"): e for e in data.get("sessions", [])}
    unknown = sorted(set(entries) - set(tk.numbers()), key=str)
    if unknown:
        raise ValueError(tr("{path}: [{track}] lists sessions {unknown} that the track does "
                            "not have (complaintkit.workshop.TRACKS)", locale, path=path,
                            track=tk.name, unknown=unknown))
    return replace(tk, sessions=tuple(_agenda_values(ts, entries.get(ts.number, {}), path,
                                                     locale) for ts in tk.sessions))


def _agenda_values(ts: TrackSession, entry: dict, path: Path,
                   locale: str | None = None) -> TrackSession:
    values = {k: tuple(v) if k == "objectives" else v for k, v in entry.items()
              if k != "number"}
    try:
        return replace(ts, **values)
    except TypeError:
        known = [f.name for f in fields(TrackSession) if f.name != "number"]
        raise ValueError(tr("{path}: session {number} has a field that is not one of "
                            "{known}: {fields}", locale, path=path, number=ts.number,
                            known=known, fields=sorted(values))) from None


def tracks() -> list[Track]:
    """The workshop's tracks, with the agenda's values (:data:`AGENDA`) where there are any.

    Examples
    --------
    >>> for t in tracks():
    ...     print(t.name, t.days, " ".join(t.numbers()))
    managers 1 00 01 07 10 11 12 13
    analysts 2 00 01 02 03 04 05 06 07 08 09 10 11 12
    """
    return [track(name) for name in TRACKS]


def track(name: str, *, locale: str | None = None) -> Track:
    """The track called ``name`` (``"managers"`` or ``"analysts"``), with the agenda's values
    (:data:`AGENDA`) where there are any; errors in ``locale``'s language (default English).
    Its ``title`` and ``audience`` are English: ``tr(t.title, locale)`` shows them in
    another language."""
    if name not in TRACKS:
        raise ValueError(tr("track must be one of {names}, but {value} was passed", locale,
                            names=fmt_list(map(repr, TRACKS), locale), value=repr(name)))
    return _with_agenda(TRACKS[name], locale=locale)


def repo_root() -> Path:
    """The source checkout this package sits in (the folder holding ``notebooks/``)."""
    return Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- notebooks as text
def clean_notebook(nb):
    """Strip a notebook for storage, in place: outputs and execution counts only in checked
    cells, no cell metadata, notebook metadata :data:`METADATA`. Returns ``nb``."""
    nb.metadata = {k: dict(v) for k, v in METADATA.items()}
    for cell in nb.cells:
        cell.metadata = {}
        if cell.cell_type == "code" and not cell.source.startswith(CHECK_MARKER):
            cell.execution_count = None
            cell.outputs = []
    return nb


def _read_pair(py: Path, ipynb: Path):
    """The notebook of a pair: inputs from the newer file, outputs from the ``.ipynb``."""
    import jupytext
    import nbformat
    from jupytext.combine import combine_inputs_with_outputs

    if not py.exists() or (ipynb.exists() and ipynb.stat().st_mtime > py.stat().st_mtime + 1):
        return nbformat.read(ipynb, as_version=4)  # edited where jupytext did not pair it
    nb = jupytext.read(py, fmt="py:percent")
    if ipynb.exists():
        nb = combine_inputs_with_outputs(nb, nbformat.read(ipynb, as_version=4),
                                         fmt="py:percent")
    return nb


def _execute(nb, folder: Path, name: str, locale: str | None = None):
    """Run ``nb`` in ``folder``; fail if a cell raised or wrote to stderr (the error in
    ``locale``'s language)."""
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error" or (out.output_type == "stream"
                                              and out.name == "stderr"):
                text = out.get("text") or "\n".join(out.get("traceback", []))
                raise ValueError(tr("{name}: cell {i} failed or wrote to stderr:\n"
                                    "{source}\n---\n{text}", locale, name=name, i=i,
                                    source=cell.source, text=text))
    return nb


def _texts(nb) -> tuple[str, str]:
    """The stored ``.ipynb`` and ``.py`` of a cleaned notebook."""
    import jupytext
    import nbformat

    ipynb = nbformat.writes(nb)
    return ipynb if ipynb.endswith("\n") else ipynb + "\n", jupytext.writes(nb, fmt="py:percent")


def sync_notebooks(folder: str | Path | None = None, *, execute: bool = False,
                   check: bool = False, locale: str | None = None) -> list[Path]:
    """Bring every notebook pair in ``folder`` (default ``notebooks/``) in line, cleaned.

    For each ``NN-slug``, the inputs come from the ``.py`` (or from the ``.ipynb`` when it is
    newer, e.g. edited in a Jupyter without jupytext; a lone ``.ipynb`` gets its ``.py``), the
    outputs from the ``.ipynb``; :func:`clean_notebook` strips it and both files are written,
    the ``.py`` last (jupytext refuses a text file older than its ``.ipynb``).

    Parameters
    ----------
    folder : path, optional
        Folder of notebooks (default: ``notebooks/`` of this checkout).
    execute : bool
        Also run each notebook (in ``folder``) to refresh the checked outputs; fail if a cell
        raises or writes to stderr.
    check : bool
        Write nothing; return the files that a sync would change.
    locale : str, optional
        The language of its errors (default English).

    Returns
    -------
    list of Path
        The files written (or, with ``check=True``, the stale ones).
    """
    folder = Path(folder) if folder is not None else repo_root() / "notebooks"
    stems = sorted({p.stem for p in folder.glob("*.py") if p.name != "conftest.py"}
                   | {p.stem for p in folder.glob("*.ipynb")})
    done = []
    for stem in stems:
        py, ipynb = folder / f"{stem}.py", folder / f"{stem}.ipynb"
        nb = _read_pair(py, ipynb)
        if execute:
            nb = _execute(nb, folder, ipynb.name, locale)
        for path, text in zip((ipynb, py), _texts(clean_notebook(nb)), strict=True):
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    done.append(path)
                continue
            write_text(path, text)
            done.append(path)
    return done
