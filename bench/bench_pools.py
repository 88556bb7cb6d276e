"""Automatic fair panel choice: `python bench/run.py pools --interviewers 30 --booked 2000`.

Builds (through the models) a round whose pool holds N interviewers with Monday–Friday
windows and daily and weekly caps, B booked interviews spread over the four weeks behind
and the eight ahead (so the four-week loads differ), then times the full proposal of the
earliest 20 slots with the fairest free panel of two: its queries plus the choice."""

from __future__ import annotations

import argparse
import os

from common import book_hours, emit, interview_world, measure, setup_django

TAG = "bench-pools"


def _build(interviewers: int, booked: int):
    from recruiting.interviews.services import round_create

    caps = {"daily_cap": 4, "weekly_cap": 12, "buffer_minutes": 15}
    posting, application, people = interview_world(
        TAG, "Bench pools posting", interviewers=interviewers, name="Pool", caps=caps
    )
    interview_round = round_create(
        posting=posting, actor=None, pool=people, name="System design", pool_name="Bench", interviewers_needed=2
    )
    # Four weeks back and eight ahead.
    return interview_round, book_hours(people, application, days=range(-28, 57), booked=booked)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py pools")
    parser.add_argument("--interviewers", type=int, default=30)
    parser.add_argument("--booked", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    os.environ.setdefault("EMAIL_TRANSPORT", "memory")
    setup_django()
    from recruiting.interviews.pools import propose_fair_panels

    interview_round, booked = _build(args.interviewers, args.booked)
    found = propose_fair_panels(interview_round=interview_round)
    result = measure(lambda: propose_fair_panels(interview_round=interview_round), repeat=args.repeat)
    emit(
        {
            "bench": "pools",
            "interviewers": args.interviewers,
            "booked": booked,
            "queries": result["queries"],
            "p50_ms": result["p50_ms"],
            "p95_ms": result["p95_ms"],
            "slots": len(found.slots),
            "panel_size": interview_round.interviewers_needed,
        }
    )
