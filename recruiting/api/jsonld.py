"""The public posting page carries its schema.org JobPosting (a slot of the careers page)."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.safestring import mark_safe

from recruiting.api.jobposting import job_posting
from recruiting.core.slots import register_slot


def ld_json(data: dict) -> str:
    """JSON safe inside <script type="application/ld+json">: no "</" can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


@register_slot("careers.posting.head")
def job_posting_ld(request, *, posting, description=""):
    if posting.status != posting.Status.OPEN:
        return None
    data = job_posting(
        posting,
        url=request.build_absolute_uri(reverse("careers:posting", args=[posting.public_id])),
        description_html=str(description),
    )
    return "api/_jobposting.html", {"ld": ld_json(data)}
