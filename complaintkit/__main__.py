"""``python -m complaintkit``: the command line (see :mod:`complaintkit.cli`)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
