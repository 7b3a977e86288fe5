"""The managers' track in Chinese prose: ``notebooks/zh/NN-slug.py`` and its ``.ipynb``.

Each Chinese notebook is the English one (``notebooks/NN-slug.py``) with its prose in Chinese,
cell for cell, so a trainer can keep them in step:

- every session of the managers' track (:data:`complaintkit.workshop.TRACKS`) has a zh pair,
  and the ``.py`` and ``.ipynb`` of each pair agree;
- the cells pair one to one with the English notebook's (same count, same kinds);
- the code is the English code: only the dataset line (``ecommerce_zh``) and string literals
  (chart titles, printed texts) may differ; comments and names may not;
- every markdown cell is Chinese, with no English sentence left (code in backticks, ``ck.*``
  names, column names and abbreviations such as CSAT, NPS, SLA, KPI are fine);
- the storage conventions of ``tests/test_sources.py`` (which only looks at ``notebooks/*``):
  short code cells, the dataset switch at the top, checked outputs only, clean metadata.

Fast: no kernel runs here. ``tests/test_notebooks.py`` runs each ``notebooks/zh/*.ipynb`` as
its session's Chinese run (with its checks); nbval does not collect them (the root conftest),
so a session runs once per language.
"""

from __future__ import annotations

import fnmatch
import io
import re
import runpy
import tokenize
from pathlib import Path

import jupytext
import nbformat
import pytest

from complaintkit.locale import labels
from complaintkit.workshop import CHECK_MARKER, METADATA, sync_notebooks, track

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
MANAGERS = [ts.session for ts in track("managers").sessions]

#: Same conventions as tests/test_sources.py.
MAX_CODE_LINES = 12
DATASET_EN = 'DATASET = "ecommerce_en"'
DATASET_ZH = 'DATASET = "ecommerce_zh"'
#: Least share of Chinese characters among the letters of a markdown cell's prose.
MIN_CJK_SHARE = 0.5
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Three or more English words in a row (after code, links and allowed names are removed).
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z'’-]+(?:[ ,]+[A-Za-z][a-z'’-]+){2,}")


def _pair(s):
    return ZH / f"{s.name}.py", ZH / f"{s.name}.ipynb"


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def _english(s):
    return jupytext.read(NOTEBOOKS / f"{s.name}.py", fmt="py:percent")


def _zh(s):
    return nbformat.read(_pair(s)[1], as_version=4)


def masked(code: str) -> list[tuple[int, str]]:
    """The tokens of ``code`` with every string literal (f-strings too) as ``"…"`` and the
    dataset line as one token: two cells that differ only there compare equal.

    Examples
    --------
    >>> masked('DATASET = "ecommerce_en"  # or zh\\nplot(title="Complaints")') == masked(
    ...     'DATASET = "ecommerce_zh"  # or en\\nplot(title="投诉")')
    True
    >>> masked('x = f"{n} cases"') == masked('x = f"{m} 件"')
    True
    >>> masked('plot(title="a")  # a note') == masked('plot(title="a")  # 注')
    False
    """
    lines = ["DATASET = ..." if line.startswith("DATASET = ") else line
             for line in code.splitlines()]
    # IPython magics are not Python: compare them as comments
    text = "\n".join("#" + line if line.lstrip().startswith(("%", "!")) else line
                     for line in lines) + "\n"
    out, depth = [], 0
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        kind = tokenize.tok_name[tok.type]
        if kind == "FSTRING_START":  # Python 3.12+: an f-string is several tokens
            depth += 1
        elif kind == "FSTRING_END":
            depth -= 1
            out.append((tokenize.STRING, '"…"'))
        elif depth:
            continue
        elif tok.type == tokenize.STRING:
            out.append((tok.type, '"…"'))
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                              tokenize.ENDMARKER):
            out.append((tok.type, tok.string))
    return out


def prose(markdown: str) -> str:
    """A markdown cell's prose: without code, links' targets, ``ck.*`` names, columns
    (``snake_case``), abbreviations (CSAT, SLA …) and numbers."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\b\w+(?:[._]\w+)+\b", " ", text)        # ck.process, hours_total, a.b
    text = re.sub(r"\b[A-Z][A-Z0-9]+s?\b", " ", text)       # CSAT, SLA, KPIs, P1
    return re.sub(r"[\d%]+", " ", text)


def english_left(markdown: str) -> list[str]:
    """Runs of three or more English words left in a markdown cell's prose.

    Examples
    --------
    >>> english_left("用 `ck.process(named)` 算出 CSAT 和 SLA、`hours_total`。")
    []
    >>> english_left("先看最长的条。Read the longest bars first.")
    ['Read the longest bars first']
    """
    return ENGLISH_RUN.findall(prose(markdown))


#: The kit's codes a Chinese run must not show: the snake_case codes of every label family
#: (``product_quality``, ``delivery_delay``, ``customer_requested_next_day``, ``follow_up``).
CODES = sorted({code for family, names in labels("zh_CN").items()
                if family not in ("column", "table") for code in names if "_" in code},
               key=len, reverse=True)
CODE = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, CODES)) + r")(?![A-Za-z0-9_])")


def codes_shown(nb) -> list[tuple[str, str]]:
    """(code, the cell's first line) for each label-family code in an executed notebook's
    text outputs (printed lines, displayed tables): a Chinese run shows labels, not codes.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("print(res.vital_few)")
    >>> cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
    ...                                        text="['product_quality', '物流配送']")]
    >>> codes_shown(nbformat.v4.new_notebook(cells=[cell]))
    [('product_quality', 'print(res.vital_few)')]
    """
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.output_type == "stream" else \
                out.get("data", {}).get("text/plain", "")
            found += [(code, cell.source.splitlines()[0] if cell.source else "")
                      for code in dict.fromkeys(CODE.findall(text))]
    return found


def cjk_share(markdown: str) -> float:
    """Share of Chinese characters among the letters of a markdown cell's prose."""
    text = prose(markdown)
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


# --------------------------------------------------------------------------- the pairs
def test_every_managers_session_has_a_chinese_pair():
    missing = [p.relative_to(ROOT).as_posix() for s in MANAGERS for p in _pair(s) if not p.exists()]
    assert not missing, f"Chinese notebooks missing: {missing}"
    names = {s.name for s in MANAGERS}
    strays = [p.name for p in ZH.iterdir() if p.is_file() and p.name != "README.md"
              and (p.suffix not in (".py", ".ipynb") or p.stem not in names)]
    assert not strays, f"files in notebooks/zh that are not a managers' session: {strays}"


def test_the_zh_folder_is_in_sync():
    assert sync_notebooks(ZH, check=True) == [], (
        "run `complaintkit workshop sync --folder notebooks/zh` after editing a zh notebook")


def test_run_once_as_the_chinese_run_of_their_session():
    """Neither file of a pair is collected by pytest itself (the root conftest's ignore globs,
    matched with fnmatch, cover the sub-folder): tests/test_notebooks.py runs each .ipynb as
    its session's Chinese run, so a session still runs once per language."""
    globs = runpy.run_path(str(ROOT / "conftest.py"))["collect_ignore_glob"]
    for name in ("10-six-steps.py", "10-six-steps.ipynb"):
        assert any(fnmatch.fnmatch((ZH / name).as_posix(), (ROOT / g).as_posix())
                   for g in globs), name
    text = (ROOT / "tests" / "test_notebooks.py").read_text(encoding="utf-8")
    assert '(ROOT / "notebooks").glob("*.ipynb")' in text
    assert 'path.parent / "zh" / path.name' in text


@pytest.mark.parametrize("session", MANAGERS, ids=lambda s: s.name)
def test_text_source_and_notebook_agree(session):
    py, ipynb = _pair(session)
    text = jupytext.read(py, fmt="py:percent")
    nb = nbformat.read(ipynb, as_version=4)
    assert _cells(nb) == _cells(text), f"{ipynb.name} and {py.name} differ: sync notebooks/zh"
    assert text.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("session", MANAGERS, ids=lambda s: s.name)
def test_cells_pair_with_the_english_notebook(session):
    en, zh = _english(session), _zh(session)
    assert [c.cell_type for c in zh.cells] == [c.cell_type for c in en.cells], (
        f"notebooks/zh/{session.name} no longer pairs cell for cell with the English notebook")


@pytest.mark.parametrize("session", MANAGERS, ids=lambda s: s.name)
def test_code_is_the_english_code(session):
    en, zh = _english(session), _zh(session)
    pairs = [(e.source, z.source) for e, z in zip(en.cells, zh.cells, strict=True)
             if e.cell_type == "code"]
    differ = [(i, e[:60]) for i, (e, z) in enumerate(pairs) if masked(e) != masked(z)]
    assert not differ, (f"code cells of notebooks/zh/{session.name} differ from the English "
                        f"notebook's beyond the dataset line and string literals: {differ}")
    switch = [i for i, (_, z) in enumerate(pairs) if DATASET_ZH in z]
    assert len(switch) == 1 and switch[0] <= 1 and DATASET_EN not in "".join(
        z for _, z in pairs), "the Chinese notebook runs on ecommerce_zh (one line, at the top)"


@pytest.mark.parametrize("session", MANAGERS, ids=lambda s: s.name)
def test_prose_is_chinese(session):
    md = [c.source for c in _zh(session).cells if c.cell_type == "markdown"]
    thin = [(round(cjk_share(m), 2), m[:40]) for m in md if cjk_share(m) < MIN_CJK_SHARE]
    assert not thin, f"markdown cells with too little Chinese: {thin}"
    left = [run for m in md for run in english_left(m)]
    assert not left, f"English left in the prose: {left}"


# --------------------------------------------------------------------------- conventions
@pytest.mark.parametrize("session", MANAGERS, ids=lambda s: s.name)
def test_stored_like_the_english_notebooks(session):
    nb = _zh(session)
    nbformat.validate(nb)
    assert nb.metadata == METADATA and all(not c.metadata for c in nb.cells)
    code = [c for c in nb.cells if c.cell_type == "code"]
    long = [c.source[:60] for c in code if len(c.source.splitlines()) > MAX_CODE_LINES]
    assert not long, f"code cells longer than {MAX_CODE_LINES} lines: {long}"
    for cell in code:
        if cell.source.startswith(CHECK_MARKER):
            assert cell.outputs, f"a checked cell without its output: {cell.source[:60]!r}"
            assert all(o.output_type == "stream" and o.name == "stdout"
                       and "Warning" not in o.text for o in cell.outputs)
        else:
            assert not cell.outputs and cell.execution_count is None, cell.source[:60]
