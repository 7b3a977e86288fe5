"""Tokenising a whole column of texts at once (issue 14: text analyses at a million
complaints), with the same tokens as the per-text rules of :mod:`complaintkit.text.tokens`.

A text-by-text tokenizer spends microseconds of Python per word; a million narratives of
about forty words each then take minutes. Here the texts of a column are read as one array of
Unicode code points (numpy), each code point is classed once by the very regular expressions
the per-text tokenizer uses (a table of flags, filled for the code points a column holds), the
words and Han runs are found with array operations, and each distinct token is lower-cased
and checked (stop word, mask) once, not once per occurrence. The result is a
:class:`TokenTable`: the tokens of every text, in order, as integer codes into a vocabulary.

Tests compare the tokens with the per-text tokenizer on the shipped worlds (en and zh) and
on arbitrary Unicode strings (tests/test_tokens.py).

``ColumnCountVectorizer`` and ``ColumnTfidfVectorizer`` are scikit-learn's vectorizers that
count a column this way when their analyzer can (an analyzer with a ``column`` method, or
scikit-learn's default word analyzer); their vocabulary and matrices are scikit-learn's own.

>>> t = column_tokens(["Refund NOT received for order 12345!", "没有送到"])
>>> t.lists()
[['refund', 'received', 'order'], ['没', '有', '送', '到', '没有', '有送', '送到']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

__all__ = ["TokenTable", "column_tokens", "ColumnCountVectorizer",  # noqa: F822 (made on first use)
           "ColumnTfidfVectorizer"]

# flags of a code point, from the regular expressions of complaintkit.text.tokens
_HAN, _LETTER, _ALNUM, _QUOTE, _STOP, _WORD = 1, 2, 4, 8, 16, 32
_N_CODEPOINTS = 0x110000
_UNKNOWN = 255  # flags not looked up yet
_TABLE: np.ndarray | None = None   # flags per code point
_CHUNK_CHARS = 8_000_000  # code points per chunk (about 100 MB of arrays at a time)


def _patterns():
    from .tokens import _HAN as HAN_CLASS
    from .tokens import STOP_WORDS
    return (re.compile(f"[{HAN_CLASS}]"), re.compile(r"[^\W\d_]"), re.compile(r"[^\W_]"),
            re.compile(r"\w"), STOP_WORDS)


def _flags(cp: np.ndarray) -> np.ndarray:
    """The flags of each code point in ``cp``; the table learns the new ones (by the
    regular expressions themselves, so the classes are Python's exactly)."""
    global _TABLE
    if _TABLE is None:
        _TABLE = np.full(_N_CODEPOINTS, _UNKNOWN, np.uint8)
    f = _TABLE[cp]
    unknown = f == _UNKNOWN
    if unknown.any():
        han, letter, alnum, word, stop = _patterns()
        for c in np.unique(cp[unknown]).tolist():
            ch = chr(c)
            _TABLE[c] = ((_HAN if han.match(ch) else 0) | (_LETTER if letter.match(ch) else 0)
                         | (_ALNUM if alnum.match(ch) else 0) | (_QUOTE if ch in "'’" else 0)
                         | (_STOP if ch in stop else 0) | (_WORD if word.match(ch) else 0))
        f = _TABLE[cp]
    return f


def _lead_chars() -> str:
    """The characters a word may hold but not start with (digits, apostrophes), among the
    code points seen so far."""
    f = _TABLE
    lead = (((f & _ALNUM) != 0) & ((f & (_LETTER | _HAN)) == 0)) | ((f & _QUOTE) != 0)
    return "".join(map(chr, np.flatnonzero(lead & (f != _UNKNOWN)).tolist()))


@dataclass
class TokenTable:
    """The tokens of ``n`` texts: ``codes`` (one per token, texts in order, tokens in order
    within a text) into ``vocab`` (an object array of str), and ``offsets`` (``n + 1``: the
    tokens of text ``i`` are ``codes[offsets[i]:offsets[i + 1]]``)."""

    codes: np.ndarray
    vocab: np.ndarray
    offsets: np.ndarray

    @classmethod
    def from_lists(cls, lists) -> TokenTable:
        """A table of token lists (one list of str per text)."""
        vocab = _Vocab()
        codes = vocab.codes(w for x in lists for w in x)
        counts = np.fromiter(map(len, lists), np.int64, len(lists))
        return cls(codes, vocab.array(), np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))

    @property
    def n_texts(self) -> int:
        return len(self.offsets) - 1

    def docs(self) -> np.ndarray:
        """The text (position) of each token."""
        return np.repeat(np.arange(self.n_texts), np.diff(self.offsets))

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def lists(self) -> list[list[str]]:
        """The tokens as lists of str, one per text (as the per-text tokenizer returns)."""
        words = self.vocab[self.codes].tolist()
        return [words[a:b] for a, b in zip(self.offsets[:-1].tolist(), self.offsets[1:].tolist(),
                                           strict=True)]

    def keep(self, vocab_mask: np.ndarray) -> TokenTable:
        """Only the tokens whose vocabulary entry is True in ``vocab_mask``."""
        vocab_mask = np.asarray(vocab_mask, bool)
        if vocab_mask.all():
            return self
        kept = vocab_mask[self.codes]
        counts = np.bincount(self.docs()[kept], minlength=self.n_texts)
        return TokenTable(self.codes[kept], self.vocab,
                          np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))

    def pairs(self) -> TokenTable:
        """Each text's tokens followed by the pairs of neighbouring tokens ("a b"), as
        routing's word 1-2-grams."""
        docs = self.docs()
        same = docs[1:] == docs[:-1]
        first, second = self.codes[:-1][same], self.codes[1:][same]
        n_vocab = len(self.vocab)
        key = first.astype(np.int64) * n_vocab + second
        uniq, inv = np.unique(key, return_inverse=True)
        words = self.vocab
        names = np.array([f"{words[k // n_vocab]} {words[k % n_vocab]}" for k in uniq.tolist()],
                         dtype=object)
        vocab = np.concatenate([self.vocab, names]) if len(names) else self.vocab
        pair_codes = inv.reshape(-1) + n_vocab
        pair_docs = docs[1:][same]
        all_docs = np.concatenate([docs, pair_docs])
        # within a text: its tokens, then its pairs (both in order): a stable sort of two
        # sorted runs (one merge)
        order = np.argsort(all_docs, kind="stable")
        codes = np.concatenate([self.codes, pair_codes])[order]
        counts = np.bincount(all_docs, minlength=self.n_texts)
        return TokenTable(codes, vocab, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))


class _Vocab:
    """str -> code, growing."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.raw: dict[str, int] = {}  # a piece of text -> its token's code (or -1)

    def codes(self, words) -> np.ndarray:
        index = self.index
        return np.fromiter((index.setdefault(w, len(index)) for w in words), np.int64)

    def array(self) -> np.ndarray:
        out = np.empty(len(self.index), dtype=object)
        out[:] = list(self.index)
        return out


def _chunks(texts: list[str]):
    """Consecutive slices of ``texts`` of about _CHUNK_CHARS code points each."""
    start, size = 0, 0
    for i, t in enumerate(texts):
        size += len(t) + 1
        if size >= _CHUNK_CHARS:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(texts):
        yield start, len(texts)


def _code_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """The texts joined by "\\n" as code points (uint8 when all are ASCII, else uint32),
    and where each text starts; None when a text cannot be encoded (a lone surrogate: left
    to the per-text path)."""
    joined = "\n".join(texts)
    try:
        cp = (np.frombuffer(joined.encode("ascii"), np.uint8) if joined.isascii() else
              np.frombuffer(joined.encode("utf-32-le"), np.uint32))
    except UnicodeEncodeError:
        return None
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    starts = np.zeros(len(texts), np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return cp, starts


def _pieces(cp: np.ndarray, keep: np.ndarray):
    """The runs of ``keep`` in ``cp`` as an Arrow string array, in order (runs never touch:
    each is a maximal run)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # the runs' characters, each run followed by one space (Arrow's whitespace split was
    # seen to return a lone space as a piece after a Han character: split on " " instead)
    take = keep.copy()
    take[1:] |= keep[:-1]
    cleaned = np.where(keep, cp, cp.dtype.type(32))[take]
    if cp.dtype == np.uint8:
        data = cleaned.tobytes()
        offsets = np.array([0, len(data)], np.int64)
        arr = pa.LargeStringArray.from_buffers(1, pa.py_buffer(offsets.tobytes()),
                                               pa.py_buffer(data))
    else:
        arr = pa.array([cleaned.astype("<u4").tobytes().decode("utf-32-le")],
                       pa.large_string())
    pieces = pc.split_pattern(arr, pattern=" ").flatten()
    return pieces.filter(pc.greater(pc.binary_length(pieces), 0))


def _encode_pieces(pieces, vocab: _Vocab, word_code) -> np.ndarray:
    """Codes of the Arrow strings ``pieces``: each distinct piece is turned into a token
    (or None: dropped, code -1) once by ``word_code``."""
    import pyarrow.compute as pc

    enc = pc.dictionary_encode(pieces)
    raw = vocab.raw
    lut = np.array([raw[w] if w in raw else raw.setdefault(w, word_code(w, vocab))
                    for w in enc.dictionary.to_pylist()] or [0], np.int64)
    return lut[enc.indices.to_numpy(zero_copy_only=False)]


def _kit_word(index: dict):
    from .tokens import _MASK_RE, STOP_WORDS

    def code(raw: str, vocab: _Vocab) -> int:
        if not raw:  # digits and apostrophes only
            return -1
        word = raw.lower().replace("’", "'")
        if word[0].isalpha() and word not in STOP_WORDS and not _MASK_RE.fullmatch(word):
            return vocab.index.setdefault(word, len(vocab.index))
        return -1
    return code


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and (exclusive) ends of the runs of True in ``mask``."""
    first = mask.copy()
    first[1:] &= ~mask[:-1]
    last = mask.copy()
    last[:-1] &= ~mask[1:]
    return np.flatnonzero(first), np.flatnonzero(last) + 1


def _chunk_kit(texts: list[str], vocab: _Vocab) -> tuple[np.ndarray, np.ndarray] | None:
    """(text of each token, code of each token) of one chunk by the kit's rule with Han
    character 1-2-grams (method "chars"), or None for the per-text path."""
    import pyarrow.compute as pc

    got = _code_points(texts)
    if got is None:
        return None
    cp, text_starts = got
    n = len(cp)
    empty = np.zeros(0, np.int64)
    if n == 0:
        return empty, empty
    f = _flags(cp)
    han = (f & _HAN) != 0
    # a word: the run of letters, digits (not Han) and apostrophes followed by a letter
    # (Han included, as the regex's lookahead) from the run's first letter to its end
    cont = (f & _ALNUM) != 0
    cont &= ~han
    cont[:-1] |= ((f[:-1] & _QUOTE) != 0) & ((f[1:] & _LETTER) != 0)
    keys, codes = [], []
    seg_start = np.flatnonzero(cont & ~np.concatenate([[False], cont[:-1]]))
    if len(seg_start):
        pieces = _pieces(cp, cont)
        if len(pieces) != len(seg_start):  # a character Arrow splits on: text by text
            return None
        lead = _lead_chars()
        if lead:
            pieces = pc.utf8_ltrim(pieces, characters=lead)
        wc = _encode_pieces(pieces, vocab, _kit_word(vocab.index))
        ok = wc >= 0
        keys.append(seg_start[ok].astype(np.int64) << 32)
        codes.append(wc[ok])
    h = np.flatnonzero(han)
    if len(h):
        run_starts, _ = _runs(han)
        run_start = run_starts[np.searchsorted(run_starts, h, side="right") - 1]
        uni = (f[h] & _STOP) == 0
        chars = cp[h[uni]]
        uc, ui = np.unique(chars, return_inverse=True)
        keys.append((run_start[uni].astype(np.int64) << 32) | (h[uni] - run_start[uni]))
        codes.append(vocab.codes(map(chr, uc.tolist()))[ui.reshape(-1)] if len(uc)
                     else empty)
        nxt = np.diff(h) == 1  # a Han character followed by one
        bi = h[:-1][nxt]
        if len(bi):
            bs = run_start[:-1][nxt]
            pair = (cp[bi].astype(np.int64) << 21) | cp[bi + 1]
            up, pi = np.unique(pair, return_inverse=True)
            names = (chr(p >> 21) + chr(p & 0x1FFFFF) for p in up.tolist())
            keys.append((bs.astype(np.int64) << 32) | (1 << 31) | (bi - bs))
            codes.append(vocab.codes(names)[pi.reshape(-1)])
    if not keys:
        return empty, empty
    key, code = np.concatenate(keys), np.concatenate(codes)
    if len(keys) > 1:
        order = np.argsort(key, kind="stable")
        key, code = key[order], code[order]
    doc = np.searchsorted(text_starts, key >> 32, side="right") - 1
    return doc, code


def _chunk_sklearn(texts: list[str], vocab: _Vocab) -> tuple[np.ndarray, np.ndarray] | None:
    """As :func:`_chunk_kit` for scikit-learn's default word analyzer: the lower-cased
    text's runs of two or more word characters (``(?u)\\b\\w\\w+\\b``)."""
    got = _code_points([t.lower() for t in texts])
    if got is None:
        return None
    cp, text_starts = got
    empty = np.zeros(0, np.int64)
    if len(cp) == 0:
        return empty, empty
    w = (_flags(cp) & _WORD) != 0
    starts, ends = _runs(w)
    if not len(starts):
        return empty, empty
    pieces = _pieces(cp, w)
    if len(pieces) != len(starts):
        return None
    long = ends - starts >= 2
    code = _encode_pieces(pieces.filter(long), vocab,
                          lambda s, v: v.index.setdefault(s, len(v.index)))
    return np.searchsorted(text_starts, starts[long], side="right") - 1, code


def _sklearn_words(text: str) -> list[str]:
    return _SKLEARN_TOKEN.findall(text.lower())


_SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def column_tokens(texts, method: str = "chars", *, rule: str = "kit") -> TokenTable:
    """The tokens of every text of ``texts`` (a list or Series of str), as
    :func:`complaintkit.text.tokens.tokenize` would give them with ``method`` ("chars"
    or "words"); ``rule="sklearn"``: scikit-learn's default word analyzer instead.

    Texts are read in chunks of about eight million characters; a chunk Python's codecs
    cannot read as code points (a lone surrogate), and Chinese with ``method="words"``
    (jieba), are tokenised text by text, with the same result.
    """
    from .tokens import _tokens

    texts = list(texts)
    vocab = _Vocab()
    docs, codes = [], []
    chunk_fn = _chunk_sklearn if rule == "sklearn" else _chunk_kit
    per_text = _sklearn_words if rule == "sklearn" else (lambda t: _tokens(t, method))
    for a, b in _chunks(texts):
        part = texts[a:b]
        got = None
        if rule == "sklearn" or method == "chars" or not any(
                _HAS_HAN.search(t) for t in part):
            got = chunk_fn(part, vocab)
        if got is None:  # text by text
            lists = [per_text(t) for t in part]
            got = (np.repeat(np.arange(len(part)), [len(x) for x in lists]),
                   vocab.codes(w for x in lists for w in x))
        docs.append(got[0] + a)
        codes.append(got[1])
    doc = np.concatenate(docs) if docs else np.zeros(0, np.int64)
    code = np.concatenate(codes) if codes else np.zeros(0, np.int64)
    counts = np.bincount(doc, minlength=len(texts)) if len(texts) else np.zeros(0, np.int64)
    return TokenTable(code.astype(np.int64), vocab.array(),
                      np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))


_HAS_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# --------------------------------------------------------------------------- vectorizers
#: scikit-learn's own error, word for word (as its loop raises it, untranslated): callers
#: match on it (routing's "no words left" message does)
_SKLEARN_EMPTY = "empty vocabulary; perhaps the documents only contain stop words"


class _ColumnCounting:
    """scikit-learn's vectorizer counting a whole column at once when its analyzer can
    (same vocabulary and matrix as scikit-learn's loop over texts; else that loop)."""

    def _column_table(self, docs) -> TokenTable | None:
        if callable(self.analyzer):
            column = getattr(self.analyzer, "column", None)
            return None if column is None else column(docs)
        if (self.analyzer == "word" and self.input == "content" and self.lowercase
                and self.preprocessor is None and self.tokenizer is None
                and self.stop_words is None and self.strip_accents is None
                and tuple(self.ngram_range) == (1, 1)
                and self.token_pattern == r"(?u)\b\w\w+\b"):
            return column_tokens(docs, rule="sklearn")
        return None

    def _count_vocab(self, raw_documents, fixed_vocab):
        import scipy.sparse as sp

        docs = list(raw_documents)
        table = None
        if all(isinstance(d, str) for d in docs):
            table = self._column_table(docs)
        if table is None:
            return super()._count_vocab(docs, fixed_vocab)
        codes, doc = table.codes, table.docs()
        if fixed_vocab:
            vocabulary = self.vocabulary_
            lut = np.array([vocabulary.get(w, -1) for w in table.vocab] or [0], np.int64)
            col = lut[codes]
            seen = col >= 0
            col, doc = col[seen], doc[seen]
        else:
            import pandas as pd

            # numbered in the order first met, as scikit-learn's loop does: its matrix keeps
            # that order within each row after the vocabulary is sorted
            met = pd.unique(codes)
            if not len(met):
                raise ValueError(_SKLEARN_EMPTY)
            new = np.full(len(table.vocab), -1, np.int64)
            new[met] = np.arange(len(met))
            col = new[codes]
            vocabulary = dict(zip(table.vocab[met].tolist(), range(len(met)), strict=True))
        shape = (table.n_texts, len(vocabulary))
        X = sp.csr_array((np.ones(len(col), dtype=self.dtype), (doc, col)), shape=shape,
                         dtype=self.dtype)
        X.sum_duplicates()
        X.sort_indices()
        if X.indices.dtype != np.int32 and X.nnz <= np.iinfo(np.int32).max:
            X.indices = X.indices.astype(np.int32)
            X.indptr = X.indptr.astype(np.int32)
        try:
            from sklearn.utils._sparse import _align_api_if_sparse
        except ImportError:  # pragma: no cover - older scikit-learn: sparse matrices
            return vocabulary, sp.csr_matrix(X)
        return vocabulary, _align_api_if_sparse(X)


def _vectorizers():
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    class ColumnCountVectorizer(_ColumnCounting, CountVectorizer):
        """CountVectorizer counting a whole column at once (see the module)."""

    class ColumnTfidfVectorizer(_ColumnCounting, TfidfVectorizer):
        """TfidfVectorizer counting a whole column at once (see the module)."""

    ColumnCountVectorizer.__module__ = ColumnTfidfVectorizer.__module__ = __name__
    ColumnCountVectorizer.__qualname__ = "ColumnCountVectorizer"
    ColumnTfidfVectorizer.__qualname__ = "ColumnTfidfVectorizer"
    return ColumnCountVectorizer, ColumnTfidfVectorizer


def __getattr__(name):  # scikit-learn is imported when a vectorizer is first asked for
    if name in ("ColumnCountVectorizer", "ColumnTfidfVectorizer"):
        count, tfidf = _vectorizers()
        globals().update(ColumnCountVectorizer=count, ColumnTfidfVectorizer=tfidf)
        return globals()[name]
    raise AttributeError(name)
