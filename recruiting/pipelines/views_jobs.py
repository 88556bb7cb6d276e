"""The page of a background job (CSV import, bulk action): a progress bar that polls a
small fragment of the same page, then the per-row report; resuming a stopped job."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.pipelines.access_candidates import get_job_for_user
from recruiting.pipelines.jobs import JobNotResumable, job_report, job_resume
from recruiting.pipelines.models_jobs import BackgroundJob
from recruiting.pipelines.tasks import job_enqueue

JOB = "pipelines/job.html"


def _back_url(job: BackgroundJob) -> str:
    from django.urls import reverse

    if job.kind == BackgroundJob.Kind.IMPORT:
        return reverse("pipelines:import")
    back = job.params.get("back", "")
    return reverse("pipelines:applications") + ("?" + back if back else "")


@require_GET
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def job_detail(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """Progress while the job runs (HTMX polls `#job-progress`), then its report."""
    job = get_job_for_user(request.user, public_id)
    context = {
        "job": job,
        "rows": job_report(job) if job.finished or job.stalled else [],
        "back_url": _back_url(job),
    }
    return render_page(request, JOB, context, partial="progress")


@require_POST
@role_required(*MANAGER_ROLES)
def job_resume_view(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """Take up a stopped job where its records end."""
    job = get_job_for_user(request.user, public_id)
    try:
        job = job_resume(job=job)
    except JobNotResumable as refused:
        messages.warning(request, str(refused))
    else:
        job_enqueue(job)
        messages.success(request, "Resumed: the rows without a record are being handled.")
    return redirect(job.get_absolute_url())
