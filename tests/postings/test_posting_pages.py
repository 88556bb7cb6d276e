"""Posting list and detail pages: who sees what, filters, search, counts, pay display."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, PostingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_recruiter_sees_every_posting(client_for, recruiter, posting, outsider_manager):
    other = PostingFactory(hiring_manager=outsider_manager, title="Platform SRE")
    response = client_for(recruiter).get(reverse("postings:list"))
    assert response.status_code == 200
    assert posting.title in response.text
    assert other.title in response.text


def test_a_hiring_manager_sees_own_and_shared_postings_only(client_for, hiring_manager, outsider_manager, posting):
    hidden = PostingFactory(hiring_manager=outsider_manager, title="Data Platform Lead")
    shared = PostingFactory(hiring_manager=outsider_manager, title="Payments Architect")
    shared.shared_with.add(hiring_manager)
    text = client_for(hiring_manager).get(reverse("postings:list")).text
    assert posting.title in text
    assert shared.title in text
    assert hidden.title not in text


def test_the_list_shows_active_application_counts(client_for, recruiter, posting):
    for _ in range(3):
        ApplicationFactory(posting=posting)
    response = client_for(recruiter).get(reverse("postings:list"))
    row = next(p for p in response.context["page"] if p.pk == posting.pk)
    assert row.active_count == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "draft"}, {"Draft role"}),
        ({"team": "Payments"}, {"Payments role"}),
        ({"location": "Bengaluru"}, {"Payments role"}),
        ({"q": "payments"}, {"Payments role"}),
        ({"q": "bengaluru"}, {"Payments role"}),
        ({"q": "chennai"}, {"Lead Backend Engineer", "Draft role"}),
    ],
)
def test_filters_and_search_narrow_the_list(client_for, recruiter, posting, params, expected):
    PostingFactory(title="Draft role", status="draft", team="Platform", location="Chennai")
    PostingFactory(title="Payments role", team="Payments", location="Bengaluru")
    response = client_for(recruiter).get(reverse("postings:list"), params)
    assert {p.title for p in response.context["page"]} == expected


def test_filtering_by_hiring_manager(client_for, recruiter, posting, outsider_manager):
    PostingFactory(hiring_manager=outsider_manager, title="Other role")
    response = client_for(recruiter).get(reverse("postings:list"), {"hiring_manager": outsider_manager.pk})
    assert [p.title for p in response.context["page"]] == ["Other role"]


def test_the_list_answers_htmx_with_the_results_fragment(client_for, recruiter, posting):
    response = client_for(recruiter).get(reverse("postings:list"), {"q": "lead"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="posting-results"' in response.text
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_the_list_page_is_a_full_page(client_for, recruiter, posting):
    response = client_for(recruiter).get(reverse("postings:list"))
    assert "<html" in response.text
    assert "₹18.5 L – ₹35.5 L per year" in response.text  # compact INR in lists


def _list_queries(client, django_assert_num_queries, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("postings:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count
    return len(ctx.captured_queries)


def test_the_list_runs_the_same_queries_for_2_and_30_postings(client_for, recruiter, django_assert_num_queries):
    client = client_for(recruiter)
    managers = [UserFactory(role="hiring_manager") for _ in range(3)]
    for index in range(2):
        posting = PostingFactory(hiring_manager=managers[index % 3], team=f"Team {index}")
        ApplicationFactory(posting=posting)
    small = _list_queries(client, django_assert_num_queries, 2)
    for index in range(28):
        posting = PostingFactory(hiring_manager=managers[index % 3], team=f"Team {index}", location=f"City {index}")
        if index % 4 == 0:
            ApplicationFactory(posting=posting)
    large = _list_queries(client, django_assert_num_queries, 30)
    assert small == large


def test_a_hiring_managers_list_runs_the_same_queries_for_2_and_30_postings(client_for, hiring_manager):
    client = client_for(hiring_manager)
    for _ in range(2):
        PostingFactory(hiring_manager=hiring_manager)
    small = _list_queries(client, None, 2)
    for _ in range(28):
        PostingFactory(hiring_manager=hiring_manager)
    assert _list_queries(client, None, 30) == small


def test_the_detail_page_shows_the_full_indian_pay_band(client_for, hiring_manager, posting):
    response = client_for(hiring_manager).get(posting.get_absolute_url())
    assert response.status_code == 200
    assert "₹18,51,368.30 – ₹35,50,754.94 per year" in response.text
    assert "3–6 years" in response.text


def test_an_up_to_band_reads_up_to(client_for, recruiter):
    posting = PostingFactory(pay_min=None, pay_max="1400000", title="Technical Lead")
    response = client_for(recruiter).get(posting.get_absolute_url())
    assert "up to ₹14,00,000 per year" in response.text


def test_other_currencies_use_their_own_format(client_for, recruiter):
    posting = PostingFactory(pay_currency="USD", pay_min="120000", pay_max="150000", pay_period="year")
    response = client_for(recruiter).get(posting.get_absolute_url())
    assert "$120,000 – $150,000 per year" in response.text


def test_a_ten_plus_range_reads_ten_plus(client_for, recruiter):
    posting = PostingFactory(experience_min=10, experience_max=None)
    assert "10+ years" in client_for(recruiter).get(posting.get_absolute_url()).text


def test_the_description_is_rendered_as_sanitised_markdown(client_for, recruiter):
    posting = PostingFactory(description="**Own** the design.\n\n<script>alert(1)</script>")
    text = client_for(recruiter).get(posting.get_absolute_url()).text
    assert "<strong>Own</strong>" in text
    assert "alert(1)" not in text


def test_the_detail_answers_htmx_with_the_summary_fragment(client_for, hiring_manager, posting):
    response = client_for(hiring_manager).get(posting.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="posting-summary"' in response.text
    assert "<html" not in response.text


def test_a_malformed_posting_id_is_not_found(client_for, recruiter):
    assert client_for(recruiter).get("/postings/not-a-uuid/").status_code == 404


def test_a_pasted_list_right_after_a_line_of_text_is_a_list_and_line_breaks_stay(client_for, recruiter):
    posting = PostingFactory(description="Required:\n● Go\n- Rust: 4 years\nJob Type: Full-time\nPay: ₹14L")
    text = client_for(recruiter).get(posting.get_absolute_url()).text
    assert "<p>Required:</p>\n<ul>\n<li>Go</li>" in text  # a typed bullet character is a list item
    assert "<li>Rust: 4 years</li>" in text
    assert "Job Type: Full-time<br>\nPay: ₹14L" in text


@pytest.mark.parametrize(("op", "value", "shown"), [("lte", "60", "60"), ("lt", "31", "30")])
def test_the_notice_period_shown_is_the_knockout_rule(client_for, recruiter, op, value, shown):
    from tests.postings.factories import ScreeningQuestionFactory

    posting = PostingFactory(notice_period_max_days=15, status="open")
    ScreeningQuestionFactory(posting=posting, knockout_op=op, knockout_value=value)
    client = client_for(recruiter)
    assert f"at most {shown} days" in client.get(posting.get_absolute_url()).text
    assert f"At most {shown} days" in client.get(reverse("careers:posting", args=[posting.public_id])).text


def test_without_a_notice_knockout_the_posting_field_is_shown(client_for, recruiter):
    posting = PostingFactory(notice_period_max_days=15)
    assert "at most 15 days" in client_for(recruiter).get(posting.get_absolute_url()).text
