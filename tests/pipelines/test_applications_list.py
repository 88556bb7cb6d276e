"""The applications list: access, filters, sort, search, pages, bulk actions, export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.pipelines.models import Answer, Application, RejectionReason
from recruiting.pipelines.services import candidates_tag
from tests.careers.apply_factories import add_question
from tests.factories import ApplicationFactory, CandidateFactory
from tests.pipelines.factories import application_for, posting_for

pytestmark = pytest.mark.django_db
LIST = "/pipelines/applications/"
BULK = "/pipelines/applications/bulk/"
EXPORT = "/pipelines/applications/export.csv"


@pytest.fixture
def mine(hiring_manager):
    return posting_for(hiring_manager, title="Backend Engineer")


@pytest.fixture
def theirs(outsider_manager):
    return posting_for(outsider_manager, title="Data Engineer")


def shown(response) -> list[str]:
    return [app.candidate.full_name for app, _days in response.context["rows"]]


def test_a_recruiter_sees_applications_of_every_posting(client_for, recruiter, mine, theirs):
    application_for(mine, full_name="Asha Rao")
    application_for(theirs, full_name="Bala Kumar")
    response = client_for(recruiter).get(LIST)
    assert response.status_code == 200
    assert sorted(shown(response)) == ["Asha Rao", "Bala Kumar"]


def test_a_hiring_manager_sees_only_their_postings(client_for, hiring_manager, mine, theirs):
    application_for(mine, full_name="Asha Rao")
    application_for(theirs, full_name="Bala Kumar")
    assert shown(client_for(hiring_manager).get(LIST)) == ["Asha Rao"]


def test_interviewers_are_refused(client_for, interviewer):
    assert client_for(interviewer).get(LIST).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_posting_to_the_list_is_405(client_for, recruiter):
    assert client_for(recruiter).post(LIST).status_code == 405


def test_htmx_gets_only_the_results(client_for, recruiter, mine):
    application_for(mine, full_name="Asha Rao")
    response = client_for(recruiter).get(LIST, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body and "Asha Rao" in body
    assert "HX-Request" in response["Vary"]


def test_filters_narrow_the_list(client_for, recruiter, mine, theirs):
    first = application_for(mine, full_name="Asha Rao")
    second = application_for(theirs, full_name="Bala Kumar")
    third = ApplicationFactory(posting=mine, candidate=CandidateFactory(full_name="Chitra Iyer"), source="referral")
    Application.objects.filter(pk=second.pk).update(is_flagged=True, average_rating=Decimal("4.50"))
    Application.objects.filter(pk=third.pk).update(created_at=timezone.now() - timedelta(days=40))
    candidates_tag(candidates=[first.candidate], add=["relocation"], actor=recruiter)
    technical = mine.stages.get(name="Technical")
    Application.objects.filter(pk=first.pk).update(stage=technical)
    client = client_for(recruiter)
    assert shown(client.get(LIST, {"posting": str(theirs.public_id)})) == ["Bala Kumar"]
    assert shown(client.get(LIST, {"stage": "Technical"})) == ["Asha Rao"]
    assert shown(client.get(LIST, {"source": "referral"})) == ["Chitra Iyer"]
    assert shown(client.get(LIST, {"tag": "relocation"})) == ["Asha Rao"]
    assert shown(client.get(LIST, {"flagged": "yes"})) == ["Bala Kumar"]
    assert shown(client.get(LIST, {"rating": "4"})) == ["Bala Kumar"]
    old = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert sorted(shown(client.get(LIST, {"applied_from": old}))) == ["Asha Rao", "Bala Kumar"]
    assert shown(client.get(LIST, {"applied_to": old})) == ["Chitra Iyer"]
    assert shown(client.get(LIST, {"state": "rejected"})) == []


def test_a_bad_filter_value_is_ignored_not_an_error(client_for, recruiter, mine):
    application_for(mine, full_name="Asha Rao")
    response = client_for(recruiter).get(LIST, {"rating": "lots", "applied_from": "yesterday", "posting": "nope"})
    assert response.status_code == 200 and shown(response) == ["Asha Rao"]


def test_the_search_box_uses_full_text_search(client_for, recruiter, mine):
    from recruiting.pipelines.services import candidate_refresh_search

    a = application_for(mine, full_name="Asha Rao", cv_text="Kafka streams")
    b = application_for(mine, full_name="Bala Kumar", cv_text="React")
    candidate_refresh_search([a.candidate_id, b.candidate_id])
    assert shown(client_for(recruiter).get(LIST, {"q": "kafka"})) == ["Asha Rao"]
    assert shown(client_for(recruiter).get(LIST, {"q": "Bala Kumarr"})) == ["Bala Kumar"]


def test_sorting_by_name_and_days_in_stage(client_for, recruiter, mine):
    a = application_for(mine, full_name="Zara Ali")
    application_for(mine, full_name="Anil Bose")
    Application.objects.filter(pk=a.pk).update(stage_entered_at=timezone.now() - timedelta(days=9))
    client = client_for(recruiter)
    assert shown(client.get(LIST, {"sort": "name"})) == ["Anil Bose", "Zara Ali"]
    response = client.get(LIST, {"sort": "days"})
    assert shown(response) == ["Zara Ali", "Anil Bose"] and response.context["rows"][0][1] == 9


def test_the_list_is_paged(client_for, recruiter, mine):
    for index in range(27):
        application_for(mine, full_name=f"Person {index:02d}")
    client = client_for(recruiter)
    first, second = client.get(LIST, {"sort": "name"}), client.get(LIST, {"sort": "name", "page": 2})
    assert len(shown(first)) == 25 and shown(second) == ["Person 25", "Person 26"]
    assert first.context["page"].paginator.count == 27


def _count_queries(client, django_capture):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_runs_the_same_number_of_queries_for_5_and_200_rows(client_for, recruiter, mine):
    client = client_for(recruiter)
    for index in range(5):
        app = application_for(mine, full_name=f"Few {index}")
        candidates_tag(candidates=[app.candidate], add=["a", "b"], actor=recruiter)
    few = _count_queries(client, None)
    for index in range(195):
        application_for(mine, full_name=f"Many {index}")
    many = _count_queries(client, None)
    assert few == many


# --- bulk actions ----------------------------------------------------------------------


def bulk(client, apps, htmx=True, **data):
    payload = {"selected": [str(a.public_id) for a in apps], **data}
    for app in apps:
        payload[f"version-{app.public_id}"] = app.version
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(BULK, payload, **extra)


def test_bulk_move_moves_each_row_and_reports_refusals(client_for, hiring_manager, mine, theirs):
    a, b = application_for(mine, full_name="Asha Rao"), application_for(mine, full_name="Bala Kumar")
    stale = application_for(mine, full_name="Chitra Iyer")
    foreign = application_for(theirs, full_name="Dev Patel")
    stale_seen = Application.objects.get(pk=stale.pk)
    Application.objects.filter(pk=stale.pk).update(version=stale.version + 1)  # somebody moved it meanwhile
    response = bulk(client_for(hiring_manager), [a, b, stale_seen, foreign], action="move", to_stage="Screen")
    assert response.status_code == 200
    report = response.context["report"]
    assert report["done"] == 2
    assert len(report["refused"]) == 2
    assert any("Chitra Iyer" in line for line in report["refused"])
    assert any(str(foreign.public_id) in line and "not found" in line for line in report["refused"])
    assert set(Application.objects.filter(stage__name="Screen").values_list("pk", flat=True)) == {a.pk, b.pk}
    assert Application.objects.get(pk=foreign.pk).stage.name == "Applied"


def test_bulk_move_to_a_stage_a_posting_lacks_is_refused_per_row(client_for, recruiter, mine):
    a = application_for(mine, full_name="Asha Rao")
    response = bulk(client_for(recruiter), [a], action="move", to_stage="Bar exam")
    assert response.context["report"]["done"] == 0
    assert "no stage called Bar exam" in response.context["report"]["refused"][0]


def test_bulk_reject_needs_a_reason_and_rejects_with_it(client_for, recruiter, mine):
    a, b = application_for(mine, full_name="Asha Rao"), application_for(mine, full_name="Bala Kumar")
    reason, _ = RejectionReason.objects.get_or_create(name="Skills mismatch")
    client = client_for(recruiter)
    refused = bulk(client, [a, b], action="reject")
    assert refused.status_code == 400 and "reason" in refused.content.decode()
    response = bulk(client, [a, b], action="reject", reason=reason.pk, send_email="1", htmx=False)
    assert response.status_code == 302
    assert list(Application.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True)) == ["rejected"] * 2
    from recruiting.notifications.models import Notification

    assert Notification.objects.filter(kind="rejection").count() == 2


def test_bulk_tag_and_untag(client_for, recruiter, mine):
    a, b = application_for(mine, full_name="Asha Rao"), application_for(mine, full_name="Bala Kumar")
    client = client_for(recruiter)
    bulk(client, [a, b], action="tag", tags="Strong Go, referral")
    assert set(a.candidate.tags.values_list("name", flat=True)) == {"strong-go", "referral"}
    bulk(client, [b], action="untag", tags="referral")
    assert set(b.candidate.tags.values_list("name", flat=True)) == {"strong-go"}


def test_bulk_by_an_outsider_changes_nothing(client_for, outsider_manager, mine):
    a = application_for(mine, full_name="Asha Rao")
    response = bulk(client_for(outsider_manager), [a], action="tag", tags="x")
    assert response.context["report"]["refused"] and not a.candidate.tags.exists()


def test_bulk_is_refused_to_interviewers_and_refuses_get(client_for, interviewer, recruiter):
    assert client_for(interviewer).post(BULK, {"action": "tag"}).status_code == 403
    assert client_for(recruiter).get(BULK).status_code == 405


def test_bulk_without_javascript_redirects_back_with_a_report(client_for, recruiter, mine):
    a = application_for(mine, full_name="Asha Rao")
    response = bulk(client_for(recruiter), [a], htmx=False, action="move", to_stage="Screen", filters="sort=name")
    assert response.status_code == 302 and response["Location"] == LIST + "?sort=name"


# --- export ----------------------------------------------------------------------------


@pytest.fixture
def paid(mine):
    question = add_question(mine, text="Expected CTC", kind="money", currency="INR")
    app = application_for(mine, full_name="=HYPERLINK(evil)")
    Answer.objects.create(application=app, question=question, value="2850000")
    return app


def export_rows(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_a_recruiter_exports_the_filtered_list_with_pay_answers(client_for, recruiter, paid, theirs):
    application_for(theirs, full_name="Bala Kumar")
    response = client_for(recruiter).get(EXPORT, {"posting": str(paid.posting.public_id)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = export_rows(response)
    assert rows[0][-1] == "Pay answers" and len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(evil)"  # no formula injection
    assert "₹28,50,000" in rows[1][-1]
    event = AuditEvent.objects.get(action="applications.export")
    assert event.after["rows"] == 1


def test_a_hiring_managers_export_has_no_pay_column(client_for, hiring_manager, paid):
    rows = export_rows(client_for(hiring_manager).get(EXPORT))
    assert "Pay answers" not in rows[0] and not any("28,50,000" in cell for row in rows for cell in row)


def test_an_outsiders_export_has_none_of_our_rows(client_for, outsider_manager, paid):
    assert len(export_rows(client_for(outsider_manager).get(EXPORT))) == 1


def test_interviewers_cannot_export(client_for, interviewer):
    assert client_for(interviewer).get(EXPORT).status_code == 403
