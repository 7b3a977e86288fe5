"""Complaint narratives (投诉内容): a grammar of templates and slot fillers per locale.

The grammar lives in ``complaintkit/locales/narratives/<locale>.toml`` (data a trainer edits
without code). A narrative is built from parts, in this order::

    open.<channel>  happened.<sub_category> | happened.<root_cause>  (or: vague, or the
    other problem)  promised  also + happened.<the other problem, or the main one>
    followup (+ quote)  remark  [zh: mixed]  feeling.<tone>  urgent
    ask.<tone> (+ want.<sub_category> or want_shared)  close.<tone>  pii.<kind> (0, 1 or 2)

Each part is one choice from its list; the slots (``{order_id}``, ``{product}``,
``{carrier}``, ``{days}``, ``{amount}``, ``{ordered}``, ``{promised_date}``,
``{promised_days}``, ``{prev_date}``, ``{nth}``, ``{quote}``, ``{want}``, ``{pii}``) are
filled column-wise, never looped over one by one: every piece of text is an entry of one
string table (template pieces, their variants, slot values), each part of a narrative is
a block of cells (ids into that table, with their lengths, which give the PII offsets), and
the narratives are the rows' cells joined by Arrow (``take`` and ``binary_join``).

Anger (latent, per complaint; standardised over the world's complaints)::

    raw   = 0.45 z(severity) + 0.35 z(log1p(max(delay_days, 0))) + 0.25 z(priority)
            + 0.35 z(contacts) - 0.60 z(eta) + N(0, 0.8)
    anger = (raw - mean(raw)) / sd(raw)

``eta`` is the linear predictor of the CSAT ordered logit of the handling stage (the
customer's latent satisfaction before the logistic noise), so anger follows the latent
dissatisfaction already in the world and is negatively related to the CSAT drawn later. The
tone is ``calm`` (anger < -0.5), ``annoyed`` (-0.5 to 0.9) or ``furious`` (> 0.9); it selects
the opener-independent wording (feeling, the request, the close).

Messiness, at the rates of the named constants below (the realised rates are in
``truth.text``), following how real complaints are written and filed:

- vague complaints (:data:`VAGUE_RATE`) name no problem and carry no word of any one
  category: the ``[vague]`` sentence, the generic request and the generic quoted answer;
- two problems (:data:`SECOND_PROBLEM_RATE` of the others): the other problem, a sentence
  of another sub-category, is written first in :data:`OTHER_FIRST_RATE` of them (the true,
  main problem comes second), else after it; both problems' sentences are there;
- wording shared across categories: a request for money back, compensation or an answer
  (``[want_shared]``, :data:`SHARED_WANT_RATE` of the non-vague complaints) and a remark such
  as "customer service never replied" or "I just want my money back" (``[remark]``,
  :data:`REMARK_RATE`); each is keyed in the grammar by the category its words evoke, which
  is recorded as ``cue_category`` when it is not the complaint's own;
- misfiling at intake (:data:`MISFILED_RATE`) follows the text, as an agent filing by its
  surface would: by :func:`misfile_kind`, a vague complaint is filed under another category
  (the common ones most often), a two-problem complaint under the other problem's category
  (more often when that problem is written first), a complaint with another category's
  words under that category, and a plain one, by a slip, under any other; recorded as
  ``misfiled``, ``filed_category`` and ``misfile_reason``;
- typos (:data:`TYPO_RATE`: en letter swaps or drops, zh homophone or wrong-character
  substitutions), English mixed into Chinese (:data:`MIXED_ENGLISH_RATE`) and personal data
  (:data:`PII_RATE`, :data:`SECOND_PII_RATE`; values from
  :func:`complaintkit.text.pii.make_values`, every span recorded in ``truth.pii``).

Every draw comes from the ``text`` random stream, so narratives never change any other
column of any table.
"""

from __future__ import annotations

import functools
import re
import string
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..i18n import N_, tr

__all__ = ["ANGER_WEIGHTS", "MISFILED_RATE", "MISFILE_KINDS", "MISFILE_REASON",
           "MIXED_ENGLISH_RATE", "OTHER_FIRST_RATE", "PII_RATE", "REMARK_RATE",
           "SECOND_PII_RATE", "SECOND_PROBLEM_RATE", "SHARED_WANT_RATE", "TEXT_COLUMNS",
           "PII_COLUMNS", "TONES", "TONE_CUTS", "TYPO_RATE", "VAGUE_RATE", "Narratives",
           "anger", "grammar", "misfile_kind", "narratives"]

GRAMMAR_DIR = Path(__file__).resolve().parent.parent / "locales" / "narratives"

#: weights of the standardised inputs of the latent anger (see the module docstring)
ANGER_WEIGHTS = {"severity": 0.45, "delay": 0.35, "priority": 0.25, "contacts": 0.35,
                 "eta": -0.60}
ANGER_NOISE_SD = 0.8
TONES = ("calm", "annoyed", "furious")
TONE_CUTS = (-0.5, 0.9)

VAGUE_RATE = 0.12            # share of complaints that name no concrete problem at all
SECOND_PROBLEM_RATE = 0.15   # share of the other complaints that mention a second problem
#: of two-problem complaints, the share where the other problem is written first (the true,
#: main problem comes second)
OTHER_FIRST_RATE = 0.40
TYPO_RATE = {"en_US": 0.10, "zh_CN": 0.10}
MIXED_ENGLISH_RATE = {"en_US": 0.0, "zh_CN": 0.20}
#: share of non-vague complaints whose request is a shared one (money back, compensation,
#: an answer: ``[want_shared]``) instead of one of their sub-category's
SHARED_WANT_RATE = 0.30
#: share of non-vague complaints with a remark shared across categories (customer service
#: never replied, I want my money back, I want compensation: ``[remark]``)
REMARK_RATE = 0.20
#: chance of being first filed under a wrong category at intake, by what the text shows
#: (the first that applies): ``vague`` (filed under another category, the common ones most
#: often); ``other_problem_first`` / ``other_problem_after`` (two problems of different
#: categories, the other one written first / after the main one: filed under the other
#: one's category); ``other_words`` (a shared request or remark evokes another category, e.g.
#: a refund asked for in a delivery complaint: filed under that one); ``plain`` (a slip:
#: any other category)
MISFILED_RATE = {"vague": 0.30, "other_problem_first": 0.50, "other_problem_after": 0.15,
                 "other_words": 0.15, "plain": 0.03}
MISFILE_KINDS = tuple(MISFILED_RATE)
#: the ``misfile_reason`` recorded in ``truth.text`` for each kind ("" when not misfiled)
MISFILE_REASON = {"vague": "vague", "other_problem_first": "other_problem",
                  "other_problem_after": "other_problem", "other_words": "other_words",
                  "plain": "slip"}
PII_RATE = 0.30              # share of narratives with at least one piece of personal data
SECOND_PII_RATE = 0.25       # share of those with a second one
PROMISED_RATE = 0.45         # a sentence on what was promised
FOLLOWUP_RATE = 0.80         # complaints with contacts > 1 that quote an earlier contact
FEELING_RATE = 0.85
URGENT_RATE = 0.60           # high-priority complaints that say it is urgent

MESSAGES = {
    "bad_grammar": N_("the narrative grammar {file} cannot be read: {error} (check the "
                      "quotes and brackets of that line)"),
}

TEXT_COLUMNS = ("complaint_id", "anger", "tone", "template", "vague", "second_problem",
                "second_sub_category", "other_first", "cue_category", "typo",
                "mixed_english", "misfiled", "filed_category", "misfile_reason", "pii")
PII_COLUMNS = ("complaint_id", "kind", "start", "end", "value")


@functools.cache
def grammar(locale: str) -> dict:
    """The parsed narrative grammar of a locale (``locales/narratives/<locale>.toml``).

    Examples
    --------
    >>> g = grammar("en_US")
    >>> g["separator"], "delivery_delay" in g["happened"]
    (' ', True)
    """
    file = GRAMMAR_DIR / f"{locale}.toml"
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:  # a trainer's edit gone wrong: say which file
        # a trainer edits the grammar of the language they teach in: its errors speak it
        raise ValueError(tr(MESSAGES["bad_grammar"], locale, file=file, error=e)) from None


def anger(c: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Latent anger per complaint, standardised (formula in the module docstring).

    ``c`` holds ``severity, delay_days, priority, contacts, eta`` (the handling stage's
    complaints). One normal draw per complaint from ``rng``.

    Examples
    --------
    >>> c = pd.DataFrame({"severity": [1, 3, 5], "delay_days": [0, 2, 9],
    ...                   "priority": [0, 1, 2], "contacts": [1, 2, 4],
    ...                   "eta": [2.0, 0.0, -2.0]})
    >>> a = anger(c, np.random.default_rng(0))
    >>> round(float(a.mean()), 6), bool(a[2] > a[0])
    (0.0, True)
    """
    n = len(c)
    cols = {"severity": c["severity"], "delay": np.log1p(np.maximum(c["delay_days"], 0)),
            "priority": c["priority"], "contacts": c["contacts"], "eta": c["eta"]}
    raw = rng.normal(0.0, ANGER_NOISE_SD, n)
    for k, w in ANGER_WEIGHTS.items():
        raw = raw + w * _z(np.asarray(cols[k], dtype=float))
    return _z(raw)


def _z(x: np.ndarray) -> np.ndarray:
    if len(x) < 2:
        return x - x.mean() if len(x) else x
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 else x - x.mean()


@dataclass(frozen=True)
class Narratives:
    """Output of :func:`narratives`: the texts, the filed category and the truth.

    ``text`` has the columns of :data:`TEXT_COLUMNS` except ``complaint_id`` (one row per
    complaint, in order); ``pii`` has ``row, kind, start, end, value`` (row: position of the
    complaint).
    """

    narrative: np.ndarray
    filed_category: np.ndarray
    text: pd.DataFrame
    pii: pd.DataFrame


# ----------------------------------------------------------------------------- templates
@functools.cache
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((lit, field) for lit, field, _, _ in string.Formatter().parse(template))


_EN_WORD = re.compile(r"[A-Za-z]{4,}")


@functools.cache
def _typo_variants(lit: str, locale: str) -> tuple[str, ...]:
    """Misspelt versions of a literal: en adjacent-letter swaps and letter drops inside words
    of 4+ letters; zh one homophone / wrong-character substitution."""
    out = []
    if locale == "zh_CN":
        pairs = grammar(locale).get("typos", {})
        for i, ch in enumerate(lit):
            if ch in pairs:
                out.append(lit[:i] + pairs[ch] + lit[i + 1:])
        return tuple(out)
    for m in _EN_WORD.finditer(lit):
        if m.group().isupper():
            continue
        i = m.start() + len(m.group()) // 2
        if lit[i - 1] != lit[i]:
            out.append(lit[:i - 1] + lit[i] + lit[i - 1] + lit[i + 1:])  # swap
        out.append(lit[:i] + lit[i + 1:])                                # drop
    return tuple(out)


@functools.cache
def _mixed_variant(lit: str, locale: str) -> str:
    for zh, en in grammar(locale).get("mixed_words", {}).items():
        lit = lit.replace(zh, en)
    return lit


def _lens(a: np.ndarray) -> np.ndarray:
    return np.fromiter(map(len, a), dtype=np.int64, count=len(a))


def _pick(u: np.ndarray, k: int) -> np.ndarray:
    return np.minimum((u * k).astype(np.int64), k - 1)


def _as_text(a) -> np.ndarray:
    """``np.asarray(a).astype(str).astype(object)`` with each distinct value converted once
    (columns of codes and numbers: a handful of distinct values among many rows)."""
    a = np.asarray(a)
    if a.dtype.kind in "iu" or (a.dtype == object and len(a)
                                and pd.api.types.infer_dtype(a, skipna=False) == "string"):
        codes, distinct = pd.factorize(a)
        return np.array([str(x) for x in distinct], dtype=object)[codes]
    return a.astype(str).astype(object)


def _groups(keys: np.ndarray, mask: np.ndarray | None = None):
    """``(key, rows)`` for each distinct key among the rows of ``mask`` (all rows when None),
    keys in sorted order and rows ascending: what ``for key in np.unique(keys[mask]): rows =
    np.flatnonzero(mask & (keys == key))`` gives, without sorting the keys' strings and
    comparing every row with every key (issue 14: this was a fifth of the narratives' time)."""
    rows = np.arange(len(keys)) if mask is None else np.flatnonzero(mask)
    if not len(rows):
        return
    k = keys[rows]
    if k.dtype.kind in "iu" and k.min() >= 0 and k.max() < 2 ** 16:  # picks: small numbers
        counts = np.bincount(k)
        distinct = np.flatnonzero(counts)
        order = np.argsort(k.astype(np.uint16), kind="stable")  # a radix sort
        ends = np.cumsum(counts[distinct])
    else:
        codes, distinct = pd.factorize(k, sort=True)
        order = np.argsort(codes, kind="stable")
        ends = np.cumsum(np.bincount(codes, minlength=len(distinct)))
    for key, start, end in zip(distinct, np.r_[0, ends[:-1]], ends, strict=True):
        yield key, rows[order[start:end]]


class _Keys:
    """A column of text keys as each row's code into a few labels: what the parts group by,
    without hashing a string per row (issue 14). Labels may repeat (rows of one label are
    then in two groups: every use treats its groups' rows alike, so the texts do not
    change)."""

    def __init__(self, codes: np.ndarray, labels):
        self.codes = np.asarray(codes, dtype=np.int64)
        self.labels = np.asarray(labels, dtype=object)

    @classmethod
    def of(cls, col: pd.Series) -> _Keys:
        """A column's keys: ``labels[codes]`` is ``_as_text(col.to_numpy())``."""
        codes, uniques = pd.factorize(col)
        if (codes < 0).any():  # missing values: written as _as_text writes them
            codes, uniques = pd.factorize(_as_text(col.to_numpy()))
        return cls(codes, _as_text(np.asarray(uniques, dtype=object)))

    @classmethod
    def numbers(cls, x: np.ndarray, write) -> _Keys:
        """Whole numbers as keys, each distinct one written once by ``write``."""
        codes, uniques = pd.factorize(x)
        return cls(codes, [write(int(d)) for d in uniques])

    def text(self) -> np.ndarray:
        return self.labels[self.codes]

    def column(self):
        """:meth:`text` as the ``str`` column a frame makes of it, made by Arrow from the
        labels (no Python string per row); empty: the object array (a frame keeps that)."""
        if not len(self.codes):
            return self.text()
        labels = pa.array(list(self.labels), pa.large_string())
        return pd.array(pa.DictionaryArray.from_arrays(pa.array(self.codes), labels)
                        .dictionary_decode(), dtype="str")

    def groups(self, mask: np.ndarray | None = None):
        """``(label, rows)`` of each code among the rows of ``mask``, as :func:`_groups`."""
        for code, rows in _groups(self.codes, mask):
            yield self.labels[code], rows


def _texts(col: pd.Series) -> np.ndarray:
    """``_as_text(col.to_numpy())``; a text column without missing values as it is."""
    if isinstance(col.dtype, pd.StringDtype) and not col.hasnans:
        return col.to_numpy(dtype=object)
    return _as_text(col.to_numpy())


class _Ctx:
    """What the parts share: locale, slot columns, the per-row flags, and the narratives being
    written as cells of a string table (issue 14: whole-column work instead of one string
    concatenation per template piece and per part).

    Every string a narrative is made of is an entry of one table: the template pieces (and
    their mixed-English and misspelt variants), then the slot columns (one range of ids each).
    :func:`_fill` writes, for its rows, a block of cell ids (0: the empty string) with their
    lengths; :func:`_finish` takes every row's cells from the table in order and joins them,
    in C (Arrow's ``take`` and ``binary_join``)."""

    def __init__(self, locale: str, n: int, slots: dict[str, np.ndarray]):
        self.locale, self.n = locale, n
        self.slots = slots
        self.mixed = np.zeros(n, bool)
        self.typo = np.zeros(n, bool)
        self.typo_u = np.zeros(n)
        self.typo_done = np.zeros(n, bool)
        self.spans: list[tuple] = []  # (part, rows, offset in part, kind, values, lengths)
        self.blocks: list[tuple] = []  # (part, rows, cell ids), in the order written
        self.part_lens: list[np.ndarray] = []  # each part's text lengths
        self.columns: dict[int, tuple] = {}  # id(slot column) -> (first id, column, lengths)
        self._slot_ids = _SLOT_IDS

    def new_part(self) -> int:
        self.part_lens.append(np.zeros(self.n, np.int64))
        return len(self.part_lens) - 1

    def column(self, field: str) -> tuple[int, np.ndarray, np.ndarray, np.ndarray | None]:
        """The slot column ``field`` as it is now: the first id of its entries in the table,
        the entries (the values, or the labels of keys), their lengths, and each row's
        entry (None: the row's own)."""
        values = self.slots[field]
        if id(values) not in self.columns:
            entries, at = (values.labels, values.codes) if isinstance(values, _Keys) \
                else (values, None)
            table = pa.array(entries, pa.large_string())  # for the table; lengths by Arrow
            lens = pc.utf8_length(table).to_numpy().astype(np.int64)
            self.columns[id(values)] = (self._slot_ids, entries, lens, at, values, table)
            self._slot_ids += len(entries)
        return self.columns[id(values)][:4]

    def compiled(self, templates: list[str], typo: bool) -> _Compiled:
        return _compile(tuple(templates), self.locale, typo)


#: the first id of the slot values in a :class:`_Ctx`'s string table (pieces below it)
_SLOT_IDS = 2 ** 40
#: the pieces of every template compiled so far and their ids (0: the empty string), shared
#: by all narratives (the grammar's pieces and their variants: a few thousand strings)
_PIECES: dict[str, int] = {"": 0}
_PIECES_LOCK = threading.Lock()


def _piece_ids(pieces: list[str]) -> list[int]:
    with _PIECES_LOCK:
        return [_PIECES.setdefault(x, len(_PIECES)) for x in pieces]


def _all_pieces() -> list[str]:
    """The pieces in the order of their ids."""
    with _PIECES_LOCK:
        return list(_PIECES)


@dataclass(frozen=True)
class _Compiled:
    """A part's list of templates as arrays (template x cell): each piece is two cells, its
    literal (plain and mixed-English ids and lengths) and its slot (index into ``fields``,
    -1: none); the misspelt variants of each template's typo target cell ``target``, plain
    and mixed (``variant_count[t, mixed]`` of them from ``variant_at[t, mixed]``)."""

    plain: np.ndarray
    plain_len: np.ndarray
    mixed: np.ndarray
    mixed_len: np.ndarray
    field: np.ndarray
    fields: tuple[str, ...]
    target: np.ndarray
    variant_at: np.ndarray
    variant_count: np.ndarray
    variant_ids: np.ndarray
    variant_len: np.ndarray


@functools.lru_cache(maxsize=512)
def _compile(templates: tuple[str, ...], loc: str, typo: bool) -> _Compiled:
    pieces = [_pieces(t) for t in templates]
    m, width = len(templates), 2 * max((len(p) for p in pieces), default=0)
    plain, mixed = np.zeros((m, width), np.int64), np.zeros((m, width), np.int64)
    plain_len, mixed_len = np.zeros((m, width), np.int64), np.zeros((m, width), np.int64)
    field = np.full((m, width), -1, np.int64)
    fields: dict[str, int] = {}
    target = np.full(m, -1, np.int64)
    variant_at, variant_count = np.zeros((m, 2), np.int64), np.zeros((m, 2), np.int64)
    variants: list[str] = []
    for t, ps in enumerate(pieces):
        j_typo = _typo_target(ps, loc) if typo else -1
        for j, (lit, f) in enumerate(ps):
            if lit:
                m_lit = _mixed_variant(lit, loc)
                plain[t, 2 * j], mixed[t, 2 * j] = _piece_ids([lit, m_lit])
                plain_len[t, 2 * j], mixed_len[t, 2 * j] = len(lit), len(m_lit)
            if j == j_typo:
                target[t] = 2 * j
                for flag, base in enumerate((lit, _mixed_variant(lit, loc))):
                    found = _typo_variants(base, loc)
                    variant_at[t, flag], variant_count[t, flag] = len(variants), len(found)
                    variants += found
            if f is not None:
                field[t, 2 * j + 1] = fields.setdefault(f, len(fields))
    return _Compiled(plain, plain_len, mixed, mixed_len, field, tuple(fields), target,
                     variant_at, variant_count,
                     np.array(_piece_ids(variants), np.int64),
                     np.array([len(x) for x in variants], np.int64))


def _fill(ctx: _Ctx, part: int, templates: list[str], rows: np.ndarray, pick: np.ndarray,
          *, typo: bool = False, pii_kind: str | None = None) -> None:
    """Fill ``templates[pick]`` for ``rows`` into the part, all rows at once: the pieces
    (mixed with English in the rows that are; misspelt at the typo target in the rows with
    a typo when ``typo``), the slot values, and the spans of the order numbers and of the
    personal data (``pii_kind``)."""
    if not len(rows):
        return
    c = ctx.compiled(templates, typo)
    mixed = ctx.mixed[rows]
    if mixed.any():
        ids = np.where(mixed[:, None], c.mixed[pick], c.plain[pick])
        lens = np.where(mixed[:, None], c.mixed_len[pick], c.plain_len[pick])
    else:
        ids, lens = c.plain[pick], c.plain_len[pick]  # copies: written below
    if typo:
        flag = mixed.astype(np.int64)
        count = c.variant_count[pick, flag]
        ok = np.flatnonzero(ctx.typo[rows] & (c.target[pick] >= 0) & (count > 0))
        at = c.variant_at[pick[ok], flag[ok]] + _pick(ctx.typo_u[rows[ok]], count[ok])
        ids[ok, c.target[pick[ok]]] = c.variant_ids[at]
        lens[ok, c.target[pick[ok]]] = c.variant_len[at]
        ctx.typo_done[rows[ok]] = True
    slot_row, slot_col = np.nonzero(c.field[pick] >= 0)  # the slot cells, then by slot
    slot = c.field[pick[slot_row], slot_col]
    spans = []
    for f, name in enumerate(c.fields):
        mine = slot == f
        if not mine.any():
            continue
        at_row, at_col = slot_row[mine], slot_col[mine]
        first, entries, entry_lens, index = ctx.column(name)
        at = rows[at_row] if index is None else index[rows[at_row]]
        ids[at_row, at_col] = first + at
        lens[at_row, at_col] = entry_lens[at]
        kind = pii_kind if name == "pii" else ("order_number" if name == "order_id" else None)
        if kind is not None and len(at_row):
            spans += [(at_row[at_col == col], col, kind, entries[at[at_col == col]],
                       entry_lens[at[at_col == col]]) for col in np.unique(at_col)]
    for r, col, kind, values, value_lens in spans:  # where the cell starts in the part
        ctx.spans.append((part, rows[r], lens[r, :col].sum(axis=1), kind, values, value_lens))
    ctx.part_lens[part][rows] = lens.sum(axis=1)
    ctx.blocks.append((part, rows, ids))


def _typo_target(pieces, locale: str) -> int:
    """The literal piece of a template that takes the typo: the one with most variants."""
    counts = [len(_typo_variants(lit, locale)) if lit else 0 for lit, _ in pieces]
    return int(np.argmax(counts)) if max(counts, default=0) > 0 else -1


# ----------------------------------------------------------------------------- slots
def _slots(locale: str, g: dict, v: pd.DataFrame, rng: np.random.Generator) -> dict:
    """The slot values as text (``v`` from the tables stage): an object array each for the
    order number and the amount, :class:`_Keys` for the columns of few distinct values."""
    n = len(v)
    zh = locale == "zh_CN"
    days = np.maximum(v["days"].to_numpy().astype(np.int64), 1)
    pdays = np.maximum(v["promised_days"].to_numpy().astype(np.int64), 1)
    amount = _money(v["amount"].to_numpy().astype(float))
    u_amt, u_prev = rng.random(n), rng.random(n)
    if zh:
        days_t = _Keys.numbers(days, lambda d: f"{d}天")
        pdays_t = _Keys.numbers(pdays, lambda d: f"{d}天")
        amount_t = np.where(u_amt < 0.5, "¥" + amount, amount + "元").astype(object)
    else:
        days_t = _Keys.numbers(days, lambda d: "1 day" if d == 1 else f"{d} days")
        pdays_t = _Keys.numbers(pdays, lambda d: "1 day" if d == 1 else f"{d} days")
        amount_t = "$" + amount
    ordered = pd.to_datetime(v["ordered_at"]).to_numpy()
    promised = ordered + v["promised_days"].to_numpy().astype("timedelta64[D]")
    received = pd.to_datetime(v["received_at"]).to_numpy()
    prev = received - (1 + _pick(u_prev, 5)).astype("timedelta64[D]")
    ordinal = np.array(g["ordinal"]["all"], dtype=object)
    contacts = np.clip(v["contacts"].to_numpy().astype(np.int64), 1, len(ordinal))
    return {"order_id": _texts(v["order_id"]),
            "product": _words(g.get("product", {}), v["product_code"], v["product"], rng),
            "carrier": _words(g.get("carrier", {}), v["carrier_code"], v["carrier"], rng),
            "days": days_t, "promised_days": pdays_t,
            "amount": amount_t, "ordered": _date_keys(ordered, locale, g),
            "promised_date": _date_keys(promised, locale, g),
            "prev_date": _date_keys(prev, locale, g), "nth": _Keys(contacts - 1, ordinal)}


def _money(x: np.ndarray) -> np.ndarray:
    """``"%.2f" % x`` of each value, as an object array (issue 14: ``np.char.mod`` formats
    every value in Python). A value that is the double nearest to a whole number of cents
    (the amounts are) is written from that number: its whole part and its cents, each
    distinct one made text once; any other value by ``%``."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        cents = np.rint(x * 100)
        exact = np.isfinite(cents) & (x > 0) & (cents < 2.0 ** 52) & (cents / 100 == x)
    out = np.empty(len(x), dtype=object)
    c = cents[exact].astype(np.int64)
    out[exact] = _as_text(c // 100) + _CENTS[c % 100]
    out[~exact] = [f"{y:.2f}" for y in x[~exact]]
    return out


_CENTS = np.array([f".{i:02d}" for i in range(100)], dtype=object)


def _words(table: dict, codes: pd.Series, labels: pd.Series,
           rng: np.random.Generator) -> _Keys:
    """What a customer calls a product or carrier: one of the grammar's words for its code,
    else the locale's label."""
    keys = _Keys.of(codes)
    out = _Keys.of(labels)
    words, at = list(out.labels), out.codes.copy()
    u = rng.random(len(keys.codes))
    for code, rows in keys.groups():
        if code in table:
            at[rows] = len(words) + _pick(u[rows], len(table[code]))
            words += table[code]
    return _Keys(at, words)


def _date_keys(d: np.ndarray, locale: str, g: dict) -> _Keys:
    """:func:`_dates` as keys: each distinct day written once (found by hashing, not
    sorting)."""
    days = np.asarray(d).astype("datetime64[D]")
    if np.isnat(days).any():
        day_of, at = np.unique(days, return_inverse=True)
        return _Keys(at.ravel(), _dates(day_of, locale, g))
    at, day_of = pd.factorize(days.view(np.int64))
    return _Keys(at, _dates(day_of.astype("datetime64[D]"), locale, g))


def _dates(d: np.ndarray, locale: str, g: dict) -> np.ndarray:
    """Dates as a customer writes them: ``March 3`` / ``3月5日``."""
    if not len(d):
        return np.array([], dtype=object)
    # each distinct day written once (a world has a few hundred days, and many rows)
    day_of, at = np.unique(np.asarray(d).astype("datetime64[D]"), return_inverse=True)
    if len(day_of) < len(d):
        return _dates(day_of, locale, g)[at.ravel()]
    idx = pd.DatetimeIndex(d)
    month, day = idx.month.to_numpy(), idx.day.to_numpy().astype(str).astype(object)
    if locale == "zh_CN":
        return month.astype(str).astype(object) + "月" + day + "日"
    return np.array(g["months"]["all"], dtype=object)[month - 1] + " " + day


# ----------------------------------------------------------------------------- parts
def narratives(locale: str, v: pd.DataFrame, categories: list[str],
               rng: np.random.Generator, category_of: dict[str, str] | None = None
               ) -> Narratives:
    """One narrative per complaint, with its filed category and the truth.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
    v : DataFrame
        One row per complaint: codes ``sub_category, root_cause, category, channel``,
        ``priority`` (0 low, 1 medium, 2 high), ``contacts``, ``anger``, and the slot values
        ``order_id, product, carrier`` (labels), ``days`` (delay), ``promised_days``,
        ``amount``, ``ordered_at``, ``received_at``.
    categories : list of str
        The scenario's categories (a misfiled complaint is filed under another of them).
    rng : Generator
        The ``text`` stream; every draw comes from it, in a fixed order.
    category_of : dict, optional
        Sub-category -> category (a misfiled two-problem complaint is filed under the other
        problem's category; without it, two-problem complaints are misfiled as plain ones).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate(n_complaints=300, seed=3)
    >>> t = w.truth.text
    >>> bool((t["misfiled"] == (w.complaints["filed_category"] != w.complaints["category"])
    ...      .to_numpy()).all())
    True
    """
    from ..text.pii import make_values

    g = grammar(locale)
    n = len(v)
    sep = g.get("separator", " ")
    sub, rc = _Keys.of(v["sub_category"]), _Keys.of(v["root_cause"])
    # categories as codes into one list ("" first, then the scenario's): compared as numbers
    space = _Space(["", *categories])
    cat = space.codes(_Keys.of(v["category"]))
    tones = _Keys(np.digitize(v["anger"].to_numpy(), TONE_CUTS), TONES)
    U = lambda: rng.random(n)  # noqa: E731  one uniform per complaint, in a fixed order
    category_of = category_of or {}

    # flags
    vague = U() < VAGUE_RATE
    second = ~vague & (U() < SECOND_PROBLEM_RATE)
    other_first = U() < OTHER_FIRST_RATE
    typo = U() < TYPO_RATE.get(locale, 0.0)
    mixed = U() < MIXED_ENGLISH_RATE.get(locale, 0.0)
    has_pii = U() < PII_RATE
    two_pii = has_pii & (U() < SECOND_PII_RATE)
    promised = ~vague & (U() < PROMISED_RATE)
    contacts = v["contacts"].to_numpy()
    followup = (contacts > 1) & (U() < FOLLOWUP_RATE)
    feeling = U() < FEELING_RATE
    urgent = (v["priority"].to_numpy() == 2) & (U() < URGENT_RATE)
    shared_want = ~vague & (U() < SHARED_WANT_RATE)
    remark = ~vague & (U() < REMARK_RATE)

    slots = _slots(locale, g, v, rng)
    present = set(sub.labels[np.unique(sub.codes)])
    problems = sorted(set(g["happened"]) & present) or sorted(present)
    others = _other_problem(sub, problems, U())  # label "" (the last): none
    second &= others.codes < len(problems)
    other_first &= second
    # the problem written first: the promise and the quoted earlier answer are about it
    first_sub = _Keys(np.where(vague, 0, np.where(other_first, 1 + others.codes,
                                                  1 + len(others.labels) + sub.codes)),
                      ["generic", *others.labels, *sub.labels])
    slots["quote"] = _choose_by_key(g["quote"], first_sub, U())
    want_cue = np.zeros(n, np.int64)
    slots["want"] = _choose_by_key(g["want"], _Keys(np.where(vague, 0, 1 + sub.codes),
                                                    ["generic", *sub.labels]), U())
    shared, shared_cat = _flat(g.get("want_shared", {}))
    u = U()
    if len(shared) and shared_want.any():
        k = _pick(u[shared_want], len(shared))
        want = slots["want"]
        want.codes[shared_want] = len(want.labels) + k
        slots["want"] = _Keys(want.codes, [*want.labels, *shared])
        want_cue[shared_want] = space.codes(_Keys(k, shared_cat))

    ctx = _Ctx(locale, n, slots)
    ctx.mixed, ctx.typo, ctx.typo_u = mixed, typo, U()
    new_part = ctx.new_part

    # opener by channel
    k = new_part()
    u = U()
    _by_key(ctx, k, g["open"], _Keys.of(v["channel"]), None, u, "")
    # the problem written first (a vague complaint, the main problem or the other one): the
    # typo goes here
    k = new_part()
    u = U()
    template = np.empty(n, dtype=object)
    rows = np.flatnonzero(vague)
    lst = g["vague"]["all"]
    pick = _pick(u[rows], len(lst))
    _fill(ctx, k, lst, rows, pick, typo=True)
    template[rows] = "vague." + pick.astype(str).astype(object)
    _main_problem(ctx, g, k, ~vague & ~other_first, sub, rc, u, template, "", typo=True)
    _other_sentence(ctx, g, k, other_first, others, u, "", typo=True)
    # what was promised about it
    _by_key(ctx, new_part(), g["promised"], first_sub, promised, U(), sep)
    # a second problem, the main one or the other one
    k = new_part()
    u = U()
    also = _sep(g["also"]["all"], sep)
    _fill(ctx, k, also, np.flatnonzero(second), _pick(u[second], len(also)))
    k2 = new_part()
    u = U()
    _other_sentence(ctx, g, k2, second & ~other_first, others, u, sep)
    _main_problem(ctx, g, k2, other_first, sub, rc, u, template, sep)
    # follow-up quoting an earlier contact
    _simple(ctx, new_part(), g["followup"]["all"], followup, U(), sep)
    # a remark customers of every category make (customer service, money back, compensation)
    k = new_part()
    u = U()
    remarks, remark_cat = _flat(g.get("remark", {}))
    remark_cue = np.zeros(n, np.int64)
    if len(remarks) and remark.any():
        pick = _pick(u[remark], len(remarks))
        _fill(ctx, k, _sep(list(remarks), sep), np.flatnonzero(remark), pick)
        remark_cue[remark] = space.codes(_Keys(pick, remark_cat))
    # English mixed into Chinese: a sentence that always carries some
    # (a vague complaint's from the list that names no problem)
    if "mixed" in g:
        k = new_part()
        u = U()
        for rows, lst in ((mixed & ~vague, g["mixed"]["all"]),
                          (mixed & vague, g["mixed"].get("vague", g["mixed"]["all"]))):
            _fill(ctx, k, _sep(lst, sep), np.flatnonzero(rows), _pick(u[rows], len(lst)))
    # tone: feeling, urgency, the request, the close
    _by_key(ctx, new_part(), g["feeling"], tones, feeling, U(), sep)
    _simple(ctx, new_part(), g["urgent"]["all"], urgent, U(), sep)
    _by_key(ctx, new_part(), g["ask"], tones, np.ones(n, bool), U(), sep)
    _by_key(ctx, new_part(), g["close"], tones, np.ones(n, bool), U(), sep)
    # personal data
    pii_kinds = list(g["pii_weights"])
    w = np.array([g["pii_weights"][kk] for kk in pii_kinds], float)
    first_pii_part = len(ctx.part_lens)
    first = np.full(n, -1)
    for which in (has_pii, two_pii):
        code = _pick_weighted_except(U(), w, first)  # a second piece is of another kind
        first = code
        kind = np.array(pii_kinds, dtype=object)[code]
        u = U()
        k = new_part()
        at, values = np.zeros(n, np.int64), [""]  # the values as keys: only those drawn
        for kk in pii_kinds:
            rows = np.flatnonzero(which & (kind == kk))
            if len(rows):
                at[rows] = len(values) + np.arange(len(rows))
                values += make_values(kk, locale, rng, len(rows)).tolist()
        ctx.slots["pii"] = _Keys(at, values)
        for kk in pii_kinds:
            rows = np.flatnonzero(which & (kind == kk))
            lst = _sep(g["pii"][kk], sep)
            if len(rows):
                _fill(ctx, k, lst, rows, _pick(u[rows], len(lst)), pii_kind=kk)
    # "Hi, the box ..." (not "Hi, The box ..."): same spans
    narrative, spans = _finish(ctx, lower_after_comma=locale == "en_US")
    # the category another category's words in the text evoke (the remark's first)
    cue = np.where((remark_cue != 0) & (remark_cue != cat), remark_cue,
                   np.where(want_cue != cat, want_cue, 0))
    of = [category_of.get(x) for x in others.labels]
    other_cat = np.where(second, space.codes(_Keys(others.codes, [
        x if isinstance(x, str) else "" for x in of])), 0)
    # a category the scenario lacks cannot be filed under
    known = np.array([x in set(categories) for x in space.labels])
    other_cat, cue = np.where(known[other_cat], other_cat, 0), np.where(known[cue], cue, 0)
    two = second & (other_cat != 0) & (other_cat != cat)
    kinds = _kind_codes(vague, two, other_first, (cue != 0) & (cue != cat))
    misfiled, filed = _misfile(cat, space.codes(_Keys(np.arange(len(categories)), categories)),
                               kinds, other_cat, cue, U(), U())
    reason = _Keys(np.where(misfiled, kinds, len(MISFILE_KINDS)),
                   [MISFILE_REASON[x] for x in MISFILE_KINDS] + [""])
    labels = space.labels
    text = pd.DataFrame({
        "anger": v["anger"].to_numpy(), "tone": tones.column(), "template": template,
        "vague": vague, "second_problem": second,
        "second_sub_category": _Keys(np.where(second, others.codes, len(problems)),
                                     others.labels).column(),
        "other_first": other_first, "cue_category": _Keys(cue, labels).column(),
        "typo": ctx.typo_done, "mixed_english": mixed, "misfiled": misfiled,
        "filed_category": _Keys(filed, labels).column(), "misfile_reason": reason.column(),
        "pii": np.bincount(spans.loc[spans["part"] >= first_pii_part, "row"]
                           .to_numpy(dtype=np.int64), minlength=n)})
    return Narratives(narrative=narrative, filed_category=labels[filed], text=text,
                      pii=spans.drop(columns="part"))


def _main_problem(ctx: _Ctx, g: dict, k: int, mask: np.ndarray,
                  sub: _Keys, rc: _Keys, u: np.ndarray, template: np.ndarray,
                  lead: str, typo: bool = False) -> None:
    """The sentence of the main problem for the rows of ``mask``: one of its sub-category's
    or root cause's sentences (``lead`` before it); its id goes into ``template``."""
    pairs = [(a, b) for a in sub.labels for b in rc.labels]
    rows = np.flatnonzero(mask)
    which, present = _positions(sub.codes[rows] * len(rc.labels) + rc.codes[rows],
                                lambda c: pairs[c])
    names = []
    for s_code, r_code in (pairs[c] for c in present):
        names.append([(s_code if s_code in g["happened"] else "generic", i)
                      for i in range(len(g["happened"].get(s_code,
                                                          g["happened"]["generic"])))]
                     + [(r_code, i) for i in range(len(g["happened"].get(r_code, [])))])
    lists = [[g["happened"][a][i] for a, i in x] for x in names]
    at = _fill_lists(ctx, k, rows, which, [_sep(x, lead) if lead else x for x in lists],
                     u[rows], typo=typo)
    template[rows] = np.array([f"happened.{a}.{i}" for x in names for a, i in x],
                              dtype=object)[at]


def _other_sentence(ctx: _Ctx, g: dict, k: int, mask: np.ndarray,
                    others: _Keys, u: np.ndarray, lead: str, typo: bool = False) -> None:
    """A sentence of the other problem's sub-category for the rows of ``mask``."""
    rows = np.flatnonzero(mask)
    which, present = _positions(others.codes[rows], lambda c: others.labels[c])
    lists = [g["happened"][others.labels[c]] for c in present]
    _fill_lists(ctx, k, rows, which, [_sep(x, lead) if lead else list(x) for x in lists],
                u[rows], typo=typo)


def _flat(table: dict) -> tuple[np.ndarray, np.ndarray]:
    """A table of sentences keyed by the category they evoke (``none``: no category) as two
    arrays: the sentences, and their category ("" for ``none``)."""
    items = [(t, "" if key == "none" else key) for key, lst in table.items() for t in lst]
    return (np.array([t for t, _ in items], dtype=object),
            np.array([c for _, c in items], dtype=object))


def misfile_kind(vague, second, other_first, other_cat, cue, cat) -> np.ndarray:
    """What an agent filing by the surface of the text sees, per complaint: one of
    :data:`MISFILE_KINDS` (the first that applies), which sets its chance of being misfiled.

    Examples
    --------
    >>> b = lambda *x: np.array(x, bool)
    >>> o = lambda *x: np.array(x, dtype=object)
    >>> misfile_kind(b(1, 0, 0, 0, 0), b(0, 1, 1, 1, 0), b(0, 1, 0, 0, 0),
    ...              o("", "billing", "billing", "delivery", ""),
    ...              o("", "", "", "after_sales", ""), o(*["delivery"] * 5)).tolist()
    ['vague', 'other_problem_first', 'other_problem_after', 'other_words', 'plain']
    """
    vague, second, other_first = (np.asarray(x, bool) for x in (vague, second, other_first))
    other_cat, cue, cat = (np.asarray(x, dtype=object) for x in (other_cat, cue, cat))
    two = second & (other_cat != "") & (other_cat != cat)
    words = (cue != "") & (cue != cat)
    return np.array(MISFILE_KINDS, dtype=object)[_kind_codes(vague, two, other_first, words)]


def _kind_codes(vague, two, other_first, words) -> np.ndarray:
    """:func:`misfile_kind` as positions in :data:`MISFILE_KINDS` (``two``: two problems of
    different categories; ``words``: another category's words)."""
    return np.select([vague, two & other_first, two, words], [0, 1, 2, 3], 4)


class _Space:
    """Labels as codes into one growing list (each label once): the categories of the
    complaints, of their other problem and of the words they carry, compared as numbers."""

    def __init__(self, labels: list[str]):
        self.at: dict[str, int] = {}
        for x in labels:
            self.at.setdefault(x, len(self.at))

    @property
    def labels(self) -> np.ndarray:
        return np.array(list(self.at), dtype=object)

    def codes(self, keys: _Keys) -> np.ndarray:
        """Each row's code of ``keys.labels[keys.codes]``."""
        return np.array([self.at.setdefault(x, len(self.at)) for x in keys.labels],
                        dtype=np.int64)[keys.codes] if len(keys.labels) else \
            np.zeros(len(keys.codes), np.int64)


_CAPITAL_I = re.compile(r"I\b")


def _lower_after_comma(opener: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Lower-case the first letter of a sentence that follows an opener ending in a comma
    (``Hi, the box``), unless it is ``I`` or a name (second letter upper case: ``FedEx``).
    Returns the rows changed."""
    rows = np.flatnonzero(np.fromiter((o.endswith(", ") for o in opener), bool, len(opener)))
    if not len(rows):
        return rows
    t = text[rows]
    # the test reads the first two letters only: decided once per distinct pair
    where, pairs = pd.factorize(np.array([x[:2] for x in t], dtype=object))
    good = np.array([p[:1].isupper() and p[1:2].islower() and not _CAPITAL_I.match(p)
                     for p in pairs], dtype=bool)
    ok = good[where] if len(pairs) else np.zeros(len(t), bool)
    text[rows[ok]] = np.array([x[:1].lower() + x[1:] for x in t[ok]], dtype=object)
    return rows[ok]


def _sep(lst: list[str], sep: str) -> list[str]:
    """Templates of a part that follows others: the separator first (none for an empty one)."""
    return [sep + t if t else "" for t in lst]


def _simple(ctx: _Ctx, k: int, lst: list[str], mask: np.ndarray, u: np.ndarray, sep: str):
    lst = _sep(lst, sep)
    rows = np.flatnonzero(mask)
    _fill(ctx, k, lst, rows, _pick(u[rows], len(lst)))


def _by_key(ctx: _Ctx, k: int, table: dict, keys: _Keys, mask: np.ndarray,
            u: np.ndarray, sep: str) -> None:
    """One template from ``table[key]`` (``table["generic"]`` for unknown keys) per row of
    ``mask`` (None: all rows)."""
    rows = np.arange(len(keys.codes)) if mask is None else np.flatnonzero(mask)
    which, present = _positions(keys.codes[rows], lambda c: keys.labels[c])
    lists = [table.get(keys.labels[c], table.get("generic", [""])) for c in present]
    _fill_lists(ctx, k, rows, which, [_sep(x, sep) if sep else x for x in lists], u[rows])


def _positions(codes: np.ndarray, label) -> tuple[np.ndarray, list]:
    """The distinct codes, in the order of their labels (``label(code)``: the same lists
    in the same order from shard to shard), and each row's position among them."""
    present = sorted(np.unique(codes).tolist(), key=label)
    at = np.zeros(max(present, default=0) + 1, np.int64)
    at[present] = np.arange(len(present))
    return at[codes], present


def _fill_lists(ctx: _Ctx, k: int, rows: np.ndarray, which: np.ndarray, lists: list,
                u: np.ndarray, *, typo: bool = False) -> np.ndarray:
    """One template per row of ``rows`` from ``lists[which]`` (``u``: the rows' uniforms),
    all lists filled in one :func:`_fill` (their templates one after the other: one call
    per part, not per key). Returns each row's template's place in that sequence."""
    if not len(rows):
        return np.zeros(0, np.int64)
    count = np.array([len(x) for x in lists], np.int64)
    if not count.all():
        raise IndexError("an empty list of templates")
    pick = np.cumsum(count)[which] - count[which] + _pick(u, count[which])
    _fill(ctx, k, [t for x in lists for t in x], rows, pick, typo=typo)
    return pick


def _choose_by_key(table: dict, keys: _Keys, u: np.ndarray) -> _Keys:
    """A plain string per row from ``table[key]`` (no slots), as keys (label 0: "")."""
    out, labels = np.zeros(len(keys.codes), np.int64), [""]
    for key, rows in keys.groups():
        lst = table.get(key, table["generic"])
        out[rows] = len(labels) + _pick(u[rows], len(lst))
        labels += lst
    return _Keys(out, labels)


def _pick_weighted(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    cum = np.cumsum(w) / w.sum()
    return np.minimum(np.searchsorted(cum, u, side="right"), len(w) - 1)


def _pick_weighted_except(u: np.ndarray, w: np.ndarray, other: np.ndarray) -> np.ndarray:
    """A weighted pick per row, never ``other`` (``-1``: no exception)."""
    out = np.empty(len(u), np.int64)
    for k in np.unique(other) if len(u) else []:
        rows = np.flatnonzero(other == k)
        wk = w.copy()
        if k >= 0 and wk.sum() > wk[k]:
            wk[k] = 0.0
        out[rows] = _pick_weighted(u[rows], wk)
    return out


def _other_problem(sub: _Keys, problems: list[str], u: np.ndarray) -> _Keys:
    """Another sub-category of the grammar for each row: keys into ``problems`` and, last,
    "" (there is none)."""
    out = np.full(len(sub.codes), len(problems), np.int64)
    arr = np.array(problems, dtype=object)
    for code, rows in sub.groups():
        pool = np.flatnonzero(arr != code)
        if len(pool):
            out[rows] = pool[_pick(u[rows], len(pool))]
    return _Keys(out, [*problems, ""])


def _misfile(cat, cats, kinds, other_cat, cue, u_draw, u_cat):
    """Misfiled at intake, at :data:`MISFILED_RATE` of each row's kind: under the other
    problem's category (``other_problem_*``), the category its words evoke (``other_words``),
    another category weighted by how common it is in the world (``vague``) or drawn
    uniformly (``plain``). Categories as codes (``cats``: the scenario's), kinds as
    positions in :data:`MISFILE_KINDS`."""
    rate = np.array([MISFILED_RATE[x] for x in MISFILE_KINDS])[kinds]
    misfiled = (u_draw < rate) & (len(cats) > 1)
    filed = cat.copy()
    share = np.bincount(cat, minlength=int(max(cats.max(initial=0), cat.max(initial=0))) + 1
                        )[cats].astype(float)
    vague = kinds == MISFILE_KINDS.index("vague")
    for code in np.unique(cat[misfiled]) if misfiled.any() else []:
        for weighted in (False, True):
            rows = np.flatnonzero(misfiled & (cat == code) & (vague == weighted))
            keep = cats != code
            w = np.where(keep, share if weighted else 1.0, 0.0)
            if not len(rows):
                continue
            w = w if w.sum() > 0 else keep.astype(float)
            filed[rows] = cats[_pick_weighted(u_cat[rows], w)]
    two = misfiled & np.isin(kinds, [MISFILE_KINDS.index("other_problem_first"),
                                     MISFILE_KINDS.index("other_problem_after")])
    filed[two] = other_cat[two]
    words = misfiled & (kinds == MISFILE_KINDS.index("other_words"))
    filed[words] = cue[words]
    return misfiled, filed


def _finish(ctx: _Ctx, lower_after_comma: bool) -> tuple[np.ndarray, pd.DataFrame]:
    """The narratives (each row's cells joined) and the PII spans in Python str offsets.
    With ``lower_after_comma`` (en), the first letter after an opener ending in a comma is
    lower-cased as :func:`_lower_after_comma` does (the spans of that sentence keep their
    offsets, the later parts move with its new length)."""
    literals = _all_pieces()
    columns = sorted(ctx.columns.values(), key=lambda x: x[0])
    table = pa.concat_arrays([pa.array(literals, pa.large_string())]
                             + [c[5] for c in columns])
    shift = _SLOT_IDS - len(literals)  # a cell's id -> its place in the table
    blocks, ctx.blocks = ctx.blocks, []
    if lower_after_comma and len(ctx.part_lens) > 1:
        table = _lower_second_part(ctx, table, blocks, shift)
    part_start = np.cumsum([np.zeros(ctx.n, np.int64)] + ctx.part_lens[:-1], axis=0)
    rows, kinds, start, end, values, where = [], [], [], [], [], []
    for part, sel, off, kind, vals, vlen in ctx.spans:
        s = part_start[part][sel] + off
        where.append(np.full(len(sel), part, np.int64))
        rows.append(sel)
        kinds.append(np.full(len(sel), kind, dtype=object))
        start.append(s)
        end.append(s + vlen)
        values.append(vals)
    cat = lambda xs, dt: np.concatenate(xs) if xs else np.array([], dtype=dt)  # noqa: E731
    rows, start = cat(rows, np.int64), cat(start, np.int64)
    order = np.lexsort((start, rows))  # by row, then start; stable
    out = pd.DataFrame({"row": rows[order], "kind": cat(kinds, object)[order],
                        "start": start[order], "end": cat(end, np.int64)[order],
                        "value": cat(values, object)[order],
                        "part": cat(where, np.int64)[order]})
    text = _join(table, blocks, ctx.n, shift).to_numpy(zero_copy_only=False)
    return np.asarray(text, dtype=object), out


def _lower_second_part(ctx: _Ctx, table: pa.Array, blocks: list[tuple],
                       shift: int) -> pa.Array:
    """:func:`_lower_after_comma` on the parts 0 (opener) and 1 (the first sentence), cell
    by cell: the first letters of a sentence are those of its first non-empty cell, so the
    test and the lower-casing are done once per distinct cell (a changed cell is a new
    entry of the table, returned with them); a row whose first cell is one character long is
    lower-cased as a whole."""
    opener = _join(table, [b for b in blocks if b[0] == 0], ctx.n, shift)
    cand = pc.ends_with(opener, ", ").to_numpy(zero_copy_only=False)
    second = [b for b in blocks if b[0] == 1]
    first, where = np.zeros(ctx.n, np.int64), np.zeros(ctx.n, np.int64)  # cell id, column
    for _, at, ids in second:
        nonzero = ids != 0
        col = nonzero.argmax(axis=1)
        has = nonzero[np.arange(len(at)), col]
        first[at[has]], where[at[has]] = ids[has, col[has]], col[has]
    cand &= first != 0
    distinct, inverse = np.unique(first[cand], return_inverse=True)
    place = np.where(distinct >= _SLOT_IDS, distinct - shift, distinct)
    cells = table.take(pa.array(place)).to_pylist()
    short = np.array([len(x) < 2 for x in cells], bool)
    changed = np.flatnonzero(np.array([not len(x) < 2 and x[:1].isupper() and x[1:2].islower()
                                       and not _CAPITAL_I.match(x[:2]) for x in cells], bool))
    new_id = np.full(len(cells), -1, np.int64)  # the lower-cased cell's id, -1: unchanged
    new_id[changed] = len(table) + shift + np.arange(len(changed))
    lowered = [cells[i][:1].lower() + cells[i][1:] for i in changed]
    delta = np.zeros(len(cells), np.int64)
    delta[changed] = _lens(np.array(lowered, dtype=object)) - _lens(
        np.array([cells[i] for i in changed], dtype=object))
    rows = np.flatnonzero(cand)
    to = new_id[inverse]
    ctx.part_lens[1][rows] += delta[inverse]  # a lower-case letter may be longer
    cell_of = np.full(ctx.n, -1, np.int64)
    cell_of[rows] = to
    whole = rows[short[inverse]]  # first cell of one character: the sentence as a whole
    if len(whole):
        text = _join(table, second, ctx.n, shift).take(pa.array(whole)) \
            .to_numpy(zero_copy_only=False)
        done = _lower_after_comma(np.full(len(whole), ", ", dtype=object), text)
        lowered += list(text[done])
        cell_of[whole[done]] = len(table) + shift + len(changed) + np.arange(len(done))
        ctx.part_lens[1][whole[done]] = _lens(text[done])
    for _, at, ids in second:
        hit = np.flatnonzero(cell_of[at] >= 0)
        if not len(hit):
            continue
        if len(whole):  # a whole sentence replaces all the row's cells
            all_of = np.isin(at[hit], whole)
            ids[hit[all_of]] = 0
        ids[hit, where[at[hit]]] = cell_of[at[hit]]
    return pa.concat_arrays([table, pa.array(lowered, pa.large_string())]) if lowered \
        else table


def _join(table: pa.Array, blocks: list[tuple], n: int, shift: int) -> pa.Array:
    """Per row, the strings of ``table`` at its cells in the blocks, in the order written,
    joined: the cells are laid out row after row (each block's cells go to their rows' next
    free places: no sort; empty cells are kept, cheaper than skipping them), then one Arrow
    ``take`` and one ``binary_join``. Ids from :data:`_SLOT_IDS` on are ``shift`` above
    their place in the table."""
    counts = np.zeros(n, np.int64)
    for _, at, ids in blocks:
        counts[at] += ids.shape[1]
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    cells = np.empty(offsets[-1], np.int64)
    free = offsets[:-1].copy()
    for _, at, ids in blocks:
        start = free[at]
        cells[(start[:, None] + np.arange(ids.shape[1])).ravel()] = ids.ravel()
        free[at] = start + ids.shape[1]
    items = table.take(pa.array(np.where(cells >= _SLOT_IDS, cells - shift, cells)))
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), items),
                          pa.scalar("", pa.large_string()))
