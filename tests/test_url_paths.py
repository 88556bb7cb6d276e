"""The URL paths people see, bookmark and find in old e-mails: regrouping routes under
include() prefixes must not change any of them. (Admin and sign-in routes belong to
Django and allauth.)"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

PATHS = [
    ("", "dashboard"),
    ("careers/", "careers:list"),
    ("careers/<uuid:public_id>/", "careers:posting"),
    ("careers/<uuid:public_id>/applied/", "careers:applied"),
    ("careers/<uuid:public_id>/apply/", "careers:apply"),
    ("favicon.ico", "favicon"),
    ("healthz", "healthz"),
    ("interviews/", "interviews:home"),
    ("interviews/<uuid:public_id>/", "interviews:detail"),
    ("interviews/<uuid:public_id>/cancel/", "interviews:cancel"),
    ("interviews/<uuid:public_id>/reschedule/", "interviews:reschedule"),
    ("interviews/<uuid:public_id>/scorecard/", "interviews:scorecard"),
    ("interviews/<uuid:public_id>/shadow/", "interviews:add_shadow"),
    ("interviews/applications/<uuid:public_id>/", "interviews:application"),
    ("interviews/applications/<uuid:public_id>/decision/", "interviews:decision"),
    ("interviews/applications/<uuid:public_id>/feedback/", "interviews:feedback"),
    ("interviews/applications/<uuid:public_id>/cv/", "interviews:cv"),
    ("interviews/applications/<uuid:public_id>/schedule/<int:round_id>/", "interviews:schedule"),
    ("interviews/applications/<uuid:public_id>/schedule/<int:round_id>/link/", "interviews:link_create"),
    ("interviews/availability/", "interviews:availability"),
    ("interviews/availability/settings/", "interviews:settings"),
    ("interviews/availability/time-off/", "interviews:time_off_add"),
    ("interviews/availability/time-off/<int:pk>/delete/", "interviews:time_off_delete"),
    ("interviews/availability/windows/", "interviews:window_add"),
    ("interviews/availability/windows/<int:pk>/", "interviews:window_edit"),
    ("interviews/availability/windows/<int:pk>/delete/", "interviews:window_delete"),
    ("interviews/book/<str:token>/", "interviews:self_schedule"),
    ("interviews/proposals/<uuid:public_id>/", "interviews:proposal_decide"),
    ("interviews/postings/<uuid:public_id>/plan/", "interviews:plan"),
    ("interviews/postings/<uuid:public_id>/plan/blind-review/", "interviews:blind_review"),
    ("interviews/postings/<uuid:public_id>/plan/rounds/<int:round_id>/", "interviews:round_edit"),
    ("interviews/postings/<uuid:public_id>/plan/rounds/<int:round_id>/criteria/", "interviews:criterion_add"),
    (
        "interviews/postings/<uuid:public_id>/plan/rounds/<int:round_id>/criteria/<int:criterion_id>/",
        "interviews:criterion_edit",
    ),
    (
        "interviews/postings/<uuid:public_id>/plan/rounds/<int:round_id>/criteria/<int:criterion_id>/delete/",
        "interviews:criterion_delete",
    ),
    ("interviews/postings/<uuid:public_id>/plan/rounds/<int:round_id>/delete/", "interviews:round_delete"),
    ("metrics", "metrics"),
    ("offers/<uuid:public_id>/", "offers:detail"),
    ("offers/<uuid:public_id>/approve/", "offers:approve"),
    ("offers/<uuid:public_id>/letter.pdf", "offers:letter"),
    ("offers/<uuid:public_id>/send/", "offers:send"),
    ("offers/<uuid:public_id>/withdraw/", "offers:withdraw"),
    ("offers/applications/<uuid:public_id>/", "offers:prepare"),
    ("offers/letter/<str:token>/", "offers:respond"),
    ("offers/postings/<uuid:public_id>/filled/", "offers:filled"),
    ("pipelines/applications/", "pipelines:applications"),
    ("pipelines/applications/<uuid:public_id>/", "pipelines:application"),
    ("pipelines/applications/bulk/", "pipelines:applications_bulk"),
    ("pipelines/applications/export.csv", "pipelines:applications_export"),
    ("pipelines/candidates/", "pipelines:candidates"),
    ("pipelines/candidates/<uuid:public_id>/", "pipelines:candidate"),
    ("pipelines/candidates/<uuid:public_id>/edit/", "pipelines:candidate_edit"),
    ("pipelines/candidates/<uuid:public_id>/merge/", "pipelines:candidate_merge"),
    ("pipelines/candidates/<uuid:public_id>/notes/", "pipelines:candidate_notes"),
    ("pipelines/candidates/<uuid:public_id>/privacy/", "pipelines:candidate_privacy"),
    ("pipelines/candidates/<uuid:public_id>/privacy/erase/", "pipelines:candidate_privacy_erase"),
    ("pipelines/candidates/<uuid:public_id>/privacy/export/", "pipelines:candidate_privacy_export"),
    ("pipelines/candidates/<uuid:public_id>/tags/", "pipelines:candidate_tags"),
    ("pipelines/candidates/<uuid:public_id>/undo-merge/", "pipelines:candidate_merge_undo"),
    ("pipelines/candidates/duplicates/", "pipelines:duplicates"),
    ("pipelines/candidates/duplicates/<uuid:public_id>/dismiss/", "pipelines:duplicate_dismiss"),
    ("pipelines/candidates/import/", "pipelines:import"),
    ("pipelines/candidates/import/<uuid:public_id>/", "pipelines:import_batch"),
    ("pipelines/candidates/import/<uuid:public_id>/confirm/", "pipelines:import_confirm"),
    ("pipelines/candidates/new/", "pipelines:candidate_add"),
    ("pipelines/postings/<uuid:posting_id>/board/", "pipelines:board"),
    ("pipelines/postings/<uuid:posting_id>/board/cancel-email/", "pipelines:board_cancel_email"),
    ("pipelines/postings/<uuid:posting_id>/board/changes/", "pipelines:board_changes"),
    ("pipelines/postings/<uuid:posting_id>/board/column/", "pipelines:board_column"),
    ("pipelines/postings/<uuid:posting_id>/board/move/", "pipelines:board_move"),
    ("pipelines/postings/<uuid:posting_id>/board/reject/", "pipelines:board_reject"),
    ("pipelines/postings/<uuid:posting_id>/board/reopen/", "pipelines:board_reopen"),
    ("pipelines/postings/<uuid:posting_id>/board/settings/", "pipelines:board_settings"),
    ("pipelines/postings/<uuid:posting_id>/board/withdraw/", "pipelines:board_withdraw"),
    ("postings/", "postings:list"),
    ("postings/<uuid:posting_id>/", "postings:detail"),
    ("postings/<uuid:posting_id>/edit/", "postings:edit"),
    ("postings/<uuid:posting_id>/progress/", "postings:progress"),
    ("postings/<uuid:posting_id>/questions/", "postings:questions"),
    ("postings/<uuid:posting_id>/questions/<uuid:question_id>/delete/", "postings:question_delete"),
    ("postings/<uuid:posting_id>/questions/<uuid:question_id>/edit/", "postings:question_edit"),
    ("postings/<uuid:posting_id>/questions/<uuid:question_id>/move/", "postings:question_move"),
    ("postings/<uuid:posting_id>/questions/add/", "postings:question_add"),
    ("postings/<uuid:posting_id>/questions/library/", "postings:question_library"),
    ("postings/<uuid:posting_id>/status/", "postings:status"),
    ("postings/cv/<uuid:public_id>/", "postings:cv_download"),
    ("postings/new/", "postings:create"),
    ("postings/new/from-text/", "postings:from_text"),
    ("postings/validate/", "postings:validate"),
    ("readyz", "readyz"),
    ("waiting/", "waiting"),
]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")


def test_every_route_keeps_its_path_and_name():
    ours = sorted(
        (route, name)
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith(("admin/", "accounts/"))
    )
    assert ours == sorted(PATHS)
