"""Shared machinery of the notebook builders (``tools/build_notebook_NN.py``).

A builder lists its cells with :func:`md` and :func:`code` and calls :func:`main`, which

1. builds the notebook (kernelspec python3, stable cell ids ``nbNN-00``, ``nbNN-01`` … so a
   rebuild of unchanged text gives the same file) and checks the conventions: one or two
   ``# NBVAL_CHECK_OUTPUT`` cells, no code cell longer than 12 lines;
2. executes it once with nbclient in ``notebooks/`` and fails if a cell raised or wrote to
   stderr;
3. strips every output and execution count except in the checked cells (nbval compares their
   outputs with a fresh run), and all machine-specific metadata;
4. writes it. ``--no-execute`` writes the cells only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def md(text: str):
    return new_markdown_cell(text.strip("\n"))


def code(text: str):
    return new_code_cell(text.strip("\n"))


def build(cells: list, prefix: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata = dict(METADATA)
    for i, cell in enumerate(nb.cells):
        cell.id = f"{prefix}-{i:02d}"
    marked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(CHECK_MARKER)]
    assert 1 <= len(marked) <= 2, f"expected one or two {CHECK_MARKER} cells, found {len(marked)}"
    long = [c.source[:60] for c in nb.cells
            if c.cell_type == "code" and len(c.source.splitlines()) > 12]
    assert not long, f"code cells longer than 12 lines: {long}"
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run the notebook in ``folder``; fail on an error or any stderr output."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error" or (out.output_type == "stream"
                                              and out.name == "stderr"):
                text = out.get("text") or "\n".join(out.get("traceback", []))
                sys.exit(f"cell {i} wrote to stderr or failed:\n{cell.source}\n---\n{text}")
    return nb


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Clear outputs (except the checked cells'), execution counts and machine metadata."""
    nb.metadata = dict(METADATA)
    for cell in nb.cells:
        cell.metadata = {}
        if cell.cell_type == "code" and not cell.source.startswith(CHECK_MARKER):
            cell.execution_count = None
            cell.outputs = []
    return nb


def main(cells: list, out: Path, doc: str, prefix: str, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true",
                        help="write the cells without running them (no stored outputs)")
    parser.add_argument("--out", type=Path, default=out, help=f"output path (default {out})")
    args = parser.parse_args(argv)
    nb = build(cells, prefix)
    if not args.no_execute:
        nb = strip(execute(nb, out.parent))
    nbformat.validate(nb)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, args.out)
    print(f"wrote {args.out}")
