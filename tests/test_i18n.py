"""Messages and their translations (complaintkit.i18n; CONTRIBUTING.md, "Messages").

- the catalog: every msgid the package marks (``tr(...)``, ``N_(...)``) has a Chinese msgstr
  with the same ``{fields}``: the test that fails when a user-visible string has no
  translation;
- the behaviour: in a Chinese world, each analysis' summary, notes, assumptions and chart
  texts hold no English word (codes included) beyond a short list of shared abbreviations.
  The analyses not converted yet are listed in ``NOT_YET_CHINESE`` (strict xfail: converting
  one makes its test pass, and the suite fails until it leaves the list). That list is the
  to-do;
- the mechanism itself: English and unknown locales give the English, a missing translation
  gives the English without an error, the locale rule, the number and date formats, and an
  update of the catalog never loses a translation.
"""

from __future__ import annotations

import re
import shutil
import warnings

import matplotlib
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import i18n
from complaintkit.i18n import fmt_date, fmt_int, fmt_num, fmt_pct, locale_of, tr

matplotlib.use("Agg")

ZH = "zh_CN"


# --------------------------------------------------------------------------- the catalog
@pytest.fixture(scope="module")
def extracted():
    return i18n.extract()


def test_every_message_has_a_chinese_translation(extracted):
    """The test that fails when a user-visible string has no translation: add the msgstr in
    complaintkit/locales/messages/zh_CN.po (after `python -m complaintkit.i18n extract`)."""
    zh = i18n.catalog.__wrapped__(ZH)
    absent = [m.id for m in extracted if m.id and m.id not in zh]
    assert not absent, (
        f"{len(absent)} messages have no zh_CN translation (run `python -m complaintkit.i18n "
        f"extract`, then fill their msgstr in {i18n.CATALOG_DIR / 'zh_CN.po'}): {absent[:10]}")
    wrong = [(m.id, zh[m.id]) for m in extracted
             if m.id and not i18n.fields_match(m.id, zh[m.id])]
    assert not wrong, f"translations whose {{fields}} differ from their msgid's: {wrong[:5]}"


def test_catalog_holds_no_english_left_untranslated(extracted):
    """A msgstr is not the msgid copied, unless the msgid is only fields and punctuation."""
    zh = i18n.catalog.__wrapped__(ZH)
    english = [m.id for m in extracted
               if m.id and re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", m.id))
               and zh.get(m.id) == m.id]
    assert not english, f"msgstr copied from the English: {english[:5]}"


def test_bundled_font_draws_every_translation():
    """Charts draw their texts with the bundled CJK subset: every character of the catalog
    must be in it (else a box and a "missing from font" warning)."""
    from matplotlib.ft2font import FT2Font

    from complaintkit.plotting import FONT_PATH

    cmap = FT2Font(str(FONT_PATH)).get_charmap()
    chars = set("".join(i18n.catalog.__wrapped__(ZH).values()))
    missing = sorted(c for c in chars if ord(c) > 0x2E80 and ord(c) not in cmap)
    assert not missing, f"characters not in {FONT_PATH.name}: {''.join(missing)}"


def test_update_keeps_translations_and_marks_obsolete(tmp_path, extracted):
    from babel.messages.pofile import read_po

    shutil.copy(i18n.CATALOG_DIR / "zh_CN.po", tmp_path / "zh_CN.po")
    with (tmp_path / "zh_CN.po").open("a", encoding="utf-8") as f:
        f.write('\nmsgid "a message the code no longer has"\nmsgstr "代码中已没有的消息"\n')
    i18n.update_catalogs(folder=tmp_path)
    with (tmp_path / "zh_CN.po").open("rb") as f:
        cat = read_po(f)
    assert "a message the code no longer has" in cat.obsolete
    before = i18n.catalog.__wrapped__(ZH)
    after = {m.id: m.string for m in cat if m.id}
    assert {k: after.get(k) for k in before} == before
    assert set(after) == {m.id for m in extracted if m.id}


# --------------------------------------------------------------------------- the mechanism
def test_tr_english_unknown_and_missing():
    msgid = "all {total} {unit} used"
    assert tr(msgid, None, total="3", unit="rows") == "all 3 rows used"
    assert tr(msgid, "en_US", total="3", unit="rows") == "all 3 rows used"
    assert tr(msgid, "fr_FR", total="3", unit="rows") == "all 3 rows used"
    assert tr(msgid, ZH, total="3", unit=tr("rows", ZH)) == "全部 3 行均已使用"
    assert tr("not in any catalog: {x}", ZH, x=1) == "not in any catalog: 1"


def test_tr_falls_back_when_a_translation_has_other_fields(monkeypatch):
    monkeypatch.setitem(i18n.catalog(ZH), "x {a}", "错 {b}")
    assert tr("x {a}", ZH, a=1) == "x 1"


def test_locale_rule():
    t = pd.DataFrame({"n": [1, 2]})
    assert locale_of(t) is None
    t.attrs["complaintkit"] = {"scenario": "ecommerce", "seed": 1, "locale": ZH}
    assert locale_of(t) == ZH and locale_of(t[t["n"] > 1]) == ZH   # filters keep the mark
    assert locale_of(t, locale="en_US") == "en_US"
    t.attrs["locale"] = "en_US"
    assert locale_of(t) == "en_US"
    read = pd.DataFrame({"priority": ["high"]})
    read.attrs["recoded"] = {"priority": {"高": ("high", 1)}}
    assert locale_of(read) == ZH
    w = ck.load_dataset("ecommerce_zh")
    assert locale_of(w) == ZH and locale_of(w.complaints) == ZH


def test_number_and_date_formats():
    assert fmt_int(1094, ZH) == fmt_int(1094) == "1,094"
    assert fmt_num(4.25) == "4.2" and fmt_num(4.0, ZH) == "4"
    assert fmt_pct(0.823, ZH) == fmt_pct(0.823) == "82%"
    assert fmt_date("2025-03-02", ZH) == "2025年3月2日"
    assert fmt_date(pd.Timestamp("2025-03-02 10:00"), "en_US") == "2025-03-02"


# --------------------------------------------------------------------------- the behaviour
#: analyses whose texts are not Chinese yet in a Chinese world: the to-do, name -> module.
#: Converting a module makes its tests pass here (strict xfail), which fails the suite until
#: its names leave this list.
NOT_YET_CHINESE: dict[str, str] = {}   # every analysis converted (issue 13 item 4)

#: English that may stay in Chinese texts: abbreviations and names Chinese analysts use as
#: they are. Add a word only with a reason.
ALLOWED_WORDS = {
    "CSAT", "NPS", "SLA", "KPI", "KPIs", "FCR", "AHT", "CI", "p", "p90", "n", "k", "Erlang", "Cox",
    "Wilson", "OLS", "GLM", "ETS", "STL", "MASE", "NMF", "TF", "IDF", "Shapley", "vs",
    "t", "Conover",  # a t interval; a citation (Conover 1999)
    "App",  # the zh_CN label of the channel "app" (complaintkit/locales/zh_CN.toml)
    "inf", "nan", "NaN",  # a trainee's number as Python prints it, echoed in the feedback
    # statisticians' names of tests and effects, as Chinese texts write them
    "Fisher", "Welch", "Mann", "Whitney", "Kruskal", "Wallis", "Cohen", "Hedges", "Cliff",
    "delta", "g", "h", "s", "Newcombe", "DeLong", "McKean", "Schrader", "Olkin", "ANOVA",
    "atanh", "sqrt", "statsmodels", "confint_proportions_2indep", "NormalIndPower",
    "TTestIndPower", "macro", "F1", "bootstrap",  # routing: macro-F1, TF-IDF
    "R", "LMG", "HC3", "Johnson", "Kaplan", "Meier", "SUTVA",  # R², methods' names
    "A", "C", "M",  # staffing: the queueing models' names, Erlang A / Erlang C, M/M/n(+M)
}
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*")  # not the x of 2x2
#: names a user types, which stay as they are: 'quoted', keyword=, call(...), ck.name
_CODE = re.compile(r"'[^']*'|\b\w+=|\b[\w.]+\([^()]*\)|\b\w+(?:\.\w+)+|\.\w+")

#: other calls than the contract's: cheaper for the slow ones (the texts are the same)
CHEAP = {"drivers": lambda d: ck.drivers(d["frame"], n_boot=3),
         # power reads no data: its language is the locale= it is given
         "power": lambda d: ck.power("two_proportions", n=[100, 200], baseline=0.1,
                                     effect=0.05, n_sim=200, seed=1, locale=ZH)}


@pytest.fixture(scope="module")
def zh_data():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        world = ck.generate(n_complaints=800, locale=ZH, seed=7)
        frame = ck.complaint_frame(world.complaints, world.surveys, agents=world.agents,
                                   customers=world.customers)
        return {"world": world, "complaints": world.complaints, "frame": frame,
                "counts": ck.complaint_counts(world.complaints, by="category", locale=ZH),
                "total": ck.complaint_counts(world.complaints, locale=ZH),
                "loyalty": ck.loyalty_frame(world.customers, world.complaints, world.surveys,
                                            world.orders)}


def english_words(text: str, columns=()) -> list[str]:
    """The English words (and codes such as ``product_quality``) in ``text``, but for the
    result's own ``columns`` and the names a user types (see ``_CODE``)."""
    words = _WORD.findall(_CODE.sub(" ", str(text)))
    return [w for w in words if w not in ALLOWED_WORDS and w not in set(map(str, columns))]


def figure_texts(fig) -> list[str]:
    """Every text drawn: titles, axis labels, tick labels, legends, annotations."""
    out = [t.get_text() for t in fig.texts]
    if getattr(fig, "_suptitle", None) is not None:
        out.append(fig._suptitle.get_text())
    for ax in fig.axes:
        out += [ax.get_title(loc) for loc in ("left", "center", "right")]
        out += [ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
            out.append(legend.get_title().get_text())
    return [t for t in out if t]


def _params():
    from test_contract import ANALYSES

    return [pytest.param(name, marks=pytest.mark.xfail(
        strict=True, raises=AssertionError,
        reason=f"not yet Chinese: {NOT_YET_CHINESE[name]}")) if name in NOT_YET_CHINESE
        else name for name in sorted(ANALYSES)]


@pytest.mark.parametrize("name", _params())
def test_chinese_world_speaks_chinese(name, zh_data):
    import matplotlib.pyplot as plt
    from test_contract import ANALYSES

    res = CHEAP.get(name, ANALYSES[name])(zh_data)
    cols = res.table.columns
    found = {"summary": english_words(res.summary(), cols)}
    found.update({f"note {i}": english_words(n, cols) for i, n in enumerate(res.notes)})
    found.update({f"assumption {i}": english_words(a, cols)
                  for i, a in enumerate(res.assumptions)})
    bad = {k: v for k, v in found.items() if v}
    assert not bad, f"{name}: English in a zh world: {bad}"
    try:
        res.plot()
        drawn = [t for num in plt.get_fignums() for t in figure_texts(plt.figure(num))]
    finally:
        plt.close("all")
    bad = [t for t in drawn if english_words(t, cols)]
    assert not bad, f"{name}: English in the chart of a zh world: {bad}"


# --------------------------------------------------------------------------- the source
#: calls whose text a user reads: feedback, errors, printed lines, chart texts
_SHOWN_CALLS = {"correct", "not_yet", "print", "ValueError", "TypeError", "KeyError",
                "FileExistsError", "AnswerError", "set_title", "set_xlabel", "set_ylabel",
                "suptitle", "annotate", "text", "warn"}
_WORDS = re.compile(r"[A-Za-z]{2,}")


def untranslated(path) -> list[str]:
    """``file:line`` of each user-visible text written as a literal (or an f-string with
    words) straight into a call of ``_SHOWN_CALLS``, rather than through ``tr``."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        if name not in _SHOWN_CALLS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg in
                                  (None, "label", "title"))]:
            parts = [arg] if isinstance(arg, ast.Constant) else (
                arg.values if isinstance(arg, ast.JoinedStr) else [])
            text = "".join(p.value for p in parts
                           if isinstance(p, ast.Constant) and isinstance(p.value, str))
            if _WORDS.search(text):
                out.append(f"{path.name}:{node.lineno}")
    return out


PACKAGE = i18n.PACKAGE_DIR
#: modules with user-visible texts written as literals straight into an error, a print, a
#: feedback or a chart call, not through ``tr``: the to-do beyond the analyses above (their
#: MESSAGES dicts and the texts they build elsewhere are the behaviour tests' to catch).
#: Strict xfail: a module converted fails here until it leaves the list; a new module must
#: route its texts through tr from the start.
NOT_YET_TRANSLATED: set[str] = set()   # every module converted (issue 13 item 4)
#: the maintainers' tool prints English on purpose (python -m complaintkit.i18n)
NOT_USER_FACING = {"i18n.py"}


def _modules():
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                  if "__pycache__" not in p.parts and str(p.relative_to(PACKAGE))
                  not in NOT_USER_FACING)


@pytest.mark.parametrize("module", [
    pytest.param(m, marks=pytest.mark.xfail(strict=True, raises=AssertionError,
                                            reason="texts not yet through tr"))
    if m in NOT_YET_TRANSLATED else m for m in _modules()])
def test_texts_go_through_the_catalog(module):
    found = untranslated(PACKAGE / module)
    assert not found, (f"user-visible texts written straight into a call, not through "
                       f"complaintkit.i18n.tr: {found}")


def test_todo_lists_name_real_modules():
    from test_contract import ANALYSES

    assert NOT_YET_TRANSLATED <= set(_modules()), NOT_YET_TRANSLATED - set(_modules())
    assert set(NOT_YET_CHINESE) <= set(ANALYSES)


# --------------------------------------------------------------------------- CLI, exercises
def test_cli_speaks_the_terminal_language(monkeypatch, capsys):
    from complaintkit.cli import main

    monkeypatch.setenv("COMPLAINTKIT_LOCALE", "zh_CN")
    assert main(["generate", "--seed", "x", "--out", "unused"]) == 2
    assert capsys.readouterr().err.startswith("complaintkit：错误：--seed 须为整数")
    monkeypatch.setenv("COMPLAINTKIT_LOCALE", "en_US")
    assert main(["generate", "--seed", "x", "--out", "unused"]) == 2
    assert capsys.readouterr().err.startswith("complaintkit: error: --seed must be a whole")


def test_exercise_feedback_speaks_the_dataset_language(monkeypatch):
    monkeypatch.setenv(ck.exercises.STRICT_ENV, "0")
    zh = ck.exercises.start("01", dataset="ecommerce_zh")
    fb = zh.check(1, ...)
    assert str(fb).startswith("🟠 任务 01.1：还不对") and "把 `...` 换成你的答案" in str(fb)
    assert fb.status == "not yet"   # the code, in every language
    en = ck.exercises.start("01", dataset="ecommerce_en")
    assert str(en.check(1, ...)).startswith("🟠 Task 01.1: not yet")
