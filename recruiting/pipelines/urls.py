from __future__ import annotations

app_name = "pipelines"
urlpatterns: list = []
