"""Many people booking the same slot at once: `python bench/run.py book --concurrent 50`.

Forks N processes, each with its own database connection, lines them up on a barrier and
lets all of them call the real `interview_book` for the same interviewer and start time.
Exactly one must win; the others must get SlotTaken (a clear answer), none an error.

A process that cannot get ready (no free connection on the server, say) breaks the
barrier, so the others go ahead instead of waiting for it forever, and is counted under
"errors"; so is a process that ends without an answer. The run always ends."""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import queue
import sys
import threading
import time
from datetime import time as clock
from datetime import timedelta

from common import emit, setup_django

TAG = "bench-book"
BARRIER_TIMEOUT = 60  # seconds for every process to connect and get ready


def _setup():
    from recruiting.accounts.models import User
    from recruiting.interviews.models import AvailabilityWindow, InterviewRound
    from recruiting.interviews.services import round_create
    from recruiting.pipelines.models import Candidate
    from recruiting.pipelines.services import application_create
    from recruiting.postings.models import Posting

    manager, _ = User.objects.get_or_create(email=f"manager@{TAG}.test", defaults={"role": "hiring_manager"})
    person, _ = User.objects.get_or_create(email=f"interviewer@{TAG}.test", defaults={"role": "interviewer"})
    if not AvailabilityWindow.objects.filter(interviewer=person).exists():
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(interviewer=person, weekday=day, start=clock(9), end=clock(18)) for day in range(5)
        )
    posting = Posting.objects.filter(title="Bench booking posting").first() or Posting.objects.create(
        title="Bench booking posting", hiring_manager=manager, status="open"
    )
    interview_round = InterviewRound.objects.filter(posting=posting).first() or round_create(
        posting=posting, actor=None, pool=[person], name="Technical", duration_minutes=60, interviewers_needed=1
    )
    candidate = Candidate.objects.filter(email=f"candidate@{TAG}.test").first() or Candidate.objects.create(
        full_name="Bench Candidate", email=f"candidate@{TAG}.test"
    )
    application, _ = application_create(candidate=candidate, posting=posting)
    return person, interview_round, application


def _attempt(barrier, results, person_id: int, round_id: int, application_id: int, start_iso: str) -> None:
    from datetime import datetime

    from django.db import connections

    from recruiting.accounts.models import User
    from recruiting.interviews import services
    from recruiting.interviews.models import InterviewRound
    from recruiting.pipelines.models import Application

    try:
        try:
            person = User.objects.get(pk=person_id)  # the first query connects
            interview_round = InterviewRound.objects.get(pk=round_id)
            application = Application.objects.select_related("candidate", "posting").get(pk=application_id)
        except BaseException:
            barrier.abort()  # this process will never arrive: nobody waits for it
            raise
        # Another process could not get ready (the barrier is broken): go ahead without it.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=BARRIER_TIMEOUT)
        services.interview_book(
            application=application,
            round=interview_round,
            panel=[person],
            start=datetime.fromisoformat(start_iso),
            actor=None,
        )
        results.put("booked")
    except services.SlotTaken:
        results.put("refused")
    except Exception as exc:  # counted, and shown on stderr
        results.put(f"error: {type(exc).__name__}: {exc}")
    finally:
        connections.close_all()


def _collect(results, workers, *, timeout: float) -> list[str]:
    """One answer per process; a process that ended (or hung) without one is an error."""
    outcomes: list[str] = []
    deadline = time.monotonic() + timeout
    while len(outcomes) < len(workers) and time.monotonic() < deadline:
        try:
            outcomes.append(results.get(timeout=0.5))
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers) and results.empty():
                break
    for worker in workers:
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    while len(outcomes) < len(workers):  # answers that arrived after the deadline
        try:
            outcomes.append(results.get(timeout=0.1))
        except queue.Empty:
            break
    missing = len(workers) - len(outcomes)
    return outcomes + ["error: the process ended without an answer"] * missing


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py book")
    parser.add_argument("--concurrent", type=int, default=50)
    args = parser.parse_args(argv)
    os.environ.setdefault("EMAIL_TRANSPORT", "memory")
    setup_django()
    from django.db import connections

    from recruiting.interviews.models import Interview
    from recruiting.interviews.scheduling import propose_slots

    person, interview_round, application = _setup()
    # Earlier runs' bookings are gone (cleaned up below), so the first free slot is fresh.
    start = propose_slots(users=[person], length=timedelta(hours=1))[0].start
    connections.close_all()  # children must not share the parent's connection

    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(args.concurrent)
    results = ctx.Queue()
    workers = [
        ctx.Process(
            target=_attempt, args=(barrier, results, person.pk, interview_round.pk, application.pk, start.isoformat())
        )
        for _ in range(args.concurrent)
    ]
    for worker in workers:
        worker.start()
    outcomes = _collect(results, workers, timeout=BARRIER_TIMEOUT + 120)
    errors = [o for o in outcomes if o.startswith("error")]
    for error in errors[:5]:
        print(error, file=sys.stderr)
    emit(
        {
            "bench": "book",
            "attempts": args.concurrent,
            "booked": outcomes.count("booked"),
            "refused": outcomes.count("refused"),
            "errors": len(errors),
        }
    )
    # Clean up so the next run books the same kind of fresh slot.
    Interview.objects.filter(application=application).delete()
