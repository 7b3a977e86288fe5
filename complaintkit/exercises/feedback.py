"""Feedback a trainee reads after a check: what is right, and what to look at again.

The shared words (``Task 01.2: not yet``) are written in the exercise's language
(``Feedback.locale``, set by :meth:`complaintkit.exercises.Exercise.check` from the dataset:
Chinese for ``ecommerce_zh``) through the kit's one message catalog (``complaintkit.i18n``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..i18n import N_, tr

CORRECT = N_("correct")
NOT_YET = N_("not yet")


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
    locale : str, optional
        The language of the shared words (the status stays the code ``"correct"`` or
        ``"not yet"``); English if None.
    """

    task: str
    status: str
    messages: list[str] = field(default_factory=list)
    locale: str | None = None

    def _heading(self) -> str:
        return tr("Task {task}: {status}", self.locale, task=self.task,
                  status=tr(self.status, self.locale))

    @property
    def ok(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        mark = "✅" if self.ok else "🟠"
        lines = [f"{mark} {self._heading()}"]
        lines += [f"   - {m}" for m in self.messages]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        color, bg = ("#1e8449", "#eafaf1") if self.ok else ("#b9770e", "#fef5e7")
        items = "".join(f"<li>{_html(m)}</li>" for m in self.messages)
        return (f'<div style="border-left:4px solid {color};background:{bg};padding:6px 10px">'
                f"<b>{html.escape(self._heading())}</b><ul>{items}</ul></div>")


def _html(text: str) -> str:
    """``text`` escaped for HTML, with each `code` in backticks shown as <code>code</code>.

    >>> _html("Replace the `...` with <your answer>")
    'Replace the <code>...</code> with &lt;your answer&gt;'
    """
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", html.escape(str(text)))


def correct(task: str, *messages: str, locale: str | None = None) -> Feedback:
    """The answer to ``task`` is right; ``messages`` say what it shows.

    Examples
    --------
    >>> print(correct("01.5", "530 of 1094 = 48.4%."))
    ✅ Task 01.5: correct
       - 530 of 1094 = 48.4%.
    >>> print(correct("01.5", locale="zh_CN"))
    ✅ 任务 01.5：正确
    """
    return Feedback(task, CORRECT, list(messages), locale)


def not_yet(task: str, *messages: str, locale: str | None = None) -> Feedback:
    """The answer to ``task`` is not right yet; ``messages`` say what to look at again.

    Examples
    --------
    >>> fb = not_yet("01.5", "530 is the count; as a share of all 1094 delivery timeouts?")
    >>> bool(fb), fb.status
    (False, 'not yet')
    >>> print(not_yet("01.5", locale="zh_CN"))
    🟠 任务 01.5：还不对
    """
    return Feedback(task, NOT_YET, list(messages), locale)
