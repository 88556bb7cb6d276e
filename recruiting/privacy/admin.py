"""The data-protection page as an action on the candidates' admin (registered by
pipelines, a layer below, so added here rather than named there)."""

from __future__ import annotations

from django.contrib import admin

from recruiting.pipelines.models import Candidate
from recruiting.privacy.views import open_privacy_page

candidate_admin = admin.site.get_model_admin(Candidate)
if open_privacy_page not in candidate_admin.actions:
    candidate_admin.actions = [*candidate_admin.actions, open_privacy_page]
