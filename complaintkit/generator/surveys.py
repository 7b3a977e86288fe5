"""Stage ``surveys``: the satisfaction survey of every complaint, and who answers it.

Every customer is asked: by the follow-up call (回访) where it was made (``method`` call, at
``followup_at``), else by a questionnaire sent when the complaint is closed (``method``
questionnaire, at ``closed_at``). So ``method == "call"`` exactly where the complaints table
says ``followed_up``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ._random import bernoulli_calibrated

__all__ = ["Surveys", "draw_surveys"]


@dataclass(frozen=True)
class Surveys:
    """Output of the surveys stage.

    Attributes
    ----------
    rows : DataFrame
        One row per complaint, in the complaints' order: ``sent_at, method`` (0 the
        follow-up call, 1 a questionnaire at closing where no call was made),
        ``responded, csat, nps`` and the ``rating_*`` columns (the answers the customer
        would give; the tables keep them only where ``responded``).
    intercept : float
        Calibrated intercept of the response model (log-odds).
    csat_centre : float
        The centre of the CSAT cut points, around which response extremity is measured.
    """

    rows: pd.DataFrame
    intercept: float
    csat_centre: float


def draw_surveys(sc: Scenario, complaints: pd.DataFrame, rng: np.random.Generator) -> Surveys:
    """The surveys stage: who answers the follow-up of their complaint.

    Response is not random: customers whose handling left them very pleased or very displeased
    answer more often (``response_extremity``) and the pleased a little more
    (``response_positivity``), which makes the observed CSAT J-shaped. It depends on the
    systematic part of satisfaction (the drivers), not on the noise, so a model of CSAT on
    its drivers fitted to the respondents is not biased by who answered.

    ``complaints`` is the handled complaints frame (``eta, ystar, csat, followed_up,
    followup_at, closed_at`` and the ``rating_*`` columns).
    """
    c = complaints
    s = sc.satisfaction
    n = len(c)
    centre = float(np.mean(s.cutpoints))
    z = c["eta"].to_numpy() - centre
    x = s.response_extremity * np.abs(z) + s.response_positivity * z
    responded, _, a = bernoulli_calibrated(rng, x, s.response_rate)
    rng.random(n)  # was the call/questionnaire draw: kept so the draws after stay aligned
    followed = c["followed_up"].to_numpy()
    method = (~followed).astype(int)  # 0 the follow-up call, 1 questionnaire at closing
    sent_at = np.where(followed, c["followup_at"].to_numpy(), c["closed_at"].to_numpy())
    zstar = c["ystar"].to_numpy() - centre
    nps = np.clip(np.round(5.5 + 1.5 * zstar + rng.normal(0, 1.2, n)), 0, 10)
    ratings = {k: c[k].to_numpy() for k in c.columns if k.startswith("rating_")}
    rows = pd.DataFrame({"sent_at": sent_at, "method": method,
                         "responded": responded, "csat": c["csat"].to_numpy(), "nps": nps,
                         **ratings})
    return Surveys(rows=rows, intercept=a, csat_centre=centre)
