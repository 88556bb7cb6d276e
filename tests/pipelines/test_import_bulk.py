"""The CSV import's bulk path (issue 15 §4): a chunk of rows written together with the
same outcomes as row by row (identity rule, duplicate suggestions, history, timeline,
tags, board counter, webhooks), a number of queries per chunk that does not grow with
the chunk, and an interrupted chunk that leaves nothing of itself behind."""

from __future__ import annotations

from contextlib import ExitStack
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from recruiting.api.models import WebhookDelivery, WebhookEndpoint
from recruiting.pipelines import importer, signals
from recruiting.pipelines.jobs import job_run
from recruiting.pipelines.models import (
    Activity,
    Application,
    Candidate,
    DuplicateSuggestion,
    ImportBatch,
    JobRow,
    StageTransition,
)
from recruiting.pipelines.services import Intake, candidate_merge, duplicates, intake_many
from recruiting.postings.models import Posting
from tests.factories import CandidateFactory
from tests.pipelines.factories import posting_for

pytestmark = pytest.mark.django_db
RUNNERS = {"import": importer.import_job_run}
HEADER = "Name,Email,Phone,City,Job,Tags"


@pytest.fixture
def posting(hiring_manager):
    return posting_for(hiring_manager, title="Backend Engineer")


def run_import(recruiter, text: str, *, one_by_one: bool = False):
    """Import `text` as the job runs it; `one_by_one` forces the row-by-row path (the
    chunk's write fails as a whole), the reference the bulk path must match."""
    headers, _rows = importer.read_csv(text)
    batch = ImportBatch.objects.create(
        created_by=recruiter, filename="people.csv", content=text, mapping=importer.guess_mapping(headers)
    )
    job = importer.import_start(batch=batch, actor=recruiter)
    with ExitStack() as patches:
        if one_by_one:
            patches.enter_context(mock.patch.object(importer, "intake_many", side_effect=IntegrityError("forced")))
        assert job_run(job.pk, runners=RUNNERS) == "done"
    job.refresh_from_db()
    return job


def suggestions() -> set[tuple[str, str, tuple[str, ...]]]:
    return {
        (s.candidate.full_name, s.existing.full_name, tuple(s.reasons))
        for s in DuplicateSuggestion.objects.select_related("candidate", "existing")
    }


# --- the same outcomes as row by row -------------------------------------------------------------


@pytest.mark.parametrize("one_by_one", [False, True], ids=["together", "one by one"])
def test_rows_of_one_person_and_of_known_people_in_one_chunk(recruiter, posting, one_by_one):
    known = CandidateFactory(
        full_name="Known Person", email="known@corp.example", email_normalised="known@corp.example"
    )
    applied = CandidateFactory(
        full_name="Applied Before", email="again@corp.example", email_normalised="again@corp.example"
    )
    Application.objects.create(
        candidate=applied, posting=posting, stage=posting.stages.first(), stage_entered_at=applied.created_at
    )
    board_before = Posting.objects.get(pk=posting.pk).board_version
    merged = CandidateFactory(full_name="Old Record", email="old@corp.example", email_normalised="old@corp.example")
    target = CandidateFactory(full_name="Kept Record", email="kept@corp.example", email_normalised="kept@corp.example")
    candidate_merge(source=merged, target=target, actor=recruiter)
    text = "\n".join(
        [
            HEADER,
            "Asha Rao,asha@home.example,+91 98765 43210,Chennai,Backend Engineer,go",
            "A. Rao,ASHA@home.example,,,Backend Engineer,",  # same e-mail as line 2: refused
            "Asha R,asha.r@home.example,098765 43210,,Backend Engineer,",  # same phone: new, suggested
            "Someone Else,KNOWN@corp.example,+91 90000 00001,Pune,Backend Engineer,python",  # linked
            "Applied Again,again@corp.example,,,Backend Engineer,",  # linked, no second application
            "Merged Away,old@corp.example,,,Backend Engineer,",  # linked to the record it was merged into
        ]
    )
    job = run_import(recruiter, text + "\n", one_by_one=one_by_one)

    assert (job.done, job.refused) == (6, 1)
    outcomes = dict(JobRow.objects.filter(job=job).values_list("key", "message"))
    assert outcomes["3"] == "same person as line 2"
    # Line 7's report says "new" (the preview's check reads active records only), while
    # the write links it to the record its e-mail's person was merged into, as the apply
    # form does: both paths alike.
    assert [outcomes[k] for k in ("2", "4", "5", "6", "7")] == ["new", "new", "linked", "linked", "new"]
    asha, asha_r = Candidate.objects.get(full_name="Asha Rao"), Candidate.objects.get(full_name="Asha R")
    assert asha.phone == asha_r.phone == "+919876543210" and asha.location == "Chennai"
    known.refresh_from_db()
    assert known.full_name == "Known Person" and known.location == ""  # a link changes nothing about them
    assert set(known.tags.values_list("name", flat=True)) == {"python"}
    assert Candidate.objects.count() == 6  # 4 known + Asha Rao + Asha R
    assert Application.objects.filter(posting=posting).count() == 5  # Applied Before keeps one
    assert set(Application.objects.filter(posting=posting).values_list("candidate__full_name", flat=True)) == {
        "Asha Rao",
        "Asha R",
        "Known Person",
        "Applied Before",
        "Kept Record",
    }
    assert suggestions() == {("Asha R", "Asha Rao", ("same phone",))}
    # History, timeline and the board counter as application_create writes them.
    fresh = Application.objects.filter(posting=posting).exclude(candidate=applied)
    assert (
        StageTransition.objects.filter(application__in=fresh, from_stage=None, reason="Applied via CSV import").count()
        == 4
    )
    assert list(Activity.objects.filter(candidate=asha).order_by("at", "id").values_list("kind", flat=True)) == [
        "candidate.created",
        "application.created",
        "candidate.tags",
    ]
    assert list(Activity.objects.filter(candidate=known).values_list("kind", flat=True)) == [
        "candidate.tags",
        "application.created",
    ]
    assert Posting.objects.get(pk=posting.pk).board_version == board_before + 4
    assert Candidate.objects.filter(search_vector__isnull=False, full_name="Asha R").exists()


@pytest.mark.parametrize("one_by_one", [False, True], ids=["together", "one by one"])
def test_duplicate_suggestions_for_similar_names_as_row_by_row(recruiter, one_by_one):
    CandidateFactory(
        full_name="Priya Raman", email="priya@acme.example", email_normalised="priya@acme.example", location="Pune"
    )
    CandidateFactory(
        full_name="Rahul Mehta", email="rahul@gmail.com", email_normalised="rahul@gmail.com", location="Delhi"
    )
    CandidateFactory(full_name="Kiran Shah", email="kiran@other.example", email_normalised="kiran@other.example")
    text = "\n".join(
        [
            HEADER,
            "Priya Ramanathan,p.raman@acme.example,,,,",  # similar name, same company domain
            "Rahul Mehtaa,rahul.m@gmail.com,,delhi,,",  # similar name, same city (free mail says nothing)
            "Rahul Mehtha,rmehta@gmail.com,,Mumbai,,",  # similar name, nothing else: not suggested
            "Kiran Shahh,kiran.s@yahoo.com,,,,",  # similar name only: not suggested
            "Neha Joshi,neha@newco.example,,Goa,,",  # nobody like her before ...
            "Neha Joshii,neha.j@newco.example,,,,",  # ... but now: the earlier row of this file
            "Neha Joshi,n.joshi@newco.example,,goa,,",  # the earliest of the two, not the later one
        ]
    )
    run_import(recruiter, text + "\n", one_by_one=one_by_one)
    domain = "similar name and same e-mail domain"
    assert suggestions() == {
        ("Priya Ramanathan", "Priya Raman", (f"{domain} (acme.example)",)),
        ("Rahul Mehtaa", "Rahul Mehta", ("similar name and same city (Delhi)",)),
        ("Neha Joshii", "Neha Joshi", (f"{domain} (newco.example)",)),
        ("Neha Joshi", "Neha Joshi", (f"{domain} (newco.example)",)),
    }
    first_neha = Candidate.objects.filter(full_name="Neha Joshi").earliest("pk")
    assert set(
        DuplicateSuggestion.objects.filter(candidate__full_name__startswith="Neha").values_list("existing", flat=True)
    ) == {first_neha.pk}


@pytest.mark.parametrize("walk", [3, 50], ids=["cut short", "whole"])
def test_a_walk_cut_short_asks_the_trigram_index(recruiter, walk):
    """Many people of one company before the similar one: the domain walk stops after
    SIMILAR_WALK records without a similar name, and the trigram index finds it; a walk
    that reaches it finds it itself."""
    for i in range(5):
        CandidateFactory(
            full_name=f"Somebody {'XYZW'[i % 4]}{i}", email=f"s{i}@big.example", email_normalised=f"s{i}@big.example"
        )
    CandidateFactory(full_name="Lakshmi Narayanan", email="ln@big.example", email_normalised="ln@big.example")
    with (
        mock.patch.object(duplicates, "SIMILAR_WALK", walk),
        mock.patch.object(
            duplicates, "_BEST_DUPLICATES_SQL", duplicates._BEST_DUPLICATES_SQL.replace("LIMIT 50)", f"LIMIT {walk})")
        ),
        CaptureQueriesContext(connection) as ctx,
    ):
        run_import(recruiter, HEADER + "\nLakshmi Narayan,lakshmi@big.example,,,,\n")
    trigram_asked = any("right(o.email_normalised" in q["sql"] for q in ctx.captured_queries)
    assert trigram_asked == (walk == 3)
    assert suggestions() == {
        ("Lakshmi Narayan", "Lakshmi Narayanan", ("similar name and same e-mail domain (big.example)",))
    }


def test_intake_many_takes_two_items_of_one_new_e_mail_as_one_person(recruiter):
    items = [
        Intake(full_name="Dev Patel", email="dev@example.com"),
        Intake(full_name="D. Patel", email="DEV@example.com"),
    ]
    intake_many(items, actor=recruiter)
    assert items[0].created and not items[1].created and items[0].candidate == items[1].candidate
    assert Candidate.objects.get().full_name == "Dev Patel"


# --- queries, interruption, the apps above ---------------------------------------------------------


def mixed_csv(rows: int, tag: str = "") -> str:
    """Every kind of row, in the same proportions whatever the size."""
    lines = [HEADER]
    for i in range(rows):
        kind = i % 5
        if kind == 0:
            lines.append(f"Known {i},known{tag}-{i}@corp.example,,Pune,Backend Engineer,go")
        elif kind == 1:
            lines.append(f"Shared Phone {i},shared{tag}-{i}@corp.example,+91 98000 00001,,Backend Engineer,")
        elif kind == 2:
            lines.append(f"Tagged {i},tagged{tag}-{i}@home.example,,Chennai,,python;remote")
        elif kind == 3:
            lines.append(f"Broken {i},not-an-email,,,,")
        else:
            lines.append(f"Plain Person {i},plain{tag}-{i}@corp.example,+91 97{i:08d},Pune,Backend Engineer,")
    return "\n".join(lines) + "\n"


def test_the_queries_of_a_chunk_do_not_grow_with_its_rows(recruiter, posting):
    counts = {}
    for rows in (10, 40):
        for i in range(0, rows, 5):  # the "Known" rows link to people we have
            email = f"known{rows}-{i}@corp.example"
            CandidateFactory(full_name=f"Known {i}", email=email, email_normalised=email)
        text = mixed_csv(rows, tag=str(rows))
        headers, _ = importer.read_csv(text)
        batch = ImportBatch.objects.create(
            created_by=recruiter, filename="p.csv", content=text, mapping=importer.guess_mapping(headers)
        )
        job = importer.import_start(batch=batch, actor=recruiter)
        with mock.patch.object(importer, "IMPORT_CHUNK", rows), CaptureQueriesContext(connection) as ctx:
            job_run(job.pk, runners=RUNNERS)
        job.refresh_from_db()
        assert (job.status, job.done, job.refused) == ("done", rows, rows // 5)
        assert JobRow.objects.filter(job=job, message="linked").count() == rows // 5
        assert DuplicateSuggestion.objects.filter(candidate__email__startswith=f"plain{rows}-").exists()
        counts[rows] = len(ctx.captured_queries)
    assert counts[10] == counts[40], counts
    assert counts[40] <= 50, counts  # row by row it was about 24 a row: 960 for these 40


def test_a_chunk_killed_while_being_written_leaves_exactly_the_chunks_before(recruiter, posting):
    text = mixed_csv(30)
    headers, _ = importer.read_csv(text)
    batch = ImportBatch.objects.create(
        created_by=recruiter, filename="p.csv", content=text, mapping=importer.guess_mapping(headers)
    )
    job = importer.import_start(batch=batch, actor=recruiter)
    calls = []

    def killed_after_writing_the_second(items, **kwargs):
        intake_many(items, **kwargs)  # everything of the chunk written ...
        calls.append(len(items))
        if len(calls) == 2:
            raise KeyboardInterrupt  # ... then the worker dies before the chunk commits

    with (
        mock.patch.object(importer, "IMPORT_CHUNK", 10),
        mock.patch.object(importer, "intake_many", side_effect=killed_after_writing_the_second),
        pytest.raises(KeyboardInterrupt),
    ):
        job_run(job.pk, runners=RUNNERS)
    job.refresh_from_db()
    assert (job.status, job.done, job.refused) == ("running", 10, 2)
    assert set(JobRow.objects.filter(job=job).values_list("key", flat=True)) == {str(line) for line in range(2, 12)}
    applied = JobRow.objects.filter(job=job, outcome="applied").count()
    assert applied == 8 and Candidate.objects.count() == 8  # the first chunk's people, nobody else
    assert Application.objects.count() == StageTransition.objects.count() == 6
    assert not Activity.objects.exclude(candidate__in=Candidate.objects.all()).exists()

    from datetime import timedelta

    from django.utils import timezone

    from recruiting.pipelines.jobs import job_resume
    from recruiting.pipelines.models import BackgroundJob

    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    job_resume(job=BackgroundJob.objects.get(pk=job.pk))
    assert job_run(job.pk, runners=RUNNERS) == "done"
    job.refresh_from_db()
    assert (job.done, job.refused) == (30, 6) and Candidate.objects.count() == 24
    assert JobRow.objects.filter(job=job).count() == 30


def test_each_imported_application_is_announced_to_webhooks(recruiter, posting):
    WebhookEndpoint.objects.create(
        name="HR", url="https://hr.example/hook", secret="s" * 32, events=["application.created"]
    )
    WebhookEndpoint.objects.create(
        name="Other", url="https://other.example/hook", secret="t" * 32, events=["application.hired"]
    )
    run_import(recruiter, mixed_csv(10))
    applications = Application.objects.filter(posting=posting)
    assert applications.count() == 6
    deliveries = list(WebhookDelivery.objects.all())
    assert len(deliveries) == 6 and len({d.message_id for d in deliveries}) == 6
    assert {d.payload["data"]["application"]["id"] for d in deliveries} == {str(a.public_id) for a in applications}
    sample = deliveries[0].payload
    assert sample["type"] == "application.created" and sample["data"]["application"]["stage"]["name"] == "Applied"


def test_every_receiver_of_application_created_also_receives_the_bulk_signal():
    """Bulk writers send applications_created instead of one application_created each: an
    app listening to only one of the two would miss applications."""

    def receivers(signal):
        return {getattr(r, "__module__", "") for r in signal._live_receivers(sender=Application)[0]}

    one, many = receivers(signals.application_created), receivers(signals.applications_created)
    assert one and one == many
