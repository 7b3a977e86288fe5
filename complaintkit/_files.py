"""Writing one file safely: the one place for it.

A write goes to a temporary file beside the target (same folder, so the same file system),
is flushed to disk, and then replaces the target in one step (:func:`os.replace`). A failure
at any point (a full disk, a killed process, an error while making the text) leaves the old
file whole and removes only the kit's own temporary file. The standard library has the
pieces (``tempfile``, ``os.replace``) but no function that joins them; worlds, whose many
files are swapped as a folder, are written by :mod:`complaintkit.world`.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "notes.md", "first\\n").read_text()
'first\\n'
>>> sorted(p.name for p in folder.iterdir())
['notes.md']
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_bytes", "write_text"]


def write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a failure leaves any old file whole."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():  # keep the old file's permissions
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` (newlines as given, never translated) safely; see :func:`write_bytes`."""
    return write_bytes(path, text.encode(encoding))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
