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
collect_ignore_glob = ["notebooks/*.py", "exercises/masters/*.py"]
