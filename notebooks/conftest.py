"""pytest: collect only the ``.ipynb`` notebooks here (nbval runs them).

Each notebook's source ``NN-slug.py`` is a plain Python script in jupytext's percent format;
under ``--doctest-modules`` pytest would import it, which runs the whole notebook.
"""

collect_ignore_glob = ["*.py"]
