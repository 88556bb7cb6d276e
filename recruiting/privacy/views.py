"""Data-protection pages (admins only): what we hold about a candidate, the export of
it as a ZIP, and its erasure."""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import Role
from recruiting.privacy.services import (
    ErasureRefused,
    candidate_erase,
    candidate_export,
    candidate_holdings,
    get_candidate_for_privacy,
)

TEMPLATE = "privacy/candidate.html"
CONFIRM_WORD = "ERASE"


class ErasureForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why, for the audit log: e.g. “Erasure request by e-mail, 3 March”. No personal details.",
    )
    force = forms.BooleanField(
        required=False,
        label="Withdraw the active applications and erase anyway",
    )
    confirm = forms.CharField(max_length=20, label=f"Type {CONFIRM_WORD} to confirm")

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != CONFIRM_WORD:
            raise forms.ValidationError(f"Type {CONFIRM_WORD} in capitals to confirm; nothing was erased.")
        return value


def _privacy_url(candidate) -> str:
    return reverse("pipelines:candidate_privacy", args=[candidate.public_id])


def _render(
    request: HtmxHttpRequest, candidate, form: ErasureForm, *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    context = {"candidate": candidate, "form": form, "confirm_word": CONFIRM_WORD, **candidate_holdings(candidate)}
    response = render_page(request, TEMPLATE, context, partial=partial, status=status)
    # Personal data: never kept by a browser or proxy cache.
    add_never_cache_headers(response)
    return response


@role_required(Role.ADMIN)
@require_GET
@vary_on_headers("HX-Request")
def candidate_privacy(request: HtmxHttpRequest, public_id):
    """What we hold about the person, and the export and erase actions."""
    candidate = get_candidate_for_privacy(request.user, public_id)
    return _render(request, candidate, ErasureForm())


@role_required(Role.ADMIN)
@require_POST
def candidate_privacy_export(request: HtmxHttpRequest, public_id):
    """The ZIP of everything held about the person, as a download (audited)."""
    candidate = get_candidate_for_privacy(request.user, public_id)
    data = candidate_export(candidate=candidate, actor=request.user)
    response = FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"candidate-{candidate.public_id}.zip",
        content_type="application/zip",
    )
    add_never_cache_headers(response)
    return response


@role_required(Role.ADMIN)
@require_POST
@vary_on_headers("HX-Request")
def candidate_privacy_erase(request: HtmxHttpRequest, public_id):
    """Erase the person's data after the typed confirmation; back to the page with a message."""
    candidate = get_candidate_for_privacy(request.user, public_id)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            erased = candidate_erase(
                candidate=candidate,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                force=form.cleaned_data["force"],
            )
        except ErasureRefused as exc:
            form.add_error(None, str(exc))
        else:
            if erased:
                messages.success(request, f"Personal data erased. The record is now {candidate.full_name}.")
            else:
                messages.info(request, "This person's data had already been erased; nothing changed.")
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = _privacy_url(candidate)
                return response
            return redirect(_privacy_url(candidate))
    problems = [error for errors in form.errors.values() for error in errors]
    messages.error(request, "Nothing was erased. " + " ".join(problems))
    return _render(request, candidate, form, partial="erase", status=400)


@admin.action(description="Export or erase personal data (data protection page)")
def open_privacy_page(modeladmin, request, queryset):
    """Django-admin action on candidates: opens our page for one selected person (the
    erasure needs its typed confirmation, which an admin action cannot ask for)."""
    if not request.user.is_admin:
        modeladmin.message_user(request, "Only admins handle data-protection requests.", messages.ERROR)
        return None
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one candidate.", messages.WARNING)
        return None
    return redirect(_privacy_url(queryset.get()))
