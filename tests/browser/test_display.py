"""Dark mode follows the system setting; the candidate and decision pages print cleanly."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The colour behind an element: its own background, or the nearest ancestor's that is not
# transparent (the page's own, at the root).
_EFFECTIVE_BACKGROUND = """e => {
  for (let node = e; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== "transparent" && !colour.startsWith("rgba(0, 0, 0, 0)")) return colour;
  }
  return "rgb(255, 255, 255)";
}"""


def _background(page, selector: str) -> str:
    return page.locator(selector).first.evaluate(_EFFECTIVE_BACKGROUND)


def _dark(rgb: str) -> bool:
    values = [int(float(v)) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    return sum(values) / 3 < 80


def test_the_portal_follows_the_system_colour_scheme(live_server, page, sign_in_as, recruiter):
    application = ApplicationFactory()
    sign_in_as(recruiter)
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + application.candidate.get_absolute_url())
    assert _dark(_background(page, "main"))
    assert _dark(_background(page, ".topbar"))
    page.emulate_media(color_scheme="light")
    page.reload()
    assert not _dark(_background(page, "main"))
    assert not _dark(_background(page, ".topbar"))


def test_the_candidate_page_prints_its_content_without_the_controls(live_server, page, sign_in_as, recruiter):
    application = ApplicationFactory()
    sign_in_as(recruiter)
    page.goto(live_server.url + application.candidate.get_absolute_url())
    expect(page.get_by_test_id("print")).to_be_visible()
    page.emulate_media(media="print", color_scheme="dark")
    expect(page.get_by_test_id("candidate-name")).to_be_visible()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_test_id("print")).to_be_hidden()
    assert not _dark(_background(page, "main"))  # paper is white even in dark mode
