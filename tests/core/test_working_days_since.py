"""working_days_since: the board's days in stage for many entry dates at once, equal to
working_days_between for each."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from recruiting.core.workdays import working_days_between, working_days_since


def test_it_agrees_with_working_days_between_for_every_start():
    rng = random.Random(15)
    holidays = {date(2025, 1, 1) + timedelta(days=rng.randrange(700)) for _ in range(40)}
    holidays.add(datetime(2025, 8, 15, 0, 0))  # a stray datetime counts as its date, as there
    end = date(2026, 11, 27)
    starts = {date(2024, 12, 1) + timedelta(days=rng.randrange(800)) for _ in range(300)}  # some after `end`
    counted = working_days_since(starts, end, holidays)
    assert counted.keys() == starts
    for start in starts:
        assert counted[start] == working_days_between(start, end, holidays), start


def test_friday_to_monday_over_a_holiday():
    friday, monday, tuesday = date(2026, 1, 23), date(2026, 1, 26), date(2026, 1, 27)  # 26 Jan: Republic Day
    assert working_days_since([friday], tuesday, {monday}) == {friday: 1}
    assert working_days_since([friday, monday], monday, {monday}) == {friday: 0, monday: 0}
    assert working_days_since([], monday) == {}
