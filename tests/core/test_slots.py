import pytest
from django.template import engines
from django.test import RequestFactory

from recruiting.core.slots import register_slot, render_slot, unregister_slot


@pytest.fixture
def rf_request():
    return RequestFactory().get("/")


def render(source, request, **context):
    return engines["django"].from_string(source).render({**context, "request": request})


def test_contributions_render_in_order_and_none_is_skipped(rf_request, tmp_path, settings):
    def second(request, *, who):
        return "core/_slot_test.html", {"text": f"second {who}"}

    def first(request, *, who):
        return "core/_slot_test.html", {"text": f"first {who}"}

    def nothing(request, *, who):
        return None

    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    settings.TEMPLATES = [engine]  # assigned, so Django drops its cached engines
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "_slot_test.html").write_text("<p>{{ text }}</p>")
    register_slot("test.slot", order=20)(second)
    register_slot("test.slot", order=10)(first)
    register_slot("test.slot", order=5)(nothing)
    register_slot("test.slot", order=10)(first)  # twice: still once
    try:
        html = render('{% load slots %}{% slot "test.slot" who=name %}', rf_request, name="<b>x</b>")
        assert html == "<p>first &lt;b&gt;x&lt;/b&gt;</p><p>second &lt;b&gt;x&lt;/b&gt;</p>"
    finally:
        for func in (first, second, nothing):
            unregister_slot("test.slot", func)
    assert render_slot("test.slot", rf_request, who="y") == ""


def test_a_slot_without_contributions_is_empty(rf_request):
    assert render('{% load slots %}[{% slot "nobody.here" %}]', rf_request) == "[]"
