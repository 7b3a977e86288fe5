"""validate: every problem of a table against the canonical schema (issue 10)."""

from __future__ import annotations


def validate(df, table="complaints", *, strict=False):
    """Check a table against the schema (being written; issue 10)."""
    raise NotImplementedError("validate is being written (issue 10)")
