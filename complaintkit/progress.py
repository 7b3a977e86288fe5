"""The kit's progress bars: a widget in a notebook's kernel, text on a terminal.

``tqdm.auto`` decides once, at its first import, from whether ``ipykernel.zmqshell`` has been
imported anywhere in the process, not from whether the code runs in a kernel: after any
import of ipykernel (the lab's contents manager, a test of the room's set-up), a command-line
run drew an empty widget instead of its bar. :func:`progress_bar` asks the question that
matters each time it is called: is there a running IPython kernel?

Examples
--------
>>> with progress_bar(total=3, unit="stage", disable=True) as bar:
...     bar.update()
>>> in_kernel()
False
"""

from __future__ import annotations

import sys

__all__ = ["progress_bar", "in_kernel"]


def in_kernel() -> bool:
    """True when running in a Jupyter kernel (a notebook), where a widget bar shows."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def progress_bar(iterable=None, **kwargs):
    """A tqdm bar: ``tqdm.notebook`` in a kernel (with ipywidgets installed), else the text
    bar on stderr. Keyword arguments go to tqdm."""
    if in_kernel():
        try:
            import ipywidgets  # noqa: F401  (tqdm.notebook needs it)
            from tqdm.notebook import tqdm
        except ImportError:
            from tqdm import tqdm
    else:
        from tqdm import tqdm
    return tqdm(iterable, **kwargs)
