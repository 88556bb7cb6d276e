"""Journey: a recruiter finds a candidate by a word that appears only in their CV."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from recruiting.pipelines.tasks import extract_document_text
from recruiting.postings.sample_files import make_pdf
from tests.factories import CandidateFactory
from tests.pipelines.factories import with_cv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_finds_a_candidate_by_a_word_from_their_cv(live_server, page, sign_in_as, recruiter):
    document = with_cv(
        CandidateFactory(full_name="Kavya Suresh"),
        make_pdf("Kavya Suresh\nRebuilt the settlement reconciler in Haskell"),
    )
    extract_document_text.delay(document.pk)
    CandidateFactory(full_name="Someone Else")
    sign_in_as(recruiter)
    page.goto(live_server.url + "/pipelines/candidates/")
    page.get_by_test_id("search-q").fill("reconciler")
    page.get_by_test_id("search-go").click()
    hit = page.get_by_test_id("hit")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("Kavya Suresh")
    expect(hit.locator("mark")).to_have_text("reconciler")
    hit.get_by_role("link", name="Kavya Suresh").click()
    expect(page.get_by_test_id("candidate-name")).to_have_text("Kavya Suresh")
    expect(page.get_by_test_id("cv-text")).to_contain_text("settlement reconciler")
