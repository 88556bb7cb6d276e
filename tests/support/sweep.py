"""The access sweep's building blocks, shared by the sweeps that walk every route.

`ROUTES` builds every route outside admin/ and accounts/ with real objects of one posting
owned by the cast's `hiring_manager` (`build_world`); `tests/test_access_sweep.py` sends the
wrong people at them, `tests/test_input_sweep.py` sends the right people with bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from recruiting.interviews.models import AvailabilityWindow, RescheduleProposal, TimeOff
from recruiting.interviews.services import scheduling_link_create, scorecard_save
from recruiting.pipelines.models import Answer, BackgroundJob, DuplicateSuggestion, ImportBatch, RejectionReason, Stage
from recruiting.postings.models import ScreeningQuestion
from recruiting.reports.models import ReportExport
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory, add_document
from tests.interviews.factories import book, make_interviewer, make_round, started

TRUSTED_ROUTE_PREFIXES = ("admin/", "accounts/")

# What must never reach someone who cannot see our posting.
CANDIDATE_NAME = "Zaria Quillfeather"
CANDIDATE_EMAIL = "zaria.quill@mail.example.com"
POSTING_TITLE = "Sentinel Platform Lead"
DATA_MARKERS = (CANDIDATE_NAME, CANDIDATE_EMAIL, POSTING_TITLE)
# The pay band of PostingFactory (18,51,368.30 – 35,50,754.94) and an expected-CTC answer.
# The offer's fixed pay (41,23,456) and total CTC (44,23,456) are pay figures too.
PAY_MARKERS = ("₹", "35,50,754", "18,51,368", "42,00,000", "3550754", "1851368", "4200000",
               "41,23,456", "4123456", "44,23,456", "4423456")  # fmt: skip
# What only a panelist who has submitted (or a manager) may read.
SCORECARD_MARKERS = ("BLINDMARK",)

# Routes this file cannot build with real objects, each with the reason. Keep it empty
# unless there is a good one: an unbuilt route is a route nobody sweeps.
UNBUILT_ROUTES: dict[str, str] = {}


# --- Walking the URLconf ---------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    callback: object

    @property
    def public(self) -> bool:
        return bool(getattr(self.callback, "public_policy", False))

    @property
    def roles(self) -> tuple[str, ...] | None:
        return getattr(self.callback, "role_policy", None)

    @property
    def api(self) -> bool:
        """An API operation: a token or a signed-in session, JSON in and out."""
        return bool(getattr(self.callback, "api_policy", None))

    @property
    def waiting_page(self) -> bool:
        """Views a role-less user is shown the waiting page on, with 200."""
        return bool(getattr(self.callback, "waiting_page", False))


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name=name or "", pattern=prefix + str(entry.pattern), callback=entry.callback)


def swept_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if not r.pattern.startswith(TRUSTED_ROUTE_PREFIXES)]


def allowed_methods(callback) -> set[str]:
    """The methods a view accepts, read from its `require_http_methods` wrapper (which
    keeps the list in its closure), or from an API operation's policy; views without one
    take GET and POST."""
    if getattr(callback, "api_policy", None):
        return set(callback.api_policy)
    func, seen = callback, set()
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and all(isinstance(v, str) and v.isupper() for v in value):
                return set(value)
        func = getattr(func, "__wrapped__", None)
    return {"GET", "POST"}


# --- The world: one of everything, on a posting owned by `hiring_manager` -----------------------
@dataclass
class World:
    posting: object
    question: object
    money_question: object
    candidate: object
    application: object
    round: object
    criterion: object
    interview: object
    panelist: object  # has submitted a scorecard
    blind_panelist: object  # on the same panel, has not submitted
    token: str
    window: object
    time_off: object
    proposal: object
    batch: object
    job: object  # a bulk action the recruiter started
    duplicate: object  # a second person, for merges
    document: object  # the CV sent with `application`
    suggestion: object  # `duplicate` may be `candidate`
    # Another posting, owned by `outsider_manager`.
    other_posting: object
    other_question: object
    other_application: object
    other_round: object
    # The application's offer: above the band, approved by the chain, sent.
    approver: object  # an offer approver (the flag), on no panel
    offer: object
    offer_token: str  # the candidate's link to the sent revision
    report_export: object = None  # a finished download of the funnel's rows, `hiring_manager`'s


def build_world(hiring_manager, outsider_manager, recruiter) -> World:
    """One of everything, on a posting owned by `hiring_manager`."""
    posting = PostingFactory(hiring_manager=hiring_manager, title=POSTING_TITLE, evaluation_focus=[])
    question = ScreeningQuestion.objects.create(
        posting=posting, text="Notice period, in days?", kind="duration_days", order=1, knockout_op="lte",
        knockout_value="15",
    )  # fmt: skip
    money_question = ScreeningQuestion.objects.create(
        posting=posting, text="Expected CTC?", kind="money", currency="INR", order=2, knockout_band_max=True
    )
    candidate = CandidateFactory(full_name=CANDIDATE_NAME, email=CANDIDATE_EMAIL, email_normalised=CANDIDATE_EMAIL)
    application = ApplicationFactory(posting=posting, candidate=candidate)
    document = add_document(candidate, b"%PDF-1.4\n% sweep\n", application=application, name="zaria.pdf")
    Answer.objects.create(application=application, question=money_question, value="4200000")
    Answer.objects.create(application=application, question=question, value=15)
    duplicate = CandidateFactory(full_name=CANDIDATE_NAME, email="zaria.q@other.example.com")
    ApplicationFactory(posting=posting, candidate=duplicate)
    suggestion = DuplicateSuggestion.objects.create(candidate=duplicate, existing=candidate, reasons=["same phone"])

    panelist = make_interviewer(email="pia.panelist@example.com", full_name="Pia Panelist")
    blind = make_interviewer(email="bo.blind@example.com", full_name="Bo Blind")
    interview_round = make_round(posting, pool=[panelist, blind], actor=recruiter, interviewers_needed=2)
    criteria = list(interview_round.criteria.all())
    interview = started(book(application, interview_round, [panelist, blind], actor=recruiter))
    scorecard_save(
        interview=interview,
        interviewer=panelist,
        recommendation="strong_yes",
        notes="BLINDMARK notes of the first panelist",
        ratings={c.pk: (4, "BLINDMARK evidence") for c in criteria},
        submit=True,
    )
    _link, token = scheduling_link_create(
        application=application, round=interview_round, panel=[panelist, blind], actor=recruiter
    )
    window = AvailabilityWindow.objects.create(interviewer=hiring_manager, weekday=0, start=time(9), end=time(10))
    now = timezone.now()
    time_off = TimeOff.objects.create(
        interviewer=hiring_manager, starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=31)
    )
    batch = ImportBatch.objects.create(
        created_by=recruiter,
        filename="people.csv",
        content="full_name,email\nAsha Import,asha@mail.example.com\n",
        mapping={"full_name": "full_name", "email": "email"},
        posting=posting,
    )

    job = BackgroundJob.objects.create(
        kind="bulk", created_by=recruiter, title="Add tags: sweep", total=1, status="failed",
        params={"action": "tag", "tags": ["sweep"], "selected": [str(application.public_id)]},
    )  # fmt: skip

    other_posting = PostingFactory(hiring_manager=outsider_manager, title="Outsider Data Engineer", evaluation_focus=[])
    other_question = ScreeningQuestion.objects.create(posting=other_posting, text="Years of Go?", kind="years")
    other_application = ApplicationFactory(posting=other_posting)
    other_round = make_round(other_posting, pool=[panelist], actor=recruiter, interviewers_needed=1)
    approver, offer, offer_token = _offer(application, recruiter, hiring_manager)
    application.refresh_from_db()  # sending the offer moved it to the offer stage
    report_export = ReportExport.objects.create(
        requested_by=hiring_manager,
        report="funnel",
        params={"posting": str(posting.public_id)},
        rows_total=1,
        rows_done=1,
        filename="funnel-rows.csv",
    )
    report_export.file.save("funnel-rows.csv", ContentFile(f"\ufeffCandidate\n{CANDIDATE_NAME}\n".encode()))
    report_export.state = "done"
    report_export.save(update_fields=["state"])
    return World(
        report_export=report_export,
        posting=posting,
        question=question,
        money_question=money_question,
        candidate=candidate,
        application=application,
        round=interview_round,
        criterion=criteria[0],
        interview=interview,
        panelist=panelist,
        blind_panelist=blind,
        token=token,
        window=window,
        time_off=time_off,
        proposal=RescheduleProposal.objects.create(
            interview=interview, cause="Sweep: Pia is away", options=[], absent=panelist
        ),
        batch=batch,
        job=job,
        duplicate=duplicate,
        document=document,
        suggestion=suggestion,
        other_posting=other_posting,
        other_question=other_question,
        other_application=other_application,
        other_round=other_round,
        approver=approver,
        offer=offer,
        offer_token=offer_token,
    )


def _offer(application, recruiter, hiring_manager):
    from recruiting.offers import answers, services
    from tests.offers.factories import make_terms

    approver = UserFactory(
        email="apu.approver@example.com", full_name="Apu Approver", role="hiring_manager", is_offer_approver=True
    )
    terms = make_terms(fixed_pay=Decimal("4123456"), variable_pay=Decimal("300000"))
    offer = services.offer_save(application=application, actor=recruiter, terms=terms)
    services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    offer = services.approval_decide(offer=offer, actor=approver, revision_number=1, approve=True)
    offer = services.offer_send(offer=offer, actor=recruiter)
    return approver, offer, answers.offer_link_token(offer, offer.current)


# --- Building each route -----------------------------------------------------------------------
def _posting(w):
    return {"posting_id": w.posting.public_id}


def _question(w):
    return {"posting_id": w.posting.public_id, "question_id": w.question.public_id}


def _candidate(w):
    return {"public_id": w.candidate.public_id}


def _application(w):
    return {"public_id": w.application.public_id}


def _plan(w):
    return {"public_id": w.posting.public_id}


def _round(w):
    return {"public_id": w.posting.public_id, "round_id": w.round.pk}


def _criterion(w):
    return {"public_id": w.posting.public_id, "round_id": w.round.pk, "criterion_id": w.criterion.pk}


def _app_round(w):
    return {"public_id": w.application.public_id, "round_id": w.round.pk}


def _interview(w):
    return {"public_id": w.interview.public_id}


def _card_data(w):
    """What a board form posts about our card."""
    stage = Stage.objects.filter(posting=w.posting).exclude(pk=w.application.stage_id).order_by("order").first()
    return {
        "application": str(w.application.public_id),
        "version": str(w.application.version),
        "to_stage": str(stage.pk),
        "reason": str(RejectionReason.objects.order_by("pk").values_list("pk", flat=True).first() or ""),
    }


def _report_query(w):
    return {"posting": w.posting.public_id, "date_from": "2020-01-01"}


def _report_export_query(w):
    return {**_report_query(w), "format": "xlsx"}


def _api_application(w):
    return {"application_id": w.application.public_id}


def _api_candidate(w):
    return {"candidate_id": w.candidate.public_id}


def _api_move(w):
    stage = Stage.objects.filter(posting=w.posting).exclude(pk=w.application.stage_id).order_by("order").first()
    return {"stage": stage.pk, "reason": "sweep", "version": w.application.version}


# name -> (kwargs builder or None, query builder or None, POST data builder or None).
# "Names our object" = the URL, its query or its form carries an id of the world's posting.
ROUTES: dict[str, tuple] = {
    "dashboard": (None, None, None),
    "waiting": (None, None, None),
    "healthz": (None, None, None),
    "readyz": (None, None, None),
    "metrics": (None, None, None),
    "favicon": (None, None, None),
    "postings:list": (None, None, None),
    "postings:create": (None, None, None),
    "postings:from_text": (None, None, None),
    "postings:validate": (None, lambda w: {"posting": w.posting.public_id}, lambda w: {"title": "x"}),
    "postings:detail": (_posting, None, None),
    "postings:edit": (_posting, None, None),
    "postings:status": (_posting, None, lambda w: {"status": "closed"}),
    "postings:progress": (_posting, None, None),
    "postings:questions": (_posting, None, None),
    "postings:question_add": (_posting, None, None),
    "postings:question_library": (_posting, None, None),
    "postings:question_edit": (_question, None, None),
    "postings:question_delete": (_question, None, None),
    "postings:question_move": (_question, None, lambda w: {"direction": "down"}),
    "postings:cv_download": (lambda w: {"public_id": w.document.public_id}, None, None),
    "careers:list": (None, None, None),
    "careers:posting": (lambda w: {"public_id": w.posting.public_id}, None, None),
    "careers:apply": (lambda w: {"public_id": w.posting.public_id}, None, None),
    "careers:applied": (lambda w: {"public_id": w.posting.public_id}, None, None),
    "pipelines:board": (_posting, None, None),
    "pipelines:board_changes": (_posting, lambda w: {"since": "0"}, None),
    "pipelines:board_column": (_posting, lambda w: {"stage": w.application.stage_id}, None),
    "pipelines:board_move": (_posting, None, _card_data),
    "pipelines:board_reject": (_posting, lambda w: {"application": w.application.public_id}, _card_data),
    "pipelines:board_cancel_email": (_posting, None, _card_data),
    "pipelines:board_reopen": (_posting, None, _card_data),
    "pipelines:board_withdraw": (_posting, None, _card_data),
    "pipelines:board_settings": (_posting, None, lambda w: {"action": "retire", "stage": w.application.stage_id}),
    "pipelines:applications": (None, None, None),
    "pipelines:applications_bulk": (
        None,
        None,
        lambda w: {"action": "tag", "tags": "sweep", "selected": [str(w.application.public_id)]},
    ),
    "pipelines:applications_export": (None, None, None),
    "pipelines:job": (lambda w: {"public_id": w.job.public_id}, None, None),
    "pipelines:job_resume": (lambda w: {"public_id": w.job.public_id}, None, None),
    "pipelines:application": (_application, None, None),
    "pipelines:candidates": (None, lambda w: {"q": "Quillfeather"}, None),
    "pipelines:candidate_add": (None, None, None),
    "pipelines:duplicates": (None, None, None),
    "pipelines:duplicate_dismiss": (lambda w: {"public_id": w.suggestion.public_id}, None, None),
    "pipelines:import": (None, None, None),
    "pipelines:import_batch": (lambda w: {"public_id": w.batch.public_id}, None, None),
    "pipelines:import_confirm": (lambda w: {"public_id": w.batch.public_id}, None, None),
    "pipelines:candidate": (_candidate, None, None),
    "pipelines:candidate_edit": (_candidate, None, None),
    "pipelines:candidate_notes": (_candidate, None, lambda w: {"body": "sweep note"}),
    "pipelines:candidate_mentions": (_candidate, lambda w: {"q": "a"}, None),
    "pipelines:candidate_tags": (_candidate, None, lambda w: {"name": "sweep"}),
    "pipelines:candidate_merge": (_candidate, None, lambda w: {"duplicate": str(w.duplicate.public_id)}),
    "pipelines:candidate_merge_undo": (_candidate, None, None),
    "pipelines:candidate_privacy": (_candidate, None, None),
    "pipelines:candidate_privacy_export": (_candidate, None, None),
    "pipelines:candidate_privacy_erase": (_candidate, None, None),
    "interviews:home": (None, None, None),
    "interviews:availability": (None, None, None),
    "interviews:window_add": (None, None, None),
    "interviews:window_edit": (lambda w: {"pk": w.window.pk}, None, None),
    "interviews:window_delete": (lambda w: {"pk": w.window.pk}, None, None),
    "interviews:time_off_add": (None, None, None),
    "interviews:time_off_delete": (lambda w: {"pk": w.time_off.pk}, None, None),
    "interviews:settings": (None, None, None),
    "interviews:plan": (_plan, None, None),
    "interviews:round_edit": (_round, None, None),
    "interviews:round_delete": (_round, None, None),
    "interviews:criterion_add": (_round, None, lambda w: {"name": "Sweep criterion"}),
    "interviews:criterion_edit": (_criterion, None, lambda w: {"name": "Sweep criterion"}),
    "interviews:criterion_delete": (_criterion, None, None),
    "interviews:application": (_application, None, None),
    "interviews:schedule": (_app_round, None, None),
    "interviews:link_create": (_app_round, None, None),
    "interviews:feedback": (_application, None, None),
    "interviews:cv": (_application, None, None),
    "interviews:blind_review": (_plan, None, lambda w: {"blind_cv": "on"}),
    "interviews:decision": (
        _application,
        None,
        lambda w: {"decision": "advance", "expected_version": w.application.version},
    ),
    "interviews:self_schedule": (lambda w: {"token": w.token}, None, None),
    "interviews:detail": (_interview, None, None),
    "interviews:reschedule": (_interview, None, None),
    "interviews:cancel": (_interview, None, None),
    "interviews:add_shadow": (_interview, None, None),
    "interviews:proposal_decide": (
        lambda w: {"public_id": w.proposal.public_id},
        None,
        lambda w: {"action": "dismiss"},
    ),
    "interviews:scorecard": (_interview, None, None),
    "offers:prepare": (_application, None, None),
    "offers:filled": (lambda w: {"public_id": w.posting.public_id}, None, lambda w: {"action": "keep"}),
    "offers:respond": (lambda w: {"token": w.offer_token}, None, lambda w: {"action": "ask", "question": "When?"}),
    "offers:detail": (lambda w: {"public_id": w.offer.public_id}, None, None),
    "offers:approve": (
        lambda w: {"public_id": w.offer.public_id},
        None,
        lambda w: {"revision": 1, "decision": "approve"},
    ),
    "offers:send": (lambda w: {"public_id": w.offer.public_id}, None, lambda w: {"expected_version": w.offer.version}),
    "offers:withdraw": (
        lambda w: {"public_id": w.offer.public_id},
        None,
        lambda w: {"expected_version": w.offer.version},
    ),
    "offers:letter": (lambda w: {"public_id": w.offer.public_id}, None, None),
    "reports:index": (None, None, None),
    "reports:export_start": (None, None, lambda w: {"report": "funnel", "format": "csv", **_report_query(w)}),
    "reports:export": (lambda w: {"public_id": w.report_export.public_id}, None, None),
    "reports:export_download": (lambda w: {"public_id": w.report_export.public_id}, None, None),
    "reports:funnel": (None, _report_query, None),
    "reports:funnel-export": (None, _report_export_query, None),
    "reports:time-in-stage": (None, _report_query, None),
    "reports:time-in-stage-export": (None, _report_export_query, None),
    "reports:time-to-hire": (None, _report_query, None),
    "reports:time-to-hire-export": (None, _report_export_query, None),
    "reports:sources": (None, _report_query, None),
    "reports:sources-export": (None, _report_export_query, None),
    "reports:interviewers": (None, _report_query, None),
    "reports:interviewers-export": (None, _report_export_query, None),
    "reports:offers": (None, _report_query, None),
    "reports:offers-export": (None, _report_export_query, None),
    # The API (JSON bodies; the sweeps send them as a browser session would).
    "api:index": (None, None, None),
    "api:schema": (None, None, None),
    "api:reference": (None, None, None),
    "api:feed_json": (None, None, None),
    "api:feed_rss": (None, None, None),
    "api:not_found": (None, None, None),
    "api:postings": (None, lambda w: {"status": "open"}, None),
    "api:posting": (lambda w: {"posting_id": w.posting.public_id}, None, None),
    "api:posting_status": (lambda w: {"posting_id": w.posting.public_id}, None, lambda w: {"status": "closed"}),
    "api:applications": (None, lambda w: {"posting": w.posting.public_id, "state": "active"}, None),
    "api:application_create": (
        None,
        None,
        lambda w: {
            "posting": str(w.posting.public_id),
            "full_name": "Asha Sweep",
            "email": "asha.sweep@mail.example.com",
            "source": "agency",
            "source_name": "Sweep Agency",
        },
    ),
    "api:application": (_api_application, None, None),
    "api:application_move": (_api_application, None, _api_move),
    "api:application_reject": (
        _api_application,
        None,
        lambda w: {"reason": "Other", "note": "sweep", "version": w.application.version},
    ),
    "api:rejection_reasons": (None, None, None),
    "api:candidate": (_api_candidate, None, None),
    "api:candidate_notes": (_api_candidate, None, lambda w: {"body": "sweep note"}),
    "api:candidate_note_add": (_api_candidate, None, lambda w: {"body": "sweep note"}),
    "api:interviews": (None, lambda w: {"application": w.application.public_id}, None),
    "api:interview": (lambda w: {"interview_id": w.interview.public_id}, None, None),
    "api:offers": (None, lambda w: {"posting": w.posting.public_id, "status": "sent"}, None),
    "api:offer": (lambda w: {"offer_id": w.offer.public_id}, None, None),
}
# Form posts, not JSON: the API operations that take a file.
MULTIPART_API_ROUTES = {"api:application_create"}


@dataclass
class Built:
    route: Route
    url: str
    data: dict
    names_object: bool
    methods: set[str]


def build(route: Route, w: World) -> Built:
    kwargs_of, query_of, data_of = ROUTES[route.name]
    kwargs = kwargs_of(w) if kwargs_of else {}
    url = reverse(route.name, kwargs=kwargs) if route.name != "api:not_found" else "/api/v0/nothing"
    query = query_of(w) if query_of else {}
    if query:
        url += "?" + urlencode(query)
    return Built(
        route=route,
        url=url,
        data=data_of(w) if data_of else {},
        names_object=bool(kwargs) or route.name == "postings:validate",
        methods=allowed_methods(route.callback),
    )


ALL_ROUTES = swept_routes()
BUILDABLE = [r for r in ALL_ROUTES if r.name in ROUTES]


# --- Requests --------------------------------------------------------------------------------------
def request_route(client, method: str, built: Built, *, htmx: bool = False):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if method == "GET":
        return client.get(built.url, **extra)
    if built.route.api and built.route.name not in MULTIPART_API_ROUTES:
        version = getattr(built.data, "get", lambda _k: None)("version")
        extra["HTTP_IF_MATCH"] = f'"v{version or 1}"'
        return client.post(built.url, built.data, content_type="application/json", **extra)
    return client.post(built.url, built.data, **extra)


def response_text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def signed_in_as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False  # a 500 becomes a response we report by name
    return client
