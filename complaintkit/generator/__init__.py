"""The generator: a company and its customers over a period, with known truth.

Stages, each a plain function in its own module, called in order by
:func:`.pipeline.build_world` (each with its own random stream, see :mod:`._random`)::

    calendar -> orders (and their problems) -> customers -> complaints (who voices a problem)
             -> agents -> handling -> events -> surveys -> loyalty -> tables -> truth

All work is vectorised with NumPy; Faker only fills pools of names that are then sampled.
"""

from .pipeline import STAGES, build_world, generate

__all__ = ["STAGES", "build_world", "generate"]
