from __future__ import annotations

import pytest

from recruiting.pipelines.dashboard import recently_applied
from tests.pipelines.factories import application_for, posting_for

pytestmark = pytest.mark.django_db


def test_recruiters_see_the_five_latest_applications_in_one_query(recruiter, hiring_manager, django_assert_num_queries):
    posting = posting_for(hiring_manager)
    for index in range(7):
        application_for(posting, full_name=f"Person {index}")
    with django_assert_num_queries(1):
        panel = recently_applied(recruiter)
        names = [app.candidate.full_name for app in panel["applications"]]
        titles = {app.posting.title for app in panel["applications"]}
    assert names == ["Person 6", "Person 5", "Person 4", "Person 3", "Person 2"]
    assert titles == {posting.title}


def test_hiring_managers_see_only_their_postings(hiring_manager, outsider_manager):
    application_for(posting_for(outsider_manager), full_name="Not Yours")
    mine = application_for(posting_for(hiring_manager), full_name="Yours")
    assert recently_applied(hiring_manager)["applications"] == [mine]


def test_interviewers_get_no_panel(interviewer):
    assert recently_applied(interviewer) is None


def test_the_dashboard_shows_the_panel(client_for, recruiter, hiring_manager):
    application_for(posting_for(hiring_manager), full_name="Asha Rao")
    body = client_for(recruiter).get("/").content.decode()
    assert "Recently applied" in body and "Asha Rao" in body
