"""An attacker's sweep over the whole URLconf.

Every route outside admin/ and accounts/ is built with real objects of one posting owned
by the cast's `hiring_manager` and requested by people who must not get at them:

- an anonymous visitor is sent to sign in (unless the view is public; the API answers 401);
- a signed-in user without a role gets the waiting page with 403;
- another posting's hiring manager gets 404 for anything naming our objects (403 where
  the role itself is refused) and sees none of our data on the pages they may open;
- an interviewer on no panel gets 403 or 404 for our objects, never our data;
- nobody ever gets a 500 (a 500 is reported with the route's name);
- panelists never see pay figures, and a panelist who has not submitted sees no other
  scorecard, nor (blind CV review on) the candidate's name or e-mail, on any page or
  fragment.

A new route that this file cannot build fails `test_every_route_is_built`, so it has to
be added to `ROUTES` (and so to the sweep).

The second half hunts IDORs hidden in form fields and query strings.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from recruiting.interviews.blind import posting_blind_review_set
from recruiting.interviews.models import AvailabilityWindow, Interview, SchedulingLink, Scorecard, TimeOff
from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Answer, Application, BackgroundJob, Note, RejectionReason, Stage
from tests.factories import ApplicationFactory
from tests.interviews.factories import make_interviewer
from tests.support.sweep import (
    ALL_ROUTES,
    BUILDABLE,
    CANDIDATE_EMAIL,
    CANDIDATE_NAME,
    DATA_MARKERS,
    PAY_MARKERS,
    POSTING_TITLE,
    ROUTES,
    SCORECARD_MARKERS,
    UNBUILT_ROUTES,
    Built,
    Route,
    World,
    allowed_methods,
    build,
    build_world,
    request_route,
    response_text,
    signed_in_as,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hiring_manager, outsider_manager, recruiter) -> World:
    return build_world(hiring_manager, outsider_manager, recruiter)


def test_every_route_is_built():
    """A new route must be added to ROUTES (or, with a reason, to UNBUILT_ROUTES)."""
    unbuilt = sorted(r.name for r in ALL_ROUTES if r.name not in ROUTES)
    assert unbuilt == sorted(UNBUILT_ROUTES), f"routes the sweep does not build: {unbuilt}"
    assert not set(ROUTES) - {r.name for r in ALL_ROUTES}, "ROUTES names routes that no longer exist"


def test_the_method_reader_sees_the_decorators():
    by_name = {r.name: r for r in ALL_ROUTES}
    assert allowed_methods(by_name["pipelines:board_move"].callback) == {"POST"}
    assert allowed_methods(by_name["pipelines:board"].callback) == {"GET"}
    assert allowed_methods(by_name["interviews:scorecard"].callback) == {"GET", "POST"}


def _allows_hiring_managers(route: Route) -> bool:
    roles = route.roles
    return roles is None or "hiring_manager" in roles


def _check(problems: list[str], who: str, method: str, built: Built, response, ok: set[int], *, htmx=False):
    if response.status_code == 500:
        problems.append(f"{who} {method}{' (htmx)' if htmx else ''} {built.route.name}: 500")
    elif response.status_code not in ok:
        problems.append(
            f"{who} {method}{' (htmx)' if htmx else ''} {built.route.name}: {response.status_code}, expected {sorted(ok)}"
        )


@pytest.mark.parametrize("route", BUILDABLE, ids=lambda r: r.name)
def test_attackers_get_nothing(route, world, client, no_role_user, outsider_manager, interviewer):
    built = build(route, world)
    problems: list[str] = []
    for method in sorted(built.methods):
        for htmx in (False, True):
            # Anonymous: sign in first.
            response = request_route(signed_in_as(client, None), method, built, htmx=htmx)
            if route.public:
                _check(problems, "anonymous", method, built, response, set(range(200, 500)), htmx=htmx)
            elif route.api:  # no redirect to a sign-in page: a 401 problem
                _check(problems, "anonymous", method, built, response, {401}, htmx=htmx)
            else:
                _check(problems, "anonymous", method, built, response, {302}, htmx=htmx)
                if response.status_code == 302 and not response["Location"].startswith("/accounts/login/"):
                    problems.append(f"anonymous {method} {route.name}: redirected to {response['Location']}")
            # No role: the waiting page.
            response = request_route(signed_in_as(client, no_role_user), method, built, htmx=htmx)
            if route.public:
                _check(problems, "no role", method, built, response, set(range(200, 500)), htmx=htmx)
            elif route.waiting_page or getattr(route.callback, "signed_in_policy", False):
                _check(problems, "no role", method, built, response, {200}, htmx=htmx)
            else:
                _check(problems, "no role", method, built, response, {403}, htmx=htmx)
            if not route.public:
                body = response_text(response)
                leaked = [m for m in DATA_MARKERS if m in body]
                if leaked:
                    problems.append(f"no role {method} {route.name}: shows {leaked}")
            # Another posting's hiring manager, and an interviewer on no panel.
            for who, user, refused in (
                ("outsider", outsider_manager, {404} if _allows_hiring_managers(route) else {403}),
                ("lone interviewer", interviewer, {403, 404}),
            ):
                response = request_route(signed_in_as(client, user), method, built, htmx=htmx)
                if route.public:
                    _check(problems, who, method, built, response, set(range(200, 500)), htmx=htmx)
                    continue
                if built.names_object:
                    _check(problems, who, method, built, response, refused, htmx=htmx)
                else:
                    _check(problems, who, method, built, response, set(range(200, 500)), htmx=htmx)
                body = response_text(response)
                leaked = [m for m in DATA_MARKERS + SCORECARD_MARKERS if m in body]
                if leaked:
                    problems.append(f"{who} {method} {route.name}: shows {leaked}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "route", [r for r in BUILDABLE if not r.public and "GET" in allowed_methods(r.callback)], ids=lambda r: r.name
)
def test_panelists_see_no_pay_and_the_blind_panelist_no_other_scorecard(route, world, client, recruiter):
    """With blind CV review on, the panelist who has not submitted does not see the
    candidate's name or e-mail either (the one who has may)."""
    posting_blind_review_set(posting=world.posting, blind_cv=True, redact_colleges=False, actor=recruiter)
    built = build(route, world)
    problems: list[str] = []
    for who, user, markers in (
        ("panelist", world.panelist, PAY_MARKERS),
        ("blind panelist", world.blind_panelist, PAY_MARKERS + SCORECARD_MARKERS + (CANDIDATE_NAME, CANDIDATE_EMAIL)),
    ):
        for htmx in (False, True):
            response = request_route(signed_in_as(client, user), "GET", built, htmx=htmx)
            if response.status_code == 500:
                problems.append(f"{who} GET {route.name}: 500")
                continue
            body = response_text(response)
            leaked = [m for m in markers if m in body]
            if leaked:
                problems.append(f"{who} GET{' (htmx)' if htmx else ''} {route.name}: shows {leaked}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", BUILDABLE, ids=lambda r: r.name)
def test_the_people_who_may_use_a_route_never_get_a_500(route, world, client, hiring_manager, admin_user):
    """Owners and admins, page and fragment, then (last, as it may change things) POST."""
    built = build(route, world)
    problems: list[str] = []
    for who, user in (("owner", hiring_manager), ("admin", admin_user)):
        if "GET" in built.methods:
            for htmx in (False, True):
                response = request_route(signed_in_as(client, user), "GET", built, htmx=htmx)
                if response.status_code >= 500 and route.name != "readyz":
                    problems.append(f"{who} GET{' (htmx)' if htmx else ''} {route.name}: {response.status_code}")
    if "POST" in built.methods:
        for who, user in (("owner", hiring_manager), ("admin", admin_user)):
            response = request_route(signed_in_as(client, user), "POST", built)
            if response.status_code >= 500:
                problems.append(f"{who} POST {route.name}: {response.status_code}")
    assert not problems, "\n".join(problems)


# --- IDORs in form fields and query strings ----------------------------------------------------------
def _refresh(obj):
    obj.refresh_from_db()
    return obj


def test_a_card_cannot_be_moved_to_another_postings_stage(world, client_for, hiring_manager):
    foreign = Stage.objects.filter(posting=world.other_posting).order_by("order").last()
    before = world.application.stage_id
    response = client_for(hiring_manager).post(
        reverse("pipelines:board_move", args=[world.posting.public_id]),
        {"application": world.application.public_id, "version": world.application.version, "to_stage": foreign.pk},
    )
    assert response.status_code in (302, 400)
    assert _refresh(world.application).stage_id == before


def test_another_postings_card_cannot_be_moved_through_our_board(world, client_for, hiring_manager):
    target = Stage.objects.filter(posting=world.posting).order_by("order").last()
    app = world.other_application
    response = client_for(hiring_manager).post(
        reverse("pipelines:board_move", args=[world.posting.public_id]),
        {"application": app.public_id, "version": app.version, "to_stage": target.pk},
    )
    assert response.status_code == 404
    assert _refresh(app).stage.posting_id == world.other_posting.pk


def test_the_outsider_cannot_reject_our_card_through_their_own_board(world, client_for, outsider_manager):
    reason = RejectionReason.objects.create(name="Sweep reason")
    response = client_for(outsider_manager).post(
        reverse("pipelines:board_reject", args=[world.other_posting.public_id]),
        {"application": world.application.public_id, "version": world.application.version, "reason": reason.pk},
    )
    assert response.status_code == 404
    assert _refresh(world.application).state == Application.State.ACTIVE


def test_an_inactive_rejection_reason_is_refused(world, client_for, hiring_manager):
    retired = RejectionReason.objects.create(name="Retired reason", active=False)
    response = client_for(hiring_manager).post(
        reverse("pipelines:board_reject", args=[world.posting.public_id]),
        {"application": world.application.public_id, "version": world.application.version, "reason": retired.pk},
    )
    assert response.status_code in (302, 400)
    assert _refresh(world.application).state == Application.State.ACTIVE


def test_a_column_of_another_postings_stage_is_not_served(world, client_for, hiring_manager):
    foreign = Stage.objects.filter(posting=world.other_posting).first()
    response = client_for(hiring_manager).get(
        reverse("pipelines:board_column", args=[world.posting.public_id]),
        {"stage": foreign.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert world.other_application.candidate.full_name not in response.content.decode()


def test_bulk_actions_skip_applications_of_other_postings(world, client_for, hiring_manager):
    reason = RejectionReason.objects.filter(active=True).first() or RejectionReason.objects.create(name="Not a fit")
    client = client_for(hiring_manager)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the job runs in-process
        response = client.post(
            reverse("pipelines:applications_bulk"),
            {
                "action": "reject",
                "reason": reason.pk,
                "selected": [str(world.application.public_id), str(world.other_application.public_id)],
            },
        )
    assert response.status_code == 302
    assert _refresh(world.application).state == Application.State.REJECTED
    assert _refresh(world.other_application).state == Application.State.ACTIVE


def test_the_outsiders_bulk_tagging_does_not_touch_our_candidate(world, client_for, outsider_manager):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(outsider_manager).post(
            reverse("pipelines:applications_bulk"),
            {"action": "tag", "tags": "poisoned", "selected": [str(world.application.public_id)]},
        )
    assert not world.candidate.tags.filter(name="poisoned").exists()
    job = BackgroundJob.objects.get(created_by=outsider_manager)
    assert (job.status, job.refused) == ("done", 1)


def test_the_applications_list_ignores_a_posting_filter_of_another_posting(world, client_for, outsider_manager):
    response = client_for(outsider_manager).get(reverse("pipelines:applications"), {"posting": world.posting.public_id})
    assert response.status_code == 200
    assert CANDIDATE_NAME not in response.content.decode()


def test_the_export_of_the_outsider_holds_none_of_our_people(world, client_for, outsider_manager):
    response = client_for(outsider_manager).get(reverse("pipelines:applications_export"))
    assert response.status_code == 200
    assert CANDIDATE_EMAIL not in response_text(response)


def test_search_does_not_find_other_postings_people(world, client_for, outsider_manager):
    response = client_for(outsider_manager).get(reverse("pipelines:candidates"), {"q": "Quillfeather"})
    assert response.status_code == 200
    assert CANDIDATE_NAME not in response.content.decode()


def test_a_panel_outside_the_rounds_pool_cannot_be_booked(world, client_for, hiring_manager, no_role_user):
    stranger = make_interviewer(email="sam.stranger@example.com", full_name="Sam Stranger")
    for panel in ([stranger.pk, world.panelist.pk], [no_role_user.pk, world.panelist.pk]):
        before = Interview.objects.count()
        response = client_for(hiring_manager).post(
            reverse("interviews:schedule", args=[world.application.public_id, world.round.pk]),
            {"panel": panel, "start": (timezone.now() + timedelta(days=3)).isoformat(), "candidate_time_zone": ""},
        )
        assert response.status_code == 400
        assert Interview.objects.count() == before


def test_a_self_scheduling_link_cannot_name_a_panel_outside_the_pool(world, client_for, hiring_manager, no_role_user):
    before = SchedulingLink.objects.count()
    response = client_for(hiring_manager).post(
        reverse("interviews:link_create", args=[world.application.public_id, world.round.pk]),
        {"panel": [no_role_user.pk, world.panelist.pk], "valid_days": 7},
    )
    assert response.status_code == 302
    assert SchedulingLink.objects.count() == before


def test_a_round_cannot_take_another_postings_stage_or_role_less_people(
    world, client_for, hiring_manager, no_role_user
):
    foreign_stage = Stage.objects.filter(posting=world.other_posting).first()
    client = client_for(hiring_manager)
    for data in (
        {"name": "Sneaky", "stage": foreign_stage.pk, "duration_minutes": 60, "mode": "in_person",
         "interviewers_needed": 1},
        {"name": "Sneaky", "duration_minutes": 60, "mode": "in_person", "interviewers_needed": 1,
         "pool": [no_role_user.pk]},
    ):  # fmt: skip
        response = client.post(reverse("interviews:plan", args=[world.posting.public_id]), data)
        assert response.status_code == 400
    assert not world.posting.interview_rounds.filter(name="Sneaky").exists()


def test_another_postings_round_and_criterion_are_not_reachable_through_our_plan(world, client_for, hiring_manager):
    client = client_for(hiring_manager)
    other_criterion = world.other_round.criteria.first()
    assert (
        client.get(reverse("interviews:round_edit", args=[world.posting.public_id, world.other_round.pk])).status_code
        == 404
    )
    url = reverse("interviews:criterion_delete", args=[world.posting.public_id, world.round.pk, other_criterion.pk])
    assert client.post(url).status_code == 404
    assert (
        client.get(reverse("interviews:schedule", args=[world.application.public_id, world.other_round.pk])).status_code
        == 404
    )
    assert world.other_round.criteria.filter(pk=other_criterion.pk).exists()


def test_another_postings_question_is_not_editable_through_our_posting(world, client_for, hiring_manager):
    client = client_for(hiring_manager)
    for name in ("postings:question_edit", "postings:question_delete", "postings:question_move"):
        url = reverse(name, args=[world.posting.public_id, world.other_question.public_id])
        response = client.post(url, {"text": "Hijacked?", "kind": "text", "direction": "up"})
        assert response.status_code == 404, name
    assert _refresh(world.other_question).text == "Years of Go?"


def test_live_validation_does_not_load_another_postings_form(world, client_for, outsider_manager):
    response = client_for(outsider_manager).post(
        reverse("postings:validate") + f"?posting={world.posting.public_id}", {"title": ""}
    )
    assert response.status_code == 404


def test_hiring_managers_cannot_merge_people(world, client_for, outsider_manager, hiring_manager):
    for user in (outsider_manager, hiring_manager):
        response = client_for(user).post(
            reverse("pipelines:candidate_merge", args=[world.candidate.public_id]),
            {"duplicate": world.other_application.candidate.public_id},
        )
        assert response.status_code == 403
    assert _refresh(world.other_application.candidate).merged_into_id is None


def test_the_cv_is_served_to_the_panel_only(world, client_for, interviewer, outsider_manager):
    url = reverse("postings:cv_download", args=[world.document.public_id])
    assert client_for(world.panelist).get(url).status_code == 200
    assert client_for(interviewer).get(url).status_code == 404
    assert client_for(outsider_manager).get(url).status_code == 404


def test_nobody_writes_or_reads_someone_elses_scorecard(world, client_for, interviewer, hiring_manager):
    url = reverse("interviews:scorecard", args=[world.interview.public_id])
    assert client_for(interviewer).get(url).status_code == 404
    assert client_for(hiring_manager).get(url).status_code == 403  # sees the interview, is not on the panel
    # The blind panelist's POST writes their own card, never the first panelist's.
    client_for(world.blind_panelist).post(url, {"recommendation": "no", "notes": "mine", "action": "draft"})
    first = Scorecard.objects.get(interview=world.interview, interviewer=world.panelist)
    assert first.notes.startswith("BLINDMARK")
    assert first.recommendation == "strong_yes"


def test_the_decision_on_our_application_is_not_the_outsiders_or_the_panels(world, client_for, outsider_manager):
    url = reverse("interviews:decision", args=[world.application.public_id])
    data = {"decision": "advance", "expected_version": world.application.version}
    assert client_for(outsider_manager).post(url, data).status_code == 404
    assert client_for(world.panelist).post(url, data).status_code == 403
    assert _refresh(world.application).stage_id == world.application.stage_id
    assert _refresh(world.application).version == world.application.version


def test_a_tampered_self_scheduling_token_is_refused(world, client):
    token = world.token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(reverse("interviews:self_schedule", args=[tampered]))
    assert response.status_code == 400
    # A well-signed token of another link is that link, whatever the form says.
    response = client.get(
        reverse("interviews:self_schedule", args=[token]), {"application": world.other_application.public_id}
    )
    assert response.status_code == 200
    assert world.other_application.candidate.full_name not in response.content.decode()


def test_someone_elses_availability_window_is_not_found(world, client_for, outsider_manager):
    client = client_for(outsider_manager)
    assert client.post(reverse("interviews:window_delete", args=[world.window.pk])).status_code == 404
    assert client.post(reverse("interviews:time_off_delete", args=[world.time_off.pk])).status_code == 404
    assert AvailabilityWindow.objects.filter(pk=world.window.pk).exists()
    assert TimeOff.objects.filter(pk=world.time_off.pk).exists()


def test_the_blind_panelists_feedback_fragment_shows_only_their_own_card(world, client_for):
    response = client_for(world.blind_panelist).get(
        reverse("interviews:feedback", args=[world.application.public_id]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "BLINDMARK" not in response.content.decode()
    response = client_for(world.panelist).get(
        reverse("interviews:feedback", args=[world.application.public_id]), HTTP_HX_REQUEST="true"
    )
    assert "BLINDMARK" in response.content.decode()  # the author sees their own card


def test_a_mention_does_not_mail_our_note_to_someone_who_cannot_see_the_candidate(
    world, client_for, hiring_manager, outsider_manager, interviewer, recruiter
):
    body = (
        "Expected CTC 42 L, above the band. "
        f"@{outsider_manager.email} @{interviewer.email} @{recruiter.email} @{world.panelist.email}"
    )
    response = client_for(hiring_manager).post(
        reverse("pipelines:candidate_notes", args=[world.candidate.public_id]), {"body": body}
    )
    assert response.status_code == 302
    note = Note.objects.get(candidate=world.candidate, body=body)
    mailed = {
        n.to[0] for n in Notification.objects.filter(kind="mention", idempotency_key__startswith=f"mention:{note.pk}:")
    }
    assert mailed == {recruiter.email, world.panelist.email}
    assert set(note.mentions.values_list("email", flat=True)) == mailed


def test_a_cancelled_seat_no_longer_opens_the_candidate(world, client_for, recruiter):
    from recruiting.interviews.services import interview_cancel

    interview_cancel(interview=world.interview, actor=recruiter)
    client = client_for(world.blind_panelist)
    assert client.get(reverse("pipelines:candidate", args=[world.candidate.public_id])).status_code == 404
    assert client.get(reverse("postings:cv_download", args=[world.document.public_id])).status_code == 404
    assert client.get(reverse("interviews:detail", args=[world.interview.public_id])).status_code == 404


def test_money_answers_stay_hidden_from_interviewers_even_as_raw_values(world, client_for):
    # The reduced candidate page is the one page an interviewer sees most of the person.
    response = client_for(world.panelist).get(reverse("pipelines:candidate", args=[world.candidate.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert CANDIDATE_NAME in body
    assert not [m for m in PAY_MARKERS if m in body]


def test_the_sweep_world_really_has_a_submitted_and_a_blind_panelist(world):
    assert Scorecard.objects.filter(interviewer=world.panelist, status=Scorecard.Status.SUBMITTED).count() == 1
    assert not Scorecard.objects.filter(interviewer=world.blind_panelist).exists()
    assert Decimal(world.posting.pay_max) == Decimal("3550754.94")


def test_a_hiring_manager_of_another_posting_does_not_see_our_pay_answers(world, client_for, outsider_manager):
    # The person applied to both postings: the outsider sees their own application only.
    Answer.objects.create(application=ApplicationFactory(posting=world.other_posting, candidate=world.candidate),
                          question=world.other_question, value=5)  # fmt: skip
    response = client_for(outsider_manager).get(reverse("pipelines:candidate", args=[world.candidate.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "42,00,000" not in body
    assert POSTING_TITLE not in body
