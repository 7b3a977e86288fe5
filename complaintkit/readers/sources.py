"""Built-in mappings of known public exports (issue 10)."""

from __future__ import annotations


def known_sources():
    """The built-in sources (being written; issue 10)."""
    raise NotImplementedError("known_sources is being written (issue 10)")


def load_source(name, path, **options):
    """Read an export of a known source (being written; issue 10)."""
    raise NotImplementedError("load_source is being written (issue 10)")


def load_cfpb(path, **options):
    """Read a CFPB consumer complaint export (being written; issue 10)."""
    raise NotImplementedError("load_cfpb is being written (issue 10)")
