"""Many people and their applications at once (a CSV import's chunk): the outcomes of
`candidate_for_applicant` and `application_create` called row after row (the e-mail
rule of ADR 6, duplicate suggestions, stage history, timeline, board counter,
`application_created` for the apps above), in a number of queries that does not grow
with the number of rows. Call it inside a transaction; it writes nothing outside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F
from django.utils import timezone

from recruiting.core.contact import normalise_email, normalise_phone
from recruiting.pipelines import signals
from recruiting.pipelines.models import Activity, Application, Candidate, Source, Stage, StageTransition, Tag
from recruiting.pipelines.services.applications import posting_stages_create
from recruiting.pipelines.services.duplicates import candidates_suggest_duplicates
from recruiting.pipelines.services.profile import _tag_summary, tag_names
from recruiting.pipelines.services.search_index import candidate_refresh_search
from recruiting.pipelines.services.timeline import user_or_none
from recruiting.postings.models import Posting
from recruiting.postings.services import posting_board_changed


@dataclass
class Intake:
    """One person (and perhaps an application) to take in; `candidate`, `created` and
    `application` say what became of it."""

    full_name: str
    email: str = ""
    phone: str = ""
    profile: dict[str, Any] = field(default_factory=dict)
    posting: Any = None  # a Posting, or None for the person alone
    source: str = Source.IMPORT
    source_detail: str = ""
    applicant_name: str = ""
    applicant_email: str = ""
    applicant_phone: str = ""
    tags: Sequence[str] = ()
    candidate: Candidate | None = None
    created: bool = False
    application: Application | None = None
    email_key: str = field(default="", init=False)
    phone_key: str = field(default="", init=False)


def contact_keys_lock(keys: Sequence[str]) -> None:
    """`_lock_contact_keys` for many keys in one statement, in sorted order (two writers
    taking overlapping sets cannot deadlock)."""
    keys = sorted({k for k in keys if k})
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended('candidate:' || k, 0)))"
            " FROM (SELECT k FROM unnest(%s::text[]) AS k ORDER BY k) AS sorted",
            [keys],
        )


def candidates_find_by_emails(keys: Sequence[str]) -> dict[str, Candidate]:
    """`candidate_find_by_email` for many normalised e-mails: key -> the person. One query,
    and one more per level of merges to follow (usually none)."""
    keys = sorted({k for k in keys if k and "@" in k})
    if not keys:
        return {}
    first: dict[str, Candidate] = {}
    rows = Candidate.objects.filter(email_normalised__in=keys, anonymised_at__isnull=True).order_by(
        F("merged_into_id").asc(nulls_first=True), "created_at", "pk"
    )
    for person in rows:
        first.setdefault(person.email_normalised, person)
    found: dict[str, Candidate] = {}
    walking = first
    seen: dict[str, set[int]] = {key: set() for key in first}
    while walking:
        step: dict[str, int] = {}
        for key, current in walking.items():
            if current.merged_into_id is None or current.pk in seen[key]:
                if current.merged_into_id is None and current.anonymised_at is None:
                    found[key] = current
            else:
                seen[key].add(current.pk)
                step[key] = current.merged_into_id
        if not step:
            break
        targets = Candidate.objects.in_bulk(set(step.values()))
        walking = {key: targets[target] for key, target in step.items() if target in targets}
    return found


def _first_stages(posting_ids: set[int]) -> dict[int, Stage]:
    stages: dict[int, Stage] = {}
    for stage in Stage.objects.filter(posting_id__in=posting_ids, retired=False).order_by("posting_id", "order"):
        stages.setdefault(stage.posting_id, stage)
    for posting_id in posting_ids - stages.keys():  # a posting without stages (rare): as first_stage
        stages[posting_id] = posting_stages_create(posting=Posting.objects.get(pk=posting_id))[0]
    return stages


def intake_many(items: Sequence[Intake], *, actor: Any = None) -> None:
    """Take in every item, in order, as `candidate_for_applicant` (+ `application_create`
    when it has a posting) would one after the other, and add its tags. Fills in each
    item's candidate, created and application. The search vectors of the people touched
    are refreshed once at the end."""
    if not items:
        return
    by = user_or_none(actor)
    now = timezone.now()
    for item in items:
        item.email_key = normalise_email(item.email) if item.email else ""
        item.phone_key = (normalise_phone(item.phone) or "") if item.phone else ""
    contact_keys_lock([k for item in items for k in (item.email_key, item.phone_key)])
    known = candidates_find_by_emails([item.email_key for item in items])

    # People: a known e-mail is that person, unchanged; anyone else is new. Two rows of
    # one new e-mail in one call are one new person (the second finds the first).
    fresh: list[Candidate] = []
    made: dict[str, Candidate] = {}
    for item in items:
        key = item.email_key
        existing = known.get(key) or (made.get(key) if key and "@" in key else None)
        if existing is not None:
            item.candidate, item.created = existing, False
            continue
        item.candidate = Candidate(
            full_name=" ".join(item.full_name.split()),
            email=item.email.strip(),
            email_normalised=key,
            phone=item.phone.strip(),
            phone_normalised=item.phone_key,
            created_by=by,
            **item.profile,
        )
        item.created = True
        fresh.append(item.candidate)
        if key:
            made[key] = item.candidate
    Candidate.objects.bulk_create(fresh)
    activities = [
        Activity(candidate=c, actor=by, at=now, kind="candidate.created", summary="Candidate added", data={})
        for c in fresh
    ]
    candidates_suggest_duplicates(candidates=fresh)

    # Applications: one per (person, posting); one they already have stays as it is.
    wanting = [item for item in items if item.posting is not None]
    applications: list[Application] = []
    if wanting:
        had = set(
            Application.objects.filter(
                candidate__in=[item.candidate.pk for item in wanting if not item.created],
                posting__in={item.posting.pk for item in wanting},
            ).values_list("candidate_id", "posting_id")
        )
        stages = _first_stages({item.posting.pk for item in wanting})
        for item in wanting:
            pair = (item.candidate.pk, item.posting.pk)
            if pair in had:
                continue
            had.add(pair)
            item.application = Application(
                candidate=item.candidate,
                posting=item.posting,
                stage=stages[item.posting.pk],
                stage_entered_at=now,
                source=item.source,
                source_detail=item.source_detail,
                applicant_name=" ".join(item.applicant_name.split())[:150],
                applicant_email=item.applicant_email.strip()[:254],
                applicant_phone=item.applicant_phone.strip()[:32],
                created_by=by,
            )
            applications.append(item.application)
        Application.objects.bulk_create(applications)
        StageTransition.objects.bulk_create(
            StageTransition(
                application=a,
                from_stage=None,
                to_stage=a.stage,
                from_state="",
                to_state=Application.State.ACTIVE,
                by=by,
                at=now,
                reason=f"Applied via {a.get_source_display()}",
            )
            for a in applications
        )
        per_posting: dict[int, int] = {}
        for a in applications:
            per_posting[a.posting_id] = per_posting.get(a.posting_id, 0) + 1
        for posting_id, count in sorted(per_posting.items()):
            posting_board_changed(posting_id=posting_id, changes=count)
        activities += [
            Activity(
                candidate=a.candidate,
                application=a,
                actor=by,
                at=now,
                kind="application.created",
                summary=f"Applied to {a.posting.title} ({a.get_source_display()})"[:300],
                data={},
            )
            for a in applications
        ]
    Activity.objects.bulk_create(activities)
    candidates_add_tags([(item.candidate, item.tags) for item in items if item.tags], actor=actor)
    candidate_refresh_search([item.candidate.pk for item in items])
    if applications:
        signals.applications_created.send(sender=Application, applications=applications, actor=actor)


def candidates_add_tags(pairs: Sequence[tuple[Candidate, Sequence[str]]], *, actor: Any = None) -> set[int]:
    """`candidates_tag(add=...)` for people who each get their own tags, in five queries
    whatever their number: a timeline line per person and set of tags that changed
    something. The caller refreshes their search vectors. Returns the ids changed."""
    wanted = [(candidate, tag_names(typed)) for candidate, typed in pairs]
    wanted = [(candidate, names) for candidate, names in wanted if names]
    if not wanted:
        return set()
    all_names = sorted({name for _candidate, names in wanted for name in names})
    Tag.objects.bulk_create([Tag(name=name) for name in all_names], ignore_conflicts=True)
    tags = dict(Tag.objects.filter(name__in=all_names).values_list("name", "pk"))
    through = Candidate.tags.through
    ids = {candidate.pk for candidate, _names in wanted}
    present = set(through.objects.filter(candidate_id__in=ids).values_list("candidate_id", "tag_id"))
    rows, activities, changed = [], [], set()
    by, now = user_or_none(actor), timezone.now()
    for candidate, names in wanted:
        added = [
            through(candidate_id=candidate.pk, tag_id=tags[n]) for n in names if (candidate.pk, tags[n]) not in present
        ]
        if not added:
            continue
        present.update((candidate.pk, row.tag_id) for row in added)
        rows += added
        changed.add(candidate.pk)
        activities.append(
            Activity(
                candidate_id=candidate.pk,
                actor=by,
                at=now,
                kind="candidate.tags",
                restricted=True,
                summary=_tag_summary(names, []),
                data={"added": names, "removed": []},
            )
        )
    through.objects.bulk_create(rows)
    Activity.objects.bulk_create(activities)
    return changed
