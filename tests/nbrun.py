"""Run a notebook in a fresh kernel, optionally on another dataset, and collect its outputs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

DEFAULT = 'DATASET = "ecommerce_en"'


def run_notebook(path: Path, dataset: str | None = None,
                 env: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """Execute ``path``; with ``dataset``, its ``DATASET = "ecommerce_en"`` line is swapped."""
    nb = nbformat.read(path, as_version=4)
    if dataset:
        hits = [c for c in nb.cells if DEFAULT in c.source]
        assert hits, f"{path.name} has no line {DEFAULT!r} to switch datasets"
        for cell in hits:
            cell.source = cell.source.replace(DEFAULT, f'DATASET = "{dataset}"')
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def outputs(nb) -> list[tuple[str, str]]:
    """(kind, text) for every output: 'result', 'stdout', 'stderr', 'image', 'error'."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "execute_result":
                out.append(("result", o.data.get("text/plain", "")))
            elif o.output_type == "stream":
                out.append((o.name, o.text))
            elif o.output_type == "display_data":
                out.append(("image" if "image/png" in o.data else "display",
                            o.data.get("text/plain", "")))
            elif o.output_type == "error":
                out.append(("error", f"{o.ename}: {o.evalue}"))
    return out
