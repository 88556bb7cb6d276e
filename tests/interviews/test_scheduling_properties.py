"""Property tests of the database-backed scheduling: whatever the windows, time off,
booked interviews, caps, buffers and holidays in the database, the proposals are exactly
the earliest valid starts on the grid (so nothing invalid is proposed and nothing valid is
missed), and the first proposal can really be booked."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import count

import pytest
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruiting.interviews import services
from recruiting.interviews.models import (
    AvailabilityWindow,
    CompanyHoliday,
    Interview,
    InterviewerSettings,
    InterviewPanelist,
    TimeOff,
)
from recruiting.interviews.scheduling import holidays_for, min_notice, propose_slots, zone
from tests.factories import ApplicationFactory, UserFactory
from tests.interviews.factories import make_round

ZONES = ["Asia/Kolkata", "Europe/London", "Asia/Singapore"]
STEP = timedelta(minutes=15)
_serial = count()

window_st = st.tuples(
    st.sampled_from(range(5)), st.integers(min_value=7, max_value=16), st.integers(min_value=1, max_value=5)
)
person_st = st.fixed_dictionaries(
    {
        "tz": st.sampled_from(ZONES),
        "windows": st.lists(window_st, min_size=1, max_size=5),
        "cap": st.integers(min_value=1, max_value=3),
        "buffer": st.sampled_from([0, 15, 30]),
        # (day offset, local hour, quarter, length in quarters)
        "booked": st.lists(
            st.tuples(st.integers(0, 13), st.integers(8, 19), st.integers(0, 3), st.integers(2, 6)), max_size=6
        ),
        "time_off": st.lists(st.tuples(st.integers(0, 13), st.integers(0, 23), st.integers(1, 30)), max_size=2),
    }
)
scenario_st = st.fixed_dictionaries(
    {
        "people": st.lists(person_st, min_size=1, max_size=3),
        "company_days": st.lists(st.integers(0, 13), max_size=2),
        "length": st.sampled_from([30, 45, 60, 90]),
    }
)


def _build(scenario, application):
    now = timezone.now()
    people = []
    for spec in scenario["people"]:
        tz = zone(spec["tz"])
        user = UserFactory(email=f"prop{next(_serial)}@example.com", time_zone=spec["tz"], role="interviewer")
        InterviewerSettings.objects.create(user=user, daily_cap=spec["cap"], buffer_minutes=spec["buffer"])
        for weekday, hour, hours in spec["windows"]:
            AvailabilityWindow.objects.create(
                interviewer=user, weekday=weekday, start=time(hour), end=time(min(hour + hours, 23))
            )
        today = now.astimezone(tz).date()
        for offset, hour, quarter, quarters_long in spec["booked"]:
            day = today + timedelta(days=offset)
            start = datetime.combine(day, time(hour, 15 * quarter), tzinfo=tz).astimezone(UTC)
            end = start + STEP * quarters_long
            interview = Interview.objects.create(application=application, title="Booked", starts_at=start, ends_at=end)
            buffer = timedelta(minutes=spec["buffer"])
            try:
                with transaction.atomic():
                    InterviewPanelist.objects.create(
                        interview=interview, interviewer=user, busy=DateTimeTZRange(start - buffer, end + buffer, "[)")
                    )
            except IntegrityError:
                interview.delete()  # overlapped an earlier random booking: leave it out
        for offset, hour, hours in spec["time_off"]:
            start = datetime.combine(today + timedelta(days=offset), time(hour), tzinfo=tz)
            TimeOff.objects.create(interviewer=user, starts_at=start, ends_at=start + timedelta(hours=hours))
        people.append(user)
    base = now.astimezone(zone("Asia/Kolkata")).date()
    for offset in set(scenario["company_days"]):
        CompanyHoliday.objects.get_or_create(date=base + timedelta(days=offset), defaults={"name": "Company day"})
    return now, people


def _rules(user):
    """Everything the rules need about one person, read back from the database."""
    prefs = InterviewerSettings.objects.get(user=user)
    seats = [(s.busy.lower, s.busy.upper) for s in InterviewPanelist.objects.filter(interviewer=user, active=True)]
    return {
        "tz": zone(user.time_zone),
        "windows": list(AvailabilityWindow.objects.filter(interviewer=user).values_list("weekday", "start", "end")),
        "time_off": list(TimeOff.objects.filter(interviewer=user).values_list("starts_at", "ends_at")),
        "seats": seats,
        "cap": prefs.daily_cap,
        "buffer": timedelta(minutes=prefs.buffer_minutes),
    }


def _valid_for(rules, start, end, holidays) -> bool:
    tz = rules["tz"]
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    day = local_start.date()
    if day.weekday() >= 5 or day in holidays or local_end.date() != day:
        return False
    if not any(
        w == day.weekday() and ws <= local_start.time() and local_end.time() <= we for w, ws, we in rules["windows"]
    ):
        return False
    if any(off_start < end and start < off_end for off_start, off_end in rules["time_off"]):
        return False
    buffer = rules["buffer"]
    if any(lo < end + buffer and start - buffer < hi for lo, hi in rules["seats"]):
        return False
    same_day = sum(1 for lo, _ in rules["seats"] if lo.astimezone(tz).date() == day)
    return same_day < rules["cap"]


def _expected(people, now, length, holidays, limit=20):
    """Brute force: every 15-minute start from now + notice to the end of the 10th working
    day (in the first person's zone) that satisfies every rule for every person."""
    day_tz = zone(people[0].time_zone)
    day, seen = now.astimezone(day_tz).date(), 0
    while True:
        if day.weekday() < 5 and day not in holidays:
            seen += 1
            if seen == 10:
                break
        day += timedelta(days=1)
    horizon_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=day_tz).astimezone(UTC)
    earliest = (now + min_notice()).astimezone(UTC)
    # Every zone used here has an offset in whole quarter hours: the UTC grid is the local grid.
    start = earliest.replace(second=0, microsecond=0)
    if start < earliest:
        start += timedelta(minutes=1)
    start += timedelta(minutes=(-start.minute) % 15)
    rules = [_rules(p) for p in people]
    found = []
    while start < horizon_end and len(found) < limit:
        end = start + length
        if all(_valid_for(r, start, end, holidays) for r in rules):
            found.append(start)
        start += STEP
    return found


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(scenario=scenario_st)
def test_proposals_are_exactly_the_earliest_valid_slots_and_the_first_can_be_booked(scenario, application):
    with transaction.atomic():
        now, people = _build(scenario, application)
        length = timedelta(minutes=scenario["length"])
        today = now.date()
        holidays = holidays_for([today.year, today.year + 1])
        proposals = [slot.start for slot in propose_slots(users=people, length=length, now=now)]
        assert proposals == _expected(people, now, length, holidays)
        for start in proposals:
            for user in people:
                rules = _rules(user)
                local = start.astimezone(rules["tz"])
                assert local.weekday() < 5, "never a weekend"
                assert local.date() not in holidays, "never a holiday"
        if proposals:
            interview_round = make_round(
                application.posting, pool=people, interviewers_needed=len(people), duration_minutes=scenario["length"]
            )
            booked = services.interview_book(
                application=ApplicationFactory(posting=application.posting),
                round=interview_round,
                panel=people,
                start=proposals[0],
                actor=None,
            )
            assert booked.panel.count() == len(people)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_free_panel_always_gets_proposals(application):
    from tests.interviews.factories import make_interviewer

    people = [make_interviewer(email=f"free{i}@example.com") for i in range(3)]
    assert len(propose_slots(users=people, length=timedelta(hours=1))) == 20


@pytest.mark.django_db
def test_a_panel_with_no_common_window_gets_none(application):
    morning = UserFactory(email="morning@example.com")
    evening = UserFactory(email="evening@example.com")
    for day in range(5):
        AvailabilityWindow.objects.create(interviewer=morning, weekday=day, start=time(9), end=time(11))
        AvailabilityWindow.objects.create(interviewer=evening, weekday=day, start=time(15), end=time(17))
    assert propose_slots(users=[morning, evening], length=timedelta(hours=1)) == []
