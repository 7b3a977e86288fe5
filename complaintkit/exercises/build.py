"""Build the trainee and the solution version of each exercise from its master.

A master is a notebook kept as text, ``exercises/masters/exNN-slug.py`` in jupytext's percent
format (``# %%`` starts a code cell, ``# %% [markdown]`` a markdown cell), the same format as the
workshop notebooks' sources (:mod:`complaintkit.workshop`): a trainer edits it in a text editor
or opens it in JupyterLab (jupytext installed: *Open With → Jupytext Notebook*), and reviewers
diff plain text. Only the built versions are notebooks (``.ipynb``): trainees open them and the
tests run them. Cell ids are ``exNN-MM`` (MM the cell's place in the master), so the same master
always builds the same files.

Markers are otter-grader's, so a trainer can move to otter later:

- code: lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become ``...`` in the
  trainee version (at the block's indentation); a line ending in ``# SOLUTION`` keeps its
  left-hand side (``shares = ...``) or becomes ``...``;
- markdown: text between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` is removed
  from the trainee version.

The solution version keeps the code and drops the markers. Both are written without outputs.

Examples
--------
>>> from complaintkit.workshop import repo_root
>>> trainee, solution = render_exercise(repo_root() / "exercises/masters/ex05-forecasting.py")
>>> "math.ceil" in solution, "math.ceil" in trainee
(True, False)
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from .._files import write_text
from ..i18n import tr
from ..workshop import KERNELSPEC

__all__ = ["build_exercises", "render_exercise", "read_master", "trainee_source",
           "solution_source"]

BEGIN, END, LINE = "# BEGIN SOLUTION", "# END SOLUTION", "# SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
_ASSIGN = re.compile(r"^(\s*)([\w\.\[\]\"', ]+?)\s*=(?!=)")


def _strip_line_marker(line: str) -> str:
    return line[: line.rindex(LINE)].rstrip()


def trainee_source(source: str, cell_type: str = "code", *, locale: str | None = None) -> str:
    """The trainee version of one cell's source (a marker out of place raises a
    ``ValueError`` in ``locale``'s language, default English)."""
    if cell_type == "markdown":
        return re.sub(re.escape(MD_BEGIN) + r".*?" + re.escape(MD_END) + r"\n?", "", source,
                      flags=re.S).rstrip("\n")
    out, inside = [], False
    for line in source.split("\n"):
        stripped = line.strip()
        if stripped == BEGIN:
            inside = True
            out.append(line[: len(line) - len(line.lstrip())] + "...")
        elif stripped == END:
            if not inside:
                raise ValueError(tr("{end} without {begin} in:\n{source}", locale,
                                    end=repr(END), begin=repr(BEGIN), source=source))
            inside = False
        elif inside:
            continue
        elif line.rstrip().endswith(LINE) and not stripped.startswith("#"):
            m = _ASSIGN.match(line)
            out.append(f"{m.group(1)}{m.group(2).strip()} = ..." if m else
                       line[: len(line) - len(line.lstrip())] + "...")
        else:
            out.append(line)
    if inside:
        raise ValueError(tr("{begin} without {end} in:\n{source}", locale, begin=repr(BEGIN),
                            end=repr(END), source=source))
    return "\n".join(out)


def solution_source(source: str, cell_type: str = "code") -> str:
    """The solution version of one cell's source (markers removed)."""
    if cell_type == "markdown":
        return re.sub(r"\n?" + re.escape(MD_BEGIN) + r"\n?|\n?" + re.escape(MD_END), "\n",
                      source).strip("\n")
    out = []
    for line in source.split("\n"):
        if line.strip() in (BEGIN, END):
            continue
        out.append(_strip_line_marker(line) if line.rstrip().endswith(LINE)
                   and not line.strip().startswith("#") else line)
    return "\n".join(out)


def read_master(path: str | Path) -> dict:
    """The master ``exNN-slug.py`` as a notebook (a plain dict), with cell ids ``exNN-MM``."""
    import jupytext  # the lab and test extras install it

    path = Path(path)
    nb = jupytext.read(path, fmt="py:percent", as_version=4)
    prefix = "ex" + path.stem.split("-", 1)[0].removeprefix("ex")
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{prefix}-{i:02d}"
    # the kernelspec the workshop's notebooks store (one place: complaintkit.workshop), not
    # the master's header, so that every built notebook opens unmodified in the lab
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return json.loads(json.dumps(nb))


def render_exercise(master: str | Path, *, locale: str | None = None) -> tuple[str, str]:
    """The trainee and the solution notebook built from one master, as the text written
    (errors in ``locale``'s language, default English)."""
    nb = read_master(master)
    return (_dump(_render(nb, solution=False, locale=locale)),
            _dump(_render(nb, solution=True, locale=locale)))


def _render(master: dict, solution: bool, locale: str | None = None) -> dict:
    nb = copy.deepcopy(master)
    version = "solution" if solution else "trainee"
    cells = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] in ("code", "markdown"):
            src = (solution_source(src, cell["cell_type"]) if solution
                   else trainee_source(src, cell["cell_type"], locale=locale))
        if cell["cell_type"] == "markdown" and not src.strip():
            continue
        cell["source"] = src
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cell.get("metadata", {}).pop("execution", None)
        cells.append(cell)
    nb["cells"] = cells
    nb["metadata"]["complaintkit"] = {"version": version,
                                      "built_from": "masters (complaintkit exercises build)"}
    return nb


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build_exercises(masters: str | Path = "exercises/masters", out: str | Path = "exercises",
                    *, check: bool = False, locale: str | None = None) -> list[Path]:
    """Write ``out/<name>.ipynb`` (trainee) and ``out/solutions/<name>.ipynb`` from masters.

    Parameters
    ----------
    masters : path
        Folder of masters (``exNN-slug.py`` with solution markers).
    out : path
        Folder for the trainee versions; solutions go to ``out/solutions``.
    check : bool
        Write nothing; return the files that are missing or differ from a fresh build (so a
        test can tell when someone edited a built file instead of the master).
    locale : str, optional
        The language of the errors (default English).

    Returns
    -------
    list of Path
        The files written (or, with ``check=True``, the stale ones).
    """
    masters, out = Path(masters), Path(out)
    files = sorted(f for f in masters.glob("*.py") if f.name != "conftest.py")
    if not files:
        raise FileNotFoundError(tr("no master notebooks (*.py) in {folder}", locale,
                                   folder=masters))
    done = []
    for f in files:
        name = f.with_suffix(".ipynb").name
        for text, folder in zip(render_exercise(f, locale=locale), (out, out / "solutions"),
                                strict=True):
            target = folder / name
            if check:
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    done.append(target)
                continue
            folder.mkdir(parents=True, exist_ok=True)
            write_text(target, text)
            done.append(target)
    return done
