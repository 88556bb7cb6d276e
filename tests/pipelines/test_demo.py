from __future__ import annotations

import io

import pytest

from recruiting.pipelines import demo
from recruiting.pipelines.models import Candidate, Document, Note, Tag
from recruiting.pipelines.services import duplicate_suggestions_open
from recruiting.postings.sample_files import make_pdf
from tests.factories import ApplicationFactory, CandidateFactory
from tests.pipelines.factories import posting_for, with_cv

pytestmark = pytest.mark.django_db


def test_the_demo_seed_reads_cvs_tags_notes_and_leaves_duplicates_to_merge(hiring_manager, recruiter):
    postings = [posting_for(hiring_manager), posting_for(hiring_manager)]
    for index in range(12):
        candidate = CandidateFactory(email=f"person{index}@example.com", location="Chennai")
        application = ApplicationFactory(candidate=candidate, posting=postings[index % 2])
        with_cv(candidate, make_pdf(f"Person {index} knows Golang and Kafka"), application=application)
    out = io.StringIO()
    demo.seed(users={"recruiter": recruiter, "hiring_manager": hiring_manager}, stdout=out)
    assert "pipelines demo:" in out.getvalue()
    assert not Document.objects.exclude(text_status="ready").exists()
    assert set(Tag.objects.values_list("name", flat=True)) >= set(demo.DEMO_TAGS)
    assert Note.objects.filter(mentions__isnull=False).exists()
    suggestions = duplicate_suggestions_open()
    assert len(suggestions) >= 2
    assert all("same phone" in suggestion.reasons for suggestion in suggestions)
    assert not Candidate.objects.filter(search_vector__isnull=True).exists()
