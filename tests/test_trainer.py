"""The trainer's folder: a note per session, the tracks' values, the agendas (issue 13, 1-2).

Fast: reads Markdown and TOML only, never runs a notebook. The discussion questions are counted
in each notebook by trainer/questions.py, the rule benchmarks/bench_session_time.py times them
with, and every note must answer each of them, in order.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from complaintkit.workshop import TRACKS, sessions

ROOT = Path(__file__).resolve().parent.parent
TRAINER = ROOT / "trainer"
sys.path.insert(0, str(TRAINER))
from questions import questions  # noqa: E402

NUMBERS = [s.number for s in sessions()]
MANAGERS = set(TRACKS["managers"].numbers())
#: Objectives start with a verb a trainee can be checked on; these cannot be checked.
VAGUE = {"understand", "know", "learn", "appreciate", "be", "see", "become", "get"}


def note(number: str) -> str:
    s = next(s for s in sessions() if s.number == number)
    path = TRAINER / f"{s.name}.md"
    assert path.exists(), f"no trainer note {path.relative_to(ROOT)}"
    return path.read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    """The body of the ``## title`` section (up to the next ``## ``)."""
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, f"no '## {title}' section"
    return m.group(1)


def objectives(text: str) -> list[str]:
    return [" ".join(m.group(1).split()) for m in
            re.finditer(r"^\d+\.\s+(.+(?:\n {3}.+)*)", section(text, "Learning objectives"), re.M)]


def plain(s: str) -> str:
    """Lower-case letters and digits only, markup and discussion markers dropped."""
    s = re.sub(r"^\W*(for discussion|questions for the team lead)\W*", "", s.strip(), flags=re.I)
    return re.sub(r"[\W_]+", "", s.lower())


def minutes_in_note(text: str) -> int:
    m = re.search(r"Computed room time: \*\*(\d+) min\*\*", text)
    assert m, "no 'Computed room time: **N min**' line"
    return int(m.group(1))


def zh_minutes_in_note(text: str) -> int | None:
    """The room time of the session's Chinese-prose notebook (managers' sessions)."""
    m = re.search(r"Computed room time, Chinese-prose notebook \(notebooks/zh\): \*\*(\d+) "
                  r"min\*\*", text)
    return int(m.group(1)) if m else None


def track_minutes(track: str, text: str) -> int:
    """The managers' track plans for the longer of the English and the Chinese notebook."""
    zh = zh_minutes_in_note(text) if track == "managers" else None
    return max(minutes_in_note(text), zh or 0)


@pytest.fixture(scope="module")
def tracks_toml() -> dict:
    return tomllib.loads((TRAINER / "tracks.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("number", NUMBERS)
def test_note_has_objectives_say_and_timing(number):
    text = note(number)
    objs = objectives(text)
    assert 3 <= len(objs) <= 5, f"{number}: {len(objs)} learning objectives, want 3-5"
    for o in objs:
        assert o.split()[0].lower() not in VAGUE, f"{number}: objective not checkable: {o!r}"
        assert o[0].isupper() and o.endswith("."), f"{number}: one sentence each: {o!r}"
    say = section(text, "What to say")
    english = say.split("### ")[0]
    n = len(re.findall(r"[.!?](?:\s|$)", english))
    assert 3 <= n <= 5, f"{number}: 'what to say' has {n} sentences, want 3-5"
    if number in MANAGERS:
        assert re.search(r"^### 中文", say, re.M), f"{number}: manager session needs a 中文 say"
        assert len(re.findall(r"[\u4e00-\u9fff]", say)) > 60
    assert minutes_in_note(text) > 0


@pytest.mark.parametrize("number", NUMBERS)
def test_note_answers_every_discussion_question_in_order(number):
    asked = questions(number)
    body = section(note(number), "Discussion questions")
    parts = re.split(r"^### Q(\d+)\.\s*", body, flags=re.M)[1:]
    got = list(zip(parts[0::2], parts[1::2], strict=True))
    assert len(got) == len(asked), (f"{number}: the notebook asks {len(asked)} discussion "
                                    f"questions, the note answers {len(got)}")
    for i, ((k, block), q) in enumerate(zip(got, asked, strict=True), 1):
        assert int(k) == i, f"{number}: question {k} out of order (expected Q{i})"
        heading = block.splitlines()[0]
        assert plain(heading)[:40] == plain(q)[:40], (
            f"{number} Q{i}: the note's question {heading[:60]!r} is not the notebook's "
            f"{q[:60]!r}")
        answer = block.split("**Model answer.**", 1)
        assert len(answer) == 2, f"{number} Q{i}: no '**Model answer.**'"
        assert len(answer[1].split()) >= 30, f"{number} Q{i}: the model answer is too short"


@pytest.mark.parametrize("number", sorted(MANAGERS))
def test_chinese_prose_notebook_asks_the_same_questions(number):
    """A zh managers' room gets the same notes: its notebook asks as many questions, and the
    note gives the Chinese notebook's own room time."""
    if not any((ROOT / "notebooks" / "zh").glob(f"{number}-*.py")):
        pytest.skip(f"no notebooks/zh/{number}-*.py yet")
    assert len(questions(number, "zh")) == len(questions(number)), number
    assert zh_minutes_in_note(note(number)), f"{number}: no room time of notebooks/zh"


@pytest.mark.parametrize("number", NUMBERS)
def test_note_lists_pitfalls_for_every_task(number):
    import complaintkit as ck

    body = section(note(number), "Pitfalls")
    assert len(re.findall(r"^- ", body, re.M)) >= 3, f"{number}: list the pitfalls"
    if number != "00":
        for task_id in ck.exercises.tasks(number):
            assert f"**{task_id}" in body, f"{number}: no pitfall for task {task_id}"


def test_tracks_toml_names_every_session_of_each_track(tracks_toml):
    assert set(tracks_toml) == set(TRACKS)
    for name, track in TRACKS.items():
        entries = tracks_toml[name]["sessions"]
        assert [e["number"] for e in entries] == track.numbers(), name
        for e in entries:
            text = note(e["number"])
            assert e["minutes"] == track_minutes(name, text), f"{name} {e['number']}: minutes"
            assert e["objectives"] == objectives(text), f"{name} {e['number']}: objectives"
            assert e["say"].strip(), f"{name} {e['number']}: say"
            assert e["day"] in range(1, track.days + 1), f"{name} {e['number']}: day"
            if name == "managers":
                assert re.search(r"[\u4e00-\u9fff]", e.get("say_zh", "")), e["number"]


AGENDA_ROW = re.compile(r"^\|\s*(\d\d):(\d\d)\s*\|\s*(\d\d):(\d\d)\s*\|\s*([^|]+?)\s*\|"
                        r"\s*(\d+)\s*\|", re.M)


@pytest.mark.parametrize("name", list(TRACKS))
def test_agenda_minutes_agree_with_tracks_toml(name, tracks_toml):
    text = (TRAINER / f"agenda-{name}.md").read_text(encoding="utf-8")
    days = re.split(r"^## Day (\d)\b.*$", text, flags=re.M)[1:]
    assert len(days) // 2 == TRACKS[name].days, f"agenda-{name}.md: one '## Day N' per day"
    rows = [(int(day), int(h1) * 60 + int(m1), int(h2) * 60 + int(m2), what, int(mins))
            for day, body in zip(days[0::2], days[1::2], strict=True)
            for h1, m1, h2, m2, what, mins in AGENDA_ROW.findall(body)]
    assert rows, f"agenda-{name}.md has no timed rows"
    for _, start, end, what, mins in rows:
        assert end - start == mins, f"agenda-{name}: {what!r} runs {end - start} min, says {mins}"
    for e in tracks_toml[name]["sessions"]:
        hits = [r for r in rows if re.match(rf"(?:Session |第)?{e['number']}\b", r[3])]
        assert hits, f"agenda-{name}.md has no row for session {e['number']}"
        for day, _, _, what, mins in hits:
            assert (day, mins) == (e["day"], e["minutes"]), (
                f"agenda-{name}: {what!r} on day {day} for {mins} min; tracks.toml says day "
                f"{e['day']}, {e['minutes']} min")
