"""The rows behind each report (one per application, stay or interview seat): the large
downloads, built by a Celery task (recruiting.reports.tasks) with a progress count."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

from recruiting.pipelines.models import Source
from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import app_filter, fetch, workdays_through, working_day_holidays

_SOURCES = dict(Source.choices)
_STATES = {"active": "Active", "hired": "Hired", "rejected": "Rejected", "withdrawn": "Withdrew"}

_APPLICATIONS = """
SELECT a.public_id::text, coalesce(nullif(a.applicant_name, ''), c.full_name), p.title, p.team, f.source, f.state,
       s.name, fs.name, f.created_at, f.interviewed, f.offered, f.hired_at,
       round((extract(epoch FROM f.hired_at - f.created_at) / 86400.0)::numeric, 1)
FROM reports_applicationfact f
JOIN pipelines_application a ON a.id = f.application_id
JOIN pipelines_candidate c ON c.id = a.candidate_id
JOIN postings_posting p ON p.id = f.posting_id
JOIN pipelines_stage s ON s.id = f.stage_id
LEFT JOIN LATERAL (
    SELECT x.name FROM pipelines_stage x
    WHERE x.posting_id = f.posting_id AND x."order" <= f.furthest_order AND NOT x.retired
    ORDER BY x."order" DESC LIMIT 1
) fs ON TRUE
WHERE {where}
ORDER BY f.created_at, f.application_id
"""
_APPLICATIONS_HEADER = [
    "Application",
    "Candidate",
    "Posting",
    "Team",
    "Source",
    "State",
    "Stage now",
    "Furthest stage",
    "Applied",
    "Interviewed",
    "Reached offer",
    "Hired",
    "Days to hire",
]

_STAYS = """
SELECT a.public_id::text, p.title, s.name, y.entered_at, y.left_at, {left} - {entered}
FROM reports_stay y
JOIN pipelines_application a ON a.id = y.application_id
JOIN postings_posting p ON p.id = y.posting_id
JOIN pipelines_stage s ON s.id = y.stage_id
WHERE y.left_at >= %s AND y.left_at < %s AND {where}
ORDER BY y.left_at, y.transition_id
"""

_SEATS = """
SELECT coalesce(nullif(u.full_name, ''), u.email), p.title, i.starts_at, i.ends_at, sc.submitted_at,
       round((extract(epoch FROM sc.submitted_at - i.ends_at) / 3600.0)::numeric, 1)
FROM interviews_interviewpanelist ip
JOIN interviews_interview i ON i.id = ip.interview_id
JOIN pipelines_application a ON a.id = i.application_id
JOIN postings_posting p ON p.id = a.posting_id
JOIN accounts_user u ON u.id = ip.interviewer_id
LEFT JOIN interviews_scorecard sc
  ON sc.interview_id = i.id AND sc.interviewer_id = ip.interviewer_id AND sc.status = 'submitted'
WHERE ip.active AND i.status <> 'cancelled' AND i.starts_at >= %s AND i.starts_at < %s AND {where} {only}
ORDER BY i.starts_at, ip.id
"""


@dataclass
class Detail:
    title: str
    header: list[str]
    sql: str
    params: list
    convert: object = None  # row -> row, for labels

    def count(self) -> int:
        return fetch(f"SELECT count(*) FROM ({self.sql}) AS counted", self.params)[0][0]  # noqa: S608 (our SQL)

    def rows(self) -> Iterator[list]:
        """Every row, read in chunks through a server-side cursor."""
        with connection.chunked_cursor() as cursor:
            cursor.execute(self.sql, self.params)
            while chunk := cursor.fetchmany(2000):
                for row in chunk:
                    yield self.convert(row) if self.convert else list(row)


def _application_row(row) -> list:
    row = list(row)
    row[4] = _SOURCES.get(row[4], row[4])
    row[5] = _STATES.get(row[5], row[5])
    return row


def detail_for(slug: str, scope: Scope, user, *, own_only: bool = False) -> Detail | None:
    """The rows behind report `slug` for `scope` (None: the report has none)."""
    if slug in ("funnel", "sources"):
        where, params = app_filter(scope, "f")
        return Detail("Applications", _APPLICATIONS_HEADER, _APPLICATIONS.format(where=where), params, _application_row)
    if slug == "time-to-hire":
        where, params = app_filter(scope, "f", created=False)
        where += " AND f.hired_at >= %s AND f.hired_at < %s"
        return Detail(
            "Hires",
            _APPLICATIONS_HEADER,
            _APPLICATIONS.format(where=where),
            [*params, scope.start, scope.end],
            _application_row,
        )
    if slug == "time-in-stage":
        where, params = app_filter(scope, "y", created=False)
        holidays = working_day_holidays()
        return Detail(
            "Stays",
            ["Application", "Posting", "Stage", "Entered", "Left", "Working days"],
            _STAYS.format(left=workdays_through("y.left_day"), entered=workdays_through("y.entered_day"), where=where),
            [holidays, holidays, scope.start, scope.end, *params],
        )
    if slug == "interviewers":
        where, params = app_filter(scope, created=False)
        only, only_params = ("AND ip.interviewer_id = %s", [user.pk]) if own_only else ("", [])
        return Detail(
            "Interviews",
            ["Interviewer", "Posting", "Starts", "Ends", "Scorecard submitted", "Turnaround (hours)"],
            _SEATS.format(where=where, only=only),
            [scope.start, scope.end, *params, *only_params],
        )
    return None
