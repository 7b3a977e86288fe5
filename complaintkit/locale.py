"""Locales: labels, places and complaint texts for each supported language.

Codes (``delivery_delay``, ``vip``, ``social_media``) are the same in every locale; a locale
file (``complaintkit/locales/<code>.toml``) maps them to labels and holds the cities of each
region and the templates of complaint narratives.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

__all__ = ["LOCALES", "load_locale", "labels"]

LOCALE_DIR = Path(__file__).parent / "locales"
LOCALES = ("en_US", "zh_CN")


def check_locale(locale: str) -> str:
    """Return ``locale`` if supported, else raise a ValueError that lists the choices."""
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {', '.join(map(repr, LOCALES))}, "
                         f"but {locale!r} was passed")
    return locale


@functools.cache
def load_locale(locale: str = "en_US") -> dict[str, Any]:
    """The parsed locale file (labels, regions with cities, narrative templates)."""
    check_locale(locale)
    return tomllib.loads((LOCALE_DIR / f"{locale}.toml").read_text(encoding="utf-8"))


def labels(locale: str = "en_US", kind: str | None = None) -> dict[str, Any]:
    """Code → label mappings of a locale.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
    kind : str, optional
        One family of codes (``"category"``, ``"channel"``, ``"column"`` ...); all if omitted.

    Examples
    --------
    >>> import complaintkit as ck
    >>> ck.labels("zh_CN", "event")["follow_up"]
    '回访'
    """
    all_labels = load_locale(locale)["labels"]
    if kind is None:
        return all_labels
    if kind not in all_labels:
        raise ValueError(f"kind must be one of {', '.join(map(repr, sorted(all_labels)))}, "
                         f"but {kind!r} was passed")
    return all_labels[kind]
