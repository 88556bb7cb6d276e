"""A posting from a pasted job description: the three sample files are detected into the
full posting form, nothing is saved until the user confirms, and confirming creates the
posting with its skills and screening questions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.models import Posting
from tests.postings.jd_parser.helpers import SAMPLES_DIR as SAMPLES
from tests.postings.jd_parser.test_corpus import CORPUS
from tests.support.htmlforms import read_form

pytestmark = pytest.mark.django_db


def _sample(prefix: str) -> str:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample job descriptions not found at {SAMPLES}")
    matches = sorted(SAMPLES.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"sample {prefix} not found in {SAMPLES}")
    return matches[0].read_text()


def _review(client, text: str):
    response = client.post(reverse("postings:from_text"), {"text": text})
    assert response.status_code == 200
    values, classes = read_form(response.text, "posting-form")
    return response, values, classes


def _one(values: dict, name: str) -> str:
    return values.get(name, [""])[0]


def _skills(values: dict) -> dict[str, tuple[bool, str]]:
    total = int(_one(values, "skills-TOTAL_FORMS"))
    rows = {}
    for index in range(total):
        name = _one(values, f"skills-{index}-name")
        if name:
            rows[name] = (f"skills-{index}-required" in values, _one(values, f"skills-{index}-min_years"))
    return rows


def _questions(values: dict) -> list[dict[str, str]]:
    total = int(_one(values, "questions-TOTAL_FORMS"))
    fields = ("text", "kind", "rule", "knockout_op", "knockout_value", "skill")
    return [{f: _one(values, f"questions-{i}-{f}") for f in fields} for i in range(total)]


def test_the_paste_page_is_a_full_page(client_for, hiring_manager):
    response = client_for(hiring_manager).get(reverse("postings:from_text"))
    assert response.status_code == 200
    assert "<textarea" in response.text
    assert "<html" in response.text


def test_an_empty_paste_is_asked_for_again(client_for, hiring_manager):
    response = client_for(hiring_manager).post(reverse("postings:from_text"), {"text": "  "})
    assert response.status_code == 200
    assert "required" in response.text
    assert not Posting.objects.exists()


def test_the_lead_backend_description_is_detected(client_for, hiring_manager):
    response, values, classes = _review(client_for(hiring_manager), _sample("000"))
    assert _one(values, "title") == "Lead Backend Engineer"
    assert _one(values, "experience_min") == "10"
    assert _one(values, "experience_max") == ""  # "10+": no upper end
    assert "detected" in classes["title"] and "detected" in classes["experience_min"]
    assert "MCA" in _one(values, "education")
    skills = _skills(values)
    assert skills["FastAPI"] == (True, "3")
    assert {"Python", "PostgreSQL", "Kubernetes"} <= set(skills)
    fastapi = [q for q in _questions(values) if q["skill"] == "FastAPI"]
    assert fastapi and fastapi[0]["kind"] == "years"
    assert (fastapi[0]["rule"], fastapi[0]["knockout_op"], fastapi[0]["knockout_value"]) == ("constant", "gte", "3")
    assert 'class="detected-note"' in response.text
    assert not Posting.objects.exists()  # nothing saved yet


def test_the_chennai_description_with_a_pay_band_is_detected(client_for, hiring_manager):
    _, values, classes = _review(client_for(hiring_manager), _sample("001"))
    assert _one(values, "location") == "Chennai"
    assert _one(values, "workplace_type") == "onsite"
    assert Decimal(_one(values, "pay_min")) == Decimal("1851368.30")
    assert Decimal(_one(values, "pay_max")) == Decimal("3550754.94")
    assert _one(values, "pay_currency") == "INR"
    assert _one(values, "pay_period") == "year"
    assert _one(values, "notice_period_max_days") == "15"
    assert _one(values, "experience_min") == "10"
    for name in ("location", "pay_min", "pay_max", "notice_period_max_days"):
        assert "detected" in classes[name], name
    questions = _questions(values)
    notice = next(q for q in questions if q["kind"] == "duration_days")
    assert (notice["knockout_op"], notice["knockout_value"]) == ("lte", "15")
    weekday = next(q for q in questions if q["kind"] == "yes_no")
    assert (weekday["knockout_op"], weekday["knockout_value"]) == ("eq", "yes")
    skills = _skills(values)
    assert skills["FastAPI"][0] is True
    assert skills["Microservices"][0] is False  # listed under nice-to-have


def test_the_technical_lead_description_is_detected(client_for, hiring_manager):
    _, values, classes = _review(client_for(hiring_manager), _sample("002"))
    assert _one(values, "title").startswith("Technical Lead")
    assert "detected" in classes["title"]
    assert {"FastAPI", "PostgreSQL", "Python"} <= set(_skills(values))


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_every_detected_skill_and_question_is_offered_for_review(client_for, hiring_manager, prefix):
    text = _sample(prefix)
    parsed = parse_job_description(text)
    _, values, _ = _review(client_for(hiring_manager), text)
    assert set(_skills(values)) == {skill.name for skill in parsed.skills}
    assert [q["text"] for q in _questions(values)] == [q.text for q in parsed.questions]


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_confirming_the_review_creates_the_posting_with_skills_and_questions(client_for, hiring_manager, prefix):
    client = client_for(hiring_manager)
    text = _sample(prefix)
    _, values, _ = _review(client, text)
    if not _one(values, "title"):
        values["title"] = ["Lead Backend Engineer"]  # the reviewer completes what was not found
    response = client.post(reverse("postings:create"), values)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    posting = Posting.objects.get()
    parsed = parse_job_description(text)
    assert posting.hiring_manager == hiring_manager
    assert posting.status == "draft"
    # Suggestions (skills only mentioned in prose) are offered unchecked and left out.
    assert {s.name for s in posting.skills.all()} == {s.name for s in parsed.skills if not s.suggested}
    assert posting.questions.count() == len(parsed.questions)
    if parsed.pay_max is not None:
        assert posting.pay_max == parsed.pay_max
    knockouts = [q for q in posting.questions.all() if q.has_knockout]
    assert len(knockouts) == sum(1 for q in parsed.questions if q.knockout_op or q.knockout_band_max)


def test_a_question_left_out_in_review_is_not_created(client_for, hiring_manager):
    client = client_for(hiring_manager)
    _, values, _ = _review(client, _sample("001"))
    values["title"] = ["Lead Backend Engineer"]
    values["questions-0-DELETE"] = ["on"]
    client.post(reverse("postings:create"), values)
    posting = Posting.objects.get()
    assert posting.questions.count() == int(values["questions-TOTAL_FORMS"][0]) - 1


def test_a_failed_confirmation_keeps_the_detected_marks(client_for, hiring_manager):
    client = client_for(hiring_manager)
    _, values, _ = _review(client, _sample("001"))
    values["title"] = [""]
    response = client.post(reverse("postings:create"), values)
    assert response.status_code == 200
    _, classes = read_form(response.text, "posting-form")
    assert "detected" in classes["pay_max"]
    assert not Posting.objects.exists()


def _senior_backend() -> str:
    return (CORPUS / "01_senior_backend_indeed.txt").read_text(encoding="utf-8")


def test_a_skill_only_mentioned_in_prose_is_offered_unchecked(client_for, hiring_manager):
    response, values, _ = _review(client_for(hiring_manager), _senior_backend())
    rows = {_one(values, f"skills-{i}-name"): i for i in range(int(_one(values, "skills-TOTAL_FORMS")))}
    redis = rows["Redis"]  # "Our stack includes ... Redis" in the about-the-role prose
    assert _one(values, f"skills-{redis}-suggested") == "True"
    assert f"skills-{redis}-add" not in values
    assert f"skills-{rows['Go']}-required" in values
    assert response.text.count('data-testid="suggested-skill"') == sum(
        1 for s in parse_job_description(_senior_backend()).skills if s.suggested
    )


def test_an_added_suggestion_is_kept_and_the_others_are_not(client_for, hiring_manager):
    client = client_for(hiring_manager)
    _, values, _ = _review(client, _senior_backend())
    rows = {_one(values, f"skills-{i}-name"): i for i in range(int(_one(values, "skills-TOTAL_FORMS")))}
    values[f"skills-{rows['Redis']}-add"] = ["on"]
    response = client.post(reverse("postings:create"), values)
    assert response.status_code == 302
    skills = {s.name: (s.required, s.min_years) for s in Posting.objects.get().skills.all()}
    assert skills["Redis"] == (False, None)
    assert skills["Rust"] == (True, 4)
    assert skills["Back-end development"] == (True, 4)
    assert "Grafana" not in skills


def test_the_description_keeps_its_lists_on_the_posting_and_the_careers_page(client_for, hiring_manager):
    client = client_for(hiring_manager)
    _, values, _ = _review(client, _senior_backend())
    client.post(reverse("postings:create"), values)
    posting = Posting.objects.get()
    assert "\n- Golang: 4 years\n" in posting.description
    page = client.get(posting.get_absolute_url()).text
    assert "<li>Golang: 4 years</li>" in page
    assert "<li>Kafka: 2 years</li>" in page
    posting.status = "open"
    posting.save(update_fields=["status"])
    careers = client.get(reverse("careers:posting", args=[posting.public_id])).text
    assert "<li>Rust (programming language): 4 years</li>" in careers
    assert "Job Type: Full-time<br>" in careers
