"""Scorecards (draft, submit, lock, revisions, average), the blind rule, decisions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recruiting.interviews import access, services
from recruiting.interviews.models import Scorecard, ScorecardRevision
from recruiting.pipelines.models import Activity, Application, RejectionReason
from tests.factories import UserFactory
from tests.interviews.factories import book, make_interviewer, make_round, started, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(application, tech_round, panel, recruiter):
    return started(book(application, tech_round, panel, actor=recruiter))


def _post_card(client, interview, action="submit", rating="3", recommendation="yes"):
    criteria = list(interview.round.criteria.all())
    data = {"action": action, "recommendation": recommendation, "notes": "Walked through the design calmly."}
    for c in criteria:
        data[f"rating_{c.pk}"] = rating
        data[f"evidence_{c.pk}"] = f"Said something sensible about {c.name}"
    return client.post(f"/interviews/{interview.public_id}/scorecard/", data)


class TestScorecards:
    def test_a_draft_is_saved_without_being_complete(self, client_for, interview, interviewer):
        response = client_for(interviewer).post(
            f"/interviews/{interview.public_id}/scorecard/", {"action": "draft", "notes": "halfway"}
        )
        assert response.status_code == 302
        card = Scorecard.objects.get(interview=interview, interviewer=interviewer)
        assert card.status == Scorecard.Status.DRAFT and card.notes == "halfway"

    def test_submitting_needs_every_rating_and_a_recommendation(self, client_for, interview, interviewer):
        response = client_for(interviewer).post(
            f"/interviews/{interview.public_id}/scorecard/", {"action": "submit", "recommendation": "yes"}
        )
        assert response.status_code == 400
        assert "To submit, rate System design clarity" in response.content.decode()
        assert not Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).exists()

    def test_a_submitted_scorecard_is_locked_and_shown_read_only(self, client_for, interview, interviewer):
        client = client_for(interviewer)
        assert _post_card(client, interview).status_code == 302
        page = client.get(f"/interviews/{interview.public_id}/scorecard/").content.decode()
        assert 'data-testid="scorecard-view"' in page and 'data-testid="scorecard-form"' not in page
        card = Scorecard.objects.get(interview=interview, interviewer=interviewer)
        assert card.status == Scorecard.Status.SUBMITTED and card.version == 1 and card.submitted_at

    def test_an_edit_after_submission_keeps_a_revision_and_marks_the_card(self, client_for, interview, interviewer):
        client = client_for(interviewer)
        _post_card(client, interview, rating="2", recommendation="no")
        assert (
            'data-testid="scorecard-form"'
            in client.get(f"/interviews/{interview.public_id}/scorecard/?edit=1").content.decode()
        )
        _post_card(client, interview, rating="4", recommendation="strong_yes")
        card = Scorecard.objects.get(interview=interview, interviewer=interviewer)
        assert card.version == 2 and card.edited_after_submission and card.recommendation == "strong_yes"
        revision = ScorecardRevision.objects.get(scorecard=card)
        assert revision.version == 1 and revision.previous["recommendation"] == "no"
        assert {r["rating"] for r in revision.previous["ratings"]} == {2}
        page = client.get(f"/interviews/{interview.public_id}/scorecard/").content.decode()
        assert "Edited after submission" in page

    def test_submitting_updates_the_average_rating(self, interview, panel):
        submit(interview, panel[0], rating=4, recommendation="strong_yes")
        submit(interview, panel[1], rating=3, recommendation="yes")
        application = Application.objects.get(pk=interview.application_id)
        assert application.average_rating == Decimal("3.50")

    def test_a_scorecard_without_criteria_counts_its_recommendation(self, posting, application, recruiter):
        person = make_interviewer(email="hm.chat@example.com")
        chat = make_round(posting, pool=[person], interviewers_needed=1, name="Hiring manager")
        chat.criteria.all().delete()
        interview = book(application, chat, [person])
        submit(interview, person, recommendation="strong_no")
        assert Application.objects.get(pk=application.pk).average_rating == Decimal("1.00")

    def test_the_timeline_line_of_a_scorecard_is_restricted(self, interview, panel):
        submit(interview, panel[0])
        assert Activity.objects.get(kind="scorecard.submit").restricted is True


class TestBlindRule:
    def test_an_interviewer_sees_only_their_own_until_they_submit(self, interview, panel):
        first, second = panel
        submit(interview, first)
        application = interview.application
        assert access.can_see_feedback(second, application) is False
        assert list(access.scorecards_visible_to(second, application)) == []
        assert access.can_see_feedback(first, application) is True
        assert [c.interviewer for c in access.scorecards_visible_to(first, application)] == [first]
        submit(interview, second)
        assert access.can_see_feedback(second, application) is True
        assert {c.interviewer for c in access.scorecards_visible_to(second, application)} == {first, second}

    def test_drafts_of_others_stay_private_even_for_managers(self, interview, panel, hiring_manager):
        services.scorecard_save(
            interview=interview, interviewer=panel[0], recommendation="", notes="draft", ratings={}, submit=False
        )
        assert list(access.scorecards_visible_to(hiring_manager, interview.application)) == []

    def test_managers_recruiters_and_admins_see_everything(
        self, interview, panel, hiring_manager, recruiter, admin_user, outsider_manager
    ):
        submit(interview, panel[0])
        for user in (hiring_manager, recruiter, admin_user):
            assert access.can_see_feedback(user, interview.application)
            assert access.scorecards_visible_to(user, interview.application).count() == 1
        assert not access.can_see_feedback(outsider_manager, interview.application)

    def test_an_interviewer_on_two_rounds_stays_blind_until_both_are_in(self, application, tech_round, panel, posting):
        design = make_round(posting, pool=panel, interviewers_needed=1, name="System design")
        first = book(application, tech_round, panel)
        second = book(application, design, [panel[0]])
        submit(first, panel[0])
        assert not access.can_see_feedback(panel[0], application)
        submit(second, panel[0])
        assert access.can_see_feedback(panel[0], application)

    def test_the_scorecard_page_hides_other_feedback_before_submitting(self, client_for, interview, panel):
        submit(interview, panel[0], notes="Secret insight about caching")
        client = client_for(panel[1])
        page = client.get(f"/interviews/{interview.public_id}/scorecard/").content.decode()
        assert "Secret insight about caching" not in page and 'data-testid="blind-note"' in page
        _post_card(client, interview)
        page = client.get(f"/interviews/{interview.public_id}/scorecard/").content.decode()
        assert "Secret insight about caching" in page

    def test_the_feedback_fragment_honours_the_blind_rule(self, client_for, interview, panel, hiring_manager):
        submit(interview, panel[0], recommendation="strong_yes", notes="Secret insight about caching")
        url = f"/interviews/applications/{interview.application.public_id}/feedback/"
        blind = client_for(panel[1]).get(url, HTTP_HX_REQUEST="true").content.decode()
        assert "Secret insight" not in blind and "Strong yes" not in blind and 'data-testid="average"' not in blind
        assert "<html" not in blind
        manager = client_for(hiring_manager).get(url).content.decode()
        assert "Secret insight" in manager and 'data-testid="average"' in manager

    def test_the_fragment_costs_the_same_queries_for_one_or_many_scorecards(
        self, client_for, application, tech_round, panel, hiring_manager, posting, django_assert_max_num_queries
    ):
        interview = book(application, tech_round, panel)
        submit(interview, panel[0])
        client = client_for(hiring_manager)
        url = f"/interviews/applications/{application.public_id}/feedback/"
        client.get(url)
        with django_assert_max_num_queries(12) as few:
            client.get(url, HTTP_HX_REQUEST="true")
        submit(interview, panel[1])
        extra = [make_interviewer(email=f"extra{i}@example.com") for i in range(3)]
        more = make_round(posting, pool=extra, interviewers_needed=3, name="Panel")
        submit_all = book(application, more, extra)
        for person in extra:
            submit(submit_all, person)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url, HTTP_HX_REQUEST="true")


class TestDecision:
    def test_the_table_puts_criteria_in_rows_and_interviewers_in_columns(
        self, client_for, interview, panel, hiring_manager
    ):
        submit(interview, panel[0], rating=4)
        submit(interview, panel[1], rating=2, recommendation="no")
        response = client_for(hiring_manager).get(
            f"/interviews/applications/{interview.application.public_id}/decision/"
        )
        table = response.context["table"]
        assert [col["card"].interviewer for col in table["columns"]] == sorted(panel, key=lambda u: u.full_name)
        assert len(table["rows"]) == 7 and all(row["average"] == Decimal("3.00") for row in table["rows"])
        body = response.content.decode()
        assert "Strong no" not in body and "No" in body and 'data-testid="average"' in body
        assert "HX-Request" in response["Vary"]

    def test_moving_to_offer_goes_through_the_pipeline(self, client_for, interview, hiring_manager):
        application = interview.application
        response = client_for(hiring_manager).post(
            f"/interviews/applications/{application.public_id}/decision/",
            {"decision": "offer", "expected_version": application.version},
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.stage.name == "Offer" and application.version == 2
        assert application.transitions.filter(to_stage__name="Offer").exists()

    def test_advancing_moves_to_the_next_stage(self, client_for, interview, recruiter):
        application = interview.application
        client_for(recruiter).post(
            f"/interviews/applications/{application.public_id}/decision/",
            {"decision": "advance", "expected_version": application.version},
        )
        application.refresh_from_db()
        assert application.stage.name == "Screen"

    def test_rejecting_needs_a_reason(self, client_for, interview, hiring_manager):
        application = interview.application
        client = client_for(hiring_manager)
        url = f"/interviews/applications/{application.public_id}/decision/"
        response = client.post(url, {"decision": "reject", "expected_version": application.version})
        assert response.status_code == 400 and "Choose a reason" in response.content.decode()
        reason = RejectionReason.objects.get(name="Skills mismatch")
        client.post(
            url,
            {"decision": "reject", "expected_version": application.version, "reason": reason.pk, "note": "Weak on SQL"},
        )
        application.refresh_from_db()
        assert application.state == "rejected" and application.rejection_reason == reason

    def test_a_stale_decision_is_refused_with_a_message(self, client_for, interview, hiring_manager):
        application = interview.application
        response = client_for(hiring_manager).post(
            f"/interviews/applications/{application.public_id}/decision/",
            {"decision": "offer", "expected_version": application.version + 5},
            follow=True,
        )
        assert "your move was not applied" in response.content.decode()
        application.refresh_from_db()
        assert application.stage.name == "Applied"


def test_interviewers_reach_applications_only_through_active_seats(interview, panel, recruiter):
    from recruiting.pipelines.models import Application

    assert Application.objects.visible_to(panel[0]).filter(pk=interview.application_id).exists()
    stranger = UserFactory(role="interviewer")
    assert not Application.objects.visible_to(stranger).exists()
    services.interview_cancel(interview=interview, actor=recruiter)
    assert not Application.objects.visible_to(panel[0]).exists()
