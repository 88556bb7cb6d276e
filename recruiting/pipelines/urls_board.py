"""The pipeline board of a posting (mounted under /pipelines/, namespace "pipelines")."""

from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_board

urlpatterns = [
    path("postings/<uuid:posting_id>/board/", views_board.board, name="board"),
    path("postings/<uuid:posting_id>/board/changes/", views_board.board_changes, name="board_changes"),
    path("postings/<uuid:posting_id>/board/column/", views_board.board_column, name="board_column"),
    path("postings/<uuid:posting_id>/board/move/", views_board.board_move, name="board_move"),
    path("postings/<uuid:posting_id>/board/reject/", views_board.board_reject, name="board_reject"),
    path("postings/<uuid:posting_id>/board/cancel-email/", views_board.board_cancel_email, name="board_cancel_email"),
    path("postings/<uuid:posting_id>/board/reopen/", views_board.board_reopen, name="board_reopen"),
    path("postings/<uuid:posting_id>/board/withdraw/", views_board.board_withdraw, name="board_withdraw"),
    path("postings/<uuid:posting_id>/board/settings/", views_board.board_settings, name="board_settings"),
]
