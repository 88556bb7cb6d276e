"""The figures each report computes from a history with known answers."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import QueryDict

from recruiting.core.workdays import working_days_between
from recruiting.pipelines.board import holidays_since
from recruiting.reports.filters import scope_for
from recruiting.reports.registry import REPORTS
from tests.reports.world import RANGE, build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hiring_manager, recruiter, interviewer):
    return build_report_world(hiring_manager, recruiter, interviewer)


def run(slug, user, **params):
    query = QueryDict(mutable=True)
    query.update({**RANGE, **params})
    _form, scope = scope_for(user, query)
    return REPORTS[slug].build(scope, user)


def wd(a: int, b: int) -> int:
    holidays = holidays_since(2025, date(2026, 6, 30))
    return working_days_between(date(2026, 6, a), date(2026, 6, b), holidays)


def test_the_funnel_counts_every_stage_up_to_the_furthest_reached(world, recruiter):
    result = run("funnel", recruiter)
    stages = {row[0]: row[1] for row in result.tables[0].rows}
    assert stages == {
        "Applied": 4,
        "Screen": 2,
        "Technical": 1,
        "System design": 1,
        "Hiring manager": 1,
        "Offer": 1,
        "Hired": 1,
    }
    screen = next(row for row in result.tables[0].rows if row[0] == "Screen")
    assert screen[2] == 50.0 and screen[3] == 50.0  # of all, of the previous stage
    left = result.tables[1].rows
    assert ["Screen", "Rejected", "Skills gap", 1] in left and ["Applied", "Withdrew", "", 1] in left
    assert result.tables[2].rows == [["Notice period", 1]]
    assert "4 applications" in result.summary


def test_time_in_stage_counts_working_days_and_who_is_over_the_limit(world, recruiter):
    result = run("time-in-stage", recruiter)
    rows = {row[0]: row for row in result.tables[0].rows}
    applied = sorted([wd(1, 4), wd(1, 2), wd(2, 3)])
    assert rows["Applied"][1] == 3
    assert rows["Applied"][2] == applied[1]  # the median of three
    assert rows["Screen"][1] == 2 and rows["Screen"][2] == (wd(4, 9) + wd(2, 5)) / 2
    assert rows["Applied"][4] == 5 and rows["Applied"][5] == 1 and rows["Applied"][6] == 1  # waiting since June


def test_time_to_hire_and_fill_by_month_and_posting(world, recruiter):
    result = run("time-to-hire", recruiter)
    month = result.tables[0].rows
    assert month == [[date(2026, 6, 1), 1, 14.0, 30.0]]
    assert result.tables[1].rows == [["Reports Platform Lead", 1, 14.0, 30.0]]


def test_sources_follow_applications_to_interviews_offers_and_hires(world, recruiter):
    result = run("sources", recruiter)
    rows = {row[0]: row for row in result.tables[0].rows}
    assert rows["Referral"][1:] == [1, 1, 1, 1, 100.0]
    assert rows["Careers page"][1:] == [3, 0, 0, 0, 0.0]
    assert result.tables[1].rows == [[str(recruiter), 1, 1]]


def test_interviewer_load_and_scorecard_turnaround(world, recruiter, interviewer):
    result = run("interviewers", recruiter)
    (row,) = result.tables[0].rows
    assert row[0] == str(interviewer) and row[1] == 1 and row[3] == 1 and row[4] == 15 and row[5] == 5.0
    assert row[6] == 0


def test_an_interviewer_sees_only_their_own_load(world, interviewer):
    from tests.interviews.factories import make_interviewer

    other = make_interviewer(windows=False)
    assert run("interviewers", other).tables[0].rows == []
    assert len(run("interviewers", interviewer).tables[0].rows) == 1


def test_a_hiring_manager_sees_only_their_postings(world, hiring_manager, outsider_manager):
    assert run("funnel", hiring_manager).tables[0].rows[0][1] == 4
    assert run("funnel", outsider_manager).tables[0].rows == []
    assert run("sources", outsider_manager).tables[0].rows == []


def test_filters_narrow_the_figures(world, recruiter):
    assert run("funnel", recruiter, source="referral").tables[0].rows[0][1] == 1
    assert run("funnel", recruiter, posting=str(world.posting.public_id)).tables[0].rows[0][1] == 4
    _form, scope = scope_for(recruiter, QueryDict("team=Nobody&source=referral"))
    assert "team" in scope.errors and scope.source == "referral"  # the bad one dropped, the others kept
    assert run("funnel", recruiter, team="Platform").tables[0].rows[0][1] == 4
    assert run("funnel", recruiter, date_from="2026-06-02").tables[0].rows[0][1] == 2


def test_a_reversed_range_is_refused_with_a_reason(recruiter):
    _form, scope = scope_for(recruiter, QueryDict("date_from=2026-06-30&date_to=2026-06-01"))
    assert scope.errors["__all__"] == ["The start of the range is after its end."]
    assert scope.date_from < scope.date_to


def test_without_the_offers_app_the_report_says_so_plainly(world, recruiter, monkeypatch):
    from recruiting.reports.queries import offers

    monkeypatch.setattr(offers, "offers_available", lambda: False)
    result = run("offers", recruiter)
    assert "not available yet" in result.notice and result.tables == []


def test_percentiles_from_a_histogram_interpolate_like_postgresql():
    from recruiting.reports.queries.stages import percentile

    assert percentile([(1, 2), (3, 1)], 0.9) == pytest.approx(2.6)  # percentile_cont(0.9) of 1, 1, 3
    assert percentile([(1, 2), (3, 1)], 0.5) == 1.0
    assert percentile([(2, 1), (4, 1)], 0.5) == 3.0
    assert percentile([], 0.5) is None


def test_working_days_in_sql_match_the_stage_limits_count(db):
    """The SQL formula against core.workdays over two years of days, holidays included."""
    from datetime import timedelta

    from recruiting.reports.queries.base import fetch, workdays_through, working_day_holidays

    today = date(2026, 6, 30)
    holidays = working_day_holidays(today)
    python_holidays = holidays_since(2022, today)
    start = date(2025, 1, 1)
    rows = fetch(
        f"SELECT d::date, {workdays_through('d::date')} FROM generate_series(%s::date, %s::date, interval '1 day') d",
        [holidays, start, start + timedelta(days=730)],
    )
    base = rows[0][1]
    for day, through in rows:
        assert through - base == working_days_between(start, day, python_holidays), day
