"""Workshop notebooks: listed for trainees, and they run on the Chinese dataset too.

The English run is nbval's (the notebooks are collected by pytest with --nbval-lax); here each
notebook runs again on ``ecommerce_zh`` and must show no error, no warning and no missing
glyph, with its figures drawn. How they are stored (text source, no outputs, short cells) is
tested without a kernel in ``test_sources.py``. How long each takes is measured in
``benchmarks/bench_notebooks.py``, not asserted here (a busy machine fails a timed test).
"""

from pathlib import Path

import pytest
from nbrun import outputs, run_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_are_numbered_and_listed():
    assert NOTEBOOKS and all(p.name[:2].isdigit() and p.name[2] == "-" for p in NOTEBOOKS)
    start = (ROOT / "notebooks" / "00-start.ipynb").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for p in NOTEBOOKS[1:]:
        assert p.name in start, f"{p.name} is not listed on the start page"
        assert p.name in readme, f"{p.name} is not in the README's table"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_chinese_dataset(path):
    """A session with a Chinese pair (notebooks/zh/, the managers' track: same code, Chinese
    prose, already on ecommerce_zh) runs as that pair; the others switch their dataset line."""
    pair = path.parent / "zh" / path.name
    nb = run_notebook(pair) if pair.exists() else run_notebook(path, "ecommerce_zh")
    out = outputs(nb)
    problems = [text for kind, text in out if kind in ("stderr", "error")
                or "Warning" in text or "missing from font" in text]
    assert not problems, problems
    if pair.exists():   # a Chinese pair shows labels, not codes (test_notebooks_zh.py)
        from test_notebooks_zh import codes_shown
        assert not codes_shown(nb), f"codes shown in {pair.name}: {codes_shown(nb)}"
    src = "\n".join(c.source for c in nb.cells)
    if ".plot(" in src:
        assert any(kind == "image" for kind, _ in out), "figures were not drawn"
