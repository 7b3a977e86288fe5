"""pytest: never import the exercise masters (``masters/NN-slug.py``).

They are notebooks kept as text; under ``--doctest-modules`` pytest would import, and so run,
them when pointed at ``exercises/``. The built solutions (``solutions/*.ipynb``) run under nbval.
"""

collect_ignore_glob = ["masters/*.py"]
