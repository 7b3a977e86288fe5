"""The discussion questions a session's notebook asks, found by one stated rule.

The rule (used by ``benchmarks/bench_session_time.py`` to time the sessions and by
``tests/test_trainer.py`` to check that every trainer note answers every question):

* only markdown cells of ``notebooks/NN-slug.py`` (or ``notebooks/zh/NN-slug.py``) are read;
  a cell is split into paragraphs (blank lines) and a paragraph into list items (lines
  starting ``-``, ``*`` or ``1.``);
* a paragraph that starts with a *discussion marker* ("**For discussion", "Questions for the
  team lead", "Read this one aloud", "Discuss", "讨论", and in the Chinese-prose notebooks
  "给班组长的问题", "把这件投诉大声读") is one question when it holds a "?" (or "？");
  without one it is a lead-in, and each list item that follows it is a question;
* under a heading that names a discussion ("## Questions for discussion", "## 7 · Discussion:
  ...", "讨论"), each list item is a question (a "list three reasons" counts as much as a
  "why?"), up to the next heading;
* nothing else counts: a question that introduces the next code cell ("How long are they?")
  is the notebook talking to itself, and "Your turn" points at the exercise.

Run ``python trainer/questions.py 03`` to print a session's questions in order
(``--zh 10`` for the Chinese-prose notebook).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^\W*(for discussion|questions for the team lead|read this one aloud"
                    r"|discuss\b|讨论|给班组长的问题|把这件投诉大声读)", re.IGNORECASE)
HEADING = re.compile(r"^#{1,6}\s")
DISCUSSION_HEADING = re.compile(r"discussion|讨论", re.IGNORECASE)
ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


def markdown_cells(path: Path) -> list[str]:
    """The markdown cells of a jupytext percent ``.py``, comment marks removed."""
    cells, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            if current is not None:
                cells.append("\n".join(current))
            current = [] if "[markdown]" in line else None
        elif current is not None:
            current.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    if current is not None:
        cells.append("\n".join(current))
    return cells


def _blocks(cell: str) -> list[tuple[str, str]]:
    """(kind, text) for each heading, paragraph and list item of a markdown cell."""
    out = []
    for para in re.split(r"\n\s*\n", cell):
        lines = [ln for ln in para.splitlines() if ln.strip()]
        if not lines:
            continue
        if HEADING.match(lines[0]):
            out.append(("heading", lines[0]))
            lines = lines[1:]
        items: list[list[str]] = []
        kind = "para"
        for ln in lines:
            if ITEM.match(ln):
                items.append([ln])
                kind = "item"
            elif items:
                items[-1].append(ln)
            else:
                items.append([ln])
        for i, it in enumerate(items):
            k = "item" if ITEM.match(it[0]) else ("para" if i == 0 else kind)
            out.append((k, " ".join(s.strip() for s in it)))
    return out


def questions_in(path: str | Path) -> list[str]:
    """The discussion questions of one notebook source, in order (text of each prompt)."""
    found = []
    for cell in markdown_cells(Path(path)):
        mode = None  # "heading": under a discussion heading; "leadin": after a bare marker
        for kind, text in _blocks(cell):
            if kind == "heading":
                mode = "heading" if DISCUSSION_HEADING.search(text) else None
            elif kind == "para" and MARKER.match(text):
                if "?" in text or "？" in text:
                    found.append(ITEM.sub("", text))
                    mode = None if mode == "leadin" else mode
                else:
                    mode = "leadin"
            elif kind == "item" and mode in ("heading", "leadin"):
                found.append(ITEM.sub("", text))
            elif kind == "para" and mode == "leadin":
                mode = None
    return found


def notebook(number: str, lang: str = "en") -> Path:
    """``notebooks/NN-slug.py`` of session ``NN`` (``lang="zh"``: ``notebooks/zh/``)."""
    folder = ROOT / "notebooks" / ("zh" if lang == "zh" else "")
    hits = sorted(folder.glob(f"{number}-*.py"))
    if not hits:
        raise FileNotFoundError(f"no {folder.relative_to(ROOT)}/{number}-*.py under {ROOT}")
    return hits[0]


def questions(number: str, lang: str = "en") -> list[str]:
    """The discussion questions of session ``NN`` (in its Chinese-prose notebook: ``"zh"``)."""
    return questions_in(notebook(number, lang))


def main(argv: list[str]) -> None:
    lang = "zh" if "--zh" in argv else "en"
    argv = [a for a in argv if a != "--zh"]
    folder = ROOT / "notebooks" / ("zh" if lang == "zh" else "")
    numbers = argv or [p.name[:2] for p in sorted(folder.glob("[0-9][0-9]-*.py"))]
    for n in numbers:
        qs = questions(n, lang)
        print(f"{n}: {len(qs)} questions")
        for i, q in enumerate(qs, 1):
            print(f"  Q{i}. {q}")


if __name__ == "__main__":
    main(sys.argv[1:])
