"""Helpers for the apply / careers / CV tests: a posting with the company's usual
screening questions and a valid apply POST for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recruiting.careers.apply import submission_token_make
from recruiting.postings.models import ScreeningQuestion
from recruiting.postings.sample_files import make_pdf
from tests.factories import PostingFactory

CV_TEXT = "Priya Raman\nSenior backend engineer, Chennai\nGo, PostgreSQL, Kafka, 6 years"


def add_question(posting, **fields) -> ScreeningQuestion:
    order = posting.questions.count()
    return ScreeningQuestion.objects.create(posting=posting, order=order, **fields)


def posting_with_questions(**fields):
    """An open posting (band ₹18,51,368.30 – ₹35,50,754.94 per year) asking expected
    CTC (≤ band max), notice period (≤ 15 days), Golang years (≥ 4) and weekday
    in-person interviews (= yes)."""
    posting = PostingFactory(**fields)
    add_question(
        posting, text="What is your expected CTC (per year)?", kind="money", currency="INR", knockout_band_max=True
    )
    add_question(
        posting,
        text="What is your notice period, in days?",
        kind="duration_days",
        knockout_op="lte",
        knockout_value="15",
    )
    add_question(
        posting,
        text="How many years have you worked with Golang?",
        kind="years",
        skill="Golang",
        knockout_op="gte",
        knockout_value="4",
    )
    add_question(
        posting,
        text="Can you attend weekday interviews in person in Chennai?",
        kind="yes_no",
        knockout_op="eq",
        knockout_value="yes",
    )
    return posting


def pdf_upload(name: str = "Priya Raman CV.pdf", text: str = CV_TEXT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")


def answer_field(question) -> str:
    return f"q_{question.pk}"


def apply_data(posting, *, cv=None, answers: dict[str, object] | None = None, **overrides) -> dict:
    """A valid apply POST: passing answers unless `answers` (by question kind or text
    start) says otherwise."""
    defaults_by_kind = {
        "money": "28 L",
        "duration_days": "15",
        "years": "5",
        "yes_no": "yes",
        "number": "3",
        "text": "Happy to talk",
        "date": "2026-09-01",
    }
    data: dict[str, object] = {
        "full_name": "Priya Raman",
        "email": "priya.raman@example.in",
        "phone": "098765 43210",
        "consent": "on",
        "submission_token": submission_token_make(posting),
        "website": "",
    }
    answers = answers or {}
    for question in posting.questions.all():
        value = answers.get(question.text, answers.get(question.kind, defaults_by_kind.get(question.kind)))
        if question.kind == "choice" and question.text not in answers:
            value = question.choices[0]
        if question.kind == "multi_choice" and question.text not in answers:
            value = [question.choices[0]]
        if value is not None:
            data[answer_field(question)] = value
    data["cv"] = cv if cv is not None else pdf_upload()
    data.update(overrides)
    return data


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The user cast gets real password hashes; MD5 keeps these tests quick (import this
    fixture into a test module to use it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
