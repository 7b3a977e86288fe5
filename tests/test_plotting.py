"""The plot style and the bundled CJK font: Chinese renders with no system CJK font installed."""

import matplotlib

matplotlib.use("Agg")

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont  # noqa: E402

from complaintkit.plotting import (  # noqa: E402
    CJK_FAMILY,
    FONT_PATH,
    new_axes,
    plot_context,
    register_fonts,
    style,
)

ZH = "配送超时投诉回访满意度华东"
LATIN = "Pareto 80%"
TICKS = ["邮局延误", "配货延误", "退回包裹查询", "客户提供错误的收货人信息（华东）"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _draw():
    """A figure with a Chinese title, Chinese tick labels and mixed Latin/Chinese text."""
    fig, ax = new_axes()
    ax.bar(TICKS, [30, 12, 5, 2])
    ax.set_xticks(range(len(TICKS)), TICKS, rotation=30, ha="right")
    ax.set_title(f"{ZH}：{LATIN}")
    ax.set_ylabel("投诉量 (count)")
    ax.text(0, 25, "累计 −80%，“帕累托”")
    return fig


def test_font_file_is_shipped_small_and_covers_the_labels():
    assert FONT_PATH.is_file()
    assert FONT_PATH.stat().st_size < 8 * 2**20
    font = TTFont(FONT_PATH)
    cmap = font.getBestCmap()
    assert [c for c in ZH + LATIN if ord(c) not in cmap] == []
    assert font["name"].getDebugName(1) == CJK_FAMILY
    assert font["name"].getDebugName(6) == "ComplaintkitCJKSC-Regular"
    assert "glyf" in font and "CFF " not in font  # TrueType outlines, embeddable in PDF
    assert (FONT_PATH.parent / "OFL.txt").is_file()


def test_register_fonts_is_idempotent_and_findfont_returns_the_shipped_file():
    from matplotlib.font_manager import fontManager

    register_fonts()
    n = len(fontManager.ttflist)
    register_fonts()
    assert len(fontManager.ttflist) == n
    assert findfont(FontProperties(family=CJK_FAMILY), fallback_to_default=False) == str(FONT_PATH)


def test_chinese_renders_to_png_without_missing_glyphs(tmp_path, caplog):
    caplog.set_level("WARNING", logger="matplotlib.font_manager")
    with plot_context("zh_CN"):
        assert findfont(FontProperties(family=CJK_FAMILY)) == str(FONT_PATH)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
            fig = _draw()
            fig.savefig(tmp_path / "zh.png")
    assert (tmp_path / "zh.png").stat().st_size > 1000
    # the bold title found the (single-weight) CJK font without "Failed to find font weight"
    assert [r.getMessage() for r in caplog.records if CJK_FAMILY in r.getMessage()] == []


@pytest.mark.parametrize("fonttype", [3, 42])
def test_chinese_renders_to_pdf(tmp_path, fonttype):
    with plot_context("zh_CN"), matplotlib.rc_context({"pdf.fonttype": fonttype}):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig = _draw()
            fig.savefig(tmp_path / "zh.pdf")
    data = (tmp_path / "zh.pdf").read_bytes()
    assert data.startswith(b"%PDF") and b"ComplaintkitCJKSC-Regular" in data


def test_without_the_style_chinese_glyphs_are_missing(tmp_path):
    """Guards the test above: the warning does fire when the CJK font is not in the list."""
    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = new_axes()
        ax.set_title(ZH)
        with pytest.warns(UserWarning, match="missing from font"):
            fig.savefig(tmp_path / "boxes.png")


def test_plot_context_restores_rcparams():
    before = dict(matplotlib.rcParams)
    with plot_context():
        assert matplotlib.rcParams["font.sans-serif"] == style()["font.sans-serif"]
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert dict(matplotlib.rcParams) == before


def test_style_is_a_fresh_dict_and_checks_the_locale():
    s = style("zh_CN")
    s["font.sans-serif"].append("X")
    assert style()["font.sans-serif"] == ["DejaVu Sans", CJK_FAMILY]
    with pytest.raises(ValueError):
        style("xx_XX")


def test_new_axes_reuses_given_axes():
    fig, ax = plt.subplots()
    assert new_axes(ax) == (fig, ax)
    fig2, ax2 = new_axes(figsize=(3, 2))
    assert fig2 is not fig and tuple(fig2.get_size_inches()) == (3, 2)


def test_importing_complaintkit_does_not_touch_global_rcparams():
    code = (
        "import json, matplotlib\n"
        "before = {k: repr(v) for k, v in matplotlib.rcParams.items()}\n"
        "import complaintkit, complaintkit.plotting\n"
        "after = {k: repr(v) for k, v in matplotlib.rcParams.items()}\n"
        "print(json.dumps(sorted(k for k in before if before[k] != after.get(k))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_importing_complaintkit_plotting_does_not_import_matplotlib():
    code = ("import sys, complaintkit.plotting\n"
            "print(any(m == 'matplotlib' or m.startswith('matplotlib.') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_plot_context_keeps_interactive_mode_switched_on_inside():
    """IPython turns interactive mode on with a notebook's first figure; keep it on."""
    import matplotlib as mpl

    was = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with plot_context():
            mpl.interactive(True)
        assert mpl.is_interactive()
    finally:
        mpl.interactive(was)


# --------------------------------------------------------------------------- many groups
def test_top_and_other_keeps_the_largest_and_counts_the_rest():
    import pandas as pd

    from complaintkit.plotting import top_and_other

    sizes = pd.Series({"a": 5, "b": 9, "c": 1, "d": 9, "e": 3})
    t = top_and_other(sizes, n=3, what="companies")
    assert t.kept == ["b", "d"]  # equal sizes keep the order given
    assert t.folded == ["a", "e", "c"]
    assert t.other == "other (3 companies)" and t.labels == ["b", "d", "other (3 companies)"]
    assert t.label(["c", "b"]) == ["other (3 companies)", "b"]
    assert t.note == "3 smaller companies of 5 are drawn together as 'other (3 companies)'"
    fits = top_and_other(sizes, n=5)
    assert fits.folded == [] and fits.note == "" and fits.labels == ["b", "d", "a", "e", "c"]
    for bad in (1, 0, 2.5, True):
        with pytest.raises(ValueError, match="n must be a whole number >= 2"):
            top_and_other(sizes, n=bad)


def test_use_style_shows_wide_tables_whole_and_long_texts_readable():
    """Issue 13 item 7: in the notebooks (which call use_style), labelled() with its 22+
    columns shows every column, and a long text (a plan's action, a dataset's title) is not
    cut at pandas' 50 characters."""
    import pandas as pd

    import complaintkit as ck
    from complaintkit.plotting import TABLE_OPTIONS, use_style

    saved = {k: pd.get_option(k) for k in TABLE_OPTIONS}
    wide = ck.load_dataset("ecommerce_en").labelled("complaints").head(2)
    long = pd.DataFrame({"action": ["x" * 150]})
    assert wide.shape[1] > 20 and "..." in wide._repr_html_()   # pandas' defaults hide some
    import matplotlib

    try:
        with matplotlib.rc_context():   # use_style sets the charts' style too: keep it here
            use_style()
        html = wide._repr_html_()
        assert all(f"<th>{c}</th>" in html for c in wide.columns)
        assert "<th>...</th>" not in html
        assert "x" * 150 in long._repr_html_()
    finally:
        for k, v in saved.items():
            pd.set_option(k, v)
