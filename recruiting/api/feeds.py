"""Public feeds of open postings for job boards: JSON (JobPosting objects) and RSS 2.0."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from recruiting.api.jobposting import job_posting
from recruiting.core.decorators import public
from recruiting.postings.models import Posting
from recruiting.postings.templatetags.postings_tags import markdown_safe

FEED_MAX = 500


def _open_postings():
    return Posting.objects.published().order_by("-opened_at", "-created_at")[:FEED_MAX]


def _url(request, posting) -> str:
    return request.build_absolute_uri(reverse("careers:posting", args=[posting.public_id]))


@public
@require_GET
@cache_control(public=True, max_age=300)
def postings_json(request):
    """Every open posting as schema.org JobPosting, newest first."""
    items = [
        job_posting(p, url=_url(request, p), description_html=str(markdown_safe(p.description)))
        for p in _open_postings()
    ]
    body = {"organisation": settings.ORGANISATION_NAME, "generated_at": timezone.now().isoformat(), "postings": items}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8")


@public
@require_GET
@cache_control(public=True, max_age=300)
def postings_rss(request):
    """Every open posting as an RSS 2.0 item (title, link, description, date)."""
    feed = Rss201rev2Feed(
        title=f"Open positions at {settings.ORGANISATION_NAME}",
        link=request.build_absolute_uri(reverse("careers:list")),
        description="Open positions, newest first",
        language="en-in",
        feed_url=request.build_absolute_uri(),
    )
    for p in _open_postings():
        feed.add_item(
            title=p.title,
            link=_url(request, p),
            description=str(markdown_safe(p.description)),
            unique_id=str(p.public_id),
            unique_id_is_permalink=False,
            pubdate=p.opened_at or p.created_at,
            categories=[c for c in (p.team, p.location) if c],
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
