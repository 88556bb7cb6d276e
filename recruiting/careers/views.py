"""The public careers site: open postings, a page per posting with its apply form,
the apply POST and the thank-you page. No sign-in; every view is `@public`."""

from __future__ import annotations

import logging
import uuid

import markdown
import nh3
from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.careers.apply import (
    HONEYPOT_FIELD,
    ApplyForm,
    CVSizeLimitHandler,
    thanks_token_make,
    thanks_token_valid,
)
from recruiting.careers.ratelimit import apply_limit
from recruiting.core.decorators import public
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.inputs import refused, request_problem
from recruiting.core.money import format_band
from recruiting.pipelines.applying import (
    AlreadyApplied,
    NotAcceptingApplications,
    already_applied_notify,
    application_submit,
    consent_current,
)
from recruiting.pipelines.cv import too_large_message
from recruiting.pipelines.models import Application
from recruiting.postings.models import Posting

logger = logging.getLogger(__name__)

# Room for the other form fields on top of the CV when judging Content-Length.
UPLOAD_MARGIN_BYTES = 256 * 1024

_MARKDOWN_TAGS = set(
    [
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
)


def description_html(text: str) -> str:
    """Markdown to HTML, then sanitised with nh3: whatever an editor (or a pasted job
    description) contains, only harmless tags and http(s)/mailto links survive."""
    raw = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    # Headings start at h2: the page's own h1 is the posting title.
    raw = raw.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        raw,
        tags=_MARKDOWN_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def _band(posting: Posting, *, compact: bool) -> str:
    return format_band(posting.pay_min, posting.pay_max, posting.pay_currency, posting.pay_period, compact=compact)


def _open_postings():
    today = timezone.localdate()
    return Posting.objects.published().exclude(closes_on__lt=today)


def _public_posting(public_id: uuid.UUID) -> Posting:
    """A posting the public may know about (open, paused or closed); drafts are 404."""
    posting = (
        Posting.objects.filter(public_id=public_id)
        .exclude(status=Posting.Status.DRAFT)
        .prefetch_related("skills", "questions")
        .first()
    )
    if posting is None:
        raise Http404("No such posting")
    return posting


def _accepting(posting: Posting) -> bool:
    return posting.status == Posting.Status.OPEN and not (
        posting.closes_on and posting.closes_on < timezone.localdate()
    )


# ---------------------------------------------------------------------------
# Careers list
# ---------------------------------------------------------------------------


@public
@require_GET
@vary_on_headers("HX-Request")
def careers_list(request: HtmxHttpRequest):
    """Open postings, filtered by location and team (GET parameters)."""
    location = request.GET.get("location", "").strip()
    team = request.GET.get("team", "").strip()
    options = set(_open_postings().values_list("location", "team"))
    postings = _open_postings().order_by("-opened_at", "-created_at")
    if location:
        postings = postings.filter(location__iexact=location)
    if team:
        postings = postings.filter(team__iexact=team)
    rows = [{"posting": p, "band": _band(p, compact=True)} for p in postings]
    context = {
        "rows": rows,
        "locations": sorted({loc for loc, _ in options if loc}, key=str.casefold),
        "teams": sorted({t for _, t in options if t}, key=str.casefold),
        "location": location,
        "team": team,
        "filtered": bool(location or team),
    }
    return render_page(request, "careers/list.html", context, partial="results")


# ---------------------------------------------------------------------------
# A posting and its apply form
# ---------------------------------------------------------------------------


def _posting_context(posting: Posting, form: ApplyForm) -> dict:
    skills = list(posting.skills.all())
    return {
        "posting": posting,
        "band": _band(posting, compact=False),
        "description": description_html(posting.description),
        "required_skills": [s for s in skills if s.required],
        "nice_skills": [s for s in skills if not s.required],
        "form": form,
        "cv_retry_hint": form.is_bound and bool(form.errors) and "cv" not in form.errors,
    }


def _new_form(posting: Posting) -> ApplyForm:
    return ApplyForm(posting=posting, questions=list(posting.questions.all()), consent=consent_current())


def _not_accepting(request, posting: Posting, status: int) -> HttpResponse:
    return render(request, "careers/not_accepting.html", {"posting": posting}, status=status)


@public
@require_GET
@never_cache
def posting_page(request, public_id: uuid.UUID):
    """A posting's public page with the apply form; paused/closed ones say so."""
    posting = _public_posting(public_id)
    if posting.status == Posting.Status.CLOSED:
        raise Http404("This posting is closed")
    if not _accepting(posting):
        return _not_accepting(request, posting, status=200)
    return render(request, "careers/posting.html", _posting_context(posting, _new_form(posting)))


@public
@require_POST
@never_cache
@csrf_exempt  # CSRF is checked in _apply_checked, after the size check (see below)
def apply(request, public_id: uuid.UUID):
    """Receive an application.

    CsrfViewMiddleware would read the whole body to find the token, so this view is
    exempt from the middleware and `_apply_checked` runs the same check itself: first
    the rate limit and Content-Length are judged without reading the body, and a size
    limit handler is installed for bodies that do not announce their length.
    """
    posting = _public_posting(public_id)
    if not _accepting(posting):
        return _not_accepting(request, posting, status=409)
    limit = apply_limit(request, posting)
    if not limit.allowed:
        context = {"posting": posting, "retry_minutes": max(1, -(-limit.retry_after // 60))}
        response = render(request, "careers/rate_limited.html", context, status=429)
        response["Retry-After"] = str(limit.retry_after)
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.CV_MAX_BYTES + UPLOAD_MARGIN_BYTES:
        return _too_large(request, posting)
    handler = CVSizeLimitHandler(request, field_name="cv", max_bytes=settings.CV_MAX_BYTES)
    request.upload_handlers.insert(0, handler)
    return _apply_checked(request, posting, handler)


def _too_large(request, posting: Posting) -> HttpResponse:
    """The body was not read, so the form comes back empty with the reason."""
    form = _new_form(posting)
    context = _posting_context(posting, form)
    context["upload_refused"] = too_large_message(settings.CV_MAX_BYTES)
    return render(request, "careers/posting.html", context, status=413)


@csrf_protect
def _apply_checked(request, posting: Posting, handler: CVSizeLimitHandler) -> HttpResponse:
    # InputCheckMiddleware leaves the body of CSRF-exempt views alone; it is parsed now.
    problem = request_problem(request)
    if problem:
        return refused(request, problem)
    if request.POST.get(HONEYPOT_FIELD):
        # A bot filled the invisible field: pretend all went well and store nothing.
        logger.info("apply honeypot filled for posting %s", posting.public_id)
        return _thanks_redirect(posting, str(uuid.uuid4()))
    form = ApplyForm(
        request.POST,
        request.FILES,
        posting=posting,
        questions=list(posting.questions.all()),
        consent=consent_current(),
        cv_too_large=handler.too_large,
    )
    if not form.is_valid():
        return render(request, "careers/posting.html", _posting_context(posting, form), status=400)
    data = form.cleaned_data
    try:
        result = application_submit(
            posting=posting,
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            cv_file=data["cv"],
            cv_kind=form.cv_kind,
            answers=form.answers(),
            consent_version=data["consent_version"],
            submission_key=form.submission_key,
        )
    except AlreadyApplied as exc:
        # The same thank-you page as a new application, so the form cannot be used to find
        # out who has applied; the real owner of the address is told by e-mail instead.
        already_applied_notify(application=exc.application)
        return _thanks_redirect(posting, str(uuid.uuid4()))
    except NotAcceptingApplications:
        return _not_accepting(request, posting, status=409)
    except IntegrityError:
        # The same form arrived twice at the same moment: the first one won.
        existing = Application.objects.filter(submission_key=form.submission_key).first()
        if existing is None:
            raise
        return _thanks_redirect(posting, str(existing.public_id))
    return _thanks_redirect(posting, str(result.application.public_id))


def _thanks_redirect(posting: Posting, application_public_id: str):
    token = thanks_token_make(posting=posting, application_public_id=application_public_id)
    return redirect(f"{reverse('careers:applied', args=[posting.public_id])}?t={token}")


@public
@require_GET
@never_cache
def applied(request, public_id: uuid.UUID):
    """The thank-you page after applying (reached only with the signed token)."""
    posting = _public_posting(public_id)
    if not thanks_token_valid(request.GET.get("t", ""), posting):
        raise Http404("No such page")
    return render(request, "careers/applied.html", {"posting": posting})
