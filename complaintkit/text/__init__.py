"""Text utilities that are not analyses: tokenisation, privacy, PII, reply templates."""

from .pii import KINDS, cn_id_ok, luhn_ok, make_values
from .tokens import analyzer, tokenize

__all__ = ["KINDS", "analyzer", "cn_id_ok", "luhn_ok", "make_values", "tokenize"]
