"""A phone number is not a person (issue 8, ADR 6), through the real apply form.

Only a normalised e-mail attaches an application to an existing person; nothing typed
into the form changes what we hold about them; a shared phone is a new person and a
possible-duplicate suggestion; each application keeps its own CV; e-mails about an
application go to the address typed on it; an erased person is never found again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Application, Candidate, Document, DuplicateSuggestion
from recruiting.privacy.services import candidate_erase
from tests.careers.apply_factories import (  # noqa: F401 - _fast_password_hashing is an autouse fixture
    _fast_password_hashing,
    apply_data,
    files_under,
    pdf_upload,
    posting_with_questions,
)

pytestmark = pytest.mark.django_db

ALICE = {"full_name": "Alice Fernandes", "email": "alice.fernandes@mail.example.com", "phone": "+91 98400 12345"}
MALLORY = {"full_name": "Mallory Quint", "email": "mallory.q@elsewhere.example.net", "phone": "+91 98400 12345"}
ALICE_CV = "Alice Fernandes\nStaff engineer: Go, PostgreSQL, payments ledgers"
MALLORY_CV = "Mallory Quint\nPHP and WordPress themes"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.APPLY_RATE_LIMIT = 100
    cache.clear()
    yield
    cache.clear()


def apply(client, posting, person: dict, cv_text: str, *, cv_name: str = "CV.pdf", **data):
    response = client.post(
        reverse("careers:apply", args=[posting.public_id]),
        apply_data(posting, cv=pdf_upload(cv_name, cv_text), **person, **data),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert reverse("careers:applied", args=[posting.public_id]) in response["Location"]
    return response


def mails_to(address: str) -> list[Notification]:
    return [n for n in Notification.objects.order_by("pk") if address in n.to]


def pdf_text(data: bytes) -> str:
    import io

    from recruiting.pipelines.cv import extract_text

    return extract_text(io.BytesIO(data), "pdf")


# --- Alice and Mallory -----------------------------------------------------------------------


def test_mallory_sharing_alices_phone_changes_nothing_about_alice(client, settings, hiring_manager):
    posting_a = posting_with_questions(title="Lead Backend Engineer", hiring_manager=hiring_manager)
    posting_b = posting_with_questions(title="Technical Lead", knockout_action="reject")
    apply(client, posting_a, ALICE, ALICE_CV, cv_name="Alice CV.pdf")
    alice = Candidate.objects.get()
    alice_before = Candidate.objects.filter(pk=alice.pk).values().get()
    alice_cv = Document.objects.get()
    alice_cv_path = Path(settings.MEDIA_ROOT) / alice_cv.file.name
    alice_cv_bytes = alice_cv_path.read_bytes()

    # Mallory: another name and e-mail, Alice's phone, another CV, and a notice period
    # that knocks her out of posting B (which rejects on knock-outs, with an e-mail).
    apply(client, posting_b, MALLORY, MALLORY_CV, cv_name="Mallory CV.pdf", answers={"duration_days": "60"})

    # Two people: Mallory exists, with her own application and her own CV.
    assert Candidate.objects.count() == 2
    mallory = Candidate.objects.exclude(pk=alice.pk).get()
    assert (mallory.full_name, mallory.email, mallory.phone) == ("Mallory Quint", MALLORY["email"], "+919840012345")
    mallory_application = Application.objects.get(candidate=mallory)
    assert mallory_application.posting == posting_b and mallory_application.state == "rejected"
    assert mallory_application.documents.get().original_filename == "Mallory CV.pdf"
    assert "WordPress" in pdf_text(mallory_application.documents.get().file.read())

    # Alice: her record, her application and her CV file are exactly as before.
    assert Candidate.objects.filter(pk=alice.pk).values().get() == alice_before
    assert list(Application.objects.filter(candidate=alice).values_list("posting", flat=True)) == [posting_a.pk]
    assert list(Document.objects.filter(candidate=alice)) == [alice_cv]
    assert alice_cv_path.read_bytes() == alice_cv_bytes
    assert len(files_under(settings.MEDIA_ROOT)) == 2

    # E-mails: Alice only hears about her own application; Mallory's go to Mallory.
    assert [n.kind for n in mails_to(ALICE["email"])] == ["apply_confirmation"]
    assert posting_a.title in mails_to(ALICE["email"])[0].subject
    assert {n.kind for n in mails_to(MALLORY["email"])} == {"apply_confirmation", "knockout_rejection"}

    # A recruiter is asked to decide: a possible duplicate, because of the phone.
    suggestion = DuplicateSuggestion.objects.get()
    assert (suggestion.candidate, suggestion.existing, suggestion.reasons) == (mallory, alice, ["same phone"])


def test_mallory_shows_up_on_the_duplicates_page_and_can_be_merged_by_a_recruiter(client, client_for, recruiter):
    posting_a, posting_b = posting_with_questions(), posting_with_questions()
    apply(client, posting_a, ALICE, ALICE_CV)
    apply(client, posting_b, MALLORY, MALLORY_CV)
    alice, mallory = Candidate.objects.order_by("pk")
    staff = client_for(recruiter)
    page = staff.get(reverse("pipelines:duplicates")).content.decode()
    assert page.count('data-testid="pair"') == 1 and "same phone" in page
    assert "Mallory Quint" in page and "Alice Fernandes" in page
    # The recruiter decides they are one person after all: the existing merge.
    response = staff.post(
        reverse("pipelines:candidate_merge", args=[alice.public_id]), {"duplicate": mallory.public_id}
    )
    assert response.status_code == 302
    assert Application.objects.filter(candidate=alice).count() == 2
    assert Document.objects.filter(candidate=alice).count() == 2  # each still with its own application
    assert staff.get(reverse("pipelines:duplicates")).content.decode().count('data-testid="pair"') == 0


# --- Twenty applicants, one phone ------------------------------------------------------------


def test_twenty_applicants_sharing_a_phone_are_twenty_people_and_nineteen_suggestions(client, client_for, recruiter):
    posting = posting_with_questions()
    staff = client_for(recruiter)
    duplicates = reverse("pipelines:duplicates")

    def applicant(index: int) -> dict:
        # Similar names at one company domain too: still one suggestion per newcomer.
        return {"full_name": f"Ravi Kumar {index}", "email": f"ravi.{index}@zentrix.example", "phone": "098400 12345"}

    for index in range(2):
        apply(client, posting, applicant(index), f"Ravi {index}\nGo")
    with CaptureQueriesContext(connection) as two:
        staff.get(duplicates)
    for index in range(2, 20):
        apply(client, posting, applicant(index), f"Ravi {index}\nGo")
    with CaptureQueriesContext(connection) as twenty:
        page = staff.get(duplicates)

    assert Candidate.objects.count() == 20
    assert Application.objects.count() == 20 and Document.objects.count() == 20
    first = Candidate.objects.order_by("pk").first()
    suggestions = DuplicateSuggestion.objects.all()
    assert suggestions.count() == 19
    assert set(suggestions.values_list("existing", flat=True)) == {first.pk}
    assert all("same phone" in s.reasons for s in suggestions)
    assert page.content.decode().count('data-testid="pair"') == 19
    # The page costs the same queries for 1 suggestion or 19: session, user, suggestions.
    assert len(twenty.captured_queries) == len(two.captured_queries) == 3


# --- The e-mail alias case -------------------------------------------------------------------


def test_an_email_alias_attaches_to_the_same_person_without_changing_them(client, settings):
    posting_a, posting_b = posting_with_questions(title="Lead Backend Engineer"), posting_with_questions(title="SRE")
    gmail = {"full_name": "Priya Raman", "email": "priya.raman@gmail.com", "phone": "98765 43210"}
    alias = {"full_name": "P. Raman", "email": "Priya.Raman+jobs@googlemail.com", "phone": "91234 56789"}
    apply(client, posting_a, gmail, "Priya Raman\nGo and Kafka", cv_name="Priya 2025.pdf")
    before = Candidate.objects.values().get()
    apply(client, posting_b, alias, "Priya Raman\nGo, Kafka and Rust", cv_name="Priya 2026.pdf")

    candidate = Candidate.objects.get()  # one person
    assert Candidate.objects.values().get() == before  # name, e-mail, phone, profile unchanged
    second = Application.objects.get(posting=posting_b)
    assert second.candidate == candidate
    assert (second.applicant_name, second.applicant_email, second.applicant_phone) == (
        "P. Raman",
        "Priya.Raman+jobs@googlemail.com",
        "+919123456789",
    )
    assert sorted(Document.objects.values_list("original_filename", "application__posting")) == [
        ("Priya 2025.pdf", posting_a.pk),
        ("Priya 2026.pdf", posting_b.pk),
    ]
    assert DuplicateSuggestion.objects.count() == 0
    # The confirmation of the second application goes where the second form said.
    confirmations = Notification.objects.filter(kind="apply_confirmation").order_by("pk")
    assert [n.to for n in confirmations] == [["priya.raman@gmail.com"], ["Priya.Raman+jobs@googlemail.com"]]
    assert "Hi P." in confirmations[1].body_text


def test_applying_again_to_the_same_posting_with_an_alias_tells_the_address_on_that_application(client):
    posting = posting_with_questions()
    apply(client, posting, {**ALICE, "email": "alice@gmail.com"}, ALICE_CV)
    apply(client, posting, {**MALLORY, "email": "A.lice+x@gmail.com"}, MALLORY_CV)
    assert Application.objects.count() == 1 and Document.objects.count() == 1
    notice = Notification.objects.get(kind="already_applied")
    assert notice.to == ["alice@gmail.com"]
    assert Candidate.objects.get().full_name == "Alice Fernandes"


# --- Erased people stay erased ---------------------------------------------------------------


def test_an_erased_persons_phone_and_email_resurrect_nothing(client, admin_user):
    posting_a, posting_b = posting_with_questions(), posting_with_questions()
    apply(client, posting_a, ALICE, ALICE_CV)
    alice = Candidate.objects.get()
    candidate_erase(candidate=alice, actor=admin_user, reason="Her request, 2 March", force=True)
    erased = Candidate.objects.filter(pk=alice.pk).values().get()

    apply(client, posting_b, MALLORY, MALLORY_CV)  # Alice's old phone
    apply(client, posting_a, {**ALICE, "full_name": "Alice Again"}, ALICE_CV)  # Alice's old e-mail

    assert Candidate.objects.filter(pk=alice.pk).values().get() == erased
    assert Application.objects.filter(candidate=alice).count() == 1  # only the withdrawn, anonymous one
    assert not Document.objects.filter(candidate=alice).exists()
    assert Candidate.objects.filter(anonymised_at__isnull=True).count() == 2
    assert not DuplicateSuggestion.objects.filter(existing=alice).exists()
    assert not DuplicateSuggestion.objects.filter(candidate=alice).exists()
    # The two newcomers share the phone with each other, not with anything erased.
    assert DuplicateSuggestion.objects.count() == 1


# --- The candidate page lists every CV -------------------------------------------------------


def test_the_candidate_page_lists_every_cv_with_its_date_and_application(client, client_for, recruiter):
    posting_a = posting_with_questions(title="Lead Backend Engineer")
    posting_b = posting_with_questions(title="Technical Lead")
    apply(client, posting_a, ALICE, ALICE_CV, cv_name="Alice 2025.pdf")
    apply(client, posting_b, ALICE, "Alice Fernandes\nNow also Rust", cv_name="Alice 2026.pdf")
    alice = Candidate.objects.get()
    older, newer = Document.objects.order_by("uploaded_at")
    body = client_for(recruiter).get(alice.get_absolute_url()).content.decode()

    assert body.count('data-testid="document"') == 2
    assert body.index("Alice 2026.pdf") < body.index("Alice 2025.pdf")  # newest first
    for document, title in ((older, "Lead Backend Engineer"), (newer, "Technical Lead")):
        assert reverse("postings:cv_download", args=[document.public_id]) in body
        assert f'with the application to <a href="#application-{document.application.public_id}">{title}</a>' in body
    assert dateformat.format(timezone.localtime(older.uploaded_at), "j M Y, H:i") in body
    download = client_for(recruiter).get(reverse("postings:cv_download", args=[older.public_id]))
    assert "Go, PostgreSQL" in pdf_text(b"".join(download.streaming_content))


def test_a_cv_file_is_never_deleted_by_a_later_application(client, settings):
    posting_a, posting_b = posting_with_questions(), posting_with_questions()
    apply(client, posting_a, ALICE, ALICE_CV)
    apply(client, posting_b, ALICE, "Alice Fernandes\nSecond CV")
    assert len(files_under(settings.MEDIA_ROOT)) == 2
    assert all((Path(settings.MEDIA_ROOT) / d.file.name).exists() for d in Document.objects.all())


def test_the_email_of_a_record_merged_into_another_person_attaches_to_that_person(client, recruiter):
    from recruiting.pipelines.services import candidate_merge

    posting_a, posting_b, posting_c = posting_with_questions(), posting_with_questions(), posting_with_questions()
    work = {**ALICE, "email": "alice@zentrix.example"}
    apply(client, posting_a, ALICE, ALICE_CV)
    apply(client, posting_b, work, ALICE_CV)  # same phone, another address: a second record
    alice, alice_at_work = Candidate.objects.order_by("pk")
    candidate_merge(source=alice_at_work, target=alice, actor=recruiter)
    apply(client, posting_c, work, ALICE_CV)
    assert Application.objects.get(posting=posting_c).candidate == alice
    assert Candidate.objects.count() == 2


# --- At the same moment ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_applications_sharing_a_phone_or_an_email_follow_the_same_rule():
    """Eight applications at once with one phone (four with one e-mail): the locks on
    the e-mail and phone keys make them five people, every newcomer suggested once."""
    import threading

    from django.db import connections

    from recruiting.pipelines.applying import application_submit

    postings = [posting_with_questions() for _ in range(4)]
    people = [
        {"full_name": f"Same Inbox {index}", "email": "shared.inbox@example.com", "phone": "098400 12345"}
        for index in range(4)
    ] + [
        {"full_name": f"Other {index}", "email": f"other{index}@example.com", "phone": "098400 12345"}
        for index in range(4)
    ]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def attempt(index: int, person: dict) -> None:
        try:
            barrier.wait()
            application_submit(
                posting=postings[index % 4],
                cv_file=pdf_upload(),
                cv_kind="pdf",
                answers=[],
                consent_version=None,
                notify=False,
                **person,
            )
            outcomes.append("ok")
        except Exception as exc:  # pragma: no cover - shows up in the assertion
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, p)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["ok"] * 8
    assert Candidate.objects.count() == 5
    assert Candidate.objects.get(email="shared.inbox@example.com").applications.count() == 4
    first = Candidate.objects.order_by("pk").first()
    assert list(DuplicateSuggestion.objects.values_list("existing", flat=True)) == [first.pk] * 4
    connection.close()
