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


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a computed "rgb(r, g, b)" colour."""
    channels = [int(float(part)) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_number_finds_the_person_and_highlights_meet_wcag_aa(live_server, page, sign_in_as, recruiter, scheme):
    from tests.pipelines.factories import searchable

    searchable(full_name="Meena Iyer", phone="+919876543210", phone_normalised="+919876543210")
    searchable(full_name="Arjun Rao", phone="+919812345678", phone_normalised="+919812345678")
    for index in range(3):
        searchable(full_name=f"Ledger Person {index}", cv_text="Kept the payment ledgers balanced for years.")
    page.emulate_media(color_scheme=scheme)
    sign_in_as(recruiter)
    page.goto(live_server.url + "/pipelines/candidates/")
    page.get_by_test_id("search-q").fill("098765-43210")
    page.get_by_test_id("search-go").click()
    hit = page.get_by_test_id("hit")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("Meena Iyer")

    page.get_by_test_id("search-q").fill("ledger")
    page.get_by_test_id("search-go").click()
    marks = page.locator("[data-testid=hit] mark")
    expect(marks.first).to_be_visible()
    colours = marks.evaluate_all(
        "els => els.map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"
    )
    assert len(colours) >= 3
    for foreground, background in colours:
        assert _contrast(foreground, background) >= 4.5, (foreground, background)
