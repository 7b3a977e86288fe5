"""The tracks, the trainees' folder (``workshop prepare``) and ``exercises reset``.

The folder must hold the track's sessions and trainee exercises and nothing a trainer keeps
to themself: no solution or master, no trainer notes, no solution code (the pieces each
tests/test_exNN.py checks for in the trainee version, and every line that only the solution
version has). Fast: nothing is executed.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import datetime

import pytest

from complaintkit.classroom import (
    lab_metadata,
    prepare_room,
    pristine_exercise,
    reset_exercise,
    session_notebook,
)
from complaintkit.cli import main
from complaintkit.exercises.build import render_exercise
from complaintkit.workshop import (
    TRACKS,
    _with_agenda,
    repo_root,
    session,
    sessions,
    track,
)

ROOT = repo_root()
SWITCH_EN, SWITCH_ZH = 'DATASET = "ecommerce_en"', 'DATASET = "ecommerce_zh"'


def _leaks() -> dict[str, list[str]]:
    """The ``leak=`` pieces each tests/test_exNN.py passes to assert_built_versions_match."""
    out = {}
    for path in sorted((ROOT / "tests").glob("test_ex[0-9]*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "")
                    == "assert_built_versions_match"):
                leak = next(k.value for k in node.keywords if k.arg == "leak")
                value = ast.literal_eval(leak)
                out[path.stem[-2:]] = [value] if isinstance(value, str) else list(value)
    return out


def _solution_only_lines(number: str) -> set[str]:
    """Code lines (stripped, not trivial) that the solution version has and the trainee's
    does not."""
    trainee, solution = (json.loads(t) for t in render_exercise(session(number).files(ROOT)
                                                                ["master"]))

    def lines(nb):
        return {line.strip() for c in nb["cells"] if c["cell_type"] == "code"
                for line in "".join(c["source"]).split("\n") if len(line.strip()) > 8}
    return lines(solution) - lines(trainee)


# --------------------------------------------------------------------------- tracks
def test_tracks_name_existing_sessions_once_each():
    known = {s.number for s in sessions()}
    for t in TRACKS.values():
        assert t.numbers() and set(t.numbers()) <= known, t.name
        assert len(set(t.numbers())) == len(t.numbers()), f"{t.name}: a session twice"
        assert t.numbers()[0] == "00", "every track starts on the start page"
    assert {"00", "01", "07", "10", "11", "12", "13"} <= set(track("managers").numbers())
    assert track("managers").days == 1 and track("analysts").days == 2
    assert {f"{i:02d}" for i in range(10)} <= set(track("analysts").numbers())
    with pytest.raises(ValueError, match="track must be one of 'managers', 'analysts'"):
        track("agents")


def test_unmeasured_minutes_are_none_not_a_guess():
    for t in TRACKS.values():
        for ts in t.sessions:
            assert ts.minutes is None or (isinstance(ts.minutes, int) and ts.minutes > 0)
        assert all(m.endswith(("not measured", "objectives", "no day")) for m in t.missing())


def test_agenda_values_come_from_the_toml_and_mistakes_are_named(tmp_path):
    path = tmp_path / "tracks.toml"
    path.write_text('[managers]\ndays = 1\n[[managers.sessions]]\nnumber = "07"\n'
                    'minutes = 45\nday = 1\nobjectives = ["Estimate the silent."]\n'
                    'say = "The iceberg."\nsay_zh = "冰山。"\n', encoding="utf-8")
    tr = _with_agenda(TRACKS["managers"], path)
    (ts,) = [ts for ts in tr.sessions if ts.number == "07"]
    assert (ts.minutes, ts.day, ts.objectives, ts.say_zh) == (45, 1, ("Estimate the silent.",),
                                                              "冰山。")
    assert tr.numbers() == TRACKS["managers"].numbers()  # membership stays the module's
    assert "00: minutes not measured" in tr.missing()
    session = "[managers]\n[[managers.sessions]]\n"
    for bad, says in [(session + 'number = "02"\n', "lists sessions ['02']"),
                      (session + 'number = "07"\nspeed = 3\n', "not one of"),
                      (session + "number = ", "is not valid TOML")]:
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=re.escape(says)):
            _with_agenda(TRACKS["managers"], path)
    path.write_text("[managers]\ndays = 2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="days = 2, but the track has 1"):
        _with_agenda(TRACKS["managers"], path)
    assert _with_agenda(TRACKS["managers"], tmp_path / "none.toml") == TRACKS["managers"]


# --------------------------------------------------------------------------- prepare
@pytest.mark.parametrize("name", list(TRACKS))
def test_prepared_folder_holds_the_track_and_no_solution(tmp_path, name):
    room = tmp_path / "room"
    files = prepare_room(room, name, lang="zh")
    rel = sorted(p.relative_to(room).as_posix() for p in files)
    on_disk = sorted(p.relative_to(room).as_posix() for p in room.rglob("*") if p.is_file())
    assert rel == on_disk
    tr = track(name)
    expected = {"README.md"} | {f"notebooks/{ts.session.name}.ipynb" for ts in tr.sessions} | {
        f"exercises/{ts.session.exercise_name}.ipynb" for ts in tr.sessions
        if ts.session.exercise and ts.exercise}
    assert set(rel) == expected
    for path in rel:  # no solution, master or trainer file by name
        assert not any(word in path.lower() for word in ("solution", "master", "trainer",
                                                          "notes", ".py"))
    leaks = _leaks()
    for ts in tr.sessions:
        if not ts.session.exercise:
            continue
        text = (room / "exercises" / f"{ts.session.exercise_name}.ipynb").read_text(
            encoding="utf-8")
        assert json.loads(text)["metadata"]["complaintkit"]["version"] == "trainee"
        assert text == pristine_exercise(ts.session, "ecommerce_zh")
        code = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        for piece in leaks[ts.number]:
            assert piece.replace('\\"', '"') not in code, f"{ts.number} leaks {piece!r}"
        lines = {line.strip() for line in code.split("\n")}
        shown = sorted(_solution_only_lines(ts.number) & lines)
        assert not shown, f"solution code in exercise {ts.number}: {shown}"
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
        assert "For trainers" not in text and "exercises/solutions" not in text


def test_zh_switches_every_notebook_and_strips_outputs(tmp_path):
    prepare_room(tmp_path / "room", "managers", lang="zh")
    for path in (tmp_path / "room").rglob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        assert sum(SWITCH_ZH in c for c in code) == 1 and not any(SWITCH_EN in c for c in code)
        assert not any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
        assert "jupytext" not in nb["metadata"], "a trainee's save would write a .py twin"
        assert not any("NBVAL" in c for c in code)
        # as the installed kernel reports them: JupyterLab opens the notebook unmodified
        assert nb["metadata"]["kernelspec"] == lab_metadata()["kernelspec"]
        assert nb["metadata"]["language_info"] == lab_metadata()["language_info"]
    start = (tmp_path / "room" / "notebooks" / "00-start.ipynb").read_text(encoding="utf-8")
    assert "| 13 |" in start and "| 02 |" not in start  # only the track's sessions listed
    for ts in track("managers").sessions:  # the Chinese prose where the session has it
        source = session_notebook(ts.session, "zh")
        title = json.loads(source.read_text(encoding="utf-8"))["cells"][0]["source"]
        page = tmp_path / "room" / "notebooks" / f"{ts.session.name}.ipynb"
        assert json.loads(page.read_text(encoding="utf-8"))["cells"][0]["source"] == title
    assert session_notebook(session("02"), "zh") == session("02").files(ROOT)["notebook"]


def test_prepare_refuses_a_non_empty_folder_and_overwrite_touches_nothing_else(tmp_path):
    room = tmp_path / "room"
    room.mkdir()
    (room / "my notes.txt").write_text("mine", encoding="utf-8")
    assert main(["workshop", "prepare", str(room), "--track", "managers"]) == 2
    assert sorted(p.name for p in room.iterdir()) == ["my notes.txt"]
    assert main(["workshop", "prepare", str(room), "--track", "managers", "--lang", "en",
                 "--overwrite"]) == 0
    assert (room / "my notes.txt").read_text(encoding="utf-8") == "mine"
    assert (room / "notebooks" / "00-start.ipynb").exists()
    work = room / "exercises" / "ex01-delivery-delay-drilldown.ipynb"
    work.write_text("a trainee's work", encoding="utf-8")
    files = prepare_room(room, "managers", overwrite=True)
    (backup,) = [f for f in files if ".backup-" in f.name]  # only the changed file
    assert backup.parent == work.parent and backup.suffix == ".ipynb"
    assert backup.read_text(encoding="utf-8") == "a trainee's work"
    assert work.read_text(encoding="utf-8") != "a trainee's work"


# --------------------------------------------------------------------------- reset
def test_reset_restores_and_keeps_the_trainees_file(tmp_path, capsys):
    room = tmp_path / "room"
    prepare_room(room, "managers", lang="zh")
    target = room / "exercises" / "ex07-complaint-iceberg.ipynb"
    pristine = target.read_text(encoding="utf-8")
    mine = pristine.replace("...", "my answer", 1)
    target.write_text(mine, encoding="utf-8")
    when = datetime(2026, 12, 1, 9, 30, 5)
    written, backup, changed = reset_exercise("07", room, now=when)
    assert changed and written == target and target.read_text(encoding="utf-8") == pristine
    assert backup == target.with_name("ex07-complaint-iceberg.backup-20261201-093005.ipynb")
    assert backup.read_text(encoding="utf-8") == mine  # zh kept: detected from the old file
    target.write_text(mine, encoding="utf-8")
    _, second, _ = reset_exercise(7, room / "exercises", now=when)
    assert second.name.endswith("-093005-2.ipynb") and backup.exists()  # never replaced
    assert reset_exercise("07", room)[1:] == (None, False)  # pristine: nothing written
    assert main(["exercises", "reset", "00", "--dir", str(room)]) == 2
    assert "session 00 has no exercise" in capsys.readouterr().err
    assert main(["exercises", "reset", "99", "--dir", str(room)]) == 2
    target.unlink()  # a deleted exercise comes back (en unless told)
    assert main(["exercises", "reset", "07", "--dir", str(room), "--lang", "zh"]) == 0
    assert target.read_text(encoding="utf-8") == pristine


def test_reset_finds_the_exercises_from_a_notebook_and_never_replaces_a_session(tmp_path):
    room = tmp_path / "room"
    prepare_room(room, "managers")
    target = room / "exercises" / "ex01-delivery-delay-drilldown.ipynb"
    target.write_text("{ broken", encoding="utf-8")  # a broken file is what a reset is for
    written, backup, _ = reset_exercise("01", room / "notebooks")  # a notebook's kernel cwd
    assert written == target and backup.read_text(encoding="utf-8") == "{ broken"
    session_nb = room / "notebooks" / "07-complaint-iceberg.ipynb"
    before = session_nb.read_bytes()
    with pytest.raises(ValueError, match="not a trainee exercise"):
        reset_exercise("07", _lone(session_nb, tmp_path))
    assert session_nb.read_bytes() == before


def _lone(notebook, tmp_path):
    """A folder holding a session notebook under an exercise's name, and no exercises/."""
    folder = tmp_path / "lone"
    folder.mkdir()
    (folder / ("ex" + notebook.name)).write_bytes(notebook.read_bytes())
    return folder
