"""Slides and printable handouts of the workshop sessions, from each session's one notebook.

``complaintkit workshop render NN|all --to slides|handout|both --out DIR`` writes, per session::

    DIR/NN-slug.slides.html     reveal.js slides (nbconvert's SlidesExporter)
    DIR/NN-slug.handout.html    a printable handout (nbconvert's HTML, with a print stylesheet:
                                the browser's Print → Save as PDF makes the PDF)
    DIR/reveal.js/              reveal.js 5 (MIT), copied from the installed sphinx-revealjs
    DIR/fonts/                  the kit's CJK font (SIL OFL) for Chinese text

Nothing is fetched at run time and the pages reference only local files: the kit's templates
drop nbconvert's CDN scripts (require.js, jQuery, MathJax, mermaid: no session uses maths or
diagrams) and load reveal.js from ``DIR/reveal.js``. reveal.js comes from the PyPI package
``sphinx-revealjs`` (Apache-2.0; it ships reveal.js's ``dist/`` and plugins under reveal.js's
MIT licence), in the kit's ``lab`` and ``test`` extras: nbconvert ships no reveal.js of its own
(its default is a CDN URL), and jupyterlab-rise ships it only inside a webpack bundle.

Chinese text needs no Chinese system font: the pages declare the shipped font
(``complaintkit/fonts/ComplaintkitCJKSC-Regular.ttf``, the one the charts use) with
``@font-face`` after the Latin fonts, so Chinese characters come from it wherever the browser
has no other.

Slide boundaries come from the headings, because the stored notebooks carry no cell metadata
(:func:`complaintkit.workshop.clean_notebook` strips it): a markdown cell that starts with
``# `` or ``## `` opens a slide, one that starts with ``### `` a sub-slide (below it), and
every other cell continues the current slide; a slide taller than the screen scrolls.

By default each notebook is run first (in a fresh kernel, as trainees run it), so slides and
handouts show tables and charts; ``execute=False`` renders the notebook as stored.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "handouts"
>>> files = render_sessions(["00"], to="handout", out=out, execute=False)
>>> [p.name for p in files]
['00-start.handout.html']
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from ._files import write_bytes, write_text
from .classroom import (
    LANGS,
    _check_target,
    _dataset,
    _messages_locale,
    _switch_json,
    session_notebook,
)
from .i18n import cli_locale, fmt_list, tr
from .workshop import CHECK_MARKER, _execute, session, sessions

__all__ = ["render_sessions", "slide_types", "reveal_dir", "KINDS"]

KINDS = {"slides": ("slides",), "handout": ("handout",), "both": ("slides", "handout")}
#: The reveal.js files the slides load, relative to reveal.js's folder.
REVEAL_FILES = ("LICENSE", "dist/reveal.css", "dist/reveal.js", "dist/theme/white.css",
                "plugin/notes/notes.js")
FONT_FAMILY = "Complaintkit CJK SC"

_NO_CDN = """
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
_SLIDES = "{%- extends 'index.html.j2' -%}" + _NO_CDN + """
{% block footer_js %}
<style type="text/css">{{ resources.complaintkit_css }}</style>
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({controls: true, progress: true, history: true, slideNumber: "c/t",
                   transition: "none", width: 1100, height: 760, plugins: [RevealNotes]});
function scrollTall() {  // a slide taller than the screen scrolls
  var h = document.querySelector(".reveal").clientHeight * 0.95;
  document.querySelectorAll("section.present section, section.present").forEach(function (s) {
    if (s.scrollHeight > h) { s.style.height = "95vh"; s.style.overflowY = "auto"; }
  });
}
Reveal.on("ready", scrollTall);
Reveal.on("slidechanged", scrollTall);
</script>
{% endblock footer_js %}
"""
_HANDOUT = "{%- extends 'index.html.j2' -%}" + _NO_CDN + """
{%- block html_head_css -%}<style type="text/css">{{ resources.complaintkit_css }}</style>
{%- endblock html_head_css -%}
"""

_FONT_CSS = """
@font-face { font-family: "%(family)s"; font-style: normal; font-weight: 100 900;
             src: url("fonts/%(file)s") format("truetype"); }
:root {
  --jp-ui-font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif,
                       "%(family)s";
  --jp-content-font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial,
                            sans-serif, "%(family)s";
  --jp-code-font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace, "%(family)s";
  --r-main-font: "Source Sans Pro", Helvetica, sans-serif, "%(family)s";
  --r-heading-font: "Source Sans Pro", Helvetica, sans-serif, "%(family)s";
  --r-code-font: Menlo, Consolas, monospace, "%(family)s";
}
"""
_SLIDES_CSS = """
.reveal h1 { font-size: 1.6em; } .reveal h2 { font-size: 1.3em; } .reveal h3 { font-size: 1.1em; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
.reveal .jp-RenderedHTMLCommon table { font-size: 0.55em; }
.reveal section { text-align: left; }
"""
_PRINT_CSS = """
body { max-width: 60em; margin: 0 auto; padding: 1em 2em; }
.jp-RenderedHTMLCommon table { font-size: 0.85em; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .jp-InputPrompt, .jp-OutputPrompt, a.anchor-link { display: none !important; }
  .jp-Cell, .jp-OutputArea-output, img, table, pre { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  pre { white-space: pre-wrap; }
  a { color: inherit; text-decoration: none; }
}
"""


def reveal_dir(locale: str | None = None) -> Path:
    """reveal.js's folder in the installed ``sphinx-revealjs`` package (not imported: only its
    static files are used); if it is missing, the error is in ``locale``'s language."""
    spec = importlib.util.find_spec("sphinx_revealjs")
    folder = (Path(next(iter(spec.submodule_search_locations))) / "_static" / "revealjs"
              if spec and spec.submodule_search_locations else None)
    if folder is None or not (folder / "dist" / "reveal.js").exists():
        raise FileNotFoundError(tr(
            "slides need reveal.js from the sphinx-revealjs package, which is not installed: "
            "run `.venv/bin/python -m pip install -e '.[lab]'` (or `pip install "
            "sphinx-revealjs`)", locale))
    return folder


def slide_types(nb) -> object:
    """Set each cell's ``slideshow.slide_type`` from the headings, in place; returns ``nb``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("1 + 1"),
    ...     nbformat.v4.new_markdown_cell("## Part"), nbformat.v4.new_markdown_cell("### Sub"),
    ...     nbformat.v4.new_markdown_cell("Text")])
    >>> [c.metadata.slideshow.slide_type for c in slide_types(nb).cells]
    ['slide', '-', 'slide', 'subslide', '-']
    """
    for i, cell in enumerate(nb.cells):
        kind = "-"
        if cell.cell_type == "markdown":
            if re.match(r"#{1,2} ", cell.source):
                kind = "slide"
            elif cell.source.startswith("### "):
                kind = "subslide"
        cell.metadata["slideshow"] = {"slide_type": "slide" if i == 0 else kind}
    return nb


def render_sessions(numbers, *, to: str = "both", out: str | Path, lang: str = "en",
                    execute: bool = True, hide_code: bool = False,
                    overwrite: bool = False, locale: str | None = None) -> list[Path]:
    """Render sessions to slides and / or handouts in ``out`` (see the module's description).

    Parameters
    ----------
    numbers : list of str, or "all"
        Session numbers (``["00", "05"]``) or ``"all"``.
    to : {"slides", "handout", "both"}
        What to write.
    out : path
        The folder to write (created); a non-empty folder is refused unless ``overwrite``
        (then only the files of the same names are replaced).
    lang : {"en", "zh"}
        The dataset the notebooks run on (their ``DATASET`` line); for ``zh`` a session's
        Chinese-prose notebook (``notebooks/zh/``) where there is one.
    execute : bool
        Run each notebook first, so that its tables and charts are shown (default).
    hide_code : bool
        Show the outputs and the text, not the code.
    locale : str, optional
        The language of the errors (default: the room's, ``lang``, else English).

    Returns
    -------
    list of Path
        The pages written (the copied reveal.js and font files are not listed).
    """
    loc = _messages_locale(lang, locale)
    if to not in KINDS:
        raise ValueError(tr("to must be one of {names}, but {value} was passed", loc,
                            names=fmt_list(map(repr, KINDS), loc), value=repr(to)))
    chosen = sessions() if numbers == "all" else [session(n, locale=loc) for n in numbers]
    dataset = _dataset(lang, loc)
    out = Path(out)
    # fail before writing anything
    reveal = reveal_dir(loc) if "slides" in KINDS[to] else None
    _check_target(out, overwrite, loc)
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out, reveal)
    written = []
    for s in chosen:
        nb = _notebook(session_notebook(s, lang), dataset, execute, loc)
        for kind in KINDS[to]:
            html = _export(nb, kind, hide_code)
            written.append(write_text(out / f"{s.name}.{kind}.html", html))
    return written


def _notebook(path: Path, dataset: str, execute: bool, locale: str | None = None):
    import nbformat

    text = _switch_json(path.read_text(encoding="utf-8"), dataset, path.name, locale)
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(CHECK_MARKER):
            cell.source = cell.source[len(CHECK_MARKER):].lstrip("\n")
    if execute:
        nb = _execute(nb, path.parent, path.name, locale)
    return nb


def _export(nb, kind: str, hide_code: bool) -> str:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter, SlidesExporter

    from .plotting import FONT_PATH

    css = _FONT_CSS % {"family": FONT_FAMILY, "file": FONT_PATH.name}
    templates = DictLoader({"ck_slides.html.j2": _SLIDES, "ck_handout.html.j2": _HANDOUT})
    if kind == "slides":
        exporter = SlidesExporter(extra_loaders=[templates], template_file="ck_slides.html.j2",
                                  reveal_url_prefix="reveal.js", reveal_theme="white",
                                  exclude_input=hide_code)
        css += _SLIDES_CSS
        nb = slide_types(_copy(nb))
    else:
        exporter = HTMLExporter(extra_loaders=[templates], template_name="lab",
                                template_file="ck_handout.html.j2", exclude_input=hide_code)
        css += _PRINT_CSS
    html, _ = exporter.from_notebook_node(nb, resources={"complaintkit_css": css})
    return html


def _copy(nb):
    import copy

    return copy.deepcopy(nb)


def _copy_assets(out: Path, reveal: Path | None) -> None:
    """The font (always) and reveal.js (for slides) beside the pages."""
    from .plotting import FONT_PATH

    (out / "fonts").mkdir(exist_ok=True)
    for src in (FONT_PATH, FONT_PATH.with_name("OFL.txt")):
        write_bytes(out / "fonts" / src.name, src.read_bytes())
    if reveal is None:
        return
    files = list(REVEAL_FILES) + [p.relative_to(reveal).as_posix() for p in
                                  (reveal / "dist/theme/fonts/source-sans-pro").iterdir()]
    for rel in files:
        target = out / "reveal.js" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, (reveal / rel).read_bytes())


# --------------------------------------------------------------------------- command line
def add_render_parser(actions) -> None:
    """``complaintkit workshop render`` (its texts in the terminal's language)."""
    lang = cli_locale()
    p = actions.add_parser("render", help=tr(
        "slides (reveal.js) and printable handouts of sessions, from their notebooks; no "
        "network needed", lang))
    p.add_argument("sessions", metavar="NN|all", nargs="+",
                   help=tr("session numbers (e.g. 00 05) or 'all'", lang))
    p.add_argument("--to", choices=list(KINDS), default="both",
                   help=tr("what to write (default: %(default)s)", lang))
    p.add_argument("--out", metavar="DIR", type=Path, required=True,
                   help=tr("the folder to write (created; refused if not empty)", lang))
    p.add_argument("--lang", choices=list(LANGS), default="en",
                   help=tr("the dataset the notebooks run on (default: %(default)s)", lang))
    p.add_argument("--no-execute", dest="execute", action="store_false",
                   help=tr("render the notebooks as stored, without running them (no charts)",
                           lang))
    p.add_argument("--hide-code", action="store_true",
                   help=tr("text and outputs only", lang))
    p.add_argument("--overwrite", action="store_true",
                   help=tr("write into a non-empty folder, replacing files of the same names",
                           lang))
    p.set_defaults(func=cmd_render)


def cmd_render(args) -> int:
    lang = cli_locale()
    numbers = "all" if args.sessions == ["all"] else args.sessions
    try:
        files = render_sessions(numbers, to=args.to, out=args.out, lang=args.lang,
                                execute=args.execute, hide_code=args.hide_code,
                                overwrite=args.overwrite, locale=lang or "en_US")
    except KeyError as e:  # an unknown session number
        raise ValueError(e.args[0]) from None
    for f in files:
        print(tr("wrote {path}", lang, path=f))
    return 0
