"""Template filters for postings: money the local way and safe Markdown."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from recruiting.core.money import format_band, format_money, group_indian
from recruiting.postings.richtext import description_html

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(amount, currency: str = "INR") -> str:
    """`{{ amount|money:"INR" }}` → ₹18,51,368.30 (INR grouped the Indian way)."""
    value = _decimal(amount)
    return format_money(value, currency) if value is not None else ""


@register.filter
def money_compact(amount, currency: str = "INR") -> str:
    """`{{ amount|money_compact:"INR" }}` → ₹18.5 L; $120K for other currencies."""
    value = _decimal(amount)
    return format_money(value, currency, compact=True) if value is not None else ""


@register.filter
def indian_number(value) -> str:
    """`{{ 1851368|indian_number }}` → 18,51,368 (whole part only, no currency)."""
    number = _decimal(value)
    if number is None:
        return ""
    sign = "-" if number < 0 else ""
    whole = f"{abs(number).quantize(Decimal(1)):f}"
    return f"{sign}{group_indian(whole)}"


@register.filter
def pay_band(posting, compact: bool = False) -> str:
    """A posting's band: "₹18,51,368.30 – ₹35,50,754.94 per year" (or compact ₹18.5 L …)."""
    return format_band(
        posting.pay_min, posting.pay_max, posting.pay_currency, posting.pay_period, compact=bool(compact)
    )


@register.filter
def pay_band_compact(posting) -> str:
    return pay_band(posting, True)


@register.filter
def markdown_safe(text: str) -> str:
    """A description as safe HTML: paragraphs, line breaks, lists and tables kept (nh3)."""
    return description_html(text)


_ACTION_LABELS = {
    ("draft", "open"): "Publish",
    ("paused", "open"): "Resume",
    ("closed", "open"): "Reopen",
    ("open", "paused"): "Pause",
    ("open", "closed"): "Close",
    ("paused", "closed"): "Close",
    ("draft", "closed"): "Discard",
}


@register.filter
def status_actions(posting) -> list[tuple[str, str]]:
    """The status buttons a posting offers now: [(status, label), ...]."""
    from recruiting.postings.services import allowed_transitions

    return [(status, _ACTION_LABELS.get((posting.status, status), status)) for status in allowed_transitions(posting)]


@register.filter
def field(form, name: str):
    """`{{ form|field:"title" }}`: the bound field, or None when the form lacks it."""
    return form[name] if name in form.fields else None
