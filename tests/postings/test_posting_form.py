"""Creating and editing postings: every field, the owner rules, skills, audit of pay edits,
live validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from recruiting.audit.models import AuditEvent
from recruiting.postings.models import Posting

pytestmark = pytest.mark.django_db


def _form_data(**overrides) -> dict:
    data = {
        "title": "Lead Backend Engineer",
        "team": "Platform",
        "location": "Chennai",
        "workplace_type": "onsite",
        "employment_type": "full_time",
        "experience_min": "10",
        "experience_max": "",
        "pay_currency": "INR",
        "pay_min": "18,51,368.30",
        "pay_max": "35,50,754.94",
        "pay_period": "year",
        "openings": "2",
        "description": "Own the **backend** architecture.",
        "education": "B.Tech or MCA",
        "interview_mode": "in_person",
        "weekday_interviews_only": "on",
        "notice_period_max_days": "15",
        "evaluation_focus": "System design clarity\nDatabase design",
        "closes_on": "",
        "knockout_action": "reject",
        "rejection_delay_hours": "24",
        "skills-TOTAL_FORMS": "3",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "1000",
        "skills-0-name": "Golang",
        "skills-0-required": "on",
        "skills-0-min_years": "4",
        "skills-1-name": "Kubernetes",
        "skills-1-min_years": "",
        "skills-2-name": "",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_the_create_page_is_a_full_page(client_for, hiring_manager):
    response = client_for(hiring_manager).get(reverse("postings:create"))
    assert response.status_code == 200
    assert "<html" in response.text
    assert 'name="hiring_manager"' not in response.text  # owners create as themselves


def test_recruiters_choose_the_hiring_manager(client_for, recruiter, hiring_manager):
    response = client_for(recruiter).get(reverse("postings:create"))
    assert 'name="hiring_manager"' in response.text
    assert hiring_manager.full_name in response.text


def test_a_hiring_manager_creates_a_draft_they_own_with_every_field(client_for, hiring_manager):
    response = client_for(hiring_manager).post(reverse("postings:create"), _form_data())
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == posting.get_absolute_url()
    assert posting.hiring_manager == hiring_manager
    assert posting.created_by == hiring_manager
    assert posting.status == "draft"
    assert (posting.experience_min, posting.experience_max) == (10, None)
    assert posting.pay_min == Decimal("1851368.30")
    assert posting.pay_max == Decimal("3550754.94")
    assert posting.evaluation_focus == ["System design clarity", "Database design"]
    assert posting.knockout_action == "reject"
    assert [(s.name, s.required, s.min_years) for s in posting.skills.all()] == [
        ("Golang", True, 4),
        ("Kubernetes", False, None),
    ]
    assert posting.stages.count() == 7  # its pipeline, from the default template
    assert AuditEvent.objects.filter(action="posting.create", object_id=str(posting.public_id)).exists()


def test_an_up_to_band_is_stored_exactly(client_for, hiring_manager):
    client_for(hiring_manager).post(reverse("postings:create"), _form_data(pay_min="", pay_max="₹14,00,000"))
    posting = Posting.objects.get()
    assert (posting.pay_min, posting.pay_max) == (None, Decimal("1400000"))


def test_a_recruiter_creates_a_posting_for_a_hiring_manager(client_for, recruiter, hiring_manager):
    data = _form_data(hiring_manager=str(hiring_manager.pk), recruiters=[str(recruiter.pk)])
    response = client_for(recruiter).post(reverse("postings:create"), data)
    assert response.status_code == 302
    posting = Posting.objects.get()
    assert posting.hiring_manager == hiring_manager
    assert list(posting.recruiters.all()) == [recruiter]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"experience_min": "8", "experience_max": "3"}, "experience_max", "less than the minimum"),
        ({"pay_min": "40 L", "pay_max": "20 L"}, "pay_max", "lower end"),
        ({"pay_min": "lots"}, "pay_min", "Enter an amount"),
        ({"pay_max": "12.345"}, "pay_max", "two decimal places"),
        ({"closes_on": "2001-01-01"}, "closes_on", "in the past"),
        ({"title": ""}, "title", "required"),
    ],
)
def test_bad_input_is_explained_on_the_form(client_for, hiring_manager, overrides, field, message):
    response = client_for(hiring_manager).post(reverse("postings:create"), _form_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Posting.objects.exists()


def test_the_edit_page_is_pre_filled(client_for, hiring_manager, posting):
    response = client_for(hiring_manager).get(reverse("postings:edit", args=[posting.public_id]))
    assert response.status_code == 200
    assert 'value="1851368.30"' in response.text


def test_editing_the_pay_band_is_audited_with_before_and_after(client_for, hiring_manager, posting):
    data = _form_data(pay_min="20 L", pay_max="36,00,000")
    response = client_for(hiring_manager).post(reverse("postings:edit", args=[posting.public_id]), data)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.pay_min == Decimal("2000000")
    event = AuditEvent.objects.get(action="posting.compensation_change")
    assert event.before["pay_min"] == "1851368.30"
    assert event.after["pay_min"] == "2000000.00"
    assert event.actor == hiring_manager
    assert posting.hiring_manager == hiring_manager  # owners cannot hand a posting away here


def test_edits_without_pay_changes_leave_no_compensation_audit(client_for, hiring_manager, posting):
    data = _form_data(pay_min="1851368.30", pay_max="3550754.94", title="Principal Backend Engineer")
    client_for(hiring_manager).post(reverse("postings:edit", args=[posting.public_id]), data)
    posting.refresh_from_db()
    assert posting.title == "Principal Backend Engineer"
    assert not AuditEvent.objects.filter(action="posting.compensation_change").exists()
    assert AuditEvent.objects.filter(action="posting.update").exists()


def test_live_validation_returns_field_errors_as_out_of_band_fragments(client_for, hiring_manager):
    data = _form_data(experience_min="9", experience_max="2", title="")
    response = client_for(hiring_manager).post(reverse("postings:validate"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="err-experience_max" hx-swap-oob="true"><ul class="errorlist"><li>Must not be less' in response.text
    # Required fields are left for the real submit.
    assert 'id="err-title" hx-swap-oob="true"></div>' in response.text
    assert "<html" not in response.text


def test_live_validation_of_an_edit_checks_access(client_for, outsider_manager, posting):
    url = reverse("postings:validate") + f"?posting={posting.public_id}"
    assert client_for(outsider_manager).post(url, _form_data()).status_code == 404
