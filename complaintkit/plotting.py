"""Plot style: the one place that decides how complaintkit's figures look.

The kit's plotting functions draw inside :func:`plot_context`, which registers the bundled CJK
font and applies :func:`style` for the duration of the drawing only; importing complaintkit
never touches matplotlib's global settings. Notebooks that want the look for their own plots
call :func:`use_style` explicitly.

Chinese text needs no system font and no network: the package ships
``fonts/ComplaintkitCJKSC-Regular.ttf``, a subset of Noto Sans CJK SC (SIL Open Font License
1.1, see ``fonts/OFL.txt``) renamed "Complaintkit CJK SC". The style lists it after DejaVu
Sans, and matplotlib (>= 3.6) falls back glyph by glyph along that list, so Latin text keeps
DejaVu Sans and Chinese characters come from the bundled font, in PNG, SVG and PDF alike.

matplotlib is imported inside the functions, so ``import complaintkit.plotting`` is cheap.

Examples
--------
>>> from complaintkit.plotting import new_axes, plot_context
>>> with plot_context("zh_CN"):
...     fig, ax = new_axes()
...     _ = ax.bar(["邮局延误", "配货延误"], [12, 7])
...     _ = ax.set_title("配送超时：根本原因")
>>> import matplotlib.pyplot as plt
>>> plt.close(fig)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import N_, fmt_int, tr

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CJK_FAMILY", "FONT_PATH", "TopAndOther", "new_axes", "plot_context", "register_fonts",
    "style", "top_and_other", "use_style",
]

FONT_PATH = Path(__file__).parent / "fonts" / "ComplaintkitCJKSC-Regular.ttf"
"""The bundled CJK font (a renamed subset of Noto Sans CJK SC Regular)."""

CJK_FAMILY = "Complaintkit CJK SC"
"""The family name under which matplotlib knows :data:`FONT_PATH`."""

_SANS = ["DejaVu Sans", CJK_FAMILY]


def register_fonts() -> None:
    """Make the bundled CJK font known to matplotlib's font manager.

    Idempotent and cheap after the first call; only the in-memory font list of the running
    process is changed (matplotlib's on-disk font cache is not).

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties, findfont
    >>> register_fonts()
    >>> findfont(FontProperties(family="Complaintkit CJK SC")) == str(FONT_PATH)
    True
    """
    import dataclasses

    from matplotlib.font_manager import fontManager, ttfFontProperty
    from matplotlib.ft2font import FT2Font

    path = str(FONT_PATH)
    if any(entry.fname == path for entry in fontManager.ttflist):
        return
    if not FONT_PATH.is_file():
        raise FileNotFoundError(f"complaintkit's CJK font is missing: {path}")
    # The font has one weight (Regular). Declare it for the other weights too, so that bold
    # titles take their CJK glyphs from it without matplotlib logging "Failed to find font
    # weight bold for Complaintkit CJK SC" (the glyphs are regular either way).
    regular = ttfFontProperty(FT2Font(path))
    fontManager.ttflist.extend(
        dataclasses.replace(regular, weight=w) for w in range(100, 1000, 100) if w != 400)
    fontManager.addfont(path)  # adds the Regular entry and clears findfont's cache


def style(locale: str | None = None) -> dict[str, Any]:
    """The kit's rcParams, as a dict (nothing is applied).

    Parameters
    ----------
    locale : str, optional
        Locale code of the labels to be drawn (``"en_US"``, ``"zh_CN"``). The same fonts serve
        every locale: DejaVu Sans for Latin glyphs, with "Complaintkit CJK SC" as per-glyph
        fallback for Chinese, so the style is currently locale independent; the argument keeps
        call sites stable should a locale ever need its own settings.

    Returns
    -------
    dict
        rcParams for :func:`matplotlib.rc_context` or ``matplotlib.rcParams.update``. Call
        :func:`register_fonts` before drawing with it (:func:`plot_context` does both).

    Examples
    --------
    >>> style()["font.sans-serif"]
    ['DejaVu Sans', 'Complaintkit CJK SC']
    """
    if locale is not None:
        from .locale import LOCALES

        if locale not in LOCALES:
            raise ValueError(tr("unknown locale {value!r}; expected one of {locales}", None,
                                value=locale, locales=LOCALES))
    return {
        # Fonts: Latin from DejaVu Sans, the rest falls back glyph by glyph to the bundled CJK
        # font. The families are named in font.family itself: matplotlib's per-glyph fallback
        # walks font.family only, and a generic family ("sans-serif") there contributes just
        # its first installed font, so ["sans-serif"] alone would never reach the CJK font.
        "font.family": list(_SANS),
        "font.sans-serif": list(_SANS),
        "axes.unicode_minus": False,  # U+2212 is not in every font; plain hyphen-minus is
        # a light, clean look
        "figure.dpi": 100,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "axes.edgecolor": "#555555",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.titlesize": "large",
        "axes.labelcolor": "#333333",
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": "#b0b0b0",
        "grid.alpha": 0.4,
        "grid.linewidth": 0.6,
        "xtick.color": "#555555",
        "ytick.color": "#555555",
        "legend.frameon": False,
        "savefig.bbox": "tight",
    }


@contextlib.contextmanager
def plot_context(locale: str | None = None) -> Iterator[None]:
    """Draw with the kit's style inside a ``with`` block, restoring rcParams afterwards.

    Parameters
    ----------
    locale : str, optional
        Passed to :func:`style`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with plot_context("zh_CN"):
    ...     fig, ax = plt.subplots()
    ...     _ = ax.set_title("投诉回访满意度")
    >>> plt.close(fig)
    """
    import matplotlib

    register_fonts()
    # rc_context restores rcParams["interactive"] too; IPython turns interactive mode on when
    # a notebook's first figure appears, so keep whatever state the block leaves behind, or
    # later figures in the notebook would no longer be shown.
    with matplotlib.rc_context(style(locale)):
        yield
        interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)


def fix_fonts(*axes) -> None:
    """Give every text of ``axes`` the kit's font families.

    Texts keep the font they were created with, so axes made before the kit's style was
    active (e.g. passed in by the user) would draw Chinese tick labels as boxes without this.
    """
    for ax in axes:
        texts = [ax.title, ax.xaxis.label, ax.yaxis.label,
                 *ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]
        for t in texts:
            t.set_fontfamily(list(_SANS))


#: pandas display options of the kit's notebooks: wide tables shown whole (``labelled()`` has
#: 22+ columns; pandas hides the middle ones past 20) and long texts readable (an improvement
#: plan's actions, dataset titles, narratives: pandas cuts a cell at 50 characters).
TABLE_OPTIONS = {"display.max_columns": 60, "display.max_colwidth": 200}


def use_style(locale: str | None = None) -> None:
    """Apply the kit's style globally (for notebooks; never called by the kit itself): the
    charts' style and fonts, and :data:`TABLE_OPTIONS` for how pandas shows tables.

    Parameters
    ----------
    locale : str, optional
        Passed to :func:`style`.

    Examples
    --------
    >>> import complaintkit.plotting as ckp
    >>> ckp.use_style("zh_CN")  # doctest: +SKIP
    """
    import matplotlib
    import pandas as pd

    register_fonts()
    matplotlib.rcParams.update(style(locale))
    for key, value in TABLE_OPTIONS.items():
        pd.set_option(key, value)


def new_axes(ax: Axes | None = None, figsize: tuple[float, float] = (8, 4.5)
             ) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: *ax* and its figure, or a new figure when *ax* is None.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; its figure is returned with it.
    figsize : (float, float), default (8, 4.5)
        Size in inches of the new figure (ignored when *ax* is given).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = new_axes()
    >>> new_axes(ax) == (fig, ax)
    True
    >>> plt.close(fig)
    """
    if ax is not None:
        return ax.get_figure(), ax
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


# --------------------------------------------------------------------------- many groups
#: what the kit's plots write for the groups folded together (translated by
#: complaintkit.i18n.tr in the plot's language)
_OTHER_WORDS = {
    "label": N_("{other} ({k} {what})"),
    "note": N_("{k} smaller {what} of {total} are drawn together as {label}"),
}
_OTHER_TERMS = (N_("other"), N_("groups"), N_("levels"), N_("companies"))


@dataclass(frozen=True)
class TopAndOther:
    """Which groups a plot draws on their own and which it folds into one "other".

    Built by :func:`top_and_other`; the one place of this idea in the kit.

    Attributes
    ----------
    kept : list
        The groups drawn on their own, largest first.
    folded : list
        The groups drawn together (empty when every group fits).
    other : str
        The label of the folded groups, saying how many they are: ``"other (12 groups)"``.
    note : str
        One line for a title or the notes ("" when nothing is folded).
    """

    kept: list
    folded: list
    other: str
    note: str

    def label(self, values) -> list:
        """Each value's label in the plot: itself when kept, else :attr:`other`."""
        kept = set(self.kept)
        return [v if v in kept else self.other for v in values]

    @property
    def labels(self) -> list:
        """The labels in drawing order: the kept groups, then :attr:`other` if any."""
        return list(self.kept) + ([self.other] if self.folded else [])


def top_and_other(sizes, n: int = 10, *, other: str = "other",
                  what: str = "groups", locale: str | None = None) -> TopAndOther:
    """Keep the largest groups and fold the rest into one "other", for a readable plot.

    Plots of many groups (a dashboard by company, a Pareto of 300 products) draw the
    ``n - 1`` largest groups and one more, "other", that stands for the rest, rather than
    refusing or silently cutting. The label says how many groups were folded. The caller
    computes the folded group's numbers from its rows (counts add; shares and medians must be
    computed again over the pooled rows, never averaged).

    Parameters
    ----------
    sizes : Series or mapping
        Group -> size (how many rows it holds), in the order to keep between equal sizes.
    n : int
        The most bars / lines / panels to draw, "other" included (at least 2).
    other : str
        The word for the folded groups.
    what : str
        What a group is, in the plural, for the label ("groups", "levels", "companies").
    locale : str, optional
        The language of the label and the note (``other`` and ``what`` are translated too
        when the catalog has them); English if omitted.

    Returns
    -------
    TopAndOther
        ``.kept``, ``.folded``, ``.other`` (the label), ``.labels``, ``.label(values)``,
        ``.note``.

    Examples
    --------
    >>> t = top_and_other({"a": 50, "b": 30, "c": 5, "d": 3, "e": 1}, n=3)
    >>> t.kept, t.folded, t.other
    (['a', 'b'], ['c', 'd', 'e'], 'other (3 groups)')
    >>> t.label(["a", "e", "c"])
    ['a', 'other (3 groups)', 'other (3 groups)']
    >>> t.note
    "3 smaller groups of 5 are drawn together as 'other (3 groups)'"
    >>> top_and_other({"a": 1, "b": 2}, n=3).folded
    []
    """
    import pandas as pd

    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(tr("n must be a whole number >= 2 (the groups drawn, 'other' "
                            "included), but {n!r} was passed", locale, n=n))
    s = pd.Series(dict(sizes) if isinstance(sizes, Mapping) else sizes, dtype=float)
    order = list(s.sort_values(ascending=False, kind="stable").index)
    if len(order) <= n:
        return TopAndOther(order, [], other, "")
    kept, folded = order[:n - 1], order[n - 1:]
    what = tr(what, locale)
    label = tr(_OTHER_WORDS["label"], locale, other=tr(other, locale), what=what,
               k=fmt_int(len(folded), locale))
    note = tr(_OTHER_WORDS["note"], locale, k=fmt_int(len(folded), locale), what=what,
              total=fmt_int(len(order), locale), label=repr(label))
    return TopAndOther(kept, folded, label, note)
