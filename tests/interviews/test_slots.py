"""Tests for the panel slot finder (pure Python, no Django, no database).

Two layers:

* named example scenarios that document the behaviour in business terms
  (Pongal week, Republic Day, Friday evening, London interviewer, ...);
* hypothesis property tests comparing the fast finder with a deliberately
  plain brute-force reference that walks the step grid and checks every rule
  directly, so that an optimisation bug shows up as a disagreement.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruiting.interviews.slots import (
    InterviewerAvailability,
    Slot,
    Window,
    add_working_days,
    find_panel_slots,
    holiday_dates,
    working_days_between,
)

IST = ZoneInfo("Asia/Kolkata")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

# Tamil Nadu 2026: Pongal Wed 14 Jan, Thiruvalluvar Day Thu 15, Uzhavar
# Thirunal Fri 16, Republic Day Mon 26 Jan, ...
TN_2026 = holiday_dates("IN", "TN", [2026])

HOUR = timedelta(hours=1)
MIN = timedelta(minutes=1)


def ist(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=IST)


def mon_wed_morning_tue_thu_afternoon(key: str, tz: ZoneInfo = IST, **kw: object) -> InterviewerAvailability:
    """The brief's reference pattern: Mon/Wed 10-13 and Tue-Thu 15-18."""
    windows = (
        Window(0, time(10), time(13)),
        Window(2, time(10), time(13)),
        Window(1, time(15), time(18)),
        Window(2, time(15), time(18)),
        Window(3, time(15), time(18)),
    )
    return InterviewerAvailability(key, tz, windows, **kw)  # type: ignore[arg-type]


def office_hours(key: str, tz: ZoneInfo = IST, start: time = time(9), end: time = time(17), **kw: object):
    windows = tuple(Window(d, start, end) for d in range(5))
    return InterviewerAvailability(key, tz, windows, **kw)  # type: ignore[arg-type]


def starts(slots: list[Slot], tz: ZoneInfo = IST) -> list[datetime]:
    return [s.start.astimezone(tz) for s in slots]


# --------------------------------------------------------------------------
# Example scenarios
# --------------------------------------------------------------------------


class TestScenarios:
    def test_two_interviewers_reference_week(self) -> None:
        """Priya (Mon/Wed 10-13, Tue-Thu 15-18) and Arun (9-17) from Friday 9 Jan evening."""
        panel = [mon_wed_morning_tue_thu_afternoon("priya"), office_hours("arun")]
        slots = find_panel_slots(panel, length=HOUR, now=ist(2026, 1, 9, 19), holidays=TN_2026, limit=100)
        got = starts(slots)
        # Friday evening jumps straight to Monday morning.
        assert got[0] == ist(2026, 1, 12, 10, 0)
        # Monday: 10:00 .. 12:00 in 15-minute steps (a 1 h slot must end by 13:00).
        monday = [s for s in got if s.date() == date(2026, 1, 12)]
        assert monday == [ist(2026, 1, 12, 10, 0) + k * 15 * MIN for k in range(9)]
        # Tuesday: Priya 15-18, Arun until 17 -> 15:00 .. 16:00.
        tuesday = [s for s in got if s.date() == date(2026, 1, 13)]
        assert tuesday == [ist(2026, 1, 13, 15, 0) + k * 15 * MIN for k in range(5)]
        # Wed 14 (Pongal), Thu 15, Fri 16 are Tamil Nadu holidays.
        assert not any(date(2026, 1, 14) <= s.date() <= date(2026, 1, 18) for s in got)
        assert [s for s in got if s.date() > date(2026, 1, 13)][0] == ist(2026, 1, 19, 10, 0)
        # Output contract: UTC, sorted, distinct, right length.
        assert all(s.start.utcoffset() == timedelta(0) and s.end - s.start == HOUR for s in slots)
        assert [s.start for s in slots] == sorted({s.start for s in slots})

    def test_disjoint_weekly_patterns_give_nothing(self) -> None:
        """Mon/Wed mornings only vs Tue-Thu afternoons only never meet."""
        mornings = InterviewerAvailability("m", IST, (Window(0, time(10), time(13)), Window(2, time(10), time(13))))
        afternoons = InterviewerAvailability("a", IST, tuple(Window(d, time(15), time(18)) for d in (1, 2, 3)))
        assert find_panel_slots([mornings, afternoons], length=HOUR, now=ist(2026, 2, 2, 8)) == []

    def test_pongal_week_skipped(self) -> None:
        panel = [mon_wed_morning_tue_thu_afternoon("priya")]
        # Tuesday 13 Jan after the afternoon window: Wed-Fri are Pongal holidays.
        slots = find_panel_slots(panel, length=HOUR, now=ist(2026, 1, 13, 18), holidays=TN_2026, limit=1)
        assert starts(slots) == [ist(2026, 1, 19, 10, 0)]
        # Without the holiday calendar, Wednesday 14 would be offered.
        slots = find_panel_slots(panel, length=HOUR, now=ist(2026, 1, 13, 18), limit=1)
        assert starts(slots) == [ist(2026, 1, 14, 10, 0)]

    def test_republic_day_skipped(self) -> None:
        panel = [mon_wed_morning_tue_thu_afternoon("priya")]
        slots = find_panel_slots(panel, length=HOUR, now=ist(2026, 1, 23, 18), holidays=TN_2026, limit=1)
        # Monday 26 Jan is Republic Day, so the next window is Tuesday 15:00.
        assert starts(slots) == [ist(2026, 1, 27, 15, 0)]

    def test_company_holiday_via_extra(self) -> None:
        hol = holiday_dates("IN", "TN", [2026], extra=[date(2026, 2, 2)])
        assert date(2026, 1, 14) in hol and date(2026, 1, 26) in hol and date(2026, 2, 2) in hol
        slots = find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 1, 30, 18), holidays=hol, limit=1)
        assert starts(slots) == [ist(2026, 2, 3, 9, 0)]

    def test_time_off(self) -> None:
        priya = mon_wed_morning_tue_thu_afternoon("priya", time_off=((ist(2026, 1, 12, 9), ist(2026, 1, 12, 11, 30)),))
        slots = find_panel_slots([priya], length=HOUR, now=ist(2026, 1, 9, 19), limit=3)
        assert starts(slots) == [ist(2026, 1, 12, 11, 30), ist(2026, 1, 12, 11, 45), ist(2026, 1, 12, 12, 0)]

    def test_whole_day_time_off(self) -> None:
        priya = mon_wed_morning_tue_thu_afternoon("priya", time_off=((ist(2026, 1, 12), ist(2026, 1, 13)),))
        slots = find_panel_slots([priya], length=HOUR, now=ist(2026, 1, 9, 19), limit=1)
        assert starts(slots) == [ist(2026, 1, 13, 15, 0)]

    def test_daily_cap_blocks_the_day(self) -> None:
        busy = ((ist(2026, 1, 12, 8), ist(2026, 1, 12, 9)), (ist(2026, 1, 12, 19), ist(2026, 1, 12, 20)))
        capped = mon_wed_morning_tue_thu_afternoon("priya", busy=busy, daily_cap=2)
        slots = find_panel_slots([capped], length=HOUR, now=ist(2026, 1, 9, 19), limit=1)
        # Two interviews already on Monday (outside the window, still counted).
        assert starts(slots) == [ist(2026, 1, 13, 15, 0)]
        # One more allowed when the cap is 3.
        roomy = mon_wed_morning_tue_thu_afternoon("priya", busy=busy, daily_cap=3)
        slots = find_panel_slots([roomy], length=HOUR, now=ist(2026, 1, 9, 19), limit=1)
        assert starts(slots) == [ist(2026, 1, 12, 10, 0)]

    def test_daily_cap_counts_in_interviewer_local_day(self) -> None:
        # 23:30 UTC Sunday 11 Jan is 05:00 IST Monday 12 Jan: it is a Monday
        # interview for an IST interviewer.
        busy = ((datetime(2026, 1, 11, 23, 30, tzinfo=UTC), datetime(2026, 1, 12, 0, 30, tzinfo=UTC)),)
        capped = mon_wed_morning_tue_thu_afternoon("priya", busy=busy, daily_cap=1)
        slots = find_panel_slots([capped], length=HOUR, now=ist(2026, 1, 9, 19), limit=1)
        assert starts(slots) == [ist(2026, 1, 13, 15, 0)]

    def test_zero_cap_means_never(self) -> None:
        assert find_panel_slots([office_hours("a", daily_cap=0)], length=HOUR, now=ist(2026, 1, 9, 19)) == []

    def test_buffer_around_existing_interview(self) -> None:
        arun = office_hours(
            "arun",
            busy=((ist(2026, 1, 12, 10), ist(2026, 1, 12, 11)), (ist(2026, 1, 12, 12, 30), ist(2026, 1, 12, 13))),
            buffer=15 * MIN,
        )
        panel = [mon_wed_morning_tue_thu_afternoon("priya"), arun]
        slots = find_panel_slots(panel, length=HOUR, now=ist(2026, 1, 9, 19), limit=2)
        # 11:15 is the first start after 11:00 + 15 min; 11:15-12:15 ends exactly
        # at 12:30 - 15 min, which is allowed. 11:30 would end 12:30 > 12:15.
        assert starts(slots) == [ist(2026, 1, 12, 11, 15), ist(2026, 1, 13, 15, 0)]
        # Without the buffer 11:00 .. 11:30 fit.
        no_buffer = office_hours("arun", busy=arun.busy)
        slots = find_panel_slots([panel[0], no_buffer], length=HOUR, now=ist(2026, 1, 9, 19), limit=3)
        assert starts(slots) == [ist(2026, 1, 12, 11, 0), ist(2026, 1, 12, 11, 15), ist(2026, 1, 12, 11, 30)]

    def test_friday_evening_jumps_to_monday(self) -> None:
        slots = find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 6, 17, 30), limit=1)
        assert starts(slots) == [ist(2026, 2, 9, 9, 0)]

    def test_horizon_counts_today(self) -> None:
        # Friday is working day 1 of the horizon; with only one day nothing is left.
        assert find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 6, 17, 30), working_days=1) == []
        slots = find_panel_slots(
            [office_hours("a")], length=HOUR, now=ist(2026, 2, 6, 17, 30), working_days=2, limit=100
        )
        assert {s.start.astimezone(IST).date() for s in slots} == {date(2026, 2, 9)}

    def test_horizon_skips_holidays(self) -> None:
        # From Tue 13 Jan evening, 2 working days are Tue 13 and Mon 19 (14-16 are holidays).
        slots = find_panel_slots(
            [office_hours("a")], length=HOUR, now=ist(2026, 1, 13, 18), working_days=2, holidays=TN_2026, limit=100
        )
        assert {s.start.astimezone(IST).date() for s in slots} == {date(2026, 1, 19)}

    def test_start_alignment_and_now(self) -> None:
        slots = find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 9, 10, 7), limit=2)
        assert starts(slots) == [ist(2026, 2, 9, 10, 15), ist(2026, 2, 9, 10, 30)]
        # A start exactly at `now` is not in the past.
        slots = find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 9, 10, 15), limit=1)
        assert starts(slots) == [ist(2026, 2, 9, 10, 15)]
        # Hourly grid on the IST clock is :30 past the hour in UTC.
        slots = find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 9, 10, 7), step=HOUR, limit=2)
        assert [s.start for s in slots] == [
            datetime(2026, 2, 9, 5, 30, tzinfo=UTC),
            datetime(2026, 2, 9, 6, 30, tzinfo=UTC),
        ]

    def test_london_interviewer(self) -> None:
        """London 09:00-17:00 (GMT in January = IST - 5:30) with an IST panel member."""
        panel = [mon_wed_morning_tue_thu_afternoon("priya"), office_hours("olivia", LONDON)]
        slots = find_panel_slots(panel, length=HOUR, now=ist(2026, 1, 9, 19), holidays=TN_2026, limit=100)
        got = starts(slots)
        # Mon 10-13 IST is 04:30-07:30 London: before Olivia starts. Tue 15:00
        # IST = 09:30 London is the first common time.
        assert got[0] == ist(2026, 1, 13, 15, 0)
        for s in slots:
            london = s.start.astimezone(LONDON)
            assert time(9) <= london.time() and (s.end.astimezone(LONDON)).time() <= time(17)

    def test_london_after_bst_starts(self) -> None:
        # From 29 March 2026 London is UTC+1: 09:00 London = 13:30 IST.
        olivia = office_hours("olivia", LONDON)
        ravi = office_hours("ravi", IST, start=time(9), end=time(14, 30))
        slots = find_panel_slots([ravi, olivia], length=HOUR, now=ist(2026, 3, 30, 8), working_days=1)
        assert starts(slots) == [ist(2026, 3, 30, 13, 30)]
        # A week earlier (GMT) there is no overlap at all on the IST-14:30 cut-off.
        assert find_panel_slots([ravi, olivia], length=HOUR, now=ist(2026, 3, 23, 8), working_days=5) == []

    def test_holiday_uses_interviewer_local_date(self) -> None:
        # New York interviewer: 9-17 local on Mon 26 Jan 2026 (Republic Day in
        # India) is Mon 26 Jan in New York too, so it is skipped there as well.
        nyc = office_hours("nyc", NEW_YORK)
        now = datetime(2026, 1, 26, 8, tzinfo=NEW_YORK)
        slots = find_panel_slots([nyc], length=HOUR, now=now, holidays=TN_2026, limit=1)
        assert [s.start.astimezone(NEW_YORK) for s in slots] == [datetime(2026, 1, 27, 9, tzinfo=NEW_YORK)]

    def test_slot_must_fit_in_a_single_window(self) -> None:
        split = InterviewerAvailability("s", IST, (Window(0, time(10), time(11)), Window(0, time(11), time(12))))
        slots = find_panel_slots([split], length=90 * MIN, now=ist(2026, 2, 9, 8))
        assert slots == []
        overlapping = InterviewerAvailability(
            "o", IST, (Window(0, time(10), time(11, 30)), Window(0, time(11), time(12)))
        )
        slots = find_panel_slots([overlapping], length=HOUR, now=ist(2026, 2, 9, 8), working_days=1)
        assert starts(slots) == [
            ist(2026, 2, 9, 10, 0),
            ist(2026, 2, 9, 10, 15),
            ist(2026, 2, 9, 10, 30),
            ist(2026, 2, 9, 11, 0),
        ]

    def test_grid_follows_local_clock_across_dst(self) -> None:
        """Israel springs forward on Friday 27 March 2026 at 02:00 (a weekday)."""
        tel_aviv = ZoneInfo("Asia/Jerusalem")
        night = InterviewerAvailability("n", tel_aviv, (Window(4, time(0), time(6)),))
        now = datetime(2026, 3, 27, 0, tzinfo=tel_aviv)
        slots = find_panel_slots([night], length=30 * MIN, now=now, step=90 * MIN, working_days=1)
        # Every start is a multiple of 90 minutes on the wall clock, even after
        # the clock jumps from 02:00 to 03:00.
        assert [s.start.astimezone(tel_aviv).time() for s in slots] == [time(0), time(1, 30), time(3), time(4, 30)]

    def test_buffer_is_real_time_across_dst(self) -> None:
        """A 2 h buffer after an interview ending 01:45 (+02:00) runs to 04:45 (+03:00)."""
        tel_aviv = ZoneInfo("Asia/Jerusalem")
        night = InterviewerAvailability(
            "n",
            tel_aviv,
            (Window(4, time(0), time(6)),),
            busy=((datetime(2026, 3, 27, 1, 30, tzinfo=tel_aviv), datetime(2026, 3, 27, 1, 45, tzinfo=tel_aviv)),),
            buffer=2 * HOUR,
        )
        now = datetime(2026, 3, 27, 0, tzinfo=tel_aviv)
        slots = find_panel_slots([night], length=30 * MIN, now=now, working_days=1, limit=1)
        # Wall-clock arithmetic would wrongly give 03:45.
        assert [s.start.astimezone(tel_aviv).time() for s in slots] == [time(4, 45)]

    def test_grid_includes_repeated_hour_after_fall_back(self) -> None:
        """New York falls back on 1 Nov 2026: 01:00-02:00 happens twice.

        Weekends are never offered, so this pins the grid helper directly:
        the next 15-minute point after 01:45 EDT is 01:00 EST, 15 real minutes later.
        """
        from recruiting.interviews.slots import _align_up

        first = datetime(2026, 11, 1, 1, 45, tzinfo=NEW_YORK).astimezone(UTC)  # fold=0: EDT
        nxt = _align_up(first + timedelta(microseconds=1), NEW_YORK, 15 * 60 * 1_000_000)
        assert nxt - first == 15 * MIN
        assert nxt.astimezone(NEW_YORK).time() == time(1, 0)

    def test_limit(self) -> None:
        slots = find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 9, 8), limit=5)
        assert len(slots) == 5
        assert find_panel_slots([office_hours("a")], length=HOUR, now=ist(2026, 2, 9, 8), limit=0) == []


class TestValidation:
    def test_window_rules(self) -> None:
        with pytest.raises(ValueError, match="weekday"):
            Window(5, time(10), time(11))
        with pytest.raises(ValueError, match="weekday"):
            Window(-1, time(10), time(11))
        with pytest.raises(ValueError, match="after start"):
            Window(0, time(11), time(10))
        with pytest.raises(ValueError, match="after start"):
            Window(0, time(10), time(10))
        with pytest.raises(ValueError, match="naive"):
            Window(0, time(10, tzinfo=UTC), time(11))

    def test_interviewer_rules(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            InterviewerAvailability("a", IST, (), busy=((datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 11)),))
        with pytest.raises(ValueError, match="end after"):
            InterviewerAvailability("a", IST, (), time_off=((ist(2026, 1, 1, 11), ist(2026, 1, 1, 10)),))
        with pytest.raises(ValueError, match="daily_cap"):
            InterviewerAvailability("a", IST, (), daily_cap=-1)
        with pytest.raises(ValueError, match="buffer"):
            InterviewerAvailability("a", IST, (), buffer=-MIN)

    def test_finder_rules(self) -> None:
        a = office_hours("a")
        with pytest.raises(ValueError, match="at least one"):
            find_panel_slots([], length=HOUR, now=ist(2026, 1, 1))
        with pytest.raises(ValueError, match="twice"):
            find_panel_slots([a, a], length=HOUR, now=ist(2026, 1, 1))
        with pytest.raises(ValueError, match="timezone-aware"):
            find_panel_slots([a], length=HOUR, now=datetime(2026, 1, 1))
        with pytest.raises(ValueError, match="length"):
            find_panel_slots([a], length=timedelta(0), now=ist(2026, 1, 1))
        with pytest.raises(ValueError, match="step"):
            find_panel_slots([a], length=HOUR, now=ist(2026, 1, 1), step=timedelta(0))
        with pytest.raises(ValueError, match="divide 24 hours"):
            find_panel_slots([a], length=HOUR, now=ist(2026, 1, 1), step=7 * MIN)
        with pytest.raises(ValueError, match="working_days"):
            find_panel_slots([a], length=HOUR, now=ist(2026, 1, 1), working_days=-1)

    def test_lists_are_normalised_to_tuples(self) -> None:
        a = InterviewerAvailability("a", IST, [Window(0, time(9), time(10))], busy=[(ist(2026, 1, 1), ist(2026, 1, 2))])  # type: ignore[arg-type]
        assert isinstance(a.windows, tuple) and isinstance(a.busy, tuple)
        hash(a)


# --------------------------------------------------------------------------
# Working days
# --------------------------------------------------------------------------


class TestWorkingDays:
    def test_examples(self) -> None:
        fri, mon = date(2026, 1, 9), date(2026, 1, 12)
        assert working_days_between(fri, mon, ()) == 1
        assert add_working_days(fri, 1, ()) == mon
        assert add_working_days(mon, -1, ()) == fri
        assert add_working_days(fri, 0, ()) == fri
        # Tue 13 Jan + 1 working day in Tamil Nadu is Mon 19 Jan (Pongal week).
        assert add_working_days(date(2026, 1, 13), 1, TN_2026) == date(2026, 1, 19)
        assert working_days_between(date(2026, 1, 13), date(2026, 1, 19), TN_2026) == 1
        assert working_days_between(date(2026, 1, 19), date(2026, 1, 13), TN_2026) == -1
        assert working_days_between(mon, mon, ()) == 0

    @settings(max_examples=200, deadline=None)
    @given(
        start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)),
        span=st.integers(min_value=-60, max_value=60),
    )
    def test_between_matches_day_by_day_count(self, start: date, span: int) -> None:
        end = start + timedelta(days=span)
        lo, hi, sign = (start, end, 1) if end >= start else (end, start, -1)
        plain = sum(
            1
            for k in range(1, (hi - lo).days + 1)
            if (lo + timedelta(days=k)).weekday() < 5 and lo + timedelta(days=k) not in TN_2026
        )
        assert working_days_between(start, end, TN_2026) == sign * plain

    @settings(max_examples=200, deadline=None)
    @given(start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 11, 30)), n=st.integers(0, 40))
    def test_add_is_inverse_of_between(self, start: date, n: int) -> None:
        end = add_working_days(start, n, TN_2026)
        assert working_days_between(start, end, TN_2026) == n
        if n:
            # It lands on a working day, and not one day too late.
            assert end.weekday() < 5 and end not in TN_2026
            assert working_days_between(start, end - timedelta(days=1), TN_2026) == n - 1


# --------------------------------------------------------------------------
# Property tests against a brute-force reference
# --------------------------------------------------------------------------

ZONES = [IST, LONDON, NEW_YORK, ZoneInfo("UTC")]
# All offsets (and DST shifts) of these zones are multiples of 15 minutes,
# so every grid point of any step below lands on a 15-minute UTC instant.
GRID = 15 * MIN


def violations(slot: Slot, person: InterviewerAvailability, holidays: frozenset[date]) -> list[str]:
    """Every rule a slot breaks for one interviewer, checked the obvious way."""
    s, e = slot.start, slot.end
    local = s.astimezone(person.tz)
    day = local.date()
    problems = []
    if local.weekday() >= 5:
        problems.append("weekend")
    if day in holidays:
        problems.append("holiday")
    inside = any(
        w.weekday == local.weekday()
        and datetime.combine(day, w.start, tzinfo=person.tz) <= s
        and e <= datetime.combine(day, w.end, tzinfo=person.tz)
        for w in person.windows
    )
    if not inside:
        problems.append("outside window")
    if any(s < toe and tos < e for tos, toe in person.time_off):
        problems.append("time off")
    # In UTC: "+" on a ZoneInfo-aware datetime is wall-clock arithmetic.
    buffer = person.buffer
    if any(s < be.astimezone(UTC) + buffer and bs.astimezone(UTC) - buffer < e for bs, be in person.busy):
        problems.append("busy/buffer")
    if person.daily_cap is not None:
        same_day = sum(1 for bs, _ in person.busy if bs.astimezone(person.tz).date() == day)
        if same_day >= person.daily_cap:
            problems.append("cap")
    return problems


def reference_slots(
    panel: list[InterviewerAvailability],
    *,
    length: timedelta,
    now: datetime,
    working_days: int,
    holidays: frozenset[date],
    step: timedelta,
    limit: int,
) -> list[Slot]:
    """Walk every 15-minute UTC instant in the horizon; keep valid grid points."""
    day_tz = panel[0].tz
    day = now.astimezone(day_tz).date()
    counted = 0
    while True:
        if day.weekday() < 5 and day not in holidays:
            counted += 1
            if counted == working_days:
                break
        day += timedelta(days=1)
    horizon_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=day_tz)

    t = now.astimezone(UTC).replace(second=0, microsecond=0)
    t -= timedelta(minutes=t.minute % 15)
    found: list[Slot] = []
    while t < horizon_end and len(found) < limit:
        if t >= now:
            wall = t.astimezone(day_tz)
            on_grid = (wall.hour * 60 + wall.minute) % (step // MIN) == 0
            slot = Slot(t, t + length)
            if on_grid and all(not violations(slot, p, holidays) for p in panel):
                found.append(slot)
        t += GRID
    return found


BASE = datetime(2026, 1, 5, tzinfo=UTC)  # covers Pongal, Republic Day and March DST changes


@st.composite
def interval_lists(draw: st.DrawFn, around: datetime, max_size: int) -> tuple[tuple[datetime, datetime], ...]:
    """Intervals near ``around`` (the test's ``now``) so they hit the horizon."""
    out = []
    base = around.replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    for _ in range(draw(st.integers(0, max_size))):
        start = base + draw(st.integers(0, 8 * 24 * 4)) * GRID + draw(st.sampled_from([0, 0, 0, 5, 7])) * MIN
        out.append((start, start + draw(st.integers(1, 24)) * 10 * MIN))
    return tuple(out)


@st.composite
def windows(draw: st.DrawFn) -> tuple[Window, ...]:
    out = []
    for _ in range(draw(st.integers(1, 4))):
        # Mostly office-like hours so that panels overlap often enough to be
        # interesting, sometimes anywhere in the day (incl. near midnight).
        start_q = draw(st.integers(24, 80) | st.integers(0, 94))
        end_q = draw(st.integers(start_q + 1, min(start_q + 48, 95)))
        start, end = time(start_q // 4, 15 * (start_q % 4)), time(end_q // 4, 15 * (end_q % 4))
        # A published pattern usually repeats over several weekdays.
        days = draw(st.sets(st.integers(0, 4), min_size=1, max_size=5))
        out.extend(Window(day, start, end) for day in sorted(days))
    return tuple(out)


@st.composite
def finder_inputs(draw: st.DrawFn) -> dict:
    if draw(st.booleans()):
        now = BASE + timedelta(seconds=draw(st.integers(0, 90 * 24 * 60 * 60)))
    else:
        # Just before a Tamil Nadu holiday, so that holiday skipping is exercised.
        holiday = draw(st.sampled_from(sorted(d for d in TN_2026 if d < date(2026, 4, 6))))
        now = datetime.combine(holiday, time(0), tzinfo=UTC) - timedelta(
            seconds=draw(st.integers(-12 * 3600, 3 * 24 * 3600))
        )
    zone = draw(st.sampled_from(ZONES))
    members = []
    for i in range(draw(st.integers(1, 3))):
        # Often a shared zone (overlaps are likelier), sometimes mixed.
        tz = draw(st.just(zone) | st.sampled_from(ZONES))

        def local(intervals: tuple[tuple[datetime, datetime], ...]) -> tuple[tuple[datetime, datetime], ...]:
            # Stored in the interviewer's zone, as a real caller would.
            return tuple((s.astimezone(tz), e.astimezone(tz)) for s, e in intervals)

        members.append(
            InterviewerAvailability(
                key=f"p{i}",
                tz=tz,
                windows=draw(windows()),
                time_off=local(draw(interval_lists(now, 2))),
                busy=local(draw(interval_lists(now, 8))),
                daily_cap=draw(st.sampled_from([None, None, 0, 1, 2, 3])),
                buffer=draw(st.sampled_from([0, 10, 15, 30])) * MIN,
            )
        )
    return {
        "panel": members,
        "now": now,
        "length": draw(st.sampled_from([15, 30, 45, 50, 60, 90])) * MIN,
        "step": draw(st.sampled_from([15, 30, 60])) * MIN,
        "working_days": draw(st.integers(1, 4)),
        "limit": draw(st.integers(1, 6)),
    }


PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(finder_inputs())
def test_every_proposed_slot_is_valid(args: dict) -> None:
    """Never a weekend, holiday, time off, out-of-window, over-cap or busy slot."""
    slots = find_panel_slots(holidays=TN_2026, **args)
    assert len(slots) <= args["limit"]
    assert [s.start for s in slots] == sorted({s.start for s in slots})
    for slot in slots:
        assert slot.start >= args["now"]
        assert slot.end - slot.start == args["length"]
        assert slot.start.utcoffset() == timedelta(0)
        for person in args["panel"]:
            local = slot.start.astimezone(person.tz)
            assert local.weekday() < 5, "weekend proposed"
            assert local.date() not in TN_2026, "holiday proposed"
            assert violations(slot, person, TN_2026) == []


@PROPERTY_SETTINGS
@given(finder_inputs())
def test_matches_brute_force_reference(args: dict) -> None:
    """Completeness: the finder returns exactly the earliest valid grid slots."""
    expected = reference_slots(holidays=TN_2026, **args)
    got = find_panel_slots(holidays=TN_2026, **args)
    if expected:
        assert got, "a valid slot exists but none was returned"
        assert got[0].start <= expected[0].start
    assert got == expected


@PROPERTY_SETTINGS
@given(finder_inputs(), st.sampled_from(ZONES))
def test_other_day_zone_still_valid(args: dict, day_tz: ZoneInfo) -> None:
    """Whatever zone defines the horizon, the per-interviewer rules hold."""
    for slot in find_panel_slots(holidays=TN_2026, tz_for_days=day_tz, **args):
        for person in args["panel"]:
            assert violations(slot, person, TN_2026) == []


def test_minimum_notice_late_in_the_evening_does_not_push_the_horizon_a_day_on():
    """Found by the DB-backed property test: at 23:55 on a Wednesday, two hours of notice
    lands on Thursday, but "the next 10 working days" still start on Wednesday."""
    singapore = ZoneInfo("Asia/Singapore")
    person = InterviewerAvailability(key="sg", tz=singapore, windows=(Window(3, time(7), time(8)),))
    now = datetime(2026, 11, 25, 23, 55, tzinfo=singapore)
    thursday_holiday = {date(2026, 11, 26)}
    slots = find_panel_slots(
        [person],
        length=timedelta(minutes=30),
        now=now,
        not_before=now + timedelta(hours=2),
        holidays=thursday_holiday,
        working_days=10,
    )
    local_days = {s.start.astimezone(singapore).date() for s in slots}
    assert local_days == {date(2026, 12, 3)}  # Thursday 10 December is the 11th working day
    assert min(s.start for s in slots) >= now + timedelta(hours=2)
