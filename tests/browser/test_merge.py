"""Journey: a recruiter merges a duplicate person and then undoes the merge."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from recruiting.pipelines.models import Application, Candidate
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recruiter_merges_a_duplicate_and_undoes_it(live_server, page, sign_in_as, recruiter):
    keep = CandidateFactory(
        full_name="Priya Raman", email="priya.raman@gmail.com", email_normalised="priyaraman@gmail.com"
    )
    dupe = CandidateFactory(
        full_name="Priya R", email="PriyaRaman+jobs@gmail.com", email_normalised="priyaraman@gmail.com"
    )
    application = ApplicationFactory(candidate=dupe, posting=PostingFactory(title="Data Platform Engineer"))
    sign_in_as(recruiter)

    page.goto(live_server.url + keep.get_absolute_url())
    duplicates = page.get_by_test_id("duplicates")
    expect(duplicates).to_contain_text("Priya R")
    expect(duplicates).to_contain_text("same e-mail")
    duplicates.get_by_test_id("merge").click()
    expect(page.locator("#messages")).to_contain_text("was merged into Priya Raman")
    expect(page.get_by_test_id("application")).to_contain_text("Data Platform Engineer")
    assert Application.objects.get(pk=application.pk).candidate_id == keep.pk

    page.get_by_test_id("undo-merge").click()
    expect(page.locator("#messages")).to_contain_text("Merge undone")
    expect(page.get_by_test_id("candidate-name")).to_have_text("Priya R")
    expect(page.get_by_test_id("application")).to_contain_text("Data Platform Engineer")
    assert Application.objects.get(pk=application.pk).candidate_id == dupe.pk
    assert Candidate.objects.get(pk=dupe.pk).merged_into_id is None
