"""The calendar of the world: order volume by day, festival peaks and incident windows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..scenario import Scenario


def festival_day(rule: str, year: int) -> dt.date:
    """The date of a festival rule in ``year`` ('MM-DD', 'black_friday', 'cyber_monday')."""
    if rule in ("black_friday", "cyber_monday"):
        nov1 = dt.date(year, 11, 1)
        thanksgiving = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)  # 4th Thursday
        return thanksgiving + dt.timedelta(days=1 if rule == "black_friday" else 4)
    return dt.date(year, int(rule[:2]), int(rule[3:]))


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
            offsets = np.arange(-f.days_before, f.days_after + 1)
            for k in offsets:
                i = peak + k
                if 0 <= i < len(days):
                    span = (f.days_before if k < 0 else f.days_after) + 1
                    w = 1 - abs(k) / span
                    uplift[i] = max(uplift[i], 1 + (f.uplift - 1) * w)
                    strain[i] = max(strain[i], 1 + (f.delay_strain - 1) * w)
    return pd.DataFrame({"day": days, "volume": volume * uplift, "delay_strain": strain})


def incident_windows(sc: Scenario, days: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """For each incident, a boolean mask over ``days`` of when it is active."""
    out = {}
    for code, inc in sc.incidents.items():
        start = pd.Timestamp(inc.start)
        out[code] = np.asarray((days >= start) & (days < start + pd.Timedelta(days=inc.days)))
    return out
