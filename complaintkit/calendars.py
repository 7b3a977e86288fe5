"""Calendar rules shared by the generator and the analyses (one place for each date rule).

The generator puts festival peaks on these days; ``complaint_counts`` marks the same days as
features. Neither imports the other, so the rules live here.

>>> us_thanksgiving(2025)
datetime.date(2025, 11, 27)
>>> festival_day("black_friday", 2025), festival_day("11-11", 2025)
(datetime.date(2025, 11, 28), datetime.date(2025, 11, 11))
"""

from __future__ import annotations

import datetime as dt

__all__ = ["SPRING_FESTIVAL", "festival_day", "us_thanksgiving"]

# The first day of the lunar new year (Spring Festival, 春节) in the Gregorian calendar.
# Source: Hong Kong Observatory, "Gregorian-Lunar Calendar Conversion Table"
# (https://www.hko.gov.hk/en/gts/time/conversion.htm), cross-checked with timeanddate.com
# "Chinese New Year" dates. No network is used; years outside this table have no Spring
# Festival in the calendar.
SPRING_FESTIVAL = {
    2020: dt.date(2020, 1, 25), 2021: dt.date(2021, 2, 12), 2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 6), 2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13), 2030: dt.date(2030, 2, 3),
}


def us_thanksgiving(year: int) -> dt.date:
    """The fourth Thursday of November."""
    nov1 = dt.date(year, 11, 1)
    first_thursday = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=3)


def festival_day(rule: str, year: int) -> dt.date:
    """The date of a festival rule in ``year``: ``'MM-DD'``, ``'black_friday'`` or
    ``'cyber_monday'``."""
    if rule in ("black_friday", "cyber_monday"):
        return us_thanksgiving(year) + dt.timedelta(days=1 if rule == "black_friday" else 4)
    return dt.date(year, int(rule[:2]), int(rule[3:]))
