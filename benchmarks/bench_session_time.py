"""Room time of every workshop session, computed from measured quantities and stated rates.

For each session this measures what the room has to get through, and nothing else:

* the notebook's **run time** (a fresh kernel, as tests/nbrun.py runs it; English dataset, and
  with ``--datasets`` also the Chinese one: the longer counts);
* the **prose** of its markdown cells: English words and, separately, Chinese characters;
* its **code cells**, its exercise's **tasks** (``len(ck.exercises.tasks("NN"))``) and its
  **discussion questions** (counted by trainer/questions.py, the rule the trainer notes and
  tests/test_trainer.py use).

It then turns them into minutes with the rates below. The reading rates are cited; the
allowances per code cell, task and question are *stated assumptions*, written here so that a
trainer can see and change them. The result is not a room measurement: after a pilot run, the
trainer replaces these minutes with the ones the pilot took (trainer/README.md has the table to
fill in) and trainer/tracks.toml takes those.

With ``--lang zh`` it measures the Chinese-prose notebooks of the managers' track instead
(``notebooks/zh/NN-slug.py``, run as they are, on ``ecommerce_zh``): the room time of a
Chinese managers' room.

Run:  .venv/bin/python benchmarks/bench_session_time.py [--only 01,07] [--no-run]
      [--datasets ecommerce_en,ecommerce_zh] [--lang en|zh] [--markdown]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "trainer"))
from questions import markdown_cells, questions_in  # noqa: E402

#: English silent reading of non-fiction: 238 words a minute (Brysbaert, M. 2019, "How many
#: words do we read per minute? A review and meta-analysis of reading rate", Journal of Memory
#: and Language 109, 104047).
WORDS_PER_MINUTE = 238
#: Chinese: 255 characters a minute (Trauzettel-Klosinski, S. & Dietz, K. 2012, "Standardized
#: assessment of reading performance: the new International Reading Speed Texts IReST",
#: Investigative Ophthalmology & Visual Science 53(9), 5452-5461; read aloud, so a little slow
#: for silent reading: on the safe side).
CHARS_PER_MINUTE = 255
#: Stated allowance per code cell: run it (Shift+Enter) and look at its output with the trainer.
MINUTES_PER_CODE_CELL = 0.75
#: Stated allowance per exercise task: read the task, write the answer, run its check, and one
#: retry after a "not yet".
MINUTES_PER_TASK = 6.0
#: Stated allowance per discussion question: a short exchange in the room (pairs, then two or
#: three voices in plenary).
MINUTES_PER_QUESTION = 3.0
#: Stated allowance for activities a notebook schedules itself, in minutes (session 13's role
#: play says "in pairs, 25 minutes").
SCHEDULED = {"13": 25.0}
#: Room times are rounded up to this many minutes.
ROUND_TO = 5

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")


def prose(path: Path) -> tuple[int, int]:
    """(English words, Chinese characters) of the markdown cells; link targets left out."""
    text = "\n".join(markdown_cells(path))
    text = LINK_TARGET.sub("]", text)
    return len(WORD.findall(text)), len(HAN.findall(text))


def code_cells(path: Path) -> int:
    """Code cells of a jupytext percent source (``# %%`` lines without ``[markdown]``)."""
    return sum(1 for ln in path.read_text(encoding="utf-8").splitlines()
               if ln.startswith("# %%") and "[markdown]" not in ln)


def exercise_tasks(number: str) -> int:
    import complaintkit as ck

    return len(ck.exercises.tasks(number))


def folder(lang: str) -> Path:
    """``notebooks/`` (English prose) or ``notebooks/zh/`` (Chinese prose)."""
    return ROOT / "notebooks" / ("zh" if lang == "zh" else "")


def run_seconds(number: str, datasets: list[str], lang: str = "en") -> float:
    """The longest wall time of the session's notebook over ``datasets``, one run each (a
    Chinese-prose notebook runs once, as it is, on its own dataset)."""
    from nbrun import run_notebook

    nb = next(folder(lang).glob(f"{number}-*.ipynb"))
    worst = 0.0
    for ds in ([None] if lang == "zh" else datasets):
        t = time.perf_counter()
        run_notebook(nb, None if ds in (None, "ecommerce_en") else ds)
        worst = max(worst, time.perf_counter() - t)
    return worst


def room_minutes(m: dict) -> int:
    """Room minutes from one session's measured quantities and the stated rates."""
    minutes = (m["words"] / WORDS_PER_MINUTE + m["han"] / CHARS_PER_MINUTE
               + m["code_cells"] * MINUTES_PER_CODE_CELL + m["run_s"] / 60
               + m["tasks"] * MINUTES_PER_TASK + m["questions"] * MINUTES_PER_QUESTION
               + SCHEDULED.get(m["number"], 0.0))
    return int(math.ceil(minutes / ROUND_TO) * ROUND_TO)


def measure(number: str, datasets: list[str], run: bool, lang: str = "en") -> dict:
    src = next(folder(lang).glob(f"{number}-*.py"))
    words, han = prose(src)
    m = {"number": number, "name": src.stem, "words": words, "han": han,
         "code_cells": code_cells(src), "questions": len(questions_in(src)),
         "tasks": exercise_tasks(number) if number != "00" else 0,
         "run_s": run_seconds(number, datasets, lang) if run else 0.0}
    m["minutes"] = room_minutes(m)
    return m


RATES = (f"rates: English prose {WORDS_PER_MINUTE} words/min (Brysbaert 2019, silent reading, "
         f"non-fiction); Chinese {CHARS_PER_MINUTE} characters/min (Trauzettel-Klosinski & Dietz "
         f"2012, IReST); stated allowances: {MINUTES_PER_CODE_CELL} min per code cell, "
         f"{MINUTES_PER_TASK:g} min per exercise task, {MINUTES_PER_QUESTION:g} min per "
         f"discussion question, plus the notebook's measured run time and any activity the "
         f"notebook schedules itself ({', '.join(f'{k}: {v:g} min' for k, v in SCHEDULED.items())}"
         f"); rounded up to {ROUND_TO} min.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated session numbers, e.g. 01,07")
    ap.add_argument("--datasets", default="ecommerce_en",
                    help="datasets to run each notebook on; the longest run counts")
    ap.add_argument("--no-run", action="store_true", help="skip the notebook runs (run time 0)")
    ap.add_argument("--lang", choices=("en", "zh"), default="en",
                    help="zh: the Chinese-prose notebooks of notebooks/zh (the managers' track)")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    numbers = [p.name[:2] for p in sorted(folder(args.lang).glob("[0-9][0-9]-*.py"))
               if not only or p.name[:2] in only]
    rows = [measure(n, datasets, not args.no_run, args.lang) for n in numbers]
    head = ("session", "en words", "zh chars", "code cells", "run s", "tasks", "questions",
            "room min")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        print(f"{head[0]:<34}" + "".join(f"{h:>11}" for h in head[1:]))
    for m in rows:
        vals = (m["words"], m["han"], m["code_cells"], f"{m['run_s']:.1f}", m["tasks"],
                m["questions"], m["minutes"])
        if args.markdown:
            print(f"| {m['name']} | " + " | ".join(str(v) for v in vals) + " |")
        else:
            print(f"{m['name']:<34}" + "".join(f"{v!s:>11}" for v in vals))
    print(f"\ntotal room minutes: {sum(m['minutes'] for m in rows)}")
    ran = "ecommerce_zh (notebooks/zh as they are)" if args.lang == "zh" else ", ".join(datasets)
    print("datasets run: " + (ran if not args.no_run else "none (--no-run)"))
    print(RATES)
    print("These minutes are computed from measured quantities and stated rates, not timed in "
          "a room: replace them with the minutes of a pilot run (trainer/README.md).")


if __name__ == "__main__":
    main()
