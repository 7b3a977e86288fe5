"""Slides and handouts (``workshop render``): one small session, both kinds, offline.

The pages must load nothing from the network (every script and style sheet is a local file
that exists beside them), carry the session's headings, and declare the shipped CJK font.
Rendered as stored (``execute=False``) to keep the suite fast; the executed render goes
through the same exporters.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jupytext
import pytest

from complaintkit.cli import main
from complaintkit.handouts import render_sessions
from complaintkit.workshop import repo_root, session

SRC = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
CSS_URL = re.compile(r"""(?:@import\s+|url\()\s*["']?([^"')\s;]+)""", re.I)


def _headings(number: str) -> list[str]:
    nb = jupytext.read(session(number).files(repo_root())["source"])
    return [m.group(1).strip() for c in nb.cells if c.cell_type == "markdown"
            for m in [re.match(r"#{1,3} ([^`*\[\n]+)\n", c.source + "\n")] if m]


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render") / "out"
    files = render_sessions(["00"], to="both", out=out, execute=False)
    return out, files


def test_both_pages_exist_with_the_sessions_headings(rendered):
    out, files = rendered
    assert [f.name for f in files] == ["00-start.slides.html", "00-start.handout.html"]
    headings = _headings("00")
    assert len(headings) >= 4
    for page in files:
        text = _text(page.read_text(encoding="utf-8"))
        missing = [h for h in headings if h not in text]
        assert not missing, f"{page.name} lacks headings {missing}"
    slides = files[0].read_text(encoding="utf-8")
    assert slides.count("<section") >= 4  # a slide per heading (# and ##), ### below


def test_pages_load_only_local_files(rendered):
    out, files = rendered
    for page in files:
        text = page.read_text(encoding="utf-8")
        refs = SRC.findall(text)
        css = "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.S))
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments may name their sources
        refs += [r for r in CSS_URL.findall(css) if not r.startswith("data:")]
        remote = [r for r in refs if re.match(r"(?:https?:)?//", r)]
        assert not remote, f"{page.name} loads from the network: {remote}"
        for ref in refs:
            assert (out / ref.split("#")[0]).exists(), f"{page.name}: {ref} is not there"
        assert '@font-face { font-family: "Complaintkit CJK SC"' in text
    slides = files[0].read_text(encoding="utf-8")
    assert "reveal.js/dist/reveal.js" in SRC.findall(slides)
    for sheet in (out / "reveal.js").rglob("*.css"):  # reveal's own style sheets too
        body = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"(?:@import\s+|url\()\s*[\"']?(?:https?:)?//", body), sheet
    assert (out / "fonts" / "ComplaintkitCJKSC-Regular.ttf").exists()
    assert (out / "fonts" / "OFL.txt").exists() and (out / "reveal.js" / "LICENSE").exists()


def test_render_refuses_a_non_empty_folder(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    assert main(["workshop", "render", "00", "--to", "handout", "--out", str(out),
                 "--no-execute"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    assert main(["workshop", "render", "99", "--out", str(tmp_path / "new")]) == 2
    assert not Path(tmp_path / "new").exists()
