"""The board's SQL query count does not grow with the number of applications."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recruiting.pipelines.models import Application, Candidate, StageTransition, Tag
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
_serial = itertools.count()


def add_applications(posting, count: int) -> None:
    """`count` active applications spread over the posting's stages, with tags, flags,
    ratings and a transition each, built with bulk_create so 1,000 take a moment."""
    stages = list(posting.stages.order_by("order"))
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ("golang", "postgres", "kafka")]
    now = timezone.now()
    batch = next(_serial)
    candidates = Candidate.objects.bulk_create(
        Candidate(
            full_name=f"Person {batch}-{i}",
            email=f"p{batch}-{i}@mail.example.com",
            email_normalised=f"p{batch}-{i}@mail.example.com",
            current_role="Backend Engineer",
            total_years=5,
            notice_period_days=30,
        )
        for i in range(count)
    )
    Tagging = Candidate.tags.through
    Tagging.objects.bulk_create(
        Tagging(candidate_id=c.pk, tag_id=tags[i % 3].pk) for i, c in enumerate(candidates) if i % 2 == 0
    )
    applications = Application.objects.bulk_create(
        Application(
            candidate=c,
            posting=posting,
            stage=stages[i % len(stages)],
            state=Application.State.HIRED if stages[i % len(stages)].kind == "hired" else "active",
            stage_entered_at=now - timedelta(days=i % 40),
            is_flagged=i % 7 == 0,
            knockout_flags=["notice period 60 days > 15"] if i % 7 == 0 else [],
            average_rating="3.50" if i % 3 == 0 else None,
            source="careers" if i % 2 else "referral",
        )
        for i, c in enumerate(candidates)
    )
    StageTransition.objects.bulk_create(
        StageTransition(application=a, to_stage=a.stage, to_state=a.state, at=now) for a in applications
    )


def count_queries(client, target: str, **extra) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target, **extra)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode().count('<article class="card"')


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager)


def test_the_board_costs_the_same_queries_for_10_and_1000_applications(client_for, hiring_manager, posting):
    client = client_for(hiring_manager)
    target = reverse("pipelines:board", args=[posting.public_id])
    add_applications(posting, 10)
    client.get(target)  # warm the session and holiday caches
    small, small_cards = count_queries(client, target)
    add_applications(posting, 990)
    large, large_cards = count_queries(client, target)
    assert small == large
    # Session, user, posting, stages with their first cards and tags, counts, tag choices.
    assert small == 6
    assert small_cards == 10
    assert large_cards == 25 * posting.stages.count()  # 1,000 over 7 stages: every column is full


def test_a_filtered_board_costs_the_same_queries_for_10_and_1000(client_for, hiring_manager, posting):
    client = client_for(hiring_manager)
    target = reverse("pipelines:board", args=[posting.public_id]) + "?tag=golang&flagged=1&min_rating=1&q=person"
    add_applications(posting, 10)
    client.get(target)
    small, _ = count_queries(client, target, **HTMX)
    add_applications(posting, 990)
    large, cards = count_queries(client, target, **HTMX)
    assert small == large
    assert small == 5  # the filters ride inside the cards and counts queries: no tag choices for HTMX
    assert cards > 0


def test_the_changes_poll_and_a_column_page_do_not_grow_either(client_for, hiring_manager, posting):
    client = client_for(hiring_manager)
    stage = posting.stages.get(name="Applied")
    changes = reverse("pipelines:board_changes", args=[posting.public_id])
    column = reverse("pipelines:board_column", args=[posting.public_id]) + f"?stage={stage.pk}&offset=0"
    add_applications(posting, 10)
    client.get(changes)
    small = (count_queries(client, changes + "?since=stale", **HTMX)[0], count_queries(client, column, **HTMX)[0])
    add_applications(posting, 990)
    large = (count_queries(client, changes + "?since=stale", **HTMX)[0], count_queries(client, column, **HTMX)[0])
    assert small == large
