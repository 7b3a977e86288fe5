"""Stage ``calendar``: the days of the period, festival peaks and incident windows.

No randomness: the same scenario and locale always give the same calendar. Every quantity is
per day, so a part of the period can be built on its own.

>>> import complaintkit as ck
>>> from complaintkit.generator.calendar import build_calendar
>>> cal = build_calendar(ck.get_scenario("ecommerce"), "en_US")
>>> list(cal.days.columns), len(cal.days)
(['day', 'volume', 'delay_strain'], 365)
>>> list(cal.festivals["festival"])
['black_friday', 'cyber_monday', 'christmas']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..calendars import festival_day
from ..scenario import Scenario

__all__ = ["Calendar", "build_calendar", "daily_profile", "festival_day", "festivals_table",
           "incident_windows"]


@dataclass(frozen=True)
class Calendar:
    """Output of the calendar stage.

    Attributes
    ----------
    days : DataFrame
        ``day, volume, delay_strain``: one row per day of the period (see :func:`daily_profile`).
    festivals : DataFrame
        ``festival, date, uplift``: festival days inside the period, for the world's locale.
    incidents : dict of str to ndarray
        For each incident of the scenario, a boolean mask over ``days`` of when it is active.
    """

    days: pd.DataFrame
    festivals: pd.DataFrame
    incidents: dict[str, np.ndarray]


def build_calendar(sc: Scenario, locale: str) -> Calendar:
    """The calendar stage: order volume and carrier strain by day, festivals, incidents."""
    days = daily_profile(sc, locale)
    return Calendar(days=days, festivals=festivals_table(sc, locale),
                    incidents=incident_windows(sc, pd.DatetimeIndex(days["day"])))


def festivals_table(sc: Scenario, locale: str) -> pd.DataFrame:
    """Festival days inside the period: code, date, uplift."""
    rows = []
    for code, f in sc.festivals_for(locale).items():
        for year in range(sc.period.start.year, sc.period.end.year + 1):
            day = festival_day(f.rule, year)
            if sc.period.start <= day < sc.period.end:
                rows.append((code, pd.Timestamp(day), f.uplift))
    out = pd.DataFrame(rows, columns=["festival", "date", "uplift"])
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def daily_profile(sc: Scenario, locale: str) -> pd.DataFrame:
    """One row per day: the order-volume multiplier and the carriers' delay strain.

    volume = (1 + trend)^years x weekly[weekday] x (1 + A cos(yearly wave)) x festival ramp.
    A festival multiplies volume by ``uplift`` on its day, ramping linearly over
    ``days_before`` / ``days_after``; carriers' delay rates are multiplied by
    ``delay_strain`` the same way.
    """
    days = pd.date_range(sc.period.start, sc.period.end, freq="D", inclusive="left")
    years = (days - days[0]).days.to_numpy() / 365.25
    d = sc.demand
    volume = (1 + d.trend_per_year) ** years
    volume = volume * np.asarray(d.weekly)[days.day_of_week]
    phase = 2 * np.pi * (days.day_of_year.to_numpy() - d.yearly_peak_day) / 365.25
    volume = volume * (1 + d.yearly_amplitude * np.cos(phase))
    uplift = np.ones(len(days))
    strain = np.ones(len(days))
    day0 = days[0]
    for f in sc.festivals_for(locale).values():
        for year in range(sc.period.start.year - 1, sc.period.end.year + 2):
            peak = (pd.Timestamp(festival_day(f.rule, year)) - day0).days
            _ramp(uplift, peak, f.days_before, f.days_after, f.uplift)
            _ramp(strain, peak, f.days_before, f.days_after, f.delay_strain)
    return pd.DataFrame({"day": days, "volume": volume * uplift, "delay_strain": strain})


def _ramp(out: np.ndarray, peak: int, before: int, after: int, top: float) -> None:
    """Raise ``out`` (in place) to a linear ramp up to ``top`` on day ``peak`` and down again;
    where festivals overlap, the larger multiplier wins."""
    for k in range(-before, after + 1):
        i = peak + k
        if 0 <= i < len(out):
            span = (before if k < 0 else after) + 1
            w = 1 - abs(k) / span
            out[i] = max(out[i], 1 + (top - 1) * w)


def incident_windows(sc: Scenario, days: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """For each incident, a boolean mask over ``days`` of when it is active."""
    out = {}
    for code, inc in sc.incidents.items():
        start = pd.Timestamp(inc.start)
        out[code] = np.asarray((days >= start) & (days < start + pd.Timedelta(days=inc.days)))
    return out
