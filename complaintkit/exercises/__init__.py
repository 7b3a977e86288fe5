"""Exercises with feedback: checks that tell a trainee what is right and what to look at again.

In an exercise notebook::

    ex = ck.exercises.start("01", dataset=DATASET)
    ex.check(1, shares)            # or: ck.exercises.check("01.1", shares)

Each exercise has a master ``exercises/masters/exNN-slug.py`` (a notebook kept as text, jupytext
percent format; see :mod:`.build`) with solution regions
marked as otter-grader marks them (``# BEGIN SOLUTION`` / ``# END SOLUTION`` in code,
``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->`` in markdown, ``# SOLUTION`` at the end
of a line); ``complaintkit exercises build`` writes the trainee and the solution versions from
it.

A check module ``exNN.py`` registers one function ``f(answer, ctx)`` per task with
:func:`task`. It reads the answer with the readers of :mod:`.answers` (numbers given as
percentages by the one rule of :func:`~.answers.read_shares`), compares it with
:func:`~.answers.close` and :func:`~.answers.first_match` (which typical wrong answer is it?),
keeps what it computes from the dataset with ``ctx.cached`` (:meth:`Exercise.cached`) and
answers with :func:`correct` or :func:`not_yet`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import tr
from .answers import STUB, AnswerError, is_stub
from .build import build_exercises
from .feedback import Feedback, correct, not_yet

__all__ = ["Feedback", "Exercise", "start", "check", "build_exercises", "tasks"]

_REGISTRY: dict[str, Callable] = {}
_CURRENT: dict[str, Exercise] = {}
STRICT_ENV = "COMPLAINTKIT_EXERCISE_STRICT"


def task(task_id: str, title: str):
    """Register a check function ``f(answer, ctx) -> Feedback`` under ``task_id``."""

    def deco(fn):
        fn.title = title
        _REGISTRY[task_id] = fn
        return fn

    return deco


def tasks(exercise: str | None = None) -> dict[str, str]:
    """Task ids and titles (of one exercise, or all)."""
    _load_checks()
    return {k: f.title for k, f in sorted(_REGISTRY.items())
            if exercise is None or k.split(".")[0] == exercise}


@dataclass
class Exercise:
    """One exercise being worked on, with the dataset its checks compare against.

    The checks receive it as ``ctx``: ``ctx.world`` is the dataset, and ``ctx.cached`` keeps
    what they compute from it (the right answers, fitted models) for the next check.
    """

    exercise: str
    dataset: str = "ecommerce_en"
    _facts: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @functools.cached_property
    def world(self):
        from ..data import load_dataset

        return load_dataset(self.dataset)

    def cached(self, key, make: Callable):
        """``make()``, computed once for this exercise and dataset, then kept under ``key``.

        The one cache of the check modules: the frames, results and fits a check computes to
        know the right answer are reused by the next check (and by the next answer).

        Examples
        --------
        >>> ex = Exercise("01")
        >>> ex.cached("answer", lambda: 6 * 7)
        42
        >>> ex.cached("answer", lambda: 0)  # already known: make is not called again
        42
        """
        if key not in self._facts:
            self._facts[key] = make()
        return self._facts[key]

    @functools.cached_property
    def locale(self) -> str | None:
        """The language of the feedback: the dataset's (``ecommerce_zh``: ``zh_CN``)."""
        from ..data import datasets
        from ..locale import LOCALES

        found = datasets().set_index("name")["locale"].get(self.dataset)
        return found if found in LOCALES else None

    def check(self, task_no: int | str, answer) -> Feedback:
        """Check the answer to one task of this exercise and say what is right or wrong."""
        task_id = f"{self.exercise}.{task_no}"
        _load_checks()
        if task_id not in _REGISTRY:
            known = ", ".join(tasks(self.exercise)) or "none"
            raise KeyError(tr("no task {task!r}; this exercise has tasks {known}", self.locale,
                              task=task_id, known=known))
        if is_stub(answer):
            fb = not_yet(task_id, tr(STUB, self.locale))
        else:
            try:
                fb = _REGISTRY[task_id](answer, self)
            except AnswerError as e:  # its msgid and fields, written in our language
                fb = not_yet(task_id, e.render(self.locale))
        fb.locale = self.locale
        if os.environ.get(STRICT_ENV) == "1" and not fb.ok:
            raise AssertionError(str(fb))
        return fb


def start(exercise: str, *, dataset: str = "ecommerce_en") -> Exercise:
    """Begin an exercise: later :func:`check` calls compare with ``dataset``."""
    _load_checks()
    if not any(k.split(".")[0] == exercise for k in _REGISTRY):
        have = sorted({k.split(".")[0] for k in _REGISTRY})
        raise KeyError(tr("exercise must be one of {have}, but {exercise!r} was passed",
                          Exercise(exercise, dataset).locale,
                          have=", ".join(map(repr, have)), exercise=exercise))
    ex = Exercise(exercise, dataset)
    _CURRENT[exercise] = ex
    return ex


def check(task_id: str, answer) -> Feedback:
    """Check an answer by full task id, e.g. ``check("01.2", answer)``."""
    exercise, _, no = str(task_id).partition(".")
    ex = _CURRENT.get(exercise) or start(exercise)
    return ex.check(no, answer)


def _load_checks() -> None:
    """Import every ``exNN`` module of this package once (each registers its tasks)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ex") and info.name[2:].isdigit():
            importlib.import_module(f"{__name__}.{info.name}")


__all__ += ["task", "correct", "not_yet"]
