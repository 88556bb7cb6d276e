"""Offers through the API: read-only, behind the offers:read scope, with the offers' own
rules for who sees which offer (interviewers none), filters, cursors, problems for bad
input, a constant number of queries, and no pay figure on any API route for a token
without offers:read or for an interviewer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from recruiting.api.scopes import ALL_SCOPES, Scope
from recruiting.offers import services
from recruiting.offers.models import Offer
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory
from tests.interviews.factories import book, make_interviewer, make_round
from tests.offers.factories import ABOVE_BAND, make_terms

pytestmark = pytest.mark.django_db

WITHOUT_OFFERS = sorted(ALL_SCOPES - {Scope.OFFERS_READ})


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager, title="Sentinel Platform Lead")


def _application(posting):
    return ApplicationFactory(posting=posting, candidate=CandidateFactory(notice_period_days=15))


def _offer(posting, recruiter, **terms) -> Offer:
    return services.offer_save(application=_application(posting), actor=recruiter, terms=make_terms(**terms))


@pytest.fixture
def approver(db):
    return UserFactory(email="apu.approver@example.com", full_name="Apu Approver", role="hiring_manager",
                       is_offer_approver=True)  # fmt: skip


@pytest.fixture
def approved(posting, recruiter, hiring_manager, approver):
    """Above the band: approved by the hiring manager and an offer approver, revised in
    its words (the approvals carry over), then sent."""
    offer = _offer(posting, recruiter, fixed_pay=Decimal("4123456"))
    services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    offer = services.approval_decide(offer=offer, actor=approver, revision_number=1, approve=True, comment="Fine")
    terms = make_terms(fixed_pay=Decimal("4123456"), note_to_candidate="Welcome aboard")
    offer = services.offer_save(
        application=offer.application, actor=recruiter, terms=terms, expected_version=offer.version
    )
    return services.offer_send(offer=offer, actor=recruiter)


def _problem(response, status: int, kind: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == f"urn:recruiting:problem:{kind}"
    return body


def test_an_offer_with_its_figures_approvals_and_revisions(api, make_token, recruiter, approved):
    body = api(make_token(recruiter, scopes=["offers:read"])).get(reverse("api:offer", args=[approved.public_id]))
    assert body.status_code == 200, body.content
    body = body.json()
    assert body["id"] == str(approved.public_id) and body["status"] == "sent"
    assert body["application"] == str(approved.application.public_id)
    assert body["posting"]["title"] == "Sentinel Platform Lead"
    terms = body["terms"]
    assert (terms["revision"], terms["currency"], terms["fixed_pay"]) == (2, "INR", "4123456.00")
    assert terms["total_ctc"] == "4423456.00"
    assert body["sent_revision"] == 2 and body["sent_at"] and body["answered_at"] is None
    approval = body["approval"]
    assert approval["needed"] and approval["state"] == "approved"
    assert "above the band" in approval["reasons"][0]
    assert [(s["kind"], s["state"], s["acted_by"]) for s in approval["steps"]] == [
        ("hiring_manager", "approved", "Hari Manager"),
        ("any_approver", "approved", "Apu Approver"),
    ]
    assert approval["steps"][1]["comment"] == "Fine"
    assert body["revisions"] == [
        {"number": 2, "created_at": body["revisions"][0]["created_at"], "created_by": "Rita Recruiter",
         "changed": ["note_to_candidate"], "sent": True},
        {"number": 1, "created_at": body["revisions"][1]["created_at"], "created_by": "Rita Recruiter",
         "changed": [], "sent": False},
    ]  # fmt: skip


def test_an_offer_waiting_for_approval_and_one_needing_none(api, make_token, recruiter, posting):
    waiting = _offer(posting, recruiter, fixed_pay=ABOVE_BAND)
    ready = _offer(posting, recruiter)
    client = api(make_token(recruiter, scopes=["offers:read"]))
    body = client.get(reverse("api:offer", args=[waiting.public_id])).json()
    assert body["status"] == "pending_approval" and body["approval"]["state"] == "waiting"
    assert [s["state"] for s in body["approval"]["steps"]] == ["waiting", "waiting"]
    body = client.get(reverse("api:offer", args=[ready.public_id])).json()
    assert body["status"] == "ready" and body["sent_revision"] is None
    assert body["approval"] == {"needed": False, "reasons": [], "state": "not_needed", "steps": []}


def test_without_offers_read_both_operations_are_a_403_problem(api, make_token, recruiter, approved):
    client = api(make_token(recruiter, scopes=WITHOUT_OFFERS))
    for url in (reverse("api:offers"), reverse("api:offer", args=[approved.public_id])):
        body = _problem(client.get(url), 403, "missing-scope")
        assert "offers:read" in body["detail"] and "4123456" not in str(body)


def test_who_sees_which_offer_follows_the_offer_pages(
    api, make_token, client_for, recruiter, hiring_manager, outsider_manager, approver, posting
):
    mine = _offer(posting, recruiter, fixed_pay=ABOVE_BAND)  # the chain has an "any approver" step
    theirs = _offer(PostingFactory(hiring_manager=outsider_manager), recruiter)  # no approvals needed
    every = {str(mine.public_id), str(theirs.public_id)}

    def seen(user) -> set[str]:
        return {item["id"] for item in api(make_token(user)).get(reverse("api:offers")).json()["items"]}

    assert seen(recruiter) == every
    assert seen(hiring_manager) == {str(mine.public_id)}
    assert seen(outsider_manager) == {str(theirs.public_id)}
    assert seen(approver) == {str(mine.public_id)}  # an offer approver, on no posting
    outsider = api(make_token(outsider_manager))
    _problem(outsider.get(reverse("api:offer", args=[mine.public_id])), 404, "not-found")
    # A session follows the same rules as the pages.
    session = client_for(hiring_manager)
    assert session.get(reverse("api:offer", args=[mine.public_id])).json()["terms"]["fixed_pay"] == "4000000.00"
    assert session.get(reverse("api:offer", args=[theirs.public_id])).status_code == 404


def test_interviewers_see_no_offer_whatever_their_token_holds(api, make_token, client_for, recruiter, posting):
    offer = _offer(posting, recruiter, fixed_pay=ABOVE_BAND)
    panelist = make_interviewer(email="pia.panelist@example.com", full_name="Pia Panelist")
    panelist.is_offer_approver = True  # the flag never opens offers to an interviewer
    panelist.save()
    book(offer.application, make_round(posting, pool=[panelist], actor=recruiter), [panelist], actor=recruiter)
    for client in (api(make_token(panelist, scopes=ALL_SCOPES)), client_for(panelist)):
        listed = client.get(reverse("api:offers"))
        assert listed.status_code == 200 and listed.json()["items"] == []
        _problem(client.get(reverse("api:offer", args=[offer.public_id])), 404, "not-found")


def test_a_token_limited_to_postings_sees_only_their_offers(api, make_token, recruiter, posting):
    mine = _offer(posting, recruiter)
    other = _offer(PostingFactory(), recruiter)
    client = api(make_token(recruiter, scopes=["offers:read"], postings=[posting]))
    assert [item["id"] for item in client.get(reverse("api:offers")).json()["items"]] == [str(mine.public_id)]
    _problem(client.get(reverse("api:offer", args=[other.public_id])), 404, "not-found")


def test_the_list_filters_by_posting_application_and_status(api, make_token, recruiter, posting):
    waiting = _offer(posting, recruiter, fixed_pay=ABOVE_BAND)
    ready = _offer(posting, recruiter)
    elsewhere = _offer(PostingFactory(), recruiter)
    client = api(make_token(recruiter, scopes=["offers:read"]))

    def ids(**params) -> set[str]:
        response = client.get(reverse("api:offers"), params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids(posting=posting.public_id) == {str(waiting.public_id), str(ready.public_id)}
    assert ids(application=elsewhere.application.public_id) == {str(elsewhere.public_id)}
    assert ids(status="pending_approval") == {str(waiting.public_id)}
    assert ids(posting=posting.public_id, status="sent") == set()
    assert ids(posting=elsewhere.application.public_id) == set()  # an application's id is no posting


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "haggling"}, "status"),
        ({"posting": "not-a-uuid"}, "posting"),
        ({"application": "12"}, "application"),
        ({"limit": 0}, "limit"),
        ({"limit": 10_000}, "limit"),
    ],
)
def test_bad_filters_are_422_problems_naming_the_field(api, make_token, recruiter, params, field):
    body = _problem(api(make_token(recruiter)).get(reverse("api:offers"), params), 422, "invalid-input")
    assert [error["field"] for error in body["errors"]] == [field]


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "eyJhIjogMX0", "WyIyMDI2LTAxLTAxIiwgMV0"])
def test_a_cursor_we_never_gave_out_is_a_400_problem(api, make_token, recruiter, cursor):
    body = _problem(api(make_token(recruiter)).get(reverse("api:offers"), {"cursor": cursor}), 400, "bad-cursor")
    assert body["errors"] == [{"field": "cursor", "message": "Unknown cursor."}]


def test_an_unknown_offer_is_a_404_problem(api, make_token, recruiter, posting):
    client = api(make_token(recruiter))
    application = _application(posting)
    # Neither a made-up id nor another object's id (an application's) is an offer.
    for public_id in ("0b7e4a3c-2f7d-4c1e-9a55-5d9f3b0c1e2a", application.public_id):
        _problem(client.get(reverse("api:offer", args=[public_id])), 404, "not-found")
    assert client.get("/api/v1/offers/12/").status_code == 404


def test_cursor_pages_walk_every_offer_once(api, make_token, recruiter, posting):
    made = {str(_offer(posting, recruiter).public_id) for _ in range(5)}
    client = api(make_token(recruiter, scopes=["offers:read"]))
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get(reverse("api:offers"), {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and len(seen) == 5 and set(seen) == made


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_costs_the_same_queries_for_few_and_many(
    api, make_token, recruiter, hiring_manager, posting, count, django_assert_num_queries
):
    for _ in range(count):
        _offer(posting, recruiter, fixed_pay=ABOVE_BAND)
    for user in (recruiter, hiring_manager):
        client = api(make_token(user, scopes=["offers:read"]))
        client.get(reverse("api:offers"))  # last_used_at is written at most once a minute
        # token with its account, the token's postings, the page (candidate, posting and
        # current revision joined; the hiring manager's postings and approvals as subqueries)
        with django_assert_num_queries(3):
            assert len(client.get(reverse("api:offers")).json()["items"]) == count


@pytest.mark.parametrize("revisions", [1, 6])
def test_one_offer_costs_the_same_queries_for_few_and_many_revisions(
    api, make_token, recruiter, posting, revisions, django_assert_num_queries
):
    offer = _offer(posting, recruiter, fixed_pay=ABOVE_BAND)
    for number in range(2, revisions + 1):
        offer = services.offer_save(
            application=offer.application,
            actor=recruiter,
            terms=make_terms(fixed_pay=ABOVE_BAND + number),
            expected_version=offer.version,
        )
    client = api(make_token(recruiter, scopes=["offers:read"]))
    client.get(reverse("api:offers"))
    # token, its postings, the offer, the current revision's approvals, the revisions
    with django_assert_num_queries(5):
        body = client.get(reverse("api:offer", args=[offer.public_id])).json()
    assert len(body["revisions"]) == revisions and len(body["approval"]["steps"]) == 2


# --- Pay figures on every API route ----------------------------------------------------------------
@pytest.fixture
def world(hiring_manager, outsider_manager, recruiter):
    from tests.support.sweep import build_world

    return build_world(hiring_manager, outsider_manager, recruiter)


def _api_reads(world):
    from tests.support.sweep import BUILDABLE, build

    return [build(route, world) for route in BUILDABLE if route.api and "GET" in route.callback.api_policy]


def test_no_api_route_shows_pay_to_a_token_without_offers_read_or_an_interviewer(
    api, make_token, world, recruiter, hiring_manager
):
    from tests.support.sweep import PAY_MARKERS, response_text

    reads = _api_reads(world)
    assert {"api:offers", "api:offer", "api:posting", "api:postings"} <= {b.route.name for b in reads}
    callers = {
        "recruiter without offers:read": api(make_token(recruiter, scopes=WITHOUT_OFFERS)),
        "hiring manager without offers:read": api(make_token(hiring_manager, scopes=WITHOUT_OFFERS)),
        "panelist with every scope": api(make_token(world.panelist, scopes=ALL_SCOPES)),
        "blind panelist with every scope": api(make_token(world.blind_panelist, scopes=ALL_SCOPES)),
    }
    problems = []
    for who, client in callers.items():
        for built in reads:
            response = client.get(built.url)
            if response.status_code >= 500:
                problems.append(f"{who} {built.route.name}: {response.status_code}")
            leaked = [m for m in PAY_MARKERS if m in response_text(response)]
            if leaked:
                problems.append(f"{who} {built.route.name}: shows {leaked}")
    assert not problems, "\n".join(problems)
    # The check can fail: with offers:read the owner does see the figures.
    owner = api(make_token(hiring_manager, scopes=ALL_SCOPES))
    offer = owner.get(reverse("api:offer", args=[world.offer.public_id]))
    assert "4123456" in response_text(offer)
    assert "3550754" in response_text(owner.get(reverse("api:posting", args=[world.posting.public_id])))


def test_the_token_admin_offers_the_scope_and_its_token_reads_offers(
    client_for, admin_user, recruiter, posting, client
):
    from recruiting.api.models import ApiToken

    offer = _offer(posting, recruiter)
    admin_client = client_for(admin_user)
    form = admin_client.get(reverse("admin:api_apitoken_add")).content.decode()
    assert 'value="offers:read"' in form and "Read offers, pay figures included" in form
    response = admin_client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "HR system", "user": recruiter.pk, "scopes": ["offers:read"]},
        follow=True,
    )
    token_text = response.content.decode().split("not shown again): ", 1)[1].split("<", 1)[0].strip()
    assert ApiToken.objects.get().scopes == ["offers:read"]
    admin_client.logout()
    body = client.get(reverse("api:offers"), headers={"Authorization": f"Bearer {token_text}"}).json()
    assert [item["id"] for item in body["items"]] == [str(offer.public_id)]
    assert body["items"][0]["terms"]["fixed_pay"] == "2500000.00"
