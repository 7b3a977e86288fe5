"""Random-number plumbing shared by the generator's stages.

Each stage gets its own stream spawned from the seed, by name, so adding a column to one
table does not reshuffle the others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STREAMS = ("calendar", "orders", "customers", "voice", "agents", "handling",
           "satisfaction", "surveys", "loyalty", "text", "names", "process")


def streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per stage, in a fixed order (new stages go at the end)."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(s) for name, s in zip(STREAMS, children, strict=True)}


def categorical(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """Draw one index per row of the probability matrix ``p`` (rows sum to 1), vectorised."""
    p = np.atleast_2d(p)
    n, k = p.shape
    if n > 1 and (p.strides[0] == 0 or (p == p[:1]).all()):  # the same chances on every row
        cum = np.cumsum(p[0])
        cum /= cum[-1:]
        if (cum[1:] >= cum[:-1]).all():  # what the rows below count, by a search
            u = rng.random(n)
            return np.minimum(searchsorted(cum, u, side="left"), k - 1)
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(p.shape[0])[:, None]
    return np.minimum((u > cum).sum(axis=1), p.shape[1] - 1)


def choice(rng: np.random.Generator, n: int, size: int, p: np.ndarray) -> np.ndarray:
    """``rng.choice(n, size=size, p=p)``: the same draws, from the same stream, faster.

    numpy draws ``size`` uniforms and finds each in the cumulative chances by a binary search,
    which at half a million draws among thousands of customers is slow (a cache miss per
    step): :func:`searchsorted` finds the same positions. Chances that numpy would
    refuse go to numpy (its error).
    """
    p = np.ascontiguousarray(p, dtype=np.float64)
    if p.ndim != 1 or len(p) != n or n == 0 or (p < 0).any() or not (
            abs(p.sum() - 1.0) <= np.sqrt(np.finfo(np.float64).eps)):
        return rng.choice(n, size=size, p=p)
    cdf = p.cumsum()   # numpy's own steps (numpy/random/_generator.pyx, choice)
    cdf /= cdf[-1]
    return searchsorted(cdf, rng.random(size), side="right")


def searchsorted(cdf: np.ndarray, u: np.ndarray, side: str = "left") -> np.ndarray:
    """``np.searchsorted(cdf, u, side=side)`` for a sorted ``cdf`` of values in [0, 1] and
    many ``u`` (uniform draws): each position guessed from a table of the positions of
    evenly spaced points, checked (``side="right"``: ``cdf[i - 1] <= u < cdf[i]``; left:
    ``cdf[i - 1] < u <= cdf[i]``; either says ``i`` is the answer), and binary-searched only
    where the check fails (a draw that shares its table cell with a value of ``cdf``). The
    binary search misses the cache or the branch predictor at every step: this is about 3x
    faster at half a million draws, among 24 hours or 7,500 customers, and gives the same.

    >>> cdf = np.array([0.1, 0.1, 0.5, 1.0])
    >>> searchsorted(cdf, np.array([0.0, 0.1, 0.3, 0.99, 1.0]), "right").tolist()
    [0, 2, 2, 3, 4]
    >>> searchsorted(cdf, np.array([0.0, 0.1, 0.3, 0.99, 1.0])).tolist()
    [0, 0, 2, 3, 3]
    """
    u = np.asarray(u, dtype=np.float64)
    if not len(u) or not (u.min() >= 0 and u.max() <= 1):   # NaN fails too
        return np.searchsorted(cdf, u, side=side)
    k = min(max(4096, 16 * len(cdf)), 1 << 20)   # table cells (at most 8 MB)
    guess = np.searchsorted(cdf, np.arange(k + 1) / k, side=side)[(u * k).astype(np.int64)]
    bounds = np.concatenate(([-np.inf], cdf, [np.inf]))   # bounds[i] = cdf[i - 1]
    if side == "right":
        ok = bounds[guess] <= u
        ok &= u < bounds[guess + 1]
    else:
        ok = bounds[guess] < u
        ok &= u <= bounds[guess + 1]
    wrong = np.flatnonzero(~ok)
    if len(wrong):
        guess[wrong] = np.searchsorted(cdf, u[wrong], side=side)
    return guess


def sort_rows(df, by: list[str]):
    """``df.sort_values(by, kind="stable")``: the same rows, order and index, by one numpy
    sort of the key columns when none has a missing value (pandas factorizes each key of a
    multi-column sort first: a third of the loyalty and events stages at 1M orders)."""
    keys = [df[c].to_numpy() for c in by]
    if not _numpy_sortable(keys):
        return df.sort_values(by, kind="stable")
    return df.iloc[stable_order(keys)]


def sort_positions(keys: list[np.ndarray]) -> np.ndarray:
    """The positions that sort rows by ``keys`` (the first sorts first; ties keep their
    order) as ``DataFrame.sort_values(kind="stable")`` orders them: by
    :func:`stable_order`, or by pandas where a key has missing values (sorted last) or is
    not numbers."""
    if _numpy_sortable(keys):
        return stable_order(keys)
    by = list(range(len(keys)))
    return pd.DataFrame(dict(zip(by, keys, strict=True))).sort_values(
        by, kind="stable").index.to_numpy()


def _numpy_sortable(keys: list[np.ndarray]) -> bool:
    """Numbers, booleans or dates without a missing value: numpy sorts them as pandas does."""
    return all(k.dtype.kind in "biufmM" and not (k.dtype.kind in "fmM" and np.isnan(k).any())
               for k in keys)


def stable_order(keys: list[np.ndarray]) -> np.ndarray:
    """``np.lexsort(keys[::-1])`` (the first key sorts first; ties keep their order) of keys
    without missing values.

    Whole-number keys (integers, booleans, dates) whose ranges multiplied by the row count fit
    in 63 bits are packed into one integer per row, the row number last, so every value is
    distinct and numpy's fast unstable sort (vectorised) gives the stable order: at half a
    million rows three keys take about 0.03 s instead of 0.3 s (np.lexsort), one about 0.02 s
    instead of 0.05 s (a stable argsort). Other keys take np.lexsort.

    >>> stable_order([np.array([2, 1, 2, 1]), np.array([0, 5, 0, 3])]).tolist()
    [3, 1, 0, 2]
    """
    n = len(keys[0])
    codes = _packed_keys(keys, n)
    if codes is None:
        return np.argsort(keys[0], kind="stable") if len(keys) == 1 else np.lexsort(keys[::-1])
    codes *= n
    codes += np.arange(n, dtype=np.int64)
    return np.argsort(codes)


def _packed_keys(keys: list[np.ndarray], n: int) -> np.ndarray | None:
    """The keys as one int64 per row in mixed radix (the first key most significant); None
    when a key is not whole numbers or the packed values times ``n`` might not fit in 63
    bits (checked in Python integers, which do not overflow)."""
    if n == 0 or any(k.dtype.kind not in "buimM" for k in keys):
        return None
    keys = [k.view(np.int64) if k.dtype.kind in "mM" else k for k in keys]
    lows, span = [], 1
    for k in keys:
        low, high = int(k.min()), int(k.max())
        lows.append((low, high - low + 1))
        span *= high - low + 1
        if span * n >= 2 ** 63:
            return None
    codes = np.zeros(n, dtype=np.int64)
    for k, (low, width) in zip(keys, lows, strict=True):
        codes *= width
        # the offset from the minimum is below 2**63: exact in int64 (unsigned keys are
        # offset in their own type, which may exceed int64 but not go below 0)
        codes += ((k - k.dtype.type(low)).astype(np.int64) if k.dtype.kind == "u"
                  else k.astype(np.int64) - low)
    return codes


def run_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Mask of the first row of each run of equal values (of keys already grouped)."""
    out = np.ones(len(sorted_keys), bool)
    out[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return out


def calibrated_intercept(x: np.ndarray, rate: float) -> float:
    """The intercept ``a`` for which ``mean(expit(a + x)) == rate``.

    Used to keep a scenario's headline rates (voice rate, survey response rate, ...) exact
    in expectation while covariates still shift the chance row by row.
    """
    return _calibrated(x, rate)[0]


def _calibrated(x: np.ndarray, rate: float) -> tuple[float, np.ndarray]:
    """:func:`calibrated_intercept` and the chances ``expit(a + x)`` at it.

    The root is brentq's (xtol 1e-10), found by the same steps as ever, so the same float:
    the intercepts are part of the truth. What is saved is work per step: each point is
    evaluated once (the bracket's ends were evaluated twice, by the widening and by
    brentq); covariates of a few distinct values (the handling models': a handful of
    levels) have expit computed once per value and spread to the rows, the same numbers in
    the same order for the mean; and the chances at the root are the search's own last
    evaluation when it ended there. scipy's expit stays (numpy's exp differs from it in the
    last bit of some values), a pass over every row per step where the values are many (a
    shard's voice model: half a million rows, most distinct).
    """
    from scipy import optimize, special
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        a = float(special.logit(rate))
        return a, special.expit(a + x)
    levels, rows = _few_levels(x)
    seen: dict[float, float] = {}
    last: dict[float, np.ndarray] = {}   # the chances at the last two points evaluated

    def chances(a):
        buf = last.pop(next(iter(last))) if len(last) == 2 else np.empty_like(x)
        if levels is None:
            np.add(x, a, out=buf)
            return special.expit(buf, out=buf)
        return np.take(special.expit(levels + a), rows, out=buf)

    def f(a):
        if a not in seen:
            last[a] = chances(a)
            seen[a] = last[a].mean() - rate
        return seen[a]

    # The intercept exists for any rate in (0, 1) and finite covariates; [-50, 50] holds it
    # unless the covariates themselves are extreme (a scenario's effects at the ends of their
    # ranges), when the bracket widens until it holds it (the same root otherwise).
    lo, hi = -50.0, 50.0
    while f(lo) > 0 and lo > -1e6:
        lo *= 4
    while f(hi) < 0 and hi < 1e6:
        hi *= 4
    a = float(optimize.brentq(f, lo, hi, xtol=1e-10))
    return a, last[a] if a in last else special.expit(a + x)


def _few_levels(x: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The distinct values of ``x`` and each row's, when there are few (at most an eighth of
    the rows; a first thousand rows with many distinct values skip the sort); else None."""
    if len(x) < 1000 or len(np.unique(x[:1000])) > 125:
        return None, None
    levels, rows = np.unique(x, return_inverse=True)
    return (levels, rows) if len(levels) <= len(x) // 8 else (None, None)


def bernoulli_calibrated(rng: np.random.Generator, x: np.ndarray, rate: float
                         ) -> tuple[np.ndarray, np.ndarray, float]:
    """Draw events with ``P = expit(a + x)``, ``a`` calibrated so the mean chance is ``rate``.

    Returns the draws, the chances and the intercept.
    """
    a, p = _calibrated(x, rate)
    return rng.random(len(x)) < p, p, a


def ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Identifiers like ``C0000042`` for an array of integers, without a loop per row.

    An empty array gives an empty array (numpy's ``zfill`` cannot size an empty one).

    >>> ids("C", np.array([42, 7]), 7).tolist()
    ['C0000042', 'C0000007']
    >>> ids("C", np.array([], dtype=int), 7)
    array([], dtype=object)
    >>> ids("T", np.array([12345678, -5]), 7).tolist()  # wider kept; the sign before the zeros
    ['T12345678', 'T-000005']
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    if numbers.size == 0:
        return np.empty(numbers.shape, dtype=object)
    if numbers.ndim == 1 and numbers.min() >= 0:  # pyarrow's kernels: 2-3x numpy.char's
        import pyarrow as pa
        import pyarrow.compute as pc
        digits = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width=width, padding="0")
        return np.asarray(pc.binary_join_element_wise(prefix, digits, ""), dtype=object)
    digits = np.char.zfill(numbers.astype(str), width)  # zfill keeps the sign first
    return np.char.add(prefix, digits).astype(object)
