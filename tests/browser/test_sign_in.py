from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _local_login(settings):
    settings.LOCAL_LOGIN_ENABLED = True


def test_a_recruiter_signs_in_with_a_password_and_signs_out(live_server, page, recruiter):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("E-mail").fill(recruiter.email)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_test_id("password-login").click()
    expect(page.get_by_test_id("role")).to_have_text("Recruiter dashboard")
    expect(page.get_by_role("navigation").get_by_role("link", name="Postings", exact=True)).to_be_visible()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_wrong_password_is_refused_with_a_message(live_server, page, recruiter):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill(recruiter.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_test_id("password-login").click()
    expect(page.locator("main")).to_contain_text("not correct")


def test_a_user_without_a_role_sees_only_waiting_for_access(live_server, page, no_role_user):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill(no_role_user.email)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_test_id("password-login").click()
    expect(page.get_by_test_id("waiting")).to_be_visible()
    expect(page.locator("nav")).not_to_contain_text("Dashboard")
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_test_id("waiting")).to_be_visible()
