"""The pipeline board of a posting, mounted at /pipelines/postings/<posting_id>/board/
(namespace "pipelines")."""

from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_board

urlpatterns = [
    path("", views_board.board, name="board"),
    path("changes/", views_board.board_changes, name="board_changes"),
    path("column/", views_board.board_column, name="board_column"),
    path("move/", views_board.board_move, name="board_move"),
    path("reject/", views_board.board_reject, name="board_reject"),
    path("cancel-email/", views_board.board_cancel_email, name="board_cancel_email"),
    path("reopen/", views_board.board_reopen, name="board_reopen"),
    path("withdraw/", views_board.board_withdraw, name="board_withdraw"),
    path("settings/", views_board.board_settings, name="board_settings"),
]
