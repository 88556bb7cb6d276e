"""A small hiring history with known figures, written with exact times (IST)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from psycopg.types.range import Range

from recruiting.interviews.models import Interview, InterviewPanelist, Scorecard
from recruiting.pipelines.models import Application, RejectionReason, Stage, StageTransition
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

IST = ZoneInfo("Asia/Kolkata")
RANGE = {"date_from": "2026-06-01", "date_to": "2026-06-30"}


def at(day: int, hour: int = 10, month: int = 6) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour), tzinfo=IST)


def history(application: Application, steps: list[tuple[str, str, datetime]]) -> Application:
    """Replace the application's history with `steps` of (stage name, state, when)."""
    stages = {s.name: s for s in Stage.objects.filter(posting=application.posting)}
    StageTransition.objects.filter(application=application).delete()
    previous = None
    for name, state, when in steps:
        StageTransition.objects.create(
            application=application,
            from_stage=previous[0] if previous else None,
            to_stage=stages[name],
            from_state=previous[1] if previous else "",
            to_state=state,
            at=when,
        )
        previous = (stages[name], state)
    last_stage, last_state = previous
    reason = RejectionReason.objects.get_or_create(name="Skills gap")[0] if last_state == "rejected" else None
    Application.objects.filter(pk=application.pk).update(
        stage=last_stage,
        state=last_state,
        stage_entered_at=steps[-1][2],
        created_at=steps[0][2],
        rejection_reason=reason,
    )
    application.refresh_from_db()
    return application


@dataclass
class ReportWorld:
    posting: object
    hired: Application
    rejected: Application
    withdrawn: Application
    waiting: Application
    interview: Interview


def build_report_world(hiring_manager, recruiter, interviewer) -> ReportWorld:
    posting = PostingFactory(hiring_manager=hiring_manager, title="Reports Platform Lead", opened_at=at(16, month=5))
    Stage.objects.filter(posting=posting, name="Applied").update(time_limit_days=5)

    def app(**kw):
        return ApplicationFactory(posting=posting, candidate=CandidateFactory(), **kw)

    hired = history(
        app(source="referral"),
        [
            ("Applied", "active", at(1)),
            ("Screen", "active", at(4)),
            ("Technical", "active", at(9)),
            ("Offer", "active", at(12)),
            ("Hired", "hired", at(15)),
        ],
    )
    Application.objects.filter(pk=hired.pk).update(referred_by=recruiter)
    rejected = history(
        app(), [("Applied", "active", at(1)), ("Screen", "active", at(2)), ("Screen", "rejected", at(5))]
    )
    withdrawn = history(app(), [("Applied", "active", at(2)), ("Applied", "withdrawn", at(3))])
    waiting = history(app(), [("Applied", "active", at(3))])
    Application.objects.filter(pk=waiting.pk).update(knockout_flags=["Notice period 60 days > 15"])
    interview = Interview.objects.create(
        application=hired, title="Technical", starts_at=at(10, 11), ends_at=at(10, 12), status="scheduled"
    )
    InterviewPanelist.objects.create(interview=interview, interviewer=interviewer, busy=Range(at(10, 11), at(10, 12)))
    Scorecard.objects.create(
        interview=interview,
        interviewer=interviewer,
        status="submitted",
        recommendation="yes",
        submitted_at=at(10, 12) + timedelta(hours=5),
    )
    return ReportWorld(posting, hired, rejected, withdrawn, waiting, interview)
