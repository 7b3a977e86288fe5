"""Repository-wide pytest set-up.

Exercise checks run in strict mode under the test suite: in the solution notebooks (run by
nbval), a check that is not "correct" raises, so a broken solution or check fails the build.
"""

import os

os.environ.setdefault("COMPLAINTKIT_EXERCISE_STRICT", "1")

# The notebooks' text sources and the exercise masters are notebooks kept as plain Python
# (jupytext percent format): under --doctest-modules pytest would import, and so run, them.
# nbval runs the .ipynb notebooks instead. (One root conftest: several conftest.py modules
# collide when --doctest-modules collects them.)
# The Chinese pairs of the managers' sessions (notebooks/zh/*.ipynb) hold the same code as the
# English notebooks (tests/test_notebooks_zh.py) and already name ecommerce_zh: they are the
# Chinese run of their sessions in tests/test_notebooks.py (with its checks for warnings,
# missing glyphs and drawn figures), so nbval does not run them a second time.
collect_ignore_glob = ["notebooks/*.py", "exercises/masters/*.py", "notebooks/zh/*.ipynb"]
