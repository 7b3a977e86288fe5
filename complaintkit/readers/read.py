"""read_complaints: one file or frame in, the canonical frame and a report out (issue 10)."""

from __future__ import annotations


class ReadReport:
    """What a read did: rows read, accepted, rejected with the reason for each."""


def read_complaints(path_or_frame, *, source=None, mapping=None, encoding=None, **options):
    """Read a complaint export into the canonical frame (being written; issue 10)."""
    raise NotImplementedError("read_complaints is being written (issue 10)")
