"""Demo data for candidates: CV text and search vectors, tags, notes with mentions, a
couple of likely duplicates, and applications spread over the stages.

Runs after `recruiting.pipelines.demo_applications` has created the applications.
"""

from __future__ import annotations

import random

from recruiting.pipelines.applying import candidate_add_by_recruiter
from recruiting.pipelines.documents import document_extract_text
from recruiting.pipelines.models import Application, Candidate, CVStatus, Document, Source
from recruiting.pipelines.services import (
    candidate_refresh_search,
    candidates_tag,
    note_create,
)

DEMO_TAGS = ("strong-go", "referral", "relocation", "immediate-joiner")
NOTES = (
    'Solid screen call. @"{manager}" worth a technical round this week?',
    "Asked about relocation to Chennai; open to it from next quarter.",
    "Prefers hybrid; currently leading a team of four. @{recruiter_email} please confirm notice period.",
    "Good system design instincts, a bit light on observability.",
)
# Share of active applications left in each stage (by stage order): most stay early.
STAGE_WEIGHTS = (40, 22, 15, 9, 7, 4, 3)


def seed(*, users: dict, stdout) -> None:
    rng = random.Random(4)
    people = list(Candidate.objects.active().filter(applications__isnull=False).distinct().order_by("pk"))
    if not people:
        stdout.write("pipelines demo: no applications yet, skipped")
        return
    recruiter, manager = users.get("recruiter"), users.get("hiring_manager")

    # CV text synchronously (the queued tasks will find the work done).
    extracted = 0
    for document_id in Document.objects.exclude(text_status=CVStatus.READY).values_list("pk", flat=True):
        extracted += document_extract_text(document_id=document_id) == CVStatus.READY

    for tag in DEMO_TAGS:
        chosen = rng.sample(people, k=min(len(people), max(2, len(people) // 6)))
        candidates_tag(candidates=chosen, add=[tag], actor=recruiter)

    notes = 0
    for index, person in enumerate(rng.sample(people, k=min(len(people), 8))):
        body = NOTES[index % len(NOTES)].format(
            manager=manager.full_name if manager else "", recruiter_email=recruiter.email if recruiter else ""
        )
        note_create(candidate=person, author=recruiter if index % 2 else manager, body=body)
        notes += 1

    duplicates = _make_duplicates(people[:2], actor=recruiter)
    moved = _spread_over_stages(rng, actor=manager or recruiter)
    _age_history(rng)
    _set_stage_limits()
    candidate_refresh_search(Candidate.objects.values_list("pk", flat=True))
    stdout.write(
        f"pipelines demo: {extracted} CVs read, {len(DEMO_TAGS)} tags, {notes} notes, "
        f"{duplicates} likely duplicates, {moved} applications moved along"
    )


def _work_address(original: Candidate) -> str:
    local = original.email.partition("@")[0] if original.email else original.full_name.split(" ")[0].lower()
    company = "".join(ch for ch in (original.current_company or "work").lower() if ch.isalnum()) or "work"
    return f"{local.replace('.', '')}@{company}.example.com"


def _make_duplicates(originals: list[Candidate], *, actor) -> int:
    """The same people added again by a recruiter, with a work address and the phone
    written another way: new records (only the same e-mail is the same person, ADR 6),
    each suggested as a possible duplicate (same phone), with an application of its own:
    material for the duplicates page and merge."""
    from recruiting.postings.models import Posting

    made = 0
    for original in originals:
        applied = set(original.applications.values_list("posting_id", flat=True))
        other = Posting.objects.published().exclude(pk__in=applied).order_by("created_at").first()
        _twin, _application, created = candidate_add_by_recruiter(
            actor=actor,
            full_name=original.full_name.split(" ")[0] + " " + original.full_name.split(" ")[-1][:1] + ".",
            email=_work_address(original),
            phone=original.phone.replace("+91", "0") if original.phone else "",
            posting=other,
            source=Source.SOURCED,
            current_role=original.current_role,
            location=original.location,
        )
        made += created
    return made


def _spread_over_stages(rng: random.Random, *, actor) -> int:
    from recruiting.pipelines.moves import MoveRefused, application_move

    moved = 0
    apps = list(Application.objects.active().select_related("posting", "stage", "candidate").order_by("pk"))
    stages_by_posting: dict[int, list] = {}
    for app in apps:
        stages = stages_by_posting.setdefault(
            app.posting_id, list(app.posting.stages.filter(retired=False, kind="active").order_by("order"))
        )
        target_index = rng.choices(range(len(STAGE_WEIGHTS)), weights=STAGE_WEIGHTS)[0]
        if target_index >= len(stages) or stages[target_index].pk == app.stage_id:
            continue
        try:
            application_move(application=app, to_stage=stages[target_index], actor=actor, expected_version=app.version)
        except MoveRefused:
            continue
        moved += 1
    return moved


# Working-day limits per stage name, so the board and the daily digest have something to say.
STAGE_LIMITS = {"Applied": 5, "Screen": 3, "Technical": 5, "System design": 5, "Hiring manager": 3, "Offer": 5}


def _set_stage_limits() -> None:
    from recruiting.pipelines.models import Stage

    for name, days in STAGE_LIMITS.items():
        Stage.objects.filter(name=name, time_limit_days__isnull=True).update(time_limit_days=days)


def _age_history(rng: random.Random) -> None:
    """Spread the demo's history over the last six weeks: each application applied on some
    earlier day and moved on after a few days, in the order it really moved."""
    from datetime import timedelta

    from django.utils import timezone

    from recruiting.pipelines.models import Activity, StageTransition

    now = timezone.now()
    applications = Application.objects.prefetch_related("transitions")
    for application in applications:
        transitions = sorted(application.transitions.all(), key=lambda t: (t.at, t.pk))
        start = now - timedelta(days=rng.randint(3, 42), hours=rng.randint(0, 8))
        moments = [start]
        for _ in transitions[1:]:
            remaining = (now - moments[-1]).total_seconds()
            moments.append(moments[-1] + timedelta(seconds=remaining * rng.uniform(0.15, 0.6)))
        for transition, moment in zip(transitions, moments, strict=False):
            StageTransition.objects.filter(pk=transition.pk).update(at=moment)
        Application.objects.filter(pk=application.pk).update(created_at=start, stage_entered_at=moments[-1])
        Activity.objects.filter(application=application, kind="application.created").update(at=start)
