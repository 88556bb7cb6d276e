"""The pipeline board: access battery, fragments, moves over HTMX, live-update poll."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Application, Tag
from recruiting.pipelines.moves import application_move, ensure_default_rejection_reasons
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager, title="Lead Backend Engineer")


@pytest.fixture
def stages(posting):
    return {stage.name: stage for stage in posting.stages.all()}


@pytest.fixture
def arjun(posting):
    return ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Arjun Rao"))


def url(posting, name="board"):
    return reverse(f"pipelines:{name}", args=[posting.public_id])


def column_html(content: str, stage) -> str:
    """The markup of one column in a response (up to the next column)."""
    start = content.index(f'id="column-{stage.pk}"')
    end = content.find('class="board-column', start + 1)
    return content[start : end if end != -1 else len(content)]


# --- the board page: battery ----------------------------------------------------------------


def test_the_hiring_manager_sees_the_board_with_columns_and_cards(client_for, hiring_manager, posting, arjun):
    response = client_for(hiring_manager).get(url(posting))
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Applied", "Screen", "Technical", "System design", "Hiring manager", "Offer", "Hired"):
        assert f'aria-label="{name}"' in content
    assert "Arjun Rao" in content
    assert "Senior Backend Engineer · 7.5 y · notice 15 d" in content
    assert "<html" in content
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize("role_user", ["recruiter", "admin_user"])
def test_recruiters_and_admins_see_every_board(request, client_for, posting, arjun, role_user):
    response = client_for(request.getfixturevalue(role_user)).get(url(posting))
    assert response.status_code == 200
    assert "Arjun Rao" in response.content.decode()


def test_a_manager_the_posting_is_shared_with_sees_the_board(client_for, posting, arjun, outsider_manager):
    posting.shared_with.add(outsider_manager)
    assert client_for(outsider_manager).get(url(posting)).status_code == 200


def test_the_board_refuses_post(client_for, hiring_manager, posting):
    assert client_for(hiring_manager).post(url(posting)).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, posting):
    response = client.get(url(posting))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_postings_manager_gets_404(client_for, outsider_manager, posting):
    assert client_for(outsider_manager).get(url(posting)).status_code == 404


def test_an_unknown_posting_is_404(client_for, hiring_manager):
    response = client_for(hiring_manager).get(reverse("pipelines:board", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_interviewers_are_refused(client_for, interviewer, posting):
    assert client_for(interviewer).get(url(posting)).status_code == 403


def test_the_htmx_request_gets_only_the_board_body(client_for, hiring_manager, posting, arjun):
    response = client_for(hiring_manager).get(url(posting), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="board-body"')
    assert "<html" not in content and "Arjun Rao" in content


def test_cards_show_knockout_flags_rating_tags_source_and_days(client_for, hiring_manager, posting, arjun):
    Application.objects.filter(pk=arjun.pk).update(
        is_flagged=True, knockout_flags=["notice period 60 days > 15"], average_rating="4.25", source="referral"
    )
    arjun.candidate.tags.add(Tag.objects.create(name="golang"))
    content = client_for(hiring_manager).get(url(posting)).content.decode()
    # The reason is text in the card (shown on focus, tap and hover), not only a tooltip.
    assert 'Knock-out <span role="tooltip">notice period 60 days &gt; 15</span></button>' in content
    assert "★ 4.2" in content or "★ 4.3" in content
    assert '<span class="tag">golang</span>' in content
    assert "Referral" in content
    assert "<span>0 d</span>" in content


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def mixed(posting):
    golang = Tag.objects.create(name="golang")
    flagged = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Farah Flagged"))
    Application.objects.filter(pk=flagged.pk).update(is_flagged=True, average_rating="4.50")
    tagged = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Tariq Tagged"), source="agency")
    tagged.candidate.tags.add(golang)
    plain = ApplicationFactory(
        posting=posting, candidate=CandidateFactory(full_name="Priya Plain", email="priya@kolam.example")
    )
    return flagged, tagged, plain


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"flagged": "1"}, {"Farah Flagged"}),
        ({"tag": "golang"}, {"Tariq Tagged"}),
        ({"source": "agency"}, {"Tariq Tagged"}),
        ({"min_rating": "4"}, {"Farah Flagged"}),
        ({"q": "kolam"}, {"Priya Plain"}),
        ({"q": "tariq"}, {"Tariq Tagged"}),
    ],
)
def test_filters_apply_to_cards_and_counts(client_for, hiring_manager, posting, stages, mixed, query, shown):
    response = client_for(hiring_manager).get(url(posting), query)
    content = response.content.decode()
    names = {"Farah Flagged", "Tariq Tagged", "Priya Plain"}
    assert {name for name in names if name in content} == shown
    applied = column_html(content, stages["Applied"])
    assert f'data-testid="count" title="{len(shown)} candidate' in applied


def test_a_bad_filter_value_gives_a_message_not_an_error(client_for, hiring_manager, posting, mixed):
    response = client_for(hiring_manager).get(url(posting), {"min_rating": "lots", "source": "pigeon"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Minimum rating is a number" in content and "Unknown source" in content


# --- columns: load more -----------------------------------------------------------------------


def test_a_column_shows_25_cards_and_loads_the_rest_over_htmx(client_for, hiring_manager, posting, stages):
    for number in range(27):
        ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=f"Person {number:02d}"))
    client = client_for(hiring_manager)
    board = client.get(url(posting)).content.decode()
    applied = column_html(board, stages["Applied"])
    assert applied.count('<article class="card"') == 25
    assert 'data-testid="count" title="27 candidates"' in applied
    assert "offset=25" in applied
    page = client.get(url(posting, "board_column"), {"stage": stages["Applied"].pk, "offset": 25}, **HTMX)
    content = page.content.decode()
    assert page.status_code == 200
    assert content.count('<article class="card"') == 2
    assert "Person 25" in content and "Person 26" in content
    assert "<html" not in content and "load-more" not in content


def test_the_column_page_without_htmx_is_a_full_page(client_for, hiring_manager, posting, stages, arjun):
    response = client_for(hiring_manager).get(url(posting, "board_column"), {"stage": stages["Applied"].pk})
    assert response.status_code == 200
    assert "<html" in response.content.decode() and "Arjun Rao" in response.content.decode()


def test_the_column_page_rejects_an_unknown_stage(client_for, hiring_manager, posting):
    other = PostingFactory().stages.first()
    response = client_for(hiring_manager).get(url(posting, "board_column"), {"stage": other.pk}, **HTMX)
    assert response.status_code == 400


def test_the_column_page_battery(client, client_for, posting, outsider_manager, interviewer, hiring_manager):
    column = url(posting, "board_column")
    assert client.get(column).status_code == 302
    assert client_for(outsider_manager).get(column).status_code == 404
    assert client_for(interviewer).get(column).status_code == 403
    assert client_for(hiring_manager).post(column).status_code == 405


def test_the_rejected_list_offers_reopen_and_cancel_email(client_for, hiring_manager, posting, arjun):
    from recruiting.pipelines.moves import application_reject

    application_reject(
        application=arjun, reason=ensure_default_rejection_reasons()[0], actor=hiring_manager, send_email=True
    )
    content = client_for(hiring_manager).get(url(posting, "board_column"), {"state": "rejected"}, **HTMX)
    content = content.content.decode()
    assert "Arjun Rao" in content and 'data-testid="reopen"' in content and 'data-testid="cancel-email"' in content


# --- moves ----------------------------------------------------------------------------------------


def move(client, posting, application, to_stage, version, htmx=True, from_stage=None):
    data = {"application": str(application.public_id), "version": version, "to_stage": to_stage.pk}
    if from_stage is not None:
        data["from_stage"] = from_stage.pk
    return client.post(url(posting, "board_move"), data, **(HTMX if htmx else {}))


def test_an_htmx_move_returns_exactly_the_two_touched_columns(client_for, hiring_manager, posting, stages, arjun):
    response = move(client_for(hiring_manager), posting, arjun, stages["Screen"], 1)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="board-column"') == 2
    assert 'hx-swap-oob="true"' in column_html(content, stages["Applied"])
    screen = column_html(content, stages["Screen"])
    assert "Arjun Rao" in screen and 'title="1 candidate"' in screen
    assert 'title="0 candidates"' in column_html(content, stages["Applied"])
    assert "Arjun Rao moved to Screen." in content
    assert 'id="board-poll"' in content  # the new token, so the poll does not re-render for our own move
    arjun.refresh_from_db()
    assert (arjun.stage, arjun.version) == (stages["Screen"], 2)


def test_a_plain_post_move_redirects_back_with_a_message(client_for, hiring_manager, posting, stages, arjun):
    client = client_for(hiring_manager)
    response = move(client, posting, arjun, stages["Technical"], 1, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == url(posting)
    page = client.get(response["Location"]).content.decode()
    assert "Arjun Rao moved to Technical." in page


def test_a_stale_move_shows_the_truth_and_who_moved_it(client_for, hiring_manager, posting, stages, arjun):
    meena = UserFactory(full_name="Meena Iyer", role="recruiter")
    application_move(application=arjun, to_stage=stages["Technical"], actor=meena, expected_version=1)
    response = move(client_for(hiring_manager), posting, arjun, stages["Screen"], 1, from_stage=stages["Applied"])
    content = response.content.decode()
    assert response.status_code == 200
    assert "Meena Iyer moved Arjun Rao to Technical at" in content and "your move was not applied" in content
    assert "Arjun Rao" in column_html(content, stages["Technical"])
    assert "Arjun Rao" not in column_html(content, stages["Applied"])
    assert "Arjun Rao" not in column_html(content, stages["Screen"])
    arjun.refresh_from_db()
    assert arjun.stage == stages["Technical"]


def test_a_stale_plain_post_redirects_with_the_message(client_for, hiring_manager, posting, stages, arjun):
    application_move(application=arjun, to_stage=stages["Technical"], actor=hiring_manager, expected_version=1)
    client = client_for(hiring_manager)
    response = move(client, posting, arjun, stages["Screen"], 1, htmx=False)
    assert response.status_code == 302
    assert "your move was not applied" in client.get(response["Location"]).content.decode()


def test_moving_to_another_postings_stage_is_refused_with_a_message(client_for, hiring_manager, posting, arjun):
    foreign = PostingFactory().stages.get(name="Screen")
    response = move(client_for(hiring_manager), posting, arjun, foreign, 1)
    assert response.status_code == 200
    assert "Choose a stage of this board" in response.content.decode()
    arjun.refresh_from_db()
    assert arjun.version == 1


def test_another_postings_application_cannot_be_moved_through_this_board(client_for, hiring_manager, posting, stages):
    foreign = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    response = move(client_for(hiring_manager), posting, foreign, stages["Screen"], 1)
    assert response.status_code == 404


def test_the_move_battery(client, client_for, hiring_manager, outsider_manager, interviewer, posting, stages, arjun):
    target = url(posting, "board_move")
    assert client_for(hiring_manager).get(target).status_code == 405
    client.logout()
    assert client.post(target).status_code == 302
    assert move(client_for(outsider_manager), posting, arjun, stages["Screen"], 1).status_code == 404
    assert move(client_for(interviewer), posting, arjun, stages["Screen"], 1).status_code == 403
    arjun.refresh_from_db()
    assert arjun.version == 1


def test_a_bad_version_is_a_message_not_an_error(client_for, hiring_manager, posting, stages, arjun):
    response = client_for(hiring_manager).post(
        url(posting, "board_move"), {"application": str(arjun.public_id), "version": "x", "to_stage": "y"}, **HTMX
    )
    assert response.status_code == 200
    assert "Choose a stage" in response.content.decode()


# --- reject from the card ----------------------------------------------------------------------------


def test_the_reject_form_offers_reasons_and_the_delayed_email(client_for, hiring_manager, posting, arjun):
    response = client_for(hiring_manager).get(url(posting, "board_reject"), {"application": arjun.public_id}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Skills mismatch" in content and "in 24 hours" in content


def test_the_reject_form_without_htmx_is_a_page(client_for, hiring_manager, posting, arjun):
    response = client_for(hiring_manager).get(url(posting, "board_reject"), {"application": arjun.public_id})
    assert "<html" in response.content.decode()


def test_rejecting_from_the_card_updates_the_column_and_offers_cancel(
    client_for, hiring_manager, posting, stages, arjun
):
    reason = ensure_default_rejection_reasons()[1]
    client = client_for(hiring_manager)
    response = client.post(
        url(posting, "board_reject"),
        {"application": str(arjun.public_id), "version": 1, "reason": reason.pk, "note": "", "send_email": "1"},
        **HTMX,
    )
    content = response.content.decode()
    assert "Arjun Rao rejected (Skills mismatch). The rejection e-mail goes out in 24 hours." in content
    assert "Arjun Rao" not in column_html(content, stages["Applied"])
    assert 'data-testid="rejected-count">1<' in content
    assert 'data-testid="cancel-email"' in content
    mail = Notification.objects.get(kind="rejection")
    cancel = client.post(url(posting, "board_cancel_email"), {"application": str(arjun.public_id)}, **HTMX)
    assert "was cancelled" in cancel.content.decode()
    mail.refresh_from_db()
    assert mail.status == Notification.Status.CANCELLED


def test_rejecting_without_a_reason_is_refused_with_a_message(client_for, hiring_manager, posting, arjun):
    response = client_for(hiring_manager).post(
        url(posting, "board_reject"), {"application": str(arjun.public_id), "version": 1}, **HTMX
    )
    assert "Choose a reason" in response.content.decode()
    arjun.refresh_from_db()
    assert arjun.state == "active"


def test_the_reject_battery(client, client_for, outsider_manager, interviewer, posting, arjun):
    target = url(posting, "board_reject")
    assert client.get(target, {"application": arjun.public_id}).status_code == 302
    assert client_for(outsider_manager).get(target, {"application": arjun.public_id}).status_code == 404
    assert client_for(interviewer).post(target, {"application": str(arjun.public_id)}).status_code == 403
    assert client_for(outsider_manager).put(target).status_code == 405


def test_reopen_and_withdraw_from_the_board(client_for, hiring_manager, posting, stages, arjun):
    client = client_for(hiring_manager)
    response = client.post(url(posting, "board_withdraw"), {"application": str(arjun.public_id), "version": 1}, **HTMX)
    assert 'data-testid="withdrawn-count">1<' in response.content.decode()
    response = client.post(url(posting, "board_reopen"), {"application": str(arjun.public_id), "version": 2}, **HTMX)
    assert "Arjun Rao is back in Applied." in response.content.decode()
    assert "Arjun Rao" in column_html(response.content.decode(), stages["Applied"])


# --- live updates ----------------------------------------------------------------------------------------


def test_the_changes_poll_answers_204_until_something_moves(
    client_for, hiring_manager, recruiter, posting, stages, arjun
):
    client = client_for(hiring_manager)
    board = client.get(url(posting), **HTMX).content.decode()
    token = board.split('data-token="', 1)[1].split('"', 1)[0]
    changes = url(posting, "board_changes")
    assert client.get(changes, {"since": token}, **HTMX).status_code == 204
    application_move(application=arjun, to_stage=stages["Offer"], actor=recruiter, expected_version=1)
    response = client.get(changes, {"since": token}, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Arjun Rao" in column_html(content, stages["Offer"])
    new_token = content.split('data-token="', 1)[1].split('"', 1)[0]
    assert new_token != token
    assert client.get(changes, {"since": new_token}, **HTMX).status_code == 204


def test_the_changes_poll_battery(client, client_for, outsider_manager, interviewer, hiring_manager, posting):
    changes = url(posting, "board_changes")
    assert client.get(changes).status_code == 302
    assert client_for(outsider_manager).get(changes).status_code == 404
    assert client_for(interviewer).get(changes).status_code == 403
    assert client_for(hiring_manager).post(changes).status_code == 405


# --- stage settings ---------------------------------------------------------------------------------------


def test_managers_edit_stages_from_the_settings_page(client_for, hiring_manager, posting, stages):
    client = client_for(hiring_manager)
    settings_url = url(posting, "board_settings")
    assert "Stages and time limits" in client.get(settings_url).content.decode()
    response = client.post(
        settings_url, {"action": "update", "stage": stages["Screen"].pk, "name": "Phone screen", "time_limit_days": "3"}
    )
    assert response.status_code == 302
    stages["Screen"].refresh_from_db()
    assert (stages["Screen"].name, stages["Screen"].time_limit_days) == ("Phone screen", 3)
    page = client.post(
        settings_url,
        {"action": "update", "stage": stages["Offer"].pk, "name": "Offer", "time_limit_days": "soon"},
        follow=True,
    )
    assert "whole number" in page.content.decode()
    client.post(settings_url, {"action": "add", "name": "Take-home"})
    assert posting.stages.filter(name="Take-home").exists()
    client.post(settings_url, {"action": "delete", "stage": posting.stages.get(name="Take-home").pk})
    assert not posting.stages.filter(name="Take-home").exists()


def test_a_stage_of_another_posting_cannot_be_edited_here(client_for, hiring_manager, posting):
    other = PostingFactory().stages.get(name="Screen")
    page = client_for(hiring_manager).post(
        url(posting, "board_settings"), {"action": "retire", "stage": other.pk}, follow=True
    )
    assert "not on this board" in page.content.decode()
    other.refresh_from_db()
    assert not other.retired


def test_the_settings_battery(client, client_for, outsider_manager, interviewer, posting):
    target = url(posting, "board_settings")
    assert client.get(target).status_code == 302
    assert client_for(outsider_manager).get(target).status_code == 404
    assert client_for(interviewer).get(target).status_code == 403
    assert client_for(outsider_manager).put(target).status_code == 405


# --- issue 15 §3: the moved card stays in sight, the total follows, the token is one row ---------


def test_a_card_moved_into_a_full_column_is_shown_past_the_first_page(
    client_for, hiring_manager, posting, stages, arjun
):
    for number in range(26):
        moved = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=f"Tech {number:02d}"))
        application_move(application=moved, to_stage=stages["Technical"], actor=hiring_manager, expected_version=1)
    client = client_for(hiring_manager)
    response = move(client, posting, arjun, stages["Technical"], 1)
    technical = column_html(response.content.decode(), stages["Technical"])
    assert f'id="card-{arjun.public_id}"' in technical
    assert technical.count('<article class="card"') == 26  # the first page and the moved card
    # "Load more" still continues after the first page, where the moved card sorts last.
    assert "offset=25" in technical and 'title="27 candidates"' in technical
    # The rest of the column still brings the moved card, once: board.js drops the copy.
    rest = client.get(url(posting, "board_column"), {"stage": stages["Technical"].pk, "offset": 25}, **HTMX)
    assert rest.content.decode().count('<article class="card"') == 2


def test_a_moved_card_that_the_filters_hide_is_not_shown(client_for, hiring_manager, posting, stages, arjun):
    client = client_for(hiring_manager)
    response = client.post(
        url(posting, "board_move") + "?q=nobody-matches",
        {"application": str(arjun.public_id), "version": 1, "to_stage": stages["Screen"].pk},
        **HTMX,
    )
    assert f'id="card-{arjun.public_id}"' not in response.content.decode()


def test_the_total_in_process_follows_a_reject(client_for, hiring_manager, posting, stages, arjun):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Bela Iyer"))
    client = client_for(hiring_manager)
    assert "2 in process." in client.get(url(posting)).content.decode()
    reason = ensure_default_rejection_reasons()[0]
    response = client.post(
        url(posting, "board_reject"), {"application": str(arjun.public_id), "version": 1, "reason": reason.pk}, **HTMX
    )
    content = response.content.decode()
    assert '<span id="board-total" data-testid="board-total" hx-swap-oob="true">1 in process.</span>' in content


def test_the_card_menu_is_loaded_on_demand_with_the_version_the_board_showed(
    client_for, hiring_manager, posting, stages, arjun
):
    client = client_for(hiring_manager)
    board = client.get(url(posting)).content.decode()
    assert 'data-testid="move-select"' not in board  # not repeated in every card
    menu = client.get(
        url(posting, "board_reject"),
        {"application": str(arjun.public_id), "part": "menu", "version": "1", "from_stage": str(stages["Applied"].pk)},
        **HTMX,
    ).content.decode()
    assert "<html" not in menu and 'data-testid="move-select"' in menu and 'data-testid="reject-link"' in menu
    assert 'name="version" value="1"' in menu
    for name in ("Applied", "Screen", "Offer"):
        assert f">{name}</option>" in menu
    page = client.get(url(posting, "board_reject"), {"application": str(arjun.public_id)}).content.decode()
    assert "<html" in page and 'data-testid="move-select"' in page and 'data-testid="reject-form"' in page


def test_the_board_token_is_the_postings_counter_bumped_by_each_change(
    client_for, hiring_manager, posting, stages, arjun, django_assert_num_queries
):
    from recruiting.pipelines.board import board_token
    from recruiting.pipelines.moves import application_reject

    before = board_token(posting)
    with django_assert_num_queries(1):
        board_token(posting)
    moved = application_move(application=arjun, to_stage=stages["Screen"], actor=hiring_manager, expected_version=1)
    after_move = board_token(posting)
    application_reject(
        application=moved,
        reason=ensure_default_rejection_reasons()[0],
        note="",
        actor=hiring_manager,
        send_email=False,
        expected_version=2,
        email_delay_hours=24,
    )
    assert int(before) < int(after_move) < int(board_token(posting))
    ApplicationFactory(posting=posting)  # a new application changes the board too
    assert int(board_token(posting)) == int(after_move) + 2


def test_a_board_of_eight_columns_of_25_cards_is_under_100_kb(client_for, hiring_manager, posting, stages):
    from datetime import timedelta

    from django.utils import timezone

    from recruiting.pipelines.models import Candidate

    live = [stage for stage in stages.values()]
    assert len(live) == 7  # with the Closed column: eight
    tags = [Tag.objects.create(name=name) for name in ("strong-go", "chennai-local")]
    people = Candidate.objects.bulk_create(
        Candidate(
            full_name=f"Venkataraman Subramaniam {i}",
            email=f"p{i}@example.com",
            email_normalised=f"p{i}@example.com",
            current_role="Senior Backend Engineer",
            total_years=7,
            notice_period_days=60,
        )
        for i in range(25 * len(live))
    )
    Candidate.tags.through.objects.bulk_create(
        Candidate.tags.through(candidate_id=person.pk, tag_id=tag.pk) for person in people for tag in tags
    )
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            candidate=person,
            posting=posting,
            stage=live[i % len(live)],
            stage_entered_at=now - timedelta(days=i),
            is_flagged=i % 5 == 0,
            knockout_flags=["notice period 60 days > 30"] if i % 5 == 0 else [],
            average_rating="3.5" if i % 2 else None,
            source="referral",
        )
        for i, person in enumerate(people)
    )
    content = client_for(hiring_manager).get(url(posting)).content
    assert content.count(b'<article class="card"') == 175
    assert len(content) < 100_000, len(content)
