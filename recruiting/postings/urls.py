from __future__ import annotations

app_name = "postings"
urlpatterns: list = []
