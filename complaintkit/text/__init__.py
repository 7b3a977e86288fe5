"""Text utilities that are not analyses: tokenisation, privacy, PII, reply templates."""

from .tokens import analyzer, tokenize

__all__ = ["analyzer", "tokenize"]
