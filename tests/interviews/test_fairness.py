"""Fair panel choice (pure): fewest recent interviews first, ties by earliest availability,
never above a daily or weekly cap; and a seeded month of 200 interviews for 10 people."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from recruiting.interviews.fairness import choose_panels
from recruiting.interviews.slots import InterviewerAvailability, Window, find_panel_slots

IST = ZoneInfo("Asia/Kolkata")
HOUR = timedelta(hours=1)
MONDAY = datetime(2027, 3, 1, 8, 0, tzinfo=IST)  # a Monday with no holiday that week


def person(key: str, *, days=range(5), start=time(9), end=time(18), **fields) -> InterviewerAvailability:
    return InterviewerAvailability(
        key=key, tz=IST, windows=tuple(Window(d, start, end) for d in days), buffer=timedelta(minutes=15), **fields
    )


class TestChoice:
    def test_the_fewest_interviews_win(self):
        pool = [person("a"), person("b"), person("c")]
        found = choose_panels(pool, needed=2, load={"a": 5, "b": 1, "c": 2}, length=HOUR, now=MONDAY, tz_for_days=IST)
        assert found and all(item.panel == ("b", "c") for item in found)

    def test_ties_go_to_who_is_available_earliest(self):
        late = person("late", start=time(13))
        early = person("early", start=time(9))
        found = choose_panels(
            [late, early, person("busy")],
            needed=1,
            load={"late": 0, "early": 0, "busy": 3},
            length=HOUR,
            now=MONDAY,
            tz_for_days=IST,
            limit=40,
        )
        afternoon = [item for item in found if item.slot.start.astimezone(IST).hour >= 13]
        assert found[0].panel == ("early",) and afternoon and all(i.panel == ("early",) for i in afternoon)

    def test_before_the_least_loaded_is_free_the_next_one_is_chosen(self):
        found = choose_panels(
            [person("a", start=time(14)), person("b")],
            needed=1,
            load={"a": 0, "b": 4},
            length=HOUR,
            now=MONDAY,
            tz_for_days=IST,
            limit=40,
        )
        assert found[0].panel == ("b",) and found[0].slot.start.astimezone(IST).hour == 9
        assert {item.panel for item in found if item.slot.start.astimezone(IST).hour >= 14} == {("a",)}

    def test_slots_are_those_the_finder_offers_for_the_chosen_panel(self):
        pool = [person("a", busy=((MONDAY + 2 * HOUR, MONDAY + 3 * HOUR),)), person("b"), person("c")]
        found = choose_panels(pool, needed=2, load={}, length=HOUR, now=MONDAY, tz_for_days=IST, limit=60)
        by_key = {p.key: p for p in pool}
        for item in found:
            panel = [by_key[k] for k in item.panel]
            offered = find_panel_slots(
                panel, length=HOUR, now=item.slot.start, working_days=1, step=timedelta(minutes=1), limit=1
            )
            assert offered and offered[0].start == item.slot.start

    def test_too_few_free_people_means_no_slot(self):
        assert choose_panels([person("a")], needed=2, load={}, length=HOUR, now=MONDAY, tz_for_days=IST) == []


class TestWeeklyCap:
    def test_a_full_week_offers_nothing_until_next_monday(self):
        booked = tuple((MONDAY + timedelta(days=d, hours=2), MONDAY + timedelta(days=d, hours=3)) for d in (0, 1))
        capped = person("a", weekly_cap=2, busy=booked)
        slots = find_panel_slots([capped], length=HOUR, now=MONDAY, working_days=10, limit=5)
        assert slots and slots[0].start.astimezone(IST).date() == (MONDAY + timedelta(days=7)).date()

    def test_the_weekly_cap_counts_the_interviewers_own_week(self):
        with pytest.raises(ValueError, match="weekly_cap"):
            person("a", weekly_cap=-1)


def _simulate(pool, *, interviews: int, seed: int, per_day: int = 10, needed: int = 1):
    """A month of requests as a recruiter would book them: `per_day` requests each working
    day, each booked in the next five working days, on one of the first five proposals
    with the fair panel. Returns the people as booked and their loads."""
    rng = random.Random(seed)
    people = {p.key: p for p in pool}
    load: Counter[str] = Counter()
    day = MONDAY
    for index in range(interviews):
        if index and index % per_day == 0:
            day += timedelta(days=3 if day.weekday() == 4 else 1)
        found = choose_panels(
            list(people.values()),
            needed=needed,
            load=load,
            length=HOUR,
            now=day,
            working_days=5,
            tz_for_days=IST,
            limit=5,
        )
        assert found, f"no fair slot left after {sum(load.values())} seats"
        pick = rng.choice(found)
        for key in pick.panel:
            people[key] = replace(people[key], busy=(*people[key].busy, (pick.slot.start, pick.slot.end)))
            load[key] += 1
    return people, load


def _assert_caps_and_no_overlap(people):
    for p in people.values():
        starts = sorted(s for s, _ in p.busy)
        per_day = Counter(s.astimezone(IST).date() for s in starts)
        per_week = Counter(s.astimezone(IST).isocalendar()[:2] for s in starts)
        assert max(per_day.values(), default=0) <= p.daily_cap, p.key
        assert max(per_week.values(), default=0) <= p.weekly_cap, p.key
        spans = sorted(p.busy)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert start >= end + p.buffer, p.key  # busy holds the bare interviews here


def test_a_simulated_month_of_200_interviews_for_10_people_is_fair_and_capped():
    pool = [person(f"p{i}", daily_cap=2, weekly_cap=6) for i in range(10)]
    people, load = _simulate(pool, interviews=200, seed=14)
    assert sum(load.values()) == 200
    _assert_caps_and_no_overlap(people)
    mean = 200 / 10
    assert all(abs(load[key] - mean) <= 1 for key in people), load


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_with_uneven_availability_the_spread_is_fair_where_availability_allows(seed):
    rng = random.Random(seed)
    pool = []
    for i in range(10):
        days = range(5) if i < 7 else sorted(rng.sample(range(5), 2))  # three work two days a week
        pool.append(person(f"p{i}", days=days, daily_cap=3, weekly_cap=8))
    people, load = _simulate(pool, interviews=200, seed=seed)
    assert sum(load.values()) == 200
    _assert_caps_and_no_overlap(people)
    full_time = [key for key, p in people.items() if len(p.windows) == 5]
    mean = sum(load[key] for key in full_time) / len(full_time)
    # Those free every day share the work within one of the middle of their range (the
    # mean itself is rarely a whole number); those free two days a week do what their
    # days allow and never more than the others.
    counts = [load[key] for key in full_time]
    assert max(counts) - min(counts) <= 2 and min(counts) <= mean <= max(counts), load
    assert all(load[key] <= mean + 1 for key in people), load
    assert all(load[key] > 0 for key in people), load
