"""Blind CV review: redaction of CVs the tests generate in several layouts (PDF and DOCX,
Indian phone and e-mail forms), the redacted PDF, and who sees what."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recruiting.interviews.blind import posting_blind_review_set, redacted_pdf, redacted_text
from recruiting.interviews.redaction import redact
from recruiting.pipelines.cv import extract_text
from recruiting.postings.sample_files import make_docx, make_pdf
from tests.factories import ApplicationFactory, CandidateFactory, add_document
from tests.interviews.factories import book, started, submit

NAME = "Priya Venkataraman"
PERSONAL = [
    "Priya",
    "Venkataraman",
    "priya.venkat",
    "pvenkat",
    "gmail",
    "linkedin.com/in/priya",
    "github.com/pvenkat",
    "12/03/1992",
    "1992",
    "Female",
    "Married",
    "Rajesh",
    "Sunshine Apartments",
    "Andheri",
    "400053",
    "Hindu",
]
PHONES = ["9876543210", "8023456789", "9123456780"]
SKILLS = ["Go", "Kafka", "PostgreSQL", "Kubernetes", "7 years", "Zentrix Payments", "ledger service", "2019"]

EXPERIENCE = """Experience
Zentrix Payments, Senior Backend Engineer (2019 - 2024)
Built the Go ledger service on PostgreSQL; Kafka streams for settlements; 7 years in backend work.
Ran Kubernetes clusters across three regions; cut p99 latency by 40%.
Skills: Go, Kafka, PostgreSQL, Kubernetes, Terraform"""

LAYOUTS = {
    "classic header": f"""{NAME}
+91 98765 43210 | priya.venkat@gmail.com | linkedin.com/in/priya-venkataraman | github.com/pvenkat
{EXPERIENCE}
Education
B.Tech, National Institute of Technology Trichy, 2013""",
    "biodata at the end": f"""CURRICULUM VITAE
{EXPERIENCE}
Personal Details
Name: Priya Venkataraman
Date of Birth: 12/03/1992
Gender: Female
Marital Status: Married
Father's Name: Rajesh Venkataraman
Religion: Hindu
Address: Flat 4B, Sunshine Apartments, Andheri West, Mumbai - 400053
Mobile: 098765 43210 / 09123456780
Landline: +91 (080) 2345 6789
Declaration: I, Priya Venkataraman, hereby declare that the above is true.""",
    "spelled contacts": f"""Resume of Ms. PRIYA VENKATARAMAN
Email: priya.venkat [at] gmail [dot] com, Phone: +91-98765-43210
Web: https://pvenkat.dev/about
{EXPERIENCE}
DOB - 12/03/1992 | Female | Married""",
}


def _assert_blind(text: str) -> None:
    lowered = text.lower()
    for item in PERSONAL:
        if item == "1992":
            assert "12/03/1992" not in text
            continue
        assert item.lower() not in lowered, item
    digits = re.sub(r"\D", "", text)
    for phone in PHONES:
        assert phone not in digits, phone
    for skill in SKILLS:
        assert skill in text, skill


@pytest.mark.parametrize("layout", LAYOUTS)
def test_redacting_a_pdf_cv_leaves_skills_and_nothing_personal(layout):
    text = extract_text(make_pdf(LAYOUTS[layout]), "pdf")
    _assert_blind(redact(text, names=[NAME]))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_redacting_a_docx_cv_leaves_skills_and_nothing_personal(layout):
    paragraphs = LAYOUTS[layout].splitlines()
    text = extract_text(make_docx(paragraphs[2:], table=[[p] for p in paragraphs[:2]]), "docx")
    _assert_blind(redact(text, names=[NAME]))


def test_a_contact_table_in_docx_is_redacted():
    data = make_docx(
        EXPERIENCE.splitlines(),
        table=[
            ["Name", NAME],
            ["Phone", "+91 98765 43210"],
            ["E-mail", "PRIYA.VENKAT@Gmail.com"],
            ["Profile", "www.linkedin.com/in/priya"],
        ],
    )
    _assert_blind(redact(extract_text(data, "docx"), names=[NAME]))


def test_colleges_go_only_when_asked():
    text = LAYOUTS["classic header"]
    assert "National Institute of Technology Trichy" in redact(text, names=[NAME])
    assert "National Institute of Technology" not in redact(text, names=[NAME], colleges=True)
    assert "IIT" not in redact("M.Tech, IIT Bombay, 2015", colleges=True)


def test_years_and_periods_are_not_mistaken_for_phones():
    text = "2015-2019 at Acme; 2019 - 2024 at Zentrix; 1,20,000 requests a second"
    assert redact(text) == text


@pytest.mark.django_db
class TestBlindReview:
    @pytest.fixture
    def blind_application(self, posting, recruiter):
        posting_blind_review_set(posting=posting, blind_cv=True, redact_colleges=True, actor=recruiter)
        candidate = CandidateFactory(full_name=NAME, email="priya.venkat@gmail.com", phone="+919876543210")
        application = ApplicationFactory(posting=posting, candidate=candidate)
        add_document(
            candidate,
            make_pdf(LAYOUTS["biodata at the end"]),
            application=application,
            text=LAYOUTS["biodata at the end"],
            status="ready",
        )
        return application

    @pytest.fixture
    def interview(self, blind_application, tech_round, panel, recruiter):
        return started(book(blind_application, tech_round, panel, actor=recruiter))

    def test_the_redacted_pdf_holds_nothing_personal(self, blind_application):
        document = blind_application.documents.get()
        data = redacted_pdf(blind_application, document)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        _assert_blind(text)
        assert "/Image" not in data.decode("latin-1")  # no photo can survive
        assert redacted_text(blind_application, document).count("[name]") >= 2

    def test_the_interviewer_sees_an_initial_and_the_redacted_cv_until_they_submit(
        self, client_for, interviewer, interview, blind_application
    ):
        client = client_for(interviewer)
        page = client.get(reverse("interviews:scorecard", args=[interview.public_id])).content.decode()
        assert f"P. #{blind_application.pk}" in page and "Venkataraman" not in page
        cv_url = reverse("interviews:cv", args=[blind_application.public_id])
        assert cv_url in page
        body = client.get(cv_url).content.decode()
        assert "Zentrix Payments" in body and "Venkataraman" not in body and "400053" not in body
        pdf = client.get(cv_url, {"as": "pdf"})
        assert pdf["Content-Type"] == "application/pdf" and b"Venkataraman" not in pdf.content
        original = blind_application.documents.get().get_absolute_url()
        assert client.get(original).status_code == 404
        submit(interview, interviewer)
        assert client.get(cv_url).status_code == 302
        assert client.get(original).status_code == 200

    def test_the_interviewers_lists_and_interview_page_show_the_label(
        self, client_for, interviewer, interview, blind_application, recruiter
    ):
        client = client_for(interviewer)
        for url in ("/", reverse("interviews:home"), reverse("interviews:detail", args=[interview.public_id])):
            body = client.get(url).content.decode()
            assert "Venkataraman" not in body, url
        assert f"P. #{blind_application.pk}" in client.get(reverse("interviews:home")).content.decode()
        assert "Venkataraman" in client_for(recruiter).get(reverse("interviews:home")).content.decode()

    def test_managers_see_the_original(self, client_for, hiring_manager, blind_application, interview):
        client = client_for(hiring_manager)
        response = client.get(reverse("interviews:cv", args=[blind_application.public_id]))
        assert response.status_code == 302
        assert response["Location"] == blind_application.documents.get().get_absolute_url()

    def test_without_the_setting_the_panel_sees_the_original(
        self, client_for, interviewer, interview, blind_application, posting, recruiter
    ):
        posting_blind_review_set(posting=posting, blind_cv=False, redact_colleges=False, actor=recruiter)
        client = client_for(interviewer)
        page = client.get(reverse("interviews:scorecard", args=[interview.public_id])).content.decode()
        assert NAME in page
        assert client.get(blind_application.documents.get().get_absolute_url()).status_code == 200

    def test_the_plan_page_turns_it_on(self, client_for, hiring_manager, posting):
        client = client_for(hiring_manager)
        url = reverse("interviews:blind_review", args=[posting.public_id])
        assert client.post(url, {"blind_cv": "on"}).status_code == 302
        assert posting.interview_settings.blind_cv and not posting.interview_settings.redact_colleges
