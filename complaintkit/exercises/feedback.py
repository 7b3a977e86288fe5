"""Feedback a trainee reads after a check: what is right, and what to look at again."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

CORRECT = "correct"
NOT_YET = "not yet"


@dataclass
class Feedback:
    """The result of one check.

    Attributes
    ----------
    task : str
        The task id, e.g. ``"01.2"``.
    status : {"correct", "not yet"}
    messages : list of str
        What is right and, when not, what is wrong in terms a trainee understands.
    """

    task: str
    status: str
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        mark = "✅" if self.ok else "🟠"
        lines = [f"{mark} Task {self.task}: {self.status}"]
        lines += [f"   - {m}" for m in self.messages]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        color, bg = ("#1e8449", "#eafaf1") if self.ok else ("#b9770e", "#fef5e7")
        items = "".join(f"<li>{html.escape(m)}</li>" for m in self.messages)
        return (f'<div style="border-left:4px solid {color};background:{bg};padding:6px 10px">'
                f"<b>Task {html.escape(self.task)}: {self.status}</b><ul>{items}</ul></div>")


def correct(task: str, *messages: str) -> Feedback:
    """The answer to ``task`` is right; ``messages`` say what it shows.

    Examples
    --------
    >>> print(correct("01.5", "530 of 1094 = 48.4%."))
    ✅ Task 01.5: correct
       - 530 of 1094 = 48.4%.
    """
    return Feedback(task, CORRECT, list(messages))


def not_yet(task: str, *messages: str) -> Feedback:
    """The answer to ``task`` is not right yet; ``messages`` say what to look at again.

    Examples
    --------
    >>> fb = not_yet("01.5", "530 is the count; as a share of all 1094 delivery timeouts?")
    >>> bool(fb), fb.status
    (False, 'not yet')
    """
    return Feedback(task, NOT_YET, list(messages))
