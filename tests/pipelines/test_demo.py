from __future__ import annotations

import io

import pytest

from recruiting.pipelines import demo
from recruiting.pipelines.models import Candidate, Note, Tag
from recruiting.pipelines.services import candidate_duplicate_pairs
from recruiting.postings.sample_files import make_pdf
from tests.factories import ApplicationFactory, CandidateFactory
from tests.pipelines.factories import posting_for, with_cv

pytestmark = pytest.mark.django_db


def test_the_demo_seed_reads_cvs_tags_notes_and_leaves_duplicates_to_merge(hiring_manager, recruiter):
    postings = [posting_for(hiring_manager), posting_for(hiring_manager)]
    for index in range(12):
        candidate = CandidateFactory(email=f"person{index}@example.com", location="Chennai")
        with_cv(candidate, make_pdf(f"Person {index} knows Golang and Kafka"))
        ApplicationFactory(candidate=candidate, posting=postings[index % 2])
    out = io.StringIO()
    demo.seed(users={"recruiter": recruiter, "hiring_manager": hiring_manager}, stdout=out)
    assert "pipelines demo:" in out.getvalue()
    assert not Candidate.objects.filter(cv_status="processing").exists()
    assert set(Tag.objects.values_list("name", flat=True)) >= set(demo.DEMO_TAGS)
    assert Note.objects.filter(mentions__isnull=False).exists()
    assert len(candidate_duplicate_pairs()) >= 2
    assert not Candidate.objects.filter(search_vector__isnull=True).exists()
