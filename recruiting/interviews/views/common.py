"""Small helpers the interview views share."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def candidate_url(application) -> str:
    try:
        return reverse("pipelines:application", args=[application.public_id])
    except NoReverseMatch:  # the candidates area may not be mounted
        return ""


def form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def cv_for_panel(user, application):
    """The newest CV sent with `application` that `user` may open, or None (one query)."""
    from recruiting.pipelines.models import Document

    return (
        Document.objects.visible_to(user)
        .filter(application=application, category=Document.Category.CV)
        .order_by("-uploaded_at", "-id")
        .first()
    )
