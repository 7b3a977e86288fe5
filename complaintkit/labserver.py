"""The contents manager of the kit's JupyterLab (``make lab``): notebooks open unmodified.

JupyterLab writes the running kernel's full ``language_info`` (it names the Python version)
into a notebook when its kernel starts, and marks the notebook modified when that differs
from what the file holds. The kit's stored notebooks keep a short ``language_info``
(``{"name": "python"}``: the full one would differ between machines and change with every
save), so every session would open marked modified, and trainees would be asked whether to
save a notebook they have not touched.

:class:`ContentsManager` fills in this machine's ``language_info`` as the notebook is *read*
by the lab (the file on disk is not touched), so the kernel's and the notebook's agree and
the tab stays clean. It is jupytext's contents manager (what the lab uses anyway, for the
``.py`` pairing of the session notebooks) with one method extended, not a contents manager
of our own. ``make lab`` selects it with ``--ServerApp.contents_manager_class``.

Found with ``tools/lab_check.py`` (a headless browser on a running lab): the trainees' folder
written by ``complaintkit workshop prepare``, whose notebooks carry the full form
(:func:`complaintkit.classroom.lab_metadata`), opens unmodified.

Examples
--------
>>> nb = {"metadata": {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}}}
>>> full = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
>>> fill_language_info(nb, full)["metadata"]["language_info"]["version"]
'3.11.7'
>>> r = {"metadata": {"kernelspec": {"name": "ir"}, "language_info": {"name": "R"}}}
>>> fill_language_info(r, full)["metadata"]["language_info"]  # another language: untouched
{'name': 'R'}
"""

from __future__ import annotations

import jupytext

__all__ = ["ContentsManager", "fill_language_info"]


def fill_language_info(nb, language_info: dict | None = None):
    """``nb`` with its ``language_info`` replaced by ``language_info`` (default: the installed
    Python kernel's) when both name the same language; otherwise ``nb`` unchanged."""
    if language_info is None:
        from .classroom import lab_metadata

        language_info = lab_metadata().get("language_info")
    meta = nb.get("metadata", {})
    stored = meta.get("language_info") or {}
    if language_info and stored.get("name", language_info.get("name")) == language_info.get(
            "name"):
        meta["language_info"] = dict(language_info)
    return nb


class ContentsManager(jupytext.AsyncTextFileContentsManager):
    """jupytext's contents manager, handing the lab notebooks whose ``language_info`` is this
    machine's (see the module docstring)."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and model.get("type") == "notebook" and model.get("content") is not None:
            fill_language_info(model["content"])
        return model
