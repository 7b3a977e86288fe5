"""User-visible messages and their translations: the one mechanism of the kit.

Every text a user reads (a summary, a note, an assumption, an error, a chart's title, axis,
legend or tick label, a CLI message, an exercise's feedback) is written in English in the code
and passed through :func:`tr` with the locale of the data it speaks about::

    tr("{k} of {n} levels reach {cutoff}", loc, k=fmt_int(3, loc), n=..., cutoff=...)

- **msgid = the English text**, a ``str.format`` template with named ``{fields}``. English (or
  no locale, or a locale without a catalog) returns it formatted, so an English world reads
  exactly as before and the code stays readable.
- **One catalog per locale**: ``complaintkit/locales/messages/<locale>.po`` (gettext PO, the
  format every translation tool and translator knows). It is read at run time with Babel's
  ``read_po`` and cached: no compile step, so no ``.mo`` file that can go stale.
- A msgid without a translation returns the English and never raises; the tests fail for it
  (``tests/test_i18n.py``: every msgid of the package has a Chinese msgstr with the same
  fields, and every analysis' summary, notes and chart are Chinese in a Chinese world).
- Texts defined away from where they are shown (a module's ``MESSAGES`` dict, a list of units)
  are marked with :func:`N_`, which returns them unchanged, so the extractor finds them;
  :func:`tr` translates them where they are shown.
- Numbers, percentages, dates and lists of names go through :func:`fmt_int`,
  :func:`fmt_num`, :func:`fmt_pct`, :func:`fmt_date` and :func:`fmt_list` (Babel's locale
  data: ``2025年3月2日`` in Chinese; the kit's ISO dates, ``1,094``, ``82%`` and ``a, b`` in
  English, as before).
- The locale of a message is the locale of the data: :func:`locale_of` (one rule).

Why gettext catalogs with Babel rather than a Python dict per locale: msgid = English keeps
the code readable and makes a missing translation harmless; PO files carry the place each
message comes from and mark obsolete ones, and ``python -m complaintkit.i18n extract`` (Babel's
extractor with the keywords ``tr`` and ``N_``) updates them without ever losing a translation.
Babel is BSD-licensed, pure Python, and also brings the locale data for numbers and dates.

Maintainers::

    complaintkit messages extract   # add new msgids (empty msgstr), mark obsolete ones
    complaintkit messages check     # list msgids without a translation; exit 1 if any

(or ``python -m complaintkit.i18n extract|check``). The command line speaks the language of
:func:`cli_locale` (``COMPLAINTKIT_LOCALE=zh_CN``, or a Chinese ``LANG``).

Examples
--------
>>> tr("all {total} {unit} used", "zh_CN", total=fmt_int(1094, "zh_CN"),
...    unit=tr("complaints", "zh_CN"))
'全部 1,094 条投诉均已使用'
>>> tr("all {total} {unit} used", "en_US", total=fmt_int(1094, "en_US"), unit="complaints")
'all 1,094 complaints used'
>>> tr("all {total} {unit} used", "xx_XX", total=3, unit="rows")   # unknown locale: English
'all 3 rows used'
>>> fmt_date("2025-03-02", "zh_CN"), fmt_date("2025-03-02", None)
('2025年3月2日', '2025-03-02')
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import string
import sys
from pathlib import Path

__all__ = ["tr", "translated", "N_", "locale_of", "cli_locale", "is_english", "fmt_int",
           "fmt_num", "fmt_pct", "fmt_date", "fmt_list", "catalog", "extract", "update_catalogs",
           "missing", "placeholders", "CATALOG_DIR"]

PACKAGE_DIR = Path(__file__).parent
CATALOG_DIR = PACKAGE_DIR / "locales" / "messages"
"""Where the catalogs live: ``<locale>.po`` (one per locale that is not English)."""

SOURCE_LOCALE = "en_US"
"""The language of the msgids."""

KEYWORDS = {"tr": None, "N_": None}
"""The functions whose first argument is a msgid, for the extractor."""
_MARKED = re.compile(r"(?<![\w.])(?:tr|N_)\(")


# --------------------------------------------------------------------------- look-up
@functools.cache
def catalog(locale: str) -> dict[str, str]:
    """``{msgid: msgstr}`` of a locale's catalog (translated, non-fuzzy entries only); empty
    for English and for a locale without a catalog. Read once per process."""
    path = CATALOG_DIR / f"{locale}.po"
    if locale == SOURCE_LOCALE or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        cat = read_po(f, locale=locale)
    return {m.id: m.string for m in cat
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction where it is defined; returns it unchanged.

    >>> N_("complaints")
    'complaints'
    """
    return msgid


def tr(msgid: str, locale: str | None = None, **fields) -> str:
    """``msgid`` in ``locale``, formatted with ``fields`` (``str.format``; a field may not be
    called ``msgid`` or ``locale``).

    English, no locale, or a locale without a catalog: the English. A msgid without a
    translation (or a translation whose fields do not match) also gives the English: never
    an error at run time, and ``tests/test_i18n.py`` fails for it.

    >>> tr("all {total} {unit} used", "zh_CN", total="514", unit=tr("complaints", "zh_CN"))
    '全部 514 条投诉均已使用'
    """
    text = catalog(locale).get(msgid, msgid) if locale and not is_english(locale) else msgid
    for template in (text, msgid):
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
    return msgid


def translated(text: str, locale: str | None = None) -> str:
    """A finished text (already formatted, e.g. an error's message) in ``locale`` when the
    catalog has it as a msgid, else unchanged; braces in it are left alone.

    >>> translated("correct", "zh_CN"), translated("{not: a template}", "zh_CN")
    ('正确', '{not: a template}')
    """
    if not locale or is_english(locale):
        return text
    return catalog(locale).get(text, text)


class MessageLanguage:
    """The language a module's messages are written in while a block of work runs.

    A context variable rather than an argument: scenario checks, world reads and a mapping's
    checks raise deep down, where no ``locale=`` reaches. ``said(locale)`` sets it for a
    block (``unless_said=True`` keeps what an enclosing block said: the command line's
    language over a Chinese world's), ``get()`` reads it (None: not said, English).

    >>> lang = MessageLanguage("example")
    >>> with lang.said("zh_CN"):
    ...     with lang.said("en_US", unless_said=True):
    ...         lang.get()
    'zh_CN'
    >>> lang.get() is None
    True
    """

    def __init__(self, name: str):
        import contextvars

        self._var = contextvars.ContextVar(f"complaintkit_{name}_language", default=None)

    def get(self) -> str | None:
        said = self._var.get()
        return said[0] if said else None

    def is_said(self) -> bool:
        return self._var.get() is not None

    def set(self, locale: str | None) -> None:
        """Say ``locale`` for the rest of the enclosing block (e.g. once a file reveals it)."""
        self._var.set((locale,))

    @contextlib.contextmanager
    def kept(self):
        """A block whose :meth:`set` ends with it (the language said outside is kept)."""
        token = self._var.set(self._var.get())
        try:
            yield
        finally:
            self._var.reset(token)

    @contextlib.contextmanager
    def said(self, locale: str | None, *, unless_said: bool = False):
        if unless_said and self.is_said():
            yield
            return
        token = self._var.set((locale,))
        try:
            yield
        finally:
            self._var.reset(token)


def is_english(locale: str | None) -> bool:
    """True for no locale and for English ones (the msgids' language)."""
    return locale is None or str(locale).startswith("en")


# --------------------------------------------------------------------------- whose locale
def locale_of(*sources, locale: str | None = None) -> str | None:
    """The locale to write messages in: one rule for the whole kit.

    1. ``locale`` when given (the ``locale=`` argument of an analysis);
    2. else the first source that knows its own: a result or a world (``.locale``), a table's
       ``attrs["locale"]``, or the mark a kit world puts on its tables
       (``attrs["complaintkit"]["locale"]``, kept by filters, copies and merges);
    3. else the language of the labels a reader turned into codes (``attrs["recoded"]``, see
       :func:`complaintkit.locale.locales_of`), when they are all of one locale;
    4. else None: English, with codes as they are.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"n": [1]})
    >>> t.attrs["complaintkit"] = {"scenario": "ecommerce", "seed": 1, "locale": "zh_CN"}
    >>> locale_of(t), locale_of(t, locale="en_US"), locale_of(pd.DataFrame())
    ('zh_CN', 'en_US', None)
    """
    if locale is not None:
        return locale
    for src in sources:
        found = _own_locale(src)
        if found:
            return found
    for src in sources:
        found = _recoded_locale(src)
        if found:
            return found
    return None


def _own_locale(src) -> str | None:
    own = getattr(src, "locale", None)
    if isinstance(own, str):
        return own
    attrs = getattr(src, "attrs", None)
    if not isinstance(attrs, dict):
        return None
    if isinstance(attrs.get("locale"), str):
        return attrs["locale"]
    mark = attrs.get("complaintkit")
    if isinstance(mark, dict) and isinstance(mark.get("locale"), str):
        return mark["locale"]
    return None


def _recoded_locale(src) -> str | None:
    attrs = getattr(src, "attrs", None)
    recoded = attrs.get("recoded") if isinstance(attrs, dict) else None
    if not isinstance(recoded, dict) or not any(recoded.values()):
        return None
    from .locale import LOCALES, label_family, locales_of

    common = set(LOCALES)
    for column, found in recoded.items():
        if found:
            common &= set(locales_of(label_family(column), found))
    return common.pop() if len(common) == 1 else None


def cli_locale(environ=None) -> str | None:
    """The language of the command line's messages: ``COMPLAINTKIT_LOCALE``, else the
    terminal's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``); a Chinese one gives ``"zh_CN"``,
    anything else None (English).

    >>> cli_locale({"LANG": "zh_CN.UTF-8"}), cli_locale({"LANG": "C.UTF-8"}), cli_locale({})
    ('zh_CN', None, None)
    >>> cli_locale({"COMPLAINTKIT_LOCALE": "en_US", "LANG": "zh_CN.UTF-8"}) is None
    True
    """
    import os

    env = os.environ if environ is None else environ
    for name in ("COMPLAINTKIT_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = str(env.get(name) or "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else None
    return None


# --------------------------------------------------------------------------- numbers, dates
def _babel_locale(locale: str):
    from babel import Locale

    try:
        return Locale.parse(locale)
    except (ValueError, TypeError, LookupError):
        return None


def fmt_int(n, locale: str | None = None) -> str:
    """A count with thousands separators: ``1,094`` (``fmt_int(1094, "zh_CN")`` too)."""
    import numbers

    bl = None if is_english(locale) else _babel_locale(locale)
    if bl is None:
        return f"{n:,}" if isinstance(n, numbers.Integral) else f"{float(n):,.0f}"
    from babel.numbers import format_decimal

    return format_decimal(round(float(n)), format="#,##0", locale=bl)


def fmt_num(x, locale: str | None = None) -> str:
    """A count that may be weighted: ``1,094`` when whole, else one decimal (``4.2``)."""
    if float(x).is_integer():
        return fmt_int(x, locale)
    bl = None if is_english(locale) else _babel_locale(locale)
    if bl is None:
        return f"{float(x):,.1f}"
    from babel.numbers import format_decimal

    return format_decimal(float(x), format="#,##0.0", locale=bl)


def fmt_pct(share, locale: str | None = None, digits: int = 0) -> str:
    """A share as a percentage: ``fmt_pct(0.823) == '82%'``."""
    bl = None if is_english(locale) else _babel_locale(locale)
    if bl is None:
        return f"{float(share):.{digits}%}"
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(float(share), format=pattern, locale=bl)


def fmt_date(value, locale: str | None = None) -> str:
    """A date: ISO ``2025-03-02`` in English (as the kit always wrote), the locale's long form
    elsewhere (``2025年3月2日``)."""
    import pandas as pd

    day = pd.Timestamp(value).date() if not isinstance(value, dt.date) else value
    if isinstance(day, dt.datetime):
        day = day.date()
    bl = None if is_english(locale) else _babel_locale(locale)
    if bl is None:
        return f"{day:%Y-%m-%d}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=bl)


#: the separator of a list of names, by language (English: ", ", as the kit always wrote)
LIST_SEPARATORS = {"zh": "、", "ja": "、"}


def fmt_list(items, locale: str | None = None) -> str:
    """Names joined: ``a, b, c`` in English, ``甲、乙、丙`` in Chinese."""
    sep = ", " if is_english(locale) else LIST_SEPARATORS.get(str(locale)[:2], ", ")
    return sep.join(map(str, items))


# --------------------------------------------------------------------------- maintenance
def placeholders(text: str) -> set[str]:
    """The ``{fields}`` of a format template (``{n:,}`` counts as ``n``)."""
    names = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return {"<unbalanced braces>"}
    for _, field, _, _ in parsed:
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def extract(root: Path = PACKAGE_DIR):
    """Every msgid marked with ``tr(...)`` or ``N_(...)`` in the package's Python files, as
    a Babel ``Catalog`` (what ``pybabel extract -k tr -k N_`` gives)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    template = Catalog(project="complaintkit", charset="utf-8")
    for file in sorted(root.rglob("*.py")):
        if not _MARKED.search(file.read_text(encoding="utf-8")):
            continue  # most modules: skip Babel's tokenizer (the whole package takes ~5 s)
        path = file.relative_to(root.parent).as_posix()
        for _, message, comments, context in extract_from_file(
                "python", str(file), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                strip_comment_tags=True):
            if isinstance(message, str) and message:
                template.add(message, locations=[(path, None)], auto_comments=comments,
                             context=context)
    return template


def _read(path: Path, locale: str):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.is_file():
        return Catalog(locale=locale, project="complaintkit", charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def update_catalogs(locales=("zh_CN",), folder: Path = CATALOG_DIR
                    ) -> dict[str, tuple[int, int]]:
    """Bring each locale's ``.po`` in line with the code: new msgids added with an empty
    msgstr, msgids no longer in the code kept as obsolete (``#~``), every translation kept.
    Returns ``{locale: (added, obsolete)}``."""
    import io

    from babel.messages.pofile import write_po

    from ._files import write_text

    template = extract()
    out = {}
    for loc in locales:
        path = Path(folder) / f"{loc}.po"
        cat = _read(path, loc)
        before = {m.id for m in cat if m.id}
        if path.is_file():  # keep the header's dates: no change where no msgid changed
            template.creation_date = cat.creation_date
        cat.update(template, no_fuzzy_matching=True, update_header_comment=False)
        buf = io.BytesIO()
        write_po(buf, cat, width=100, include_lineno=False, sort_output=False)
        write_text(path, buf.getvalue().decode("utf-8"))
        now = {m.id for m in cat if m.id}
        out[loc] = (len(now - before), len(cat.obsolete))
        catalog.cache_clear()
    return out


#: fields a translation may leave out: an English plural ending ("hold{s}") that Chinese has
#: no use for
OPTIONAL_FIELDS = {"s"}


def fields_match(msgid: str, msgstr: str) -> bool:
    """The translation uses the msgid's ``{fields}`` (it may leave out
    :data:`OPTIONAL_FIELDS`, never add one)."""
    want, got = placeholders(msgid), placeholders(msgstr)
    return got == want or got == want - OPTIONAL_FIELDS


def missing(locale: str = "zh_CN") -> list[str]:
    """The package's msgids without a translation in ``locale`` (or whose translation does
    not have the msgid's ``{fields}``): what :func:`tr` would show in English."""
    cat = catalog.__wrapped__(locale)
    out = []
    for m in extract():
        if not m.id:
            continue
        text = cat.get(m.id)
        if not text or not fields_match(m.id, text):
            out.append(m.id)
    return out


def add_messages_parser(sub) -> None:
    """``complaintkit messages extract|check`` (for maintainers; see :func:`main`)."""
    p = sub.add_parser("messages", help="maintainers: update the message catalogs from the "
                       "code (extract) or list the messages without a translation (check)")
    p.add_argument("action", choices=("extract", "check"))
    p.set_defaults(func=lambda args: main([args.action]))


def main(argv=None) -> int:
    """``python -m complaintkit.i18n extract|check`` (also ``complaintkit messages ...``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["extract"]:
        for loc, (added, obsolete) in update_catalogs().items():
            print(f"{CATALOG_DIR / (loc + '.po')}: {added} new msgids to translate, "
                  f"{obsolete} obsolete kept as #~")
        return 0
    if args == ["check"]:
        todo = missing()
        for msgid in todo:
            print(f"no zh_CN translation: {msgid!r}")
        print(f"{len(todo)} msgids without a zh_CN translation" if todo
              else "every msgid has a zh_CN translation")
        return 1 if todo else 0
    print("usage: python -m complaintkit.i18n extract|check", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
