from __future__ import annotations

app_name = "careers"
urlpatterns: list = []
