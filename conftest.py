"""Repository-wide pytest set-up.

Exercise checks run in strict mode under the test suite: in the solution notebooks (run by
nbval), a check that is not "correct" raises, so a broken solution or check fails the build.
"""

import os

os.environ.setdefault("COMPLAINTKIT_EXERCISE_STRICT", "1")
