"""The offer letter as a PDF (WeasyPrint, ADR 11), from the admin-edited template.

The template is HTML with placeholders `{{ name }}` from PLACEHOLDERS only; it is not a
Django template (an admin's template must not reach model attributes). Values are
escaped; amounts are written the Indian way (₹18,50,000) and in words. WeasyPrint
fetches nothing: images and style sheets from the network or the disk are refused.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import nh3
from django.utils.html import escape

from recruiting.core.money import format_money, rupees_in_words
from recruiting.offers.models import LetterTemplate, OfferRevision

PLACEHOLDERS: dict[str, str] = {
    "candidate_name": "The candidate's name",
    "posting_title": "The posting's title",
    "title": "The offered title",
    "level": "The level",
    "fixed_pay": "Fixed pay a year, e.g. ₹18,50,000",
    "fixed_pay_words": "Fixed pay in words",
    "variable_pay": "Variable pay (target) a year",
    "joining_bonus": "Joining bonus",
    "relocation": "Relocation",
    "total_ctc": "Total CTC a year",
    "total_ctc_words": "Total CTC in words",
    "equity_units": "Equity units",
    "equity_vesting": "Vesting of the equity",
    "work_location": "Work location",
    "workplace_type": "On-site, hybrid or remote",
    "reporting_manager": "Reporting manager",
    "joining_date": "Joining date, e.g. Monday, 4 January 2027",
    "expires_on": "The date the offer is valid until",
    "note": "The note to the candidate",
    "revision": "The revision number",
    "today": "The date the letter was made",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

DEFAULT_BODY = """<h1>Offer of employment</h1>
<p>Dear {{ candidate_name }},</p>
<p>We are delighted to offer you the position of <strong>{{ title }}</strong> {{ level }}.</p>
<table>
<tr><th>Fixed pay (a year)</th><td>{{ fixed_pay }}</td></tr>
<tr><th>Variable pay (target, a year)</th><td>{{ variable_pay }}</td></tr>
<tr><th>Joining bonus</th><td>{{ joining_bonus }}</td></tr>
<tr><th>Relocation</th><td>{{ relocation }}</td></tr>
<tr><th>Total CTC (a year)</th><td>{{ total_ctc }}<br><small>{{ total_ctc_words }}</small></td></tr>
<tr><th>Equity</th><td>{{ equity_units }} units. {{ equity_vesting }}</td></tr>
<tr><th>Work location</th><td>{{ work_location }} ({{ workplace_type }})</td></tr>
<tr><th>Reporting to</th><td>{{ reporting_manager }}</td></tr>
<tr><th>Joining date</th><td>{{ joining_date }}</td></tr>
</table>
<p>{{ note }}</p>
<p>This offer is valid until {{ expires_on }}. Please accept or decline it from the link in our e-mail.</p>
<p class="small">Letter {{ revision }}, {{ today }}</p>
"""

STYLE = """
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 16pt; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; border-bottom: 0.5pt solid #999; padding: 4pt; vertical-align: top; }
.small, small { font-size: 8.5pt; color: #444; }
"""


def _inr(value: Decimal) -> str:
    return format_money(value, "INR")


def letter_values(revision: OfferRevision) -> dict[str, str]:
    from django.utils import timezone

    application = revision.offer.application
    return {
        "candidate_name": application.contact_name,
        "posting_title": application.posting.title,
        "title": revision.title,
        "level": f"({revision.level})" if revision.level else "",
        "fixed_pay": _inr(revision.fixed_pay),
        "fixed_pay_words": rupees_in_words(revision.fixed_pay),
        "variable_pay": _inr(revision.variable_pay),
        "joining_bonus": _inr(revision.joining_bonus),
        "relocation": _inr(revision.relocation),
        "total_ctc": _inr(revision.total_ctc),
        "total_ctc_words": rupees_in_words(revision.total_ctc),
        "equity_units": f"{revision.equity_units:,}",
        "equity_vesting": revision.equity_vesting,
        "work_location": revision.work_location,
        "workplace_type": revision.get_workplace_type_display(),
        "reporting_manager": revision.reporting_manager or "—",
        "joining_date": f"{revision.joining_date:%A}, {revision.joining_date.day} {revision.joining_date:%B %Y}",
        "expires_on": f"{revision.expires_on.day} {revision.expires_on:%B %Y}",
        "note": revision.note_to_candidate,
        "revision": f"revision {revision.number}",
        "today": f"{timezone.localdate().day} {timezone.localdate():%B %Y}",
    }


def unknown_placeholders(body: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})


def fill(body: str, values: dict[str, str]) -> str:
    """The template with each known placeholder replaced by its escaped value."""
    clean = nh3.clean(body)  # no scripts, no event handlers, whatever the admin pasted

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return escape(values[name]).replace("\n", "<br>") if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, clean)


def template_body() -> str:
    template = LetterTemplate.objects.filter(active=True).order_by("-updated_at").first()
    return template.body if template is not None else DEFAULT_BODY


def letter_html(revision: OfferRevision) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><style>{STYLE}</style></head>"
        f"<body>{fill(template_body(), letter_values(revision))}</body></html>"
    )


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the offer letter fetches nothing ({url[:60]})")


@lru_cache(maxsize=16)
def _pdf(html: str) -> bytes:
    # The same revision gives the same HTML all day: the e-mail, the candidate's download
    # and the recruiter's download share one rendering (a few hundred milliseconds).
    from weasyprint import HTML  # lazy: its system libraries load only when a letter is made

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def letter_pdf(revision: OfferRevision) -> bytes:
    """The letter of `revision` as PDF bytes."""
    return _pdf(letter_html(revision))


def letter_filename(revision: OfferRevision) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", revision.offer.application.contact_name).strip("-") or "candidate"
    return f"offer-{name}-r{revision.number}.pdf"
