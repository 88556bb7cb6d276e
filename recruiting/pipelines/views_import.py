"""Adding people by hand and the CSV import (recruiters)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import render_page
from recruiting.pipelines import importer
from recruiting.pipelines.access_candidates import (
    get_import_batch_for_user,
)
from recruiting.pipelines.applying import candidate_add_by_recruiter
from recruiting.pipelines.forms import (
    CandidateAddForm,
    ImportMappingForm,
    ImportUploadForm,
)
from recruiting.pipelines.models import (
    DuplicateSuggestion,
    ImportBatch,
    Source,
)
from recruiting.postings.models import Posting

# ---------------------------------------------------------------------------------------
# Adding candidates and CSV import (recruiters)
# ---------------------------------------------------------------------------------------


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def candidate_add(request):
    """A recruiter adds a person they found (optionally with a CV, into a posting)."""
    postings = list(Posting.objects.manageable_by(request.user).only("pk", "public_id", "title", "status"))
    form = CandidateAddForm(request.POST or None, request.FILES or None, postings=postings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["source"]
        candidate, application, created = candidate_add_by_recruiter(
            actor=request.user,
            full_name=data["full_name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            posting=data["posting_obj"],
            source=source,
            source_detail=data.get("source_name") or "" if source in (Source.AGENCY, Source.JOB_BOARD) else "",
            referred_by=data.get("referrer") if source == Source.REFERRAL else None,
            cv=data.get("cv") or None,
            cv_type=form.cv_type,
            **form.profile(),
        )
        if not created:
            messages.warning(
                request,
                f"{candidate.full_name} was already here (same e-mail); linked to them, their profile unchanged.",
            )
            return redirect(candidate.get_absolute_url())
        messages.success(request, f"{candidate.full_name} added.")
        suggestion = DuplicateSuggestion.objects.filter(candidate=candidate).select_related("existing").first()
        if suggestion is not None:
            messages.info(
                request,
                f"Possibly the same person as {suggestion.existing.full_name} ({', '.join(suggestion.reasons)}): "
                "see Possible duplicates.",
            )
        return redirect(candidate.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render_page(request, "pipelines/candidate_add.html", {"form": form}, status=status)


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def import_upload(request):
    """Step 1 of a CSV import: upload the file."""
    postings = list(Posting.objects.manageable_by(request.user).only("pk", "public_id", "title"))
    form = ImportUploadForm(request.POST or None, request.FILES or None, postings=postings)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        try:
            headers, _rows = importer.read_csv(text)
        except importer.ImportError_ as exc:
            form.add_error("file", str(exc))
        else:
            batch = ImportBatch.objects.create(
                created_by=request.user,
                filename=(request.FILES["file"].name or "import.csv")[:200],
                content=text,
                mapping=importer.guess_mapping(headers),
                posting=form.postings.get(form.cleaned_data.get("posting") or ""),
            )
            return redirect("pipelines:import_batch", public_id=batch.public_id)
    status = 400 if request.method == "POST" else 200
    return render_page(request, "pipelines/import_upload.html", {"form": form}, status=status)


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def import_batch(request, public_id):
    """Step 2: column mapping and a preview of what each row would become."""
    batch = get_import_batch_for_user(request.user, public_id)
    if batch.status != ImportBatch.Status.PENDING:
        return render_page(request, "pipelines/import_report.html", {"batch": batch, "report": batch.report})
    headers, _rows = importer.read_csv(batch.content)
    field_list = [(name, label) for name, (label, _) in importer.FIELDS.items()]
    form = ImportMappingForm(request.POST or None, headers=headers, fields=field_list, initial=batch.mapping)
    if request.method == "POST" and form.is_valid():
        batch.mapping = {k: v for k, v in form.cleaned_data.items() if v}
        batch.save(update_fields=["mapping", "updated_at"])
        if not request.htmx:
            return redirect("pipelines:import_batch", public_id=batch.public_id)
    results = importer.validate_rows(batch, actor=request.user)
    context = {
        "batch": batch,
        "form": form,
        "preview": results[: importer.PREVIEW_ROWS],
        "rejected": [r for r in results if r.status == "rejected"][:200],
        "summary": importer.summary(results),
        "mapped_name": bool(batch.mapping.get("full_name")),
    }
    return render_page(request, "pipelines/import_preview.html", context, partial="preview")


@role_required("recruiter")
@require_POST
def import_confirm(request, public_id):
    """Step 3: import all valid rows together, or nothing."""
    batch = get_import_batch_for_user(request.user, public_id)
    if batch.status != ImportBatch.Status.PENDING:
        messages.warning(request, "This file has already been handled.")
        return redirect("pipelines:import_batch", public_id=batch.public_id)
    imported, results = importer.import_batch_confirm(batch=batch, actor=request.user)
    counts = importer.summary(results)
    if imported:
        messages.success(
            request,
            f"Imported: {counts['new']} new, {counts['linked']} linked to existing people, "
            f"{counts['rejected']} rejected.",
        )
    else:
        messages.error(request, "Nothing was imported: a row could not be saved. See the report.")
    return redirect("pipelines:import_batch", public_id=batch.public_id)
