#!/usr/bin/env python3
"""Build the CJK font shipped in ``complaintkit/fonts/`` (run by hand, not at build/test time).

complaintkit draws Chinese labels on machines that have no CJK system font and no network, so
the package carries its own font: a subset of **Noto Sans CJK SC Regular** (SIL Open Font
License 1.1), renamed "Complaintkit CJK SC" as the OFL requires for modified versions, and
converted from CFF to TrueType outlines so matplotlib can embed it in PDF as well as PNG/SVG.

Usage (from the repository root)::

    python tools/make_cjk_font.py /path/to/mplfonts-0.0.11-py3-none-any.whl

The source is the ``mplfonts/fonts/NotoSansCJKsc-Regular.otf`` member of the PyPI wheel
``mplfonts==0.0.11`` (``pip download mplfonts==0.0.11 --no-deps``). Only that Noto file is used:
the wheel also holds ``SimHei.ttf``, which is *not* openly licensed and must never be shipped.
The member's SHA-256 is checked against the wheel's RECORD and against the known digest below.

What the script does:

1. extract the OTF from the wheel;
2. subset it (``fontTools.subset``) to ASCII, Latin-1, General Punctuation, CJK Symbols and
   Punctuation (U+3000-303F), Halfwidth and Fullwidth Forms (U+FF00-FFEF), every GB2312 hanzi
   (rows 0xB0-0xF7), and every character of ``complaintkit/locales/*.toml`` and (when present)
   ``/work/shared/seeds/*.txt`` (see ``--seeds``); hinting is dropped and only the ``kern``
   layout feature is kept;
3. convert the cubic CFF outlines to quadratic TrueType ``glyf`` outlines with ``cu2qu`` (the
   "otf2ttf" recipe from fontTools' Snippets);
4. rename the family to "Complaintkit CJK SC" (PostScript name ``ComplaintkitCJKSC-Regular``),
   keeping the original copyright and licence records;
5. write ``complaintkit/fonts/ComplaintkitCJKSC-Regular.ttf`` and print its size and glyph count.

The output is deterministic (fixed ``head.modified``), so rerunning on the same inputs gives the
same bytes. Check ``complaintkit/fonts/OFL.txt`` still describes the font after a rebuild.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import sys
import zipfile
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

REPO = Path(__file__).resolve().parents[1]
MEMBER = "mplfonts/fonts/NotoSansCJKsc-Regular.otf"
MEMBER_SHA256 = "1652500938055a232cfbfa321de6ebaadfc5635dd9f75e369bc991d14a6512dd"
DEFAULT_OUT = REPO / "complaintkit" / "fonts" / "ComplaintkitCJKSC-Regular.ttf"
DEFAULT_SEEDS = Path("/work/shared/seeds")

FAMILY = "Complaintkit CJK SC"
STYLE = "Regular"
PS_NAME = "ComplaintkitCJKSC-Regular"

# Fixed timestamp (seconds since 1904-01-01) for reproducible output: 2024-01-01T00:00:00Z.
HEAD_TIMESTAMP = 3786825600

# cu2qu tolerance in font units (1000 UPM): 1.0 is the fontTools default, invisible at plot sizes.
MAX_ERR = 1.0

RANGES = [
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312_hanzi() -> set[int]:
    """Code points of every GB2312 hanzi (2-byte codes 0xB0A1-0xF7FE)."""
    out: set[int] = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.add(ord(ch))
    return out


def text_codepoints(paths: list[Path]) -> set[int]:
    """Code points of every non-control character in the given UTF-8 files."""
    out: set[int] = set()
    for p in paths:
        out.update(ord(c) for c in p.read_text(encoding="utf-8") if c.isprintable() or c == " ")
    return out


def wanted_codepoints(repo: Path, seeds: Path | None) -> set[int]:
    cps: set[int] = set()
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    cps |= gb2312_hanzi()
    locales = sorted((repo / "complaintkit" / "locales").glob("*.toml"))
    if not any(p.name == "zh_CN.toml" for p in locales):
        sys.exit(f"missing {repo / 'complaintkit/locales/zh_CN.toml'}")
    cps |= text_codepoints(locales)
    if seeds is not None and seeds.is_dir():
        cps |= text_codepoints(sorted(seeds.glob("*.txt")))
    else:
        print(f"note: no seed texts at {seeds}, skipped", file=sys.stderr)
    return cps


def extract_otf(wheel: Path) -> bytes:
    """Read the Noto OTF from the wheel, verifying it against RECORD and the known digest."""
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read(MEMBER)
        record = next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))
        rows = {line.split(",")[0]: line.split(",")[1] for line in
                zf.read(record).decode().splitlines() if line.count(",") >= 2}
    digest = hashlib.sha256(data)
    want = rows.get(MEMBER, "")
    got = "sha256=" + base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    if want != got:
        sys.exit(f"{MEMBER}: hash {got} does not match the wheel's RECORD ({want})")
    if digest.hexdigest() != MEMBER_SHA256:
        sys.exit(f"{MEMBER}: unexpected SHA-256 {digest.hexdigest()} (expected {MEMBER_SHA256})")
    return data


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    opts = subset.Options()
    opts.layout_features = ["kern"]
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.glyph_names = True
    # vertical metrics and CFF-only / signature tables are useless to matplotlib
    opts.drop_tables += ["BASE", "VORG", "DSIG", "vhea", "vmtx", "GSUB"]
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=codepoints)
    sub.subset(font)


def cff_to_glyf(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Replace CFF outlines with quadratic TrueType ones (fontTools Snippets/otf2ttf.py)."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(glyphset)
        # reverse_direction: CFF contours run counter-clockwise, TrueType ones clockwise
        glyphset[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)

    # left side bearing must equal xMin in TrueType
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(g, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max(
        (len(getattr(g, "components", [])) for g in glyf.glyphs.values()), default=0)
    maxp.compile(font)  # recalculates the point/contour maxima

    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    """Give the font its own family name (OFL: modified versions must not use the Noto name)."""
    name = font["name"]
    version = font["head"].fontRevision
    src_version = name.getDebugName(5) or ""
    ids = {
        1: FAMILY,
        2: STYLE,
        3: f"{version:.3f};complaintkit;{PS_NAME}",
        4: f"{FAMILY} {STYLE}",
        5: f"Version {version:.3f}; subset of Noto Sans CJK SC Regular ({src_version})",
        6: PS_NAME,
        16: FAMILY,
        17: STYLE,
    }
    # drop every old record of these IDs (all platforms/languages), plus full-name variants
    name.names = [n for n in name.names if n.nameID not in ids and n.nameID not in (18, 21, 22)]
    for nid, text in ids.items():
        name.setName(text, nid, 3, 1, 0x409)
        name.setName(text, nid, 1, 0, 0)
    name.names.sort(key=lambda n: (n.platformID, n.platEncID, n.langID, n.nameID))


def build(wheel: Path, out: Path, repo: Path, seeds: Path | None) -> TTFont:
    font = TTFont(io.BytesIO(extract_otf(wheel)), recalcTimestamp=False)
    codepoints = wanted_codepoints(repo, seeds)
    subset_font(font, codepoints)
    cff_to_glyf(font)
    rename(font)
    font["head"].modified = HEAD_TIMESTAMP
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return font


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="path to mplfonts-0.0.11-py3-none-any.whl")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output .ttf (default: %(default)s)")
    ap.add_argument("--repo", type=Path, default=REPO,
                    help="repository root (default: %(default)s)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS,
                    help="directory of seed *.txt files whose characters are kept, if it exists "
                         "(default: %(default)s)")
    args = ap.parse_args(argv)
    build(args.wheel, args.out, args.repo, args.seeds)

    check = TTFont(args.out)
    cmap = check.getBestCmap()
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 2**20:.2f} MiB, {size} bytes): "
          f"{len(check.getGlyphOrder())} glyphs, {len(cmap)} mapped code points, "
          f"family {check['name'].getDebugName(1)!r}, tables {sorted(check.keys())}")
    missing = [c for c in "配送超时投诉回访满意度华东Pareto 80%" if ord(c) not in cmap]
    if missing:
        print(f"error: missing {missing}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
