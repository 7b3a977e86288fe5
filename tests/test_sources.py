"""One text source per notebook, each session in one place, and no stale build.

- every workshop notebook is a jupytext pair, ``notebooks/NN-slug.py`` (percent format) and
  ``notebooks/NN-slug.ipynb``, whose cells agree; every exercise's trainee and solution
  notebooks equal a fresh build of ``exercises/masters/exNN-slug.py``;
- every session has all its files and every file follows the naming rule
  (:mod:`complaintkit.workshop`);
- the conventions the old notebook builders enforced: short code cells, one or two checked
  outputs, no other stored output, nothing on stderr, the dataset switch at the top, clean
  metadata.

Fast: no kernel runs here (nbval and ``test_notebooks.py`` run the notebooks).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from complaintkit.cli import main
from complaintkit.exercises.build import render_exercise
from complaintkit.workshop import CHECK_MARKER, METADATA, sessions, sync_notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
MASTERS = EXERCISES / "masters"
SESSIONS = sessions()
WITH_EXERCISE = [s for s in SESSIONS if s.exercise]

#: A code cell fits on a slide: more lines means split it, and explain between the parts.
MAX_CODE_LINES = 12
#: The line a run on the other dataset swaps (tests/nbrun.py); it sits in the first code cells.
DATASET_SWITCH = 'DATASET = "ecommerce_en"'
#: Files in the workshop folders that are not a session's.
NOT_SESSIONS = {"conftest.py", "README.md"}


def _ids(items):
    return [s.name for s in items]


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def _code(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _checked(nb) -> list:
    return [c for c in _code(nb) if c.source.startswith(CHECK_MARKER)]


# --------------------------------------------------------------------------- one place
def test_every_session_has_all_its_files():
    missing = [path.relative_to(ROOT).as_posix() for s in SESSIONS
               for path in s.files(ROOT).values() if not path.exists()]
    assert not missing, f"session files missing: {missing}"


def _rule_breakers(folder: Path, pattern: str, allowed: set[str]) -> list[str]:
    """Files in ``folder`` that are not named ``<allowed stem><suffix>`` by ``pattern``."""
    bad = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.name in NOT_SESSIONS:
            continue
        m = re.fullmatch(pattern, path.name)
        if not m or m.group(1) not in allowed:
            bad.append(path.relative_to(ROOT).as_posix())
    return bad


def test_every_file_follows_the_naming_rule():
    names = {s.name for s in SESSIONS}
    exercises = {s.exercise_name for s in WITH_EXERCISE}
    numbers = {s.number for s in WITH_EXERCISE}
    bad = (_rule_breakers(NOTEBOOKS, r"(.+)\.(?:py|ipynb)", names)
           + _rule_breakers(MASTERS, r"(.+)\.py", exercises)
           + _rule_breakers(EXERCISES, r"(.+)\.ipynb", exercises)
           + _rule_breakers(EXERCISES / "solutions", r"(.+)\.ipynb", exercises))
    checks = ROOT / "complaintkit" / "exercises"
    bad += [p.name for p in checks.glob("ex*.py") if p.stem[2:] not in numbers]
    bad += [p.name for p in (ROOT / "tests").glob("test_ex[0-9]*.py")
            if p.stem.removeprefix("test_ex") not in numbers]
    assert not bad, ("not a session's file (rule: NN-slug, exNN-slug for an exercise, in the "
                     f"folder of its kind): {bad}")
    assert {p.name for p in EXERCISES.iterdir() if p.is_dir()} <= {"masters", "solutions"}


@pytest.mark.parametrize("session", SESSIONS, ids=_ids(SESSIONS))
def test_titles_are_the_notebooks_headings(session):
    files = session.files(ROOT)
    heading = jupytext.read(files["source"]).cells[0].source.splitlines()[0]
    assert heading.startswith("# ") and session.title in heading, heading
    if session.exercise:
        heading = jupytext.read(files["master"]).cells[0].source.splitlines()[0]
        assert heading.startswith(f"# Exercise {session.number} · {session.title}"), heading


# --------------------------------------------------------------------------- not stale
@pytest.mark.parametrize("session", SESSIONS, ids=_ids(SESSIONS))
def test_notebook_matches_its_text_source(session):
    files = session.files(ROOT)
    text = jupytext.read(files["source"], fmt="py:percent")
    nb = nbformat.read(files["notebook"], as_version=4)
    assert _cells(nb) == _cells(text), (
        f"{files['notebook'].name} and {files['source'].name} differ: run `make notebooks` "
        "(complaintkit workshop sync) after editing either")
    assert nb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
    assert text.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("session", WITH_EXERCISE, ids=_ids(WITH_EXERCISE))
def test_exercise_is_built_from_its_master(session):
    files = session.files(ROOT)
    trainee, solution = render_exercise(files["master"])
    for built, text in ((files["trainee"], trainee), (files["solution"], solution)):
        assert built.read_text(encoding="utf-8") == text, (
            f"{built.relative_to(ROOT)} is stale: edit {files['master'].relative_to(ROOT)}, "
            "then run `make exercises`")


def test_masters_are_text_only():
    """A master has no paired notebook: its notebooks are the built versions."""
    assert not list(MASTERS.glob("*.ipynb"))
    for master in MASTERS.glob("*.py"):
        if master.name not in NOT_SESSIONS:
            assert "formats" not in jupytext.read(master).metadata.get("jupytext", {}), master


# --------------------------------------------------------------------------- conventions
def _stored(kind: str) -> list[tuple[str, Path]]:
    folders = {"notebook": "notebooks", "trainee": "exercises",
               "solution": "exercises/solutions"}
    return [(kind, path) for path in sorted((ROOT / folders[kind]).glob("*.ipynb"))]


STORED = _stored("notebook") + _stored("trainee") + _stored("solution")


def _id(item) -> str:
    return item[1].relative_to(ROOT).as_posix()


@pytest.mark.parametrize("item", STORED, ids=_id)
def test_code_cells_are_short(item):
    nb = nbformat.read(item[1], as_version=4)
    long = [c.source[:60] for c in _code(nb) if len(c.source.splitlines()) > MAX_CODE_LINES]
    assert not long, f"code cells longer than {MAX_CODE_LINES} lines: {long}"


@pytest.mark.parametrize("item", STORED, ids=_id)
def test_one_or_two_checked_outputs_and_no_other(item):
    kind, path = item
    nb = nbformat.read(path, as_version=4)
    checked = _checked(nb)
    if kind == "notebook" and not path.name.startswith("00-"):
        assert 1 <= len(checked) <= 2, f"expected one or two {CHECK_MARKER} cells"
    else:  # the start page and the exercises compare no output
        assert not checked
    for cell in _code(nb):
        if cell.source.startswith(CHECK_MARKER):
            assert cell.outputs, f"a checked cell without its stored output: {cell.source[:60]!r}"
        else:
            assert not cell.outputs and cell.execution_count is None, (
                f"stored output (run `make notebooks` to strip it): {cell.source[:60]!r}")


@pytest.mark.parametrize("item", STORED, ids=_id)
def test_stored_outputs_are_clean(item):
    """Checked outputs are printed text: no error, nothing on stderr, no warning."""
    nb = nbformat.read(item[1], as_version=4)
    for cell in _checked(nb):
        for out in cell.outputs:
            assert out.output_type == "stream" and out.name == "stdout", (
                f"{out.output_type} {out.get('name', '')} in {cell.source[:60]!r}")
            assert "Warning" not in out.text, out.text


@pytest.mark.parametrize("item", STORED, ids=_id)
def test_notebook_starts_with_the_dataset_switch(item):
    nb = nbformat.read(item[1], as_version=4)
    hits = [i for i, c in enumerate(_code(nb)) if DATASET_SWITCH in c.source]
    assert len(hits) == 1 and hits[0] <= 1, (
        f"expected one {DATASET_SWITCH!r} in the first two code cells, found it in {hits}")


@pytest.mark.parametrize("item", STORED, ids=_id)
def test_metadata_is_clean(item):
    kind, path = item
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    if kind == "notebook":
        assert nb.metadata == METADATA, "run `make notebooks` to clean the metadata"
    else:
        assert nb.metadata["complaintkit"]["version"] == kind
        assert {k: v for k, v in nb.metadata.items() if k != "complaintkit"} == {
            k: v for k, v in METADATA.items() if k != "jupytext"}
    assert all(not c.metadata for c in nb.cells), "cell metadata (tags, scrolling, timing …)"


# --------------------------------------------------------------------------- make notebooks
@pytest.fixture
def pair(tmp_path):
    """A copy of session 05's notebook pair, the .py the newer file (as after an edit)."""
    for suffix in (".ipynb", ".py"):
        name = f"05-forecasting{suffix}"
        (tmp_path / name).write_text((NOTEBOOKS / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    return tmp_path / "05-forecasting.py", tmp_path / "05-forecasting.ipynb"


def _touch(path: Path, seconds: float) -> None:
    t = path.stat().st_mtime + seconds
    os.utime(path, (t, t))


def test_sync_takes_an_edit_of_the_text_source(pair):
    py, ipynb = pair
    assert sync_notebooks(py.parent, check=True) == []
    py.write_text(py.read_text(encoding="utf-8").replace("Three things to see",
                                                         "Three things to notice"),
                  encoding="utf-8")
    _touch(py, 5)
    assert sync_notebooks(py.parent, check=True) == [ipynb]
    before = nbformat.read(ipynb, as_version=4)
    assert sync_notebooks(py.parent) == [ipynb, py]
    after = nbformat.read(ipynb, as_version=4)
    assert "Three things to notice" in "".join(c.source for c in after.cells)
    assert [c.id for c in after.cells] == [c.id for c in before.cells]
    assert [c.outputs for c in _checked(after)] == [c.outputs for c in _checked(before)]
    assert py.stat().st_mtime >= ipynb.stat().st_mtime  # jupytext opens the pair in Jupyter


def test_sync_strips_a_notebook_saved_in_jupyter(pair):
    py, ipynb = pair
    nb = nbformat.read(ipynb, as_version=4)
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.9"}
    plain = next(c for c in _code(nb) if not c.source.startswith(CHECK_MARKER))
    plain.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello")]
    plain.execution_count, plain.metadata = 3, {"scrolled": True}
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("A note added in JupyterLab."))
    nbformat.write(nb, ipynb)
    _touch(ipynb, 5)  # saved by a Jupyter without jupytext: the .ipynb is newer
    main(["workshop", "sync", "--folder", str(py.parent)])
    assert "A note added in JupyterLab." in py.read_text(encoding="utf-8")
    nb = nbformat.read(ipynb, as_version=4)
    assert nb.metadata == METADATA
    assert all(not c.outputs for c in _code(nb) if not c.source.startswith(CHECK_MARKER))
    assert all(not c.metadata for c in nb.cells)
    assert main(["workshop", "sync", "--check", "--folder", str(py.parent)]) == 0


def test_sync_pairs_a_new_notebook(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 08 · New"),
                                         nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "08-new.ipynb")
    assert main(["workshop", "sync", "--check", "--folder", str(tmp_path)]) == 2
    sync_notebooks(tmp_path)
    text = (tmp_path / "08-new.py").read_text(encoding="utf-8")
    assert "formats: ipynb,py:percent" in text and "# %%\nx = 1" in text


def test_workshop_list_shows_each_session_with_its_files(capsys):
    assert main(["workshop", "list"]) == 0
    out = capsys.readouterr().out
    assert "05  forecasting  ·  Forecasting next month's complaints" in out
    assert "exercises/masters/ex05-forecasting.py" in out and "(missing)" not in out
